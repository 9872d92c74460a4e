"""The editor's notes: a layer of annotations distinct from the authors' notes.

Kept as data (``docs/_data/editors-notes.yml``) so the chapters stay the authors' text.  Each
note names the block it annotates (``anchor``) and, optionally, the exact words after which
its mark goes (``after``).  Marks read "Ed. 1", "Ed. 2" … in reading order, per chapter.
"""

from __future__ import annotations

import functools
import html as htmllib
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import msgspec

import markdown
import markupsafe

from . import yamlfile
from ..problems import DataError, Problem

Text = Annotated[str, msgspec.Meta(min_length=1)]

# The kinds of source problem an editor's note can annotate, as the source-audit page counts them.
KINDS = {
    "print-slip": "Slips in the printed text",
    "spelling-conflict": "Names printed differently",
    "reference-mismatch": "Notes and bibliography disagree",
    "heading-numbering": "Heading numbering",
    "roadmap": "Roadmap announces sections the paper does not contain",
    "quotation-without-source": "Quotations without a source",
    "whole-work-without-page": "Notes citing a whole book without a page",
    "first-citation-short": "First citation in short form",
    "ibid-punctuation": "“Ibid.” punctuation",
    "citation-order": "Multi-work citations out of alphabetical order",
    "locator": "Page references that cannot be right",
    "locator-form": "Locators in the wrong form",
    "fact": "Statements of fact to check",
}


class _Record(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Text
    chapter: Text
    anchor: Text  # the id of the block it annotates
    text: Text  # Markdown (inline), raw HTML shown as text
    after: str = ""  # the exact words its mark follows; the block's end when empty
    kind: str = ""  # the kind of source problem it annotates, counted on the source-audit page ("" for a plain note)


@dataclass(frozen=True)
class EdNote:
    id: str
    chapter: str
    anchor: str
    after: str
    text: str
    line: int
    kind: str = ""


def load(path: Path, label: str) -> tuple[EdNote, ...]:
    notes: list[EdNote] = []
    seen: dict[str, int] = {}
    for line, rec in yamlfile.records(path, label, _Record, "editor's notes", "editor's notes not found"):
        if rec.id in seen:
            raise DataError(Problem(label, line, f"duplicate editor's note id '{rec.id}' (first at line {seen[rec.id]})"))
        seen[rec.id] = line
        notes.append(EdNote(rec.id, rec.chapter, rec.anchor, rec.after, rec.text, line, rec.kind))
    return tuple(notes)


@functools.lru_cache(maxsize=None)  # a glossary definition shows on its page, in cards and in search
def body_html(text: str) -> str:
    """Editorial text (an editor's note, a definition): its own short Markdown (links, emphasis) as
    HTML, without the wrapping paragraph. Raw HTML is not HTML here: '<script>' is shown as text."""
    html = _MD.reset().convert(text)
    return re.sub(r"^<p>(.*)</p>$", r"\1", html.strip(), flags=re.S)


def body_element(text: str, tag: str = "p") -> etree.Element:
    """``body_html`` as an element (for the Markdown tree, where MkDocs resolves its links to pages).

    Python-Markdown's output is well-formed but for named entities (``&nbsp;`` typed by the editor),
    which XML does not know: they become numeric references first. Should anything still not parse,
    the note is shown as plain text rather than stop the build."""
    html = _ENTITY.sub(_numeric, body_html(text))
    try:
        return etree.fromstring(f"<{tag}>{html}</{tag}>")
    except etree.ParseError:
        element = etree.Element(tag)
        element.text = plain_text(text)
        return element


_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")


def _numeric(entity: re.Match[str]) -> str:
    """'&nbsp;' -> '&#160;'; a name HTML does not know stays visible as typed."""
    chars = htmllib.unescape(entity.group(0))
    return "".join(f"&#{ord(c)};" for c in chars) if chars != entity.group(0) else f"&amp;{entity.group(1)};"


def inline_markdown(text: str) -> str:
    """A few words of Markdown as HTML, spaces kept at their ends (a citation's prefix or suffix)."""
    lead, core, trail = text[: len(text) - len(text.lstrip())], text.strip(), text[len(text.rstrip()):]
    return htmllib.escape(lead) + (body_html(core) if core else "") + htmllib.escape(trail)


def plain_text(text: str) -> str:
    """Editorial text as plain text (for search entries and the glossary's previews)."""
    return " ".join(markupsafe.Markup(body_html(text)).striptags().split())


def _markdown() -> markdown.Markdown:
    """One parser for every note (building one costs more than converting a note), without its raw-HTML
    parts: the editor types text, so a tag in it is shown, never run or inserted."""
    md = markdown.Markdown(extensions=[])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_MD = _markdown()


def insert_mark(block: etree.Element, after: str, mark: etree.Element) -> bool:
    """Put ``mark`` right after the first occurrence of ``after`` in the block's text (or at its end)."""
    if not after:
        block.append(mark)
        return True
    for node in block.iter():
        for attr in ("text", "tail"):
            value = getattr(node, attr)
            if value and after in value:
                head, _, rest = value.partition(after)
                setattr(node, attr, head + after)
                mark.tail = rest + (mark.tail or "")
                if attr == "text":
                    node.insert(0, mark)
                else:
                    parent = _parent(block, node)
                    parent.insert(list(parent).index(node) + 1, mark)
                return True
    return False


def _parent(root: etree.Element, child: etree.Element) -> etree.Element:
    for node in root.iter():
        if child in list(node):
            return node
    return root
