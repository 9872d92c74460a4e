"""A Python-Markdown extension that keeps the authors' printed note numbers and audits ids.

Python-Markdown numbers footnotes 1, 2, 3 … in order, but paper A skips note 33, so its
34th note would be shown as 33.  Footnote labels carry the printed number (``[^a34]``);
this tree processor shows that number in the reference, in the note list (``<li value>``)
and in the back link's title.  On chapter pages it also records which citable blocks lack
an id and marks emended blocks with a link to their emendation record.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

_PRINTED = re.compile(r"^[a-z]+(\d+)$")
_CONTAINERS = {"div", "figure", "section"}
_TEXT_BLOCKS = {"p", "figcaption", "blockquote", "li", "div"}
_EDITORIAL = re.compile(r"(^|\s)(ed-[\w-]+|footnote)(\s|$)")


@dataclass
class PageState:
    """What the current page asks of the tree processor, and what it found."""

    require_ids: bool = False
    marks: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # id -> [(href, label)]
    missing_ids: list[str] = field(default_factory=list)  # text snippets of blocks without id


def printed_number(label: str) -> str | None:
    m = _PRINTED.match(label)
    return m.group(1) if m else None


def _last_text_block(elem: etree.Element) -> etree.Element:
    """The innermost last block of ``elem``, so a mark follows the text, not a new line."""
    while len(elem) and elem[-1].tag in _TEXT_BLOCKS:
        elem = elem[-1]
    return elem


class _NotesTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, ext: EditionMarkdown) -> None:
        super().__init__(md)
        self.ext = ext

    def _separator(self) -> str:
        for found in self.md.registeredExtensions:
            if isinstance(found, FootnoteExtension):
                return str(found.getConfig("SEPARATOR"))
        return ":"

    def run(self, root: etree.Element) -> None:
        sep = self._separator()
        for sup in root.iter("sup"):
            a = sup.find("a")
            if a is not None and a.get("class") == "footnote-ref":
                number = printed_number(a.get("href", "")[len(f"#fn{sep}"):])
                if number:
                    a.text = number
        for div in root.iter("div"):
            if div.get("class") != "footnote":
                continue
            for li in div.iter("li"):
                number = printed_number(li.get("id", "")[len(f"fn{sep}"):])
                if number:
                    li.set("value", number)
                    for back in li.iter("a"):
                        if back.get("class") == "footnote-backref":
                            back.set("title", f"Back to the reference to note {number}")
        state = self.ext.state
        if state.require_ids:
            self._audit(root, state)
        for elem in list(root.iter()):
            ident = elem.get("id")
            if ident and ident in state.marks:
                host = _last_text_block(elem)
                for href, label in state.marks[ident]:
                    sup = etree.SubElement(host, "sup", {"class": "ed-mark"})
                    link = etree.SubElement(sup, "a", {"href": href, "aria-label": label, "title": label})
                    link.text = "†"

    def _audit(self, container: etree.Element, state: PageState) -> None:
        for child in container:
            if _EDITORIAL.search(child.get("class", "")):
                continue
            if child.tag in {"p", "blockquote"}:
                self._require(child, state)
            elif child.tag in {"ul", "ol"}:
                for li in child.findall("li"):
                    self._require(li, state)
            elif child.tag in _CONTAINERS:
                self._audit(child, state)

    @staticmethod
    def _require(elem: etree.Element, state: PageState) -> None:
        text = " ".join("".join(elem.itertext()).split())
        # Raw HTML blocks are stashed placeholders here; their ids are checked in the source.
        if not elem.get("id") and not HTML_PLACEHOLDER_RE.fullmatch(text):
            state.missing_ids.append(text[:80])


class EditionMarkdown(Extension):
    """Registered by the plugin; the plugin sets ``state`` before each page is converted."""

    def __init__(self) -> None:
        super().__init__()
        self.state = PageState()

    def extendMarkdown(self, md: Markdown) -> None:
        # After attr_list (8) and toc (5) have run, so ids and headings are final.
        md.treeprocessors.register(_NotesTreeprocessor(md, self), "edition-notes", 4)
