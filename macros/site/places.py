"""Where each work is cited, as links ("¶ 11, ¶ 34") made once per work, chapter and address.

A work's places show on the bibliography page, on each reference-list item that prints the work
and in the card of a page that cites it without listing it. The links to one chapter read the same
from every page at the same depth ("../strategic-alignments/#b-p11") and are in-page ("#b-p11") on
the chapter itself, so each list is made once per work, chapter and relative address, not once per
page: on a 40-chapter corpus that is a fifth of the links a per-page rendering makes.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from ..sources.chapters import Chapter
from .index import SiteIndex, by_page


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass
class Places:
    index: SiteIndex
    groups: Mapping[str, set[str]]  # key -> every key of the same work (a printing shares its work's places)
    _cited: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # a work printed more than once: all its keys' places
    _hrefs: dict[str, dict[str, str]] = field(default_factory=dict)
    _links: dict[tuple[str, str, str], Markup] = field(default_factory=dict)
    _remote: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    _roots: dict[str, str] = field(default_factory=dict)
    _by_key: dict[str, dict[str, list[str]]] | None = None  # key -> page -> blocks citing it, each once

    def cited(self, key: str) -> dict[str, list[str]]:
        """Chapter page -> ids of the blocks citing the work, in reading order (the work's keys in key order)."""
        if self._by_key is None:  # one pass over every citation of the edition
            grouped: dict[str, dict[str, dict[str, None]]] = {}
            for c in self.index.citations:
                grouped.setdefault(c.key, {}).setdefault(c.page, {})[c.block] = None
            self._by_key = {k: {page: list(blocks) for page, blocks in pages.items()} for k, pages in grouped.items()}
        group = self.groups.get(key)
        if group is None or len(group) == 1:  # most works: their own places, not copied
            return self._by_key.get(key, {})
        if key not in self._cited:
            self._cited[key] = by_page((page, block) for k in sorted(group) for page, blocks in self._by_key.get(k, {}).items()
                                       for block in blocks)
        return self._cited[key]

    def hrefs(self, page_url: str) -> dict[str, str]:
        """Each chapter's address relative to the page, "" for the page itself."""
        if page_url not in self._hrefs:
            self._hrefs[page_url] = {src: "" if href == "./" else href for src, href in self.index.chapter_hrefs(page_url).items()}
        return self._hrefs[page_url]

    def links(self, key: str, page_url: str) -> list[tuple[Chapter, Markup]]:
        """(chapter, its links) for every chapter citing the work, in chapter order."""
        blocks, hrefs, chapters = self.cited(key), self.hrefs(page_url), self.index.chapters_by_src()
        srcs = [src for src in blocks if src in chapters]
        if len(srcs) > 1:
            srcs.sort(key=self.index.rank)  # the chapters' order: the navigation's
        return [(chapters[src], self._made(key, src, hrefs[src], blocks[src])) for src in srcs]

    def _made(self, key: str, src: str, href: str, blocks: list[str]) -> Markup:
        made = self._links.get((key, src, href))
        if made is None:
            # The hot path of the apparatus (thousands of lists on a large edition): escaped, then joined.
            # Block ids are attribute-list ids ([A-Za-z][\w.:-]*) and labels "¶ 12", "note 3": only the address needs escaping.
            label, prefix = self.index.block_label, f'<a href="{_escape(href)}#'
            made = self._links[(key, src, href)] = Markup(", ".join(f'{prefix}{block}">{label(src, block)}</a>' for block in blocks))
        return made

    def line(self, key: str, page_url: str, own: str) -> Markup:
        """A reference-list item's "Cited in ¶ 11, ¶ 34; Paper A: ¶ 3." (``own``: the page printing
        the list, whose own blocks need no label)."""
        blocks = self.cited(key)
        parts: list[str] = [self._made(key, own, "", blocks[own])] if own in blocks else []
        parts += [text for src, text in self._others(key, page_url) if src != own]
        return Markup(f"Cited in {'; '.join(parts)}.") if parts else Markup("Not cited in the text.")

    def _others(self, key: str, page_url: str) -> list[tuple[str, str]]:
        """(chapter page, "Paper A: ¶ 3, note 5") for every chapter citing the work, as read from any
        page at the depth of ``page_url`` (every chapter's list shares them)."""
        root = self._roots.get(page_url) or self._roots.setdefault(page_url, get_relative_url("", page_url))
        made = self._remote.get((key, root))
        if made is None:
            blocks, chapters = self.cited(key), self.index.chapters_by_src()
            srcs = sorted((src for src in blocks if src in chapters), key=self.index.rank)
            made = self._remote[(key, root)] = [
                (src, f"{_escape(chapters[src].label)}: "
                      f"{self._made(key, src, chapters[src].url if root == '.' else f'{root}/{chapters[src].url}', blocks[src])}")
                for src in srcs]
        return made
