"""The source audit, computed from the data: what each paper cites, lists and numbers."""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Mapping
from dataclasses import dataclass

from pybtex.database import Entry

from ..sources.chapters import Chapter
from .index import SiteIndex
from ..sources.bibliography import with_own_forms
from .works import SortKey, sort_key

_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Finding:
    chapter: str  # "a"
    kind: str  # "listed-uncited", "cited-unlisted", "skipped-note", "locator-outside", "bibliography-order"
    key: str  # work key, or "" for note numbering
    detail: str
    places: tuple[tuple[str, str], ...] = ()  # (block id, label)


@lru_cache(maxsize=8192)  # a work's range, once however often it is cited
def page_range(pages: str) -> tuple[int, int] | None:
    """(first, last) of a BibTeX page field; '659--80' → (659, 680); a single page → (p, p)."""
    numbers = [int(n) for n in _NUMBER.findall(pages)]
    if not numbers:
        return None
    first = numbers[0]
    last = numbers[1] if len(numbers) > 1 else first
    if last < first:  # abbreviated end page: 659–80
        digits = len(str(last))
        last = int(str(first)[: len(str(first)) - digits] + str(last))
    return first, last


def _outside(locator: str, pages: tuple[int, int]) -> bool:
    if not locator.startswith("p"):  # "Chapter 3" is no page number
        return False
    numbers = [int(n) for n in _NUMBER.findall(locator)]
    if pages[0] == pages[1]:  # only a first page is known: nothing can come before it
        return any(n < pages[0] for n in numbers)
    return any(n < pages[0] or n > pages[1] for n in numbers)


def findings(index: SiteIndex, entries: Mapping[str, Entry]) -> list[Finding]:
    found: list[Finding] = []
    shared: dict[str, SortKey] = {}  # a work's filing key as its record gives it, for every list printing it so
    for chapter in index.ordered_chapters():
        found += _chapter_findings(chapter, index, entries) + _order_findings(chapter, index, entries, shared)
    return found


def _order_findings(chapter: Chapter, index: SiteIndex, entries: Mapping[str, Entry],
                    shared: dict[str, SortKey]) -> list[Finding]:
    """Entries of the chapter's own list that file before the entry printed above them, by family name
    (or, for a title in the author's place, its first word after an article), letter by letter as in
    English (Ş as S); a lost entry's fragment, which names no one, is left out."""
    def filing(key: str) -> SortKey:
        printed = with_own_forms(entries[key], entries[key], chapter.key)
        if printed is not entries[key]:  # the chapter prints forms of its own
            return sort_key(key, printed)
        if key not in shared:
            shared[key] = sort_key(key, printed)
        return shared[key]

    filed = {x.key: filing(x.key) for x in index.listed_in(chapter) if x.key in entries}
    listed = [x for x in index.listed_in(chapter) if x.key in filed and filed[x.key][0] == 0]
    out = []
    for before, item in zip(listed, listed[1:]):
        if filed[item.key][1] < filed[before.key][1]:
            out.append(Finding(chapter.key, "bibliography-order", item.key, f"listed after {before.key}: out of alphabetical "
                               "order, letter by letter as in English (diacritics aside: Ş as S)", ((item.item, "entry"),)))
    return out


def _chapter_findings(chapter: Chapter, index: SiteIndex, entries: Mapping[str, Entry]) -> list[Finding]:
    cites = index.cited_in(chapter)
    cited: dict[str, dict[str, None]] = {}  # key -> the blocks citing it, in order
    for c in cites:
        cited.setdefault(c.key, {})[c.block] = None
    listed = {x.key: x.item for x in index.listed_in(chapter)}
    out = [Finding(chapter.key, "listed-uncited", key, "listed but never cited", ((item, "entry"),))
           for key, item in sorted(listed.items()) if key not in cited]
    for key in sorted(cited.keys() - listed.keys()):
        out.append(Finding(chapter.key, "cited-unlisted", key, "cited but not in the chapter's list",
                           tuple((b, index.block_label(chapter.page, b)) for b in cited[key])))
    prefix = f"fn{index.separator}{chapter.key}"
    numbers = sorted(int(i[len(prefix):]) for i in index.ids.get(chapter.key, {}) if i.startswith(prefix) and i[len(prefix):].isdigit())
    if numbers:
        missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))
        out += [Finding(chapter.key, "skipped-note", "", f"note {n} is missing: the notes run {n - 1}, {n + 1}",
                        ((f"{prefix}{n + 1}", f"note {n + 1}"),)) for n in missing]
    for c in cites:
        pages = page_range(entries[c.key].fields.get("pages", "")) if c.key in entries else None
        if pages and c.locator and _outside(c.locator, pages):
            span = f"its pages are {pages[0]}–{pages[1]}" if pages[0] != pages[1] else f"the work starts at page {pages[0]}"
            out.append(Finding(chapter.key, "locator-outside", c.key, f"cited at {c.locator}; {span}",
                               ((c.block, index.block_label(chapter.page, c.block)),)))
    return out
