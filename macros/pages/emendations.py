"""The emendations page: every change the edition makes to the sources, each linked to its place."""

from __future__ import annotations

from collections.abc import Sequence

from mkdocs.utils import get_relative_url

from ..site.index import SiteIndex
from ..sources import emendations
from . import render


def emendations_html(records: Sequence[emendations.Emendation], index: SiteIndex, page_url: str) -> str:
    known = [r for r in records if r.chapter in index.chapters]

    def href(key: str, place: str = "") -> str:
        return get_relative_url(index.chapters[key].url, page_url) + (f"#{place}" if place else "")

    items = [dict(record=r, kind_label=emendations.KINDS[r.kind], href=href(r.chapter, r.place),
                  chapter_title=index.chapters[r.chapter].title) for r in known]
    chapters = [dict(title=ch.title, href=href(ch.key), count=sum(r.chapter == ch.key for r in known))
                for ch in index.ordered_chapters()]
    return render.fragment("emendations.html", records=known, items=items, chapters=chapters)
