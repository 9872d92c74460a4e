"""The emendations page: every change the edition makes to the sources, each linked to its place."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mkdocs.utils import get_relative_url

from ..site.index import SiteIndex
from ..sources import emendations
from . import render


def emendations_html(records: Sequence[emendations.Emendation], index: SiteIndex, page_url: str,
                     work_label: Callable[[str], str] = str) -> str:
    """Each record with a link to its place, named as readers see it ("Paper A, ¶ 42"; a list entry by
    its work, ``work_label(key)``: "Walt, 1987")."""
    known = [r for r in records if r.chapter in index.chapters]
    listed = {(x.page, x.item): x.key for x in index.listings}

    def href(key: str, place: str = "") -> str:
        return get_relative_url(index.chapters[key].url, page_url) + (f"#{place}" if place else "")

    def place(record: emendations.Emendation) -> str:
        page = index.chapters[record.chapter].page
        key = listed.get((page, record.place))
        return f"reference list, {work_label(key)}" if key else index.block_label(page, record.place)

    items = [dict(record=r, kind_label=emendations.KINDS[r.kind], href=href(r.chapter, r.place),
                  chapter_label=index.chapters[r.chapter].label, place=place(r)) for r in known]
    chapters = [dict(title=ch.title, href=href(ch.key), count=sum(r.chapter == ch.key for r in known))
                for ch in index.ordered_chapters()]
    return render.fragment("emendations.html", records=known, items=items, chapters=chapters)
