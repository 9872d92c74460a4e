"""What each author printed stays the author's: where the papers print a shared work differently,
each chapter's list shows its own author's form (``x-in-<chapter>-<field>``) and the unified
bibliography and the downloads the record's; and the small slips readers met."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.html import article

PAPER_A, PAPER_B, BIBLIOGRAPHY = "clandestine-cooperation/index.html", "strategic-alignments/index.html", "bibliography/index.html"


def _item(site: Path, page: str, key: str) -> str:
    doc = article(site, page)
    link = doc.find(lambda el: el.name == "li" and (el.get("id") == key or el.find("a", href=f"#{key}")))
    assert link is not None, key
    return " ".join(link.get_text(" ").split())


@pytest.mark.parametrize("page, key, printed, not_printed", [
    (PAPER_B, "b-ref34", "RAND National Defense Research Institute.", "RAND Corporation"),  # kaye2011, as paper B prints it
    (PAPER_B, "b-ref64", "The origins of alliance .", "alliances"),  # walt1987, paper B's singular
    (PAPER_A, "a-bib14", "RAND Corporation, 2011.", "National Defense"),  # kaye2011, as paper A prints it
    (PAPER_A, "a-bib8", "Elnur, Ismayilov.", "Ismayilov, Elnur"),  # paper A's order of the name
    (BIBLIOGRAPHY, "kaye2011", "RAND Corporation", "National Defense"),  # the record's
    (BIBLIOGRAPHY, "elnur2013", "Ismayilov, Elnur", "Elnur, Ismayilov"),
])
def test_each_list_shows_its_own_authors_form(site: Path, page: str, key: str, printed: str, not_printed: str) -> None:
    text = _item(site, page, key)
    assert printed in text and not_printed not in text, text


def test_parsi_works_of_2007_have_distinct_letters_in_apa(site: Path) -> None:
    html = (site / BIBLIOGRAPHY).read_text(encoding="utf-8")
    assert sorted(set(re.findall(r"Parsi, T\. \((2007[a-z]?)", html))) == ["2007a", "2007b", "2007c", "2007d"]


def test_a_work_without_author_or_title_is_found_by_its_journal(site: Path) -> None:
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    titles = [d["title"] for d in index["docs"] if d["location"].endswith("#fragment1987")]
    assert titles == ["The Journal of Foreign Policy, 1987"]
    assert not [d for d in index["docs"] if "fragment1987" in d["title"]]


def test_note_37s_repaired_url_is_a_link(site: Path) -> None:
    note = article(site, PAPER_A).select_one("#fn-a37")
    url = "https://www.bloomberg.com/opinion/articles/2019-06-03/israel-s-cold-peace-with-saudi-arabia-has-a-dark-side"
    assert note is not None and note.find("a", href=url) is not None


def test_only_chapters_with_own_forms_get_a_formatting_of_their_own() -> None:
    """A chapter whose author prints no work differently shares its style's formatting with every
    such chapter: one formatting per style, not one per chapter (160 chapters, 8,000 entries)."""
    from pybtex.database import BibliographyData, Entry

    from macros.sources.bibliography import Bibliography
    from macros.styles import pairs

    data = BibliographyData({"w": Entry("book", [("title", "T"), ("X-In-my-chapter-Title", "T′")]), "v": Entry("book", [("title", "U")])})
    assert Bibliography(data, {}).chapters_with_own_forms() == {"my-chapter"}
    apa = pairs.registered()["apa"]
    assert pairs.choose(apa, (), (), "my-chapter").reference_list == (apa.reference_list, (("variant", "my-chapter"),))
    assert pairs.choose(apa, (), (), "").reference_list == pairs.choose(apa).reference_list == (apa.reference_list, ())


def test_each_list_is_checked_for_order_by_the_forms_it_prints() -> None:
    """The audit files a work by the authors its record gives, or by a chapter's own form of them: the
    same record is in order in one list and out of order in the other. (The filing key of a record's
    shared form is worked out once for every list printing it, never for one printing its own.)"""
    from pybtex.database import Entry, Person

    from macros.site import audit
    from macros.site.index import Listing, SiteIndex
    from macros.sources import chapters
    from macros.styles import pairs

    registered = pairs.registered()
    pages = [(p.name, p.read_text(encoding="utf-8"), f"{p.stem}/") for p in sorted((ROOT / "docs").glob("*.md"))]
    found = chapters.declared(pages, "docs", registered, {"paper-a": "chicago-notes", "paper-b": "apa"})
    first, second = found["a"], found["b"]
    entries = {"beta2000": Entry("book", fields={"title": "T", "year": "2000", "x-in-b-author": "Young, Y."},
                                 persons={"author": [Person("Beta, B.")]}),
               "mid2000": Entry("book", fields={"title": "T", "year": "2000"}, persons={"author": [Person("Mid, M.")]})}
    for ordered in ([first, second], [second, first]):
        index = SiteIndex(chapters={c.key: c for c in ordered})
        index.listings = [Listing(key, c.page, f"{c.key}-{key}") for c in ordered for key in ("beta2000", "mid2000")]
        out_of_order = [(f.chapter, f.key) for f in audit.findings(index, entries) if f.kind == "bibliography-order"]
        assert out_of_order == [("b", "mid2000")]  # in b, Young files after Mid; in a, Beta before it
