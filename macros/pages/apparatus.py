"""HTML for the index of names, the glossary, the timeline and the concordance."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from ..sources import editors_notes
from . import pictures, upset
from . import render
from ..sources.timeline_concordance import TimelineEvent, Topic
from ..sources.names import KINDS, Entry
from ..site import block_names
from ..site.index import SiteIndex, by_page
from ..site.works import Link


def _links(index: SiteIndex, page_url: str, blocks: Sequence[tuple[str, str]]) -> list[dict[str, object]]:
    """(page src, block id) pairs → one row per chapter: 'Paper A: ¶ 3, note 5'."""
    grouped, hrefs = by_page(blocks), index.chapter_hrefs(page_url)
    return [dict(label=ch.label, links=[Link(f"{hrefs[ch.page]}#{b}", index.block_label(ch.page, b)) for b in grouped[ch.page]])
            for ch in index.ordered_chapters() if ch.page in grouped]


def named(index: SiteIndex, page_url: str) -> Callable[[str], Markup]:
    """Editorial text with each block id it names read as readers see the block ("¶ 26"), linked to it."""
    chapter_of, hrefs = index.chapter_of_id(), index.chapter_hrefs(page_url)
    labels = {ch.page: ch.label for ch in index.chapters.values()}
    return lambda text: block_names.linked(text, chapter_of, index.block_label, lambda page, ident: f"{hrefs[page]}#{ident}",
                                           labels.__getitem__)


def plain_named(index: SiteIndex) -> Callable[[str], str]:
    """The same, as text (a search entry's preview)."""
    chapter_of, labels = index.chapter_of_id(), {ch.page: ch.label for ch in index.chapters.values()}
    return lambda text: block_names.plain(text, chapter_of, index.block_label, labels.__getitem__)


def index_html(index: SiteIndex, entries: Sequence[Entry], mentions: Sequence[tuple[str, str, str]], page_url: str) -> str:
    by_entry: dict[str, list[tuple[str, str]]] = {}
    for key, src, block in mentions:
        by_entry.setdefault(key, []).append((src, block))
    groups, text = [], named(index, page_url)
    for kind, title in KINDS.items():
        rows = []
        for entry in sorted((e for e in entries if e.kind == kind), key=lambda e: e.name.casefold()):
            found = by_entry.get(entry.id, [])
            rows.append(dict(entry=entry, text=text(entry.text), count=len(found), places=_links(index, page_url, found),
                             variants=[v for v in entry.variants if v != entry.name]))
        groups.append(dict(kind=kind, title=title, rows=rows))
    return render.fragment("index.html", groups=groups, total=len(mentions), entries=len(entries))


def glossary_html(entries: Sequence[Entry], used: Mapping[str, list[str]], index: SiteIndex, page_url: str) -> str:
    rows = []
    for entry in sorted(entries, key=lambda e: e.name.casefold()):
        pages = [dict(label=ch.label, href=get_relative_url(ch.url, page_url)) for ch in index.ordered_chapters() if entry.id in used.get(ch.page, [])]
        rows.append(dict(entry=entry, definition=Markup(editors_notes.body_html(entry.text)), pages=pages))
    return render.fragment("glossary.html", rows=rows)


def glossary_terms(entries: Sequence[Entry]) -> str:
    """Every term's name and definition as JSON (``terms.json`` beside the glossary page), which
    cards.js fetches the first time a reader hovers, focuses or taps a term, to show its definition in
    a card: one small file for the whole edition, cached, instead of hidden copies in every chapter."""
    terms = {e.id: [e.name, editors_notes.plain_text(e.text)] for e in entries}
    return json.dumps(terms, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def timeline_html(index: SiteIndex, events: Sequence[TimelineEvent], chapter_of: Mapping[str, str], page_url: str,
                  index_url: str) -> str:
    text = named(index, page_url)
    rows = [dict(event=e, note=text(e.note), places=_links(index, page_url, [(chapter_of[p], p) for p in e.paragraphs if p in chapter_of]),
                 index_href=f"{get_relative_url(index_url, page_url)}#{e.index}" if e.index else "") for e in events]
    points = [e.point() for e in events]
    # The axis runs from the first event's year to the decade after the last: 1925–1990 for events of 1925–1989.
    start = int(min((p.year for p in points), default=1900))
    end = max(int(max((p.year for p in points), default=start)) // 10 * 10 + 10, start + 10)
    return render.fragment("timeline.html", svg=pictures.timeline(points, start, end), rows=rows, start=start, end=end,
                           scrolls=pictures.timeline_scrolls(points))


CONCORDANCE_HEADINGS = {"topics": "Topics more than one chapter treats",
                        "shared-works": "Works the chapters cite or list, alone and together"}


def concordance_html(index: SiteIndex, topics: Sequence[Topic], membership: Mapping[str, frozenset[str]], page_url: str,
                     bibliography_url: str) -> str:
    """Topics more than one chapter treats, with each chapter's blocks; the works each chapter cites or
    lists, alone and together, as a picture and as text (``membership``: work -> the chapters citing or listing it)."""
    pages = {ch.key: ch.page for ch in index.ordered_chapters()}
    text = named(index, page_url)
    rows = [dict(topic=t, note=text(t.note), places=_links(index, page_url, [(pages[key], p) for key, blocks in t.paragraphs if key in pages for p in blocks]))
            for t in topics]
    bib = get_relative_url(bibliography_url, page_url)
    chapters = [(ch.key, ch.label) for ch in index.ordered_chapters()]
    labels, found = dict(chapters), pictures.intersections(chapters, membership)
    groups = [dict(id=g.id, name=upset.name(g.chapters, labels), count=upset.works(len(g.works)),
                   works=[dict(key=k, href=f"{bib}#{k}") for k in g.works]) for g in found]
    scrolls = upset.layout(chapters, found).may_scroll  # then a keyboard must be able to scroll it
    return render.fragment("concordance.html", rows=rows, groups=groups, bibliography=bib, scrolls=scrolls, headings=CONCORDANCE_HEADINGS,
                           svg=pictures.shared_sources(chapters, found))
