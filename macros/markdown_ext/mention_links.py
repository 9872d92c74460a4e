"""Find index and glossary mentions in a chapter's tree; link the first one of each per chapter.

Text inside links, citations, code, headings, note marks and the editor's layer is left alone.
Index mentions are all recorded with the id of their block; only the first per chapter
becomes a link, so the reading text is not drowned in links.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field

from .final_hrefs import final_hrefs

_SKIP_TAGS = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "sup", "script", "style"}
_SKIP_CLASS = re.compile(r"(^|\s)(ed-[\w-]+|citation|headerlink)(\s|$)")


@dataclass
class Linker:
    index: tuple[re.Pattern[str], dict[str, str]]
    glossary: tuple[re.Pattern[str], dict[str, str]]
    index_href: Callable[[str], str]
    glossary_href: Callable[[str], str]
    mentions: list[tuple[str, str]] = field(default_factory=list)  # (index entry id, block id)
    terms: list[str] = field(default_factory=list)  # glossary ids used on the page, first use first
    _linked: set[str] = field(default_factory=set)

    def run(self, root: etree.Element) -> None:
        if self.index[1] or self.glossary[1]:  # an edition without index or glossary data has nothing to find
            self._walk(root, "")

    def _walk(self, elem: etree.Element, block: str) -> None:
        block = elem.get("id") or block
        if elem.tag in _SKIP_TAGS or _SKIP_CLASS.search(elem.get("class", "")):
            return
        if elem.text:
            pieces = self._split(elem.text, block)
            elem.text = pieces[0] if isinstance(pieces[0], str) else ""
            for offset, piece in enumerate(self._elements(pieces)):
                elem.insert(offset, piece)
        for child in list(elem):
            self._walk(child, block)
            if child.tail:
                pieces = self._split(child.tail, block)
                child.tail = pieces[0] if isinstance(pieces[0], str) else ""
                at = list(elem).index(child) + 1
                for offset, piece in enumerate(self._elements(pieces)):
                    elem.insert(at + offset, piece)

    @staticmethod
    def _elements(pieces: list[str | etree.Element]) -> list[etree.Element]:
        """Links with the text after each as its tail (the first piece is the parent's text)."""
        out: list[etree.Element] = []
        for piece in pieces[1:]:
            if isinstance(piece, str):
                out[-1].tail = (out[-1].tail or "") + piece
            else:
                out.append(piece)
        return out

    def _split(self, text: str, block: str) -> list[str | etree.Element]:
        spans: dict[int, tuple[int, etree.Element]] = {}
        index_pattern, index_owner = self.index
        for m in index_pattern.finditer(text):
            key = index_owner[m.group(1)]
            self.mentions.append((key, block))
            if f"i:{key}" not in self._linked:
                self._linked.add(f"i:{key}")
                link = final_hrefs(etree.Element("a", {"class": "index-link", "href": self.index_href(key)}))
                link.text = m.group(1)
                spans[m.start()] = (m.end(), link)
        glossary_pattern, glossary_owner = self.glossary
        for m in glossary_pattern.finditer(text):
            key = glossary_owner[m.group(1)]
            if f"g:{key}" in self._linked or any(s <= m.start() < e or m.start() <= s < m.end() for s, (e, _) in spans.items()):
                continue
            self._linked.add(f"g:{key}")
            self.terms.append(key)
            link = final_hrefs(etree.Element("a", {"class": "gloss", "href": self.glossary_href(key)}))
            link.text = m.group(1)
            spans[m.start()] = (m.end(), link)
        pieces: list[str | etree.Element] = []
        at = 0
        for start in sorted(spans):
            end, link = spans[start]
            pieces += [text[at:start], link]
            at = end
        pieces.append(text[at:])
        return pieces
