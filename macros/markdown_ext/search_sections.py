"""A chapter's search sections, read from its document tree instead of re-parsed from its HTML.

The theme's search plugin splits a page's HTML into sections at each heading with an id, keeping
a few tags (``<p>``, ``<li>``, ``<code>`` …) around the text. On a chapter that HTML is dense with
the edition's markup (a link for every citation, paragraph number and index entry), and Python's
HTML parser spends most of a large build's indexing time on it. The Markdown extension already
holds the chapter's tree, so it makes the same sections from it here, at a fraction of the cost,
and leaves out what is not text to find: paragraph numbers, emendation daggers, "Ed." marks and
back-links. Each note (the authors' and the editor's) is a section of its own, "Note 20", so a word
found in a note lands on that note, not on the top of the notes. tests/test_search.py compares the
result with the theme's own parser.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass, field

from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.util import ETX, HTML_PLACEHOLDER_RE, STX

KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})  # the tags the theme's index keeps
_SKIP_TAGS = frozenset({"script", "style", "object"})
# The editor's controls and marks, and the theme's heading permalinks: not words of the text.
_SKIP_CLASS = re.compile(r"(^|\s)(ed-pnum|ed-mark|ed-ref|ed-backref|ed-alias|headerlink|footnote-backref)(\s|$)")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_NOTES = re.compile(r"(^|\s)(footnote|ed-notes)(\s|$)")  # the authors' notes and the editor's
_ESCAPED = re.compile(f"{STX}([0-9]+){ETX}")  # Python-Markdown's backslash escapes, not yet undone
_TAG = re.compile(r"<(/?)([A-Za-z][\w-]*)[^>]*>")
_KEPT_TAG = re.compile(r"</?(?:" + "|".join(sorted(KEEP)) + r")\b", re.I)


class _Parts:
    """A section's title or text as the theme's parser builds it: escaped text and kept tags."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.first: dict[str, int] = {}  # tag -> where it first opens
        self.last = -1  # where the last part that is not whitespace is

    def add(self, piece: str) -> None:
        if not piece.isspace():
            self.last = len(self.parts)
        self.parts.append(piece)

    def open(self, tag: str) -> None:
        self.first.setdefault(tag, len(self.parts))
        self.add(f"<{tag}>")

    def close(self, tag: str) -> None:
        """As the theme does: drop everything from the tag's *first* opening when nothing but
        whitespace follows it there, else close it."""
        start = self.first.get(tag)
        if start is not None and self.last == start:
            del self.parts[start:]
            self.first = {t: i for t, i in self.first.items() if i < start}
            self.last = max((i for i, p in enumerate(self.parts) if not p.isspace()), default=-1)
        else:
            self.add(f"</{tag}>")

    def ends_in_space(self) -> bool:
        return not self.parts or self.parts[-1].isspace()

    def __str__(self) -> str:
        return "".join(self.parts).strip()


@dataclass
class Section:
    id: str  # "" for the page's first section
    depth: float  # how deep its heading was; inf once the reader has left the element holding it
    title: _Parts = field(default_factory=_Parts)
    text: _Parts = field(default_factory=_Parts)


def _flatten(raw: str) -> list[str]:
    """A stashed piece of raw HTML (an inline tag, an entity) as the theme's parser would see it:
    its text, and the tags the index keeps."""
    if not _KEPT_TAG.search(raw):  # a citation, an entity: its text
        return [html.unescape(_TAG.sub("", raw))]
    out, at = [], 0
    for m in _TAG.finditer(raw):
        if m.start() > at:
            out.append(html.unescape(raw[at:m.start()]))
        if m.group(2).lower() in KEEP:
            out.append(f"<{m.group(1)}{m.group(2).lower()}>")
        at = m.end()
    if at < len(raw):
        out.append(html.unescape(raw[at:]))
    return out


class _Reader:
    def __init__(self, stash: Sequence[object]) -> None:
        self.stash = stash
        self.sections: list[Section] = []
        self.section: Section | None = None
        self.depth = 0
        self.pending: list[str] = []
        self.heading = False
        self.notes = ""  # inside a list of notes: "footnote" (the authors') or "ed-notes" (the editor's)

    def data(self, text: str | None, heading: bool) -> None:
        if not text:
            return
        if STX not in text:  # no placeholder: plain text (most of a chapter)
            self.pending.append(text)
            self.heading = heading
            return
        text = _ESCAPED.sub(lambda m: chr(int(m.group(1))), text.replace(NBSP_PLACEHOLDER, "\u00a0"))
        pieces: list[str] = []
        at = 0
        for m in HTML_PLACEHOLDER_RE.finditer(text):
            pieces.append(text[at:m.start()])
            raw = self.stash[int(m.group(1))]
            pieces += _flatten(raw if isinstance(raw, str) else etree.tostring(raw, encoding="unicode") if isinstance(raw, etree.Element) else "")
            at = m.end()
        pieces.append(text[at:])
        for piece in pieces:
            if piece.startswith("<") and piece.endswith(">") and piece.strip("</>") in KEEP:
                self._tag(piece, heading)
            elif piece:
                self.pending.append(piece)  # text on both sides of a left-out element is one run, as in its HTML
                self.heading = heading

    def flush(self) -> None:
        if self.pending:
            self._text("".join(self.pending), self.heading)
            self.pending.clear()

    def _current(self) -> Section:
        if self.section is None:
            self.section = Section("", 0)
            self.sections.append(self.section)
        return self.section

    def _text(self, data: str, heading: bool) -> None:
        section = self._current()
        data = data.replace("\n", " ") if not data.isspace() else " "
        if heading:
            section.title.add(html.escape(data, quote=False))
        elif not data.isspace() or section.text.ends_in_space() is False:
            section.text.add(html.escape(data, quote=False))

    def _tag(self, tag: str, heading: bool) -> None:
        self.flush()
        parts = self._current().title if heading else self._current().text
        if tag.startswith("</"):
            parts.close(tag[2:-1])
        else:
            parts.open(tag[1:-1])

    def element(self, elem: etree.Element, heading: bool = False) -> None:
        # The hot loop of a large build's indexing: plain text goes straight to ``pending``.
        tag = elem.tag
        if not isinstance(tag, str) or tag in _SKIP_TAGS:  # a comment (the edition's placeholders), a script
            return
        attrib = elem.attrib
        if attrib and ("data-search-exclude" in attrib or ("class" in attrib and _SKIP_CLASS.search(attrib["class"]))):
            return
        if self.pending:
            self.flush()
        self.depth += 1
        notes = self.notes
        if "class" in attrib and (found := _NOTES.search(attrib["class"])):
            self.notes = found.group(2)
        if notes and tag == "li" and "id" in attrib:
            # Each note is a section of its own: a word found in a note lands on that note.
            self.section = Section(attrib["id"], self.depth)
            self.sections.append(self.section)
            label = "Editor’s note" if notes == "ed-notes" else "Note"
            self.section.title.add(html.escape(f"{label} {attrib.get('value', '')}".strip(), quote=False))
        elif tag in _HEADINGS and "id" in attrib:
            first = not self.sections
            if tag != "h1" and first:
                self.sections.append(Section("", self.depth))
            self.section = Section("" if first else attrib["id"], self.depth)
            self.sections.append(self.section)
            heading = True
        kept = tag in KEEP
        if kept:
            self._tag(f"<{tag}>", heading)
        pending = self.pending
        text = elem.text
        if text:
            if STX in text:
                self.data(text, heading)
            else:
                pending.append(text)
                self.heading = heading
        for child in elem:
            self.element(child, heading)
            text = child.tail
            if text:
                if STX in text:
                    self.data(text, heading)
                else:
                    pending.append(text)
                    self.heading = heading
        if pending:
            self.flush()
        if self.section is not None and self.section.depth > self.depth:
            # Leaving the element that holds a heading: what follows belongs to the section before it.
            for earlier in reversed(self.sections):
                if earlier.depth <= self.depth:
                    self.section.depth = float("inf")
                    self.section = earlier
                    break
        if kept:
            self._tag(f"</{tag}>", heading)
        self.depth -= 1
        self.notes = notes


def sections(root: etree.Element, stash: Sequence[object]) -> list[tuple[str, str, str]]:
    """(id, title, text) of each section of the page, as the theme's search index holds them."""
    reader = _Reader(stash)
    reader.data((root.text or "").lstrip(), False)  # Python-Markdown strips its output
    for child in root:
        reader.element(child)
        reader.data(child.tail, False)
    reader.flush()
    return [(s.id, str(s.title), str(s.text)) for s in reader.sections]
