"""The unified bibliography: every work once, in each display style, filterable by chapter.

The page is written in pieces (``pieces``): its list of works grows with the bibliography.

The filter and the style switch work without JavaScript: radio buttons and CSS ``:has()``. Their
rules depend on the chapters and styles of the edition, so ``filter_css`` writes them for the
page's head rather than a stylesheet knowing "paper A" and "APA".
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import Markup

from ..site.index import SiteIndex
from ..site.places import Places
from ..site.works import Work, counts
from ..sources.chapters import Chapter
from ..styles import Formatted
from . import pieces, render


@dataclass(frozen=True)
class DisplayStyle:
    slug: str  # "apa": the style's name, in ids and classes
    label: str  # "APA 7": the switch's label
    formatted: Mapping[str, Formatted]


class BibRow(NamedTuple):
    """One work of the unified bibliography, as its template reads it (attributes, not keys: a
    2,000-entry page reads them some twenty thousand times)."""

    key: str
    classes: str  # "in-a in-b in-shared": the chapters it is in, for the filter
    flags: tuple[str, ...]
    printings: tuple[str, ...]
    entries: tuple[tuple[str, Markup], ...]  # (style slug, the entry in that style)
    places: Markup  # the list of where it is cited and listed


def bibliography_html(index: SiteIndex, found: Sequence[Work], downloads: Sequence[dict[str, str]],
                      styles: Sequence[DisplayStyle]) -> str:
    """The unified bibliography's controls and downloads, with ``pieces.MARK`` where its works go
    (``works_html``: the page is written in pieces). ``found`` is ``works.works`` of the entries."""
    ordered = index.ordered_chapters()
    return render.fragment("bibliography.html", works=Markup(pieces.MARK), count=len(found), chapters=ordered, styles=styles,
                           exports=downloads, counts=counts(found, [ch.key for ch in ordered]))


def works_html(index: SiteIndex, found: Sequence[Work], styles: Sequence[DisplayStyle], page_url: str,
               places: Places, list_names: Mapping[str, str]) -> Iterator[str]:
    """The unified bibliography's works, piece by piece, each made as it is written; ``list_names``
    says what each chapter calls its list ("bibliography", "references")."""
    hrefs, chapters = places.hrefs(page_url), index.chapters_by_src()
    order = {ch.page: n for n, ch in enumerate(index.ordered_chapters())}
    listings = index.by("listings", "key")

    def rows() -> Iterator[BibRow]:
        for work in found:
            group = sorted({work.key, *work.printings}) if work.printings else (work.key,)
            listed = [(chapters[x.page], f"{hrefs[x.page]}#{x.item}") for k in group for x in listings.get(k, ()) if x.page in order]
            cited = places.links(work.key, page_url)
            classes = [f"in-{key}" for key in work.chapters] + (["in-shared"] if len(work.chapters) > 1 else [])
            yield BibRow(work.key, " ".join(classes), work.flags, work.printings,
                         tuple((style.slug, Markup(style.formatted[work.key].html)) for style in styles),
                         _places_html(_bib_places(cited, listed, order) if len(cited) + len(listed) > 1 else
                                      [("cited", ch, links) for ch, links in cited] + [("listed", ch, href) for ch, href in listed],
                                      list_names))

    return render.fragment_pieces("bibliography-works.html", works=rows())


def filter_css(chapters: Sequence[str], styles: Sequence[str]) -> str:
    """The rules of the chapter filter and the style switch, for these chapter keys and style slugs.

    An entry shows when its style's button is checked; the first is checked in the HTML, so the
    rules need not know which style comes first."""
    rules = [".bib-page .bib-entry{display:none}"]
    rules += [f".bib-page:has(#bib-style-{slug}:checked) .bib-{slug}{{display:block}}" for slug in styles]
    rules += [f".bib-page:has(#bib-paper-{key}:checked) .bib-work:not(.in-{key}){{display:none}}" for key in [*chapters, "shared"]]
    return "\n".join(rules) + "\n"


def _bib_places(cited: Sequence[tuple[Chapter, Markup]], listed: Sequence[tuple[Chapter, str]],
                order: Mapping[str, int]) -> list[tuple[str, Chapter, Markup | str]]:
    """Per chapter in order: ("cited", chapter, its links), then ("listed", chapter, the address of its list's entry)."""
    places: list[tuple[int, int, str, Chapter, Markup | str]] = [(order[ch.page], 0, "cited", ch, links) for ch, links in cited]
    places += [(order[ch.page], 1, "listed", ch, href) for ch, href in listed]
    return [(kind, ch, value) for _, _, kind, ch, value in sorted(places, key=lambda p: (p[0], p[1]))]


def _places_html(places: Sequence[tuple[str, Chapter, Markup | str]], list_names: Mapping[str, str]) -> Markup:
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
            lists = html.escape(list_names.get(chapter.key, "references"))
            items.append(f'<li>Listed in {label}\'s {lists}: <a href="{html.escape(str(value))}">entry</a></li>')
    return Markup('<ul class="bib-places">\n' + "\n".join(items) + "\n</ul>")
