"""HTML for the site-wide pages (emendations, bibliography, source audit), from collected data."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from markupsafe import Markup
from mkdocs.utils import get_relative_url
from pybtex.database import Entry

from ..site import audit
from ..sources import emendations
from ..site import paragraph_citations
from . import render
from ..site import works as unified
from ..sources.editors_notes import EdNote, body_html
from ..site.places import Places
from ..site.index import Chapter, SiteIndex
from ..styles import Formatted


def emendations_html(records: Sequence[emendations.Emendation], index: SiteIndex, page_url: str) -> str:
    known = [r for r in records if r.chapter in index.chapters]

    def href(key: str, place: str = "") -> str:
        return get_relative_url(index.chapters[key].url, page_url) + (f"#{place}" if place else "")

    items = [dict(record=r, kind_label=emendations.KINDS[r.kind], href=href(r.chapter, r.place),
                  chapter_title=index.chapters[r.chapter].title) for r in known]
    chapters = [dict(title=ch.title, href=href(ch.key), count=sum(r.chapter == ch.key for r in known))
                for ch in index.ordered_chapters()]
    return render.fragment("emendations.html", records=known, items=items, chapters=chapters)


def bibliography_html(index: SiteIndex, found: Sequence[unified.Work], chicago: Mapping[str, Formatted],
                      apa: Mapping[str, Formatted], page_url: str, downloads: Sequence[dict[str, str]], places: Places) -> str:
    """The unified bibliography: ``found`` is ``unified.works`` of the entries."""
    hrefs, chapters = places.hrefs(page_url), index.chapters_by_src()
    order = {ch.src: n for n, ch in enumerate(index.ordered_chapters())}
    listings = index.by("listings", "key")
    rows = []
    for work in found:
        group = sorted({work.key, *work.printings}) if work.printings else (work.key,)
        listed = [(chapters[x.page], f"{hrefs[x.page]}#{x.item}") for k in group for x in listings.get(k, ()) if x.page in order]
        cited = places.links(work.key, page_url)
        rows.append(BibRow(work.key, " ".join(f"in-{p}" for p in work.papers), work.flags, work.printings,
                           Markup(chicago[work.key].html), Markup(apa[work.key].html),
                           _places_html(_bib_places(cited, listed, order) if len(cited) + len(listed) > 1 else
                                        [("cited", ch, links) for ch, links in cited] + [("listed", ch, href) for ch, href in listed])))
    return render.fragment("bibliography.html", works=rows, counts=unified.counts(found), exports=downloads)


class BibRow(NamedTuple):
    """One work of the unified bibliography, as its template reads it (attributes, not keys: a
    2,000-entry page reads them some twenty thousand times)."""

    key: str
    papers: str  # "in-a in-b"
    flags: tuple[str, ...]
    printings: tuple[str, ...]
    chicago: Markup
    apa: Markup
    places: Markup  # the list of where it is cited and listed


def _bib_places(cited: Sequence[tuple[Chapter, Markup]], listed: Sequence[tuple[Chapter, str]],
                order: Mapping[str, int]) -> list[tuple[str, Chapter, Markup | str]]:
    """Per chapter in order: ("cited", chapter, its links), then ("listed", chapter, the address of its list's entry)."""
    places: list[tuple[int, int, str, Chapter, Markup | str]] = [(order[ch.src], 0, "cited", ch, links) for ch, links in cited]
    places += [(order[ch.src], 1, "listed", ch, href) for ch, href in listed]
    return [(kind, ch, value) for _, _, kind, ch, value in sorted(places, key=lambda p: (p[0], p[1]))]


def _places_html(places: Sequence[tuple[str, Chapter, Markup | str]]) -> Markup:
    """A work's places on the unified bibliography: "Cited in Paper B: ¶ 11, ¶ 34", "Listed in Paper B's
    references: entry". Made here rather than in the template: it is the page's innermost loop."""
    if not places:
        return Markup("")
    items = []
    for kind, chapter, value in places:
        label = html.escape(chapter.label)
        if kind == "cited":
            items.append(f"<li>Cited in {label}: {value}</li>")  # value: the links, escaped when made
        else:
            lists = "bibliography" if chapter.key == "a" else "references"
            items.append(f'<li>Listed in {label}\'s {lists}: <a href="{html.escape(str(value))}">entry</a></li>')
    return Markup('<ul class="bib-places">\n' + "\n".join(items) + "\n</ul>")


AUDIT_GROUPS = {
    "cited-unlisted": "Cited but missing from the paper's own list",
    "listed-uncited": "Listed but never cited",
    "skipped-note": "Note numbering",
    "locator-outside": "Page references outside the work's printed page range",
}


def audit_html(index: SiteIndex, entries: Mapping[str, Entry], page_url: str, bibliography_url: str,
               notes: Sequence[EdNote] = ()) -> str:
    found = audit.findings(index, entries)
    chapters = []
    for chapter in index.ordered_chapters():
        href = get_relative_url(chapter.url, page_url)
        mine = sorted((n for n in notes if n.chapter == chapter.key), key=lambda n: chapter.ids.get(n.anchor, 0))
        annotated = [dict(number=i, note=n, place=f"{href}#edref-{n.id}", href=f"{href}#{n.id}",
                          text=Markup(_md_links(body_html(n.text), page_url))) for i, n in enumerate(mine, 1)]
        groups = []
        for kind, title in AUDIT_GROUPS.items():
            rows = [dict(finding=f, work_href=f"{get_relative_url(bibliography_url, page_url)}#{f.key}" if f.key else "",
                         links=[dict(href=f"{href}#{block}", text=label) for block, label in f.places])
                    for f in found if f.chapter == chapter.key and f.kind == kind]
            groups.append(dict(kind=kind, title=title, rows=rows))
        chapters.append(dict(key=chapter.key, label=chapter.label, title=chapter.title, href=href, groups=groups, annotated=annotated))
    return render.fragment("audit.html", chapters=chapters)


def work_groups(found: Sequence[unified.Work]) -> dict[str, set[str]]:
    """Key -> every key of the same work (a printing and its work share their places)."""
    groups: dict[str, set[str]] = {}
    for work in found:
        members = {work.key, *work.printings}
        for key in members:
            groups[key] = members
    return groups


def cards_html(entries: Mapping[str, Entry], formatted: Mapping[str, Formatted], label: Callable[[str], Markup],
               keys: Sequence[str], page_url: str, bibliography_url: str, places: Places) -> str:
    """One card per work the page cites without listing it: full reference, links, every place citing it.

    A work the page's own reference list prints has no card of its own: its list item, which shows
    where the work is cited, is the card (cards.js shows a copy of it by the citation)."""
    bibliography = get_relative_url(bibliography_url, page_url)
    cards = []
    for key in keys:
        entry = entries[key]
        links = []
        if "doi" in entry.fields:
            links.append(unified.Link(f"https://doi.org/{entry.fields['doi']}", "DOI"))
        if "url" in entry.fields:
            links.append(unified.Link(entry.fields["url"], "Online"))
        links.append(unified.Link(f"{bibliography}#{key}", "In the bibliography"))
        cards.append(dict(key=key, label=label(key), reference=Markup(formatted[key].html), links=links,
                          places=places.links(key, page_url)))
    return render.fragment("cards.html", cards=cards)


def _json(data: object) -> Markup:
    """JSON safe inside <script>: no '<' can end the element early."""
    return Markup(json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"))


def head_html(work: paragraph_citations.Work, abstract: str, home: str, cite: bool = True) -> Markup:
    """Highwire citation_* tags, schema.org JSON-LD and the paragraph-citation templates of a page.

    The page's own reference list holds its references (and is what Google Scholar reads); which
    works a chapter cites is said in the unified bibliography's JSON-LD (``works_head_html``)."""
    templates = _json(paragraph_citations.templates(work)) if cite else ""
    return Markup(render.fragment("head.html", work=work, abstract=abstract, json_ld=_json(paragraph_citations.json_ld(work, abstract, home)),
                                  cite_templates=templates))


def works_head_html(works: Sequence[tuple[str, str, Sequence[str]]]) -> Markup:
    """The unified bibliography's JSON-LD: every work, by its entry's address, and the chapters citing it."""
    return Markup('<script type="application/ld+json">{}</script>').format(_json(paragraph_citations.works_json_ld(works)))


_MD_LINK = re.compile(r'href="([\w./-]+)\.md(#[^"]*)?"')


def _md_links(html: str, page_url: str) -> str:
    """Links written as docs-relative '.md' paths (as in the data files), made relative to this page's URL."""
    return _MD_LINK.sub(lambda m: f'href="{get_relative_url(m.group(1) + "/", page_url)}{m.group(2) or ""}"', html)
