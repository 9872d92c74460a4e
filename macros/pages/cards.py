"""The hover-cards of a page: one per work it cites but does not list."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from markupsafe import Markup
from mkdocs.utils import get_relative_url
from pybtex.database import Entry

from ..site.places import Places
from ..site.works import Link
from ..styles import Formatted
from . import render


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
            links.append(Link(f"https://doi.org/{entry.fields['doi']}", "DOI"))
        if "url" in entry.fields:
            links.append(Link(entry.fields["url"], "Online"))
        links.append(Link(f"{bibliography}#{key}", "In the bibliography"))
        cards.append(dict(key=key, label=label(key), reference=Markup(formatted[key].html), links=links,
                          places=places.links(key, page_url)))
    return render.fragment("cards.html", cards=cards)
