"""What the plugin collects while reading pages, for the site-wide pages to use."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..sources.chapters import Chapter


def by_page(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """(page, id) pairs -> each page's ids, in first-seen order, each once."""
    grouped: dict[str, dict[str, None]] = {}
    for page, ident in pairs:
        grouped.setdefault(page, {})[ident] = None
    return {page: list(ids) for page, ids in grouped.items()}


class Citation(NamedTuple):  # thousands on a large edition: a NamedTuple is made ten times faster
    key: str
    page: str  # src_uri of the citing page
    block: str  # id of the citing block (a paragraph, list item, quotation or note)
    locator: str


class Listing(NamedTuple):
    key: str
    page: str
    item: str  # id of the reference-list item


@dataclass
class SiteIndex:
    separator: str = "-"
    chapters: dict[str, Chapter] = field(default_factory=dict)  # key -> chapter, in the order of the navigation
    ids: dict[str, dict[str, int]] = field(default_factory=dict)  # chapter key -> each id it publishes -> its line
    citations: list[Citation] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)
    numbers: dict[str, dict[str, int]] = field(default_factory=dict)  # page -> {block id: ¶ number}
    headings: dict[str, dict[str, str]] = field(default_factory=dict)  # page -> {heading id: its title}
    _groups: dict[tuple[str, str], tuple[int, dict[str, list[Any]]]] = field(default_factory=dict, repr=False)
    _by_page: dict[str, Chapter] = field(default_factory=dict, repr=False)
    _rank: dict[str, int] = field(default_factory=dict, repr=False)

    def add_page(self, page: str, cited: Sequence[tuple[str, str, str]], listed: Sequence[tuple[str, str]],
                 numbered: Sequence[str], toc: Any) -> None:
        """What a page, once converted, cites (key, block, locator), lists (key, item) and numbers (its
        blocks' ids in order), and its headings (``toc``: MkDocs' table of contents, nested)."""
        self.citations += [Citation(key, page, block, locator) for key, block, locator in cited]
        self.listings += [Listing(key, page, item) for key, item in listed]
        self.numbers[page] = {ident: n for n, ident in enumerate(numbered, 1)}
        self.headings[page] = {item.id: item.title for item in _headings(toc) if item.id}

    def ordered_chapters(self) -> list[Chapter]:
        """The chapters in the order of the site's navigation."""
        return list(self.chapters.values())

    def order(self, pages: Sequence[str]) -> None:
        """Put the chapters in the order of ``pages`` (the navigation's); a chapter not among them comes last."""
        rank = {page: n for n, page in enumerate(pages)}
        self.chapters = dict(sorted(self.chapters.items(), key=lambda item: rank.get(item[1].page, len(rank))))
        self._by_page, self._rank = {}, {}

    def rank(self, page: str) -> int:
        """A chapter page's place in the chapters' order."""
        if len(self._rank) != len(self.chapters):
            self._rank = {ch.page: n for n, ch in enumerate(self.chapters.values())}
        return self._rank[page]

    def chapters_by_src(self) -> dict[str, Chapter]:
        """Chapter page ('clandestine-cooperation.md') -> chapter."""
        if len(self._by_page) != len(self.chapters):
            self._by_page = {ch.page: ch for ch in self.chapters.values()}
        return self._by_page

    def chapter_hrefs(self, page_url: str) -> dict[str, str]:
        """Each chapter's address relative to a page, by chapter page (computed once per page)."""
        return {ch.page: get_relative_url(ch.url, page_url) for ch in self.chapters.values()}

    def chapter_of_id(self) -> dict[str, str]:
        """Every id a chapter publishes -> the chapter's page."""
        return {ident: self.chapters[key].page for key, ids in self.ids.items() if key in self.chapters for ident in ids}

    def block_label(self, page: str, block: str) -> str:
        """'¶ 14' for a numbered body block, 'note 34' for a note, '§ Introduction' for a heading; another
        block of a chapter by its place among the numbered ones ('before ¶ 1'); '#id' otherwise."""
        prefix = f"fn{self.separator}"
        if block.startswith(prefix):  # fn-a34: the chapter's key, then the printed number
            return f"note {_note_number(block[len(prefix):])}"
        number = self.numbers.get(page, {}).get(block)
        if number:
            return f"¶ {number}"
        heading = self.headings.get(page, {}).get(block)
        return f"§ {heading}" if heading else self._near(page, block)

    def _near(self, page: str, block: str) -> str:
        """Where an unnumbered block (a figure, a list entry) is, by the numbered blocks around it in the source."""
        chapter = self.chapters_by_src().get(page)
        lines = self.ids.get(chapter.key, {}) if chapter is not None else {}
        numbers = self.numbers.get(page, {})
        if block not in lines or not numbers:
            return f"#{block}"
        at = lines[block]
        before = [n for ident, n in numbers.items() if lines.get(ident, 0) > at]
        return f"before ¶ {min(before)}" if before else f"after ¶ {max(numbers.values())}"

    def cited_in(self, chapter: Chapter) -> list[Citation]:
        return self.by("citations", "page").get(chapter.page, [])

    def listed_in(self, chapter: Chapter) -> list[Listing]:
        return self.by("listings", "page").get(chapter.page, [])

    def citations_of(self, key: str) -> list[Citation]:
        return self.by("citations", "key").get(key, [])

    def listings_of(self, key: str) -> list[Listing]:
        return self.by("listings", "key").get(key, [])

    def by(self, records: str, attribute: str) -> dict[str, list[Any]]:
        """The records grouped by an attribute; rebuilt only when records were added (linear, not quadratic)."""
        items = getattr(self, records)
        cached = self._groups.get((records, attribute))
        if cached is None or cached[0] != len(items):
            groups: dict[str, list[Any]] = {}
            for item in items:
                groups.setdefault(getattr(item, attribute), []).append(item)
            cached = (len(items), groups)
            self._groups[(records, attribute)] = cached
        return cached[1]


def _note_number(label: str) -> str:
    """'a34' -> '34'; 'c00x3' -> '3': the digits after the key's last letter."""
    head = label.rstrip("0123456789")
    return label[len(head):] or label


def _headings(items: Any) -> Iterator[Any]:
    """Every heading of a table of contents, nested ones too."""
    for item in items:
        yield item
        yield from _headings(item.children)


def address(path: str, page: Page, files: Files) -> str:
    """The address of the page ``path`` (docs-relative) from ``page``; its source path if the site
    has no such page, for MkDocs to report the link."""
    target = files.get_file_from_path(path)
    return get_relative_url(target.url, page.url) if target is not None else get_relative_url(path, page.file.src_uri)
