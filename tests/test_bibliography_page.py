"""The unified bibliography, its downloads and the computed source audit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rispy
from pybtex.database import parse_string

from tests import edition_facts
from tests.conftest import ROOT
from tests.html import article, page

BIB = edition_facts.bibliography(ROOT)
PRINTINGS = {k for k, e in BIB.entries.items() if "x-printing-of" in e.fields}
MEMBERSHIP = edition_facts.membership(ROOT)  # work -> the chapters citing or listing it, read from the sources
CHAPTERS = edition_facts.chapters(ROOT)


def test_every_work_is_listed_once_with_its_key_as_anchor(site: Path) -> None:
    works = article(site, "bibliography/index.html").select("ol.bib-unified > li")
    keys = [li["id"] for li in works]
    assert len(keys) == len(set(keys)) == len(BIB.entries) - len(PRINTINGS)
    assert set(keys) == set(BIB.entries) - PRINTINGS
    for li in works:
        assert li.select_one(".bib-chicago-notes").get_text().strip() and li.select_one(".bib-apa").get_text().strip()
        chapters = MEMBERSHIP.get(li["id"], frozenset())
        assert {c[3:] for c in li["class"] if c.startswith("in-")} == set(chapters) | ({"shared"} if len(chapters) > 1 else set())


def test_the_filter_counts_agree_with_the_chapters_and_their_lists(site: Path) -> None:
    """Each chapter's count is the works it cites or lists; a chapter that cites only what it lists has
    exactly its list's length; "more than one" counts the works in two or more chapters."""
    labels = {label["for"]: label.get_text() for label in article(site, "bibliography/index.html").select(".bib-controls label")}
    assert labels["bib-paper-all"] == f"all chapters ({len(BIB.entries) - len(PRINTINGS)})"
    for chapter in CHAPTERS:
        works = sum(chapter.key in keys for keys in MEMBERSHIP.values())
        assert labels[f"bib-paper-{chapter.key}"] == f"{chapter.label} ({works})"
    b = next(ch for ch in CHAPTERS if ch.key == "b")
    assert b.cited <= set(b.listed) and labels["bib-paper-b"] == f"Paper B ({len(b.listed)})"  # paper B lists all it cites
    assert labels["bib-paper-shared"] == f"more than one ({sum(len(keys) > 1 for keys in MEMBERSHIP.values())})"


def test_works_are_sorted_by_author(site: Path) -> None:
    keys = [li["id"] for li in article(site, "bibliography/index.html").select("ol.bib-unified > li")]
    assert keys[:3] == ["abrahamian1983", "abrahamian2009", "afkhami2009"]
    assert keys[-1] == "fragment1987"  # no author, no title: last
    assert keys.index("walt1985") < keys.index("walt1987") < keys.index("walt1988")
    assert keys.index("sen2016") < keys.index("shlaim2001")  # Şen files under S


def test_a_printing_is_folded_into_its_work(site: Path) -> None:
    walt = article(site, "bibliography/index.html").select_one("li#walt1987")
    assert "Paper A cites the 2013 printing (walt2013)" in walt.get_text()
    assert [a.get_text() for a in walt.select(".bib-places a")] == ["note 23", "entry", "¶ 19", "¶ 20", "¶ 21", "¶ 22", "¶ 65", "entry"]


def test_cited_in_links_reach_existing_blocks(site: Path) -> None:
    links = article(site, "bibliography/index.html").select(".bib-places a")
    assert len(links) > 200
    pages: dict[str, object] = {}
    for a in links:
        path, anchor = a["href"].split("#")
        target = (site / "bibliography" / path / "index.html").resolve()
        doc = pages.setdefault(str(target), page(site, str(target.relative_to(site.resolve()))))
        assert doc.select_one(f"[id='{anchor}']") is not None, a["href"]


def test_sobhani_is_cited_and_listed_by_both_papers(site: Path) -> None:
    places = article(site, "bibliography/index.html").select("li#sobhani1989 .bib-places li")
    assert [li.get_text(" ", strip=True) for li in places] == [
        "Cited in Paper A: note 2 , note 3 , note 22",
        "Listed in Paper A's bibliography: entry",
        "Cited in Paper B: ¶ 61",
        "Listed in Paper B's references: entry",
    ]


def test_downloads_hold_every_work_once_and_parse(site: Path) -> None:
    links = {a.get_text(): a["href"] for a in article(site, "bibliography/index.html").select(".bib-downloads a")}
    assert list(links) == ["BibTeX", "RIS", "CSL-JSON"]
    folder = site / "bibliography"
    bibtex = (folder / links["BibTeX"]).resolve().read_text(encoding="utf-8")
    ris = (folder / links["RIS"]).resolve().read_text(encoding="utf-8")
    csl = json.loads((folder / links["CSL-JSON"]).resolve().read_text(encoding="utf-8"))
    works = [k for k, e in BIB.entries.items() if "x-printing-of" not in e.fields]  # a printing is its work
    assert len(parse_string(bibtex, "bibtex").entries) == len(rispy.loads(ris)) == len(csl) == len(works) == 96


def _independent_audit() -> dict[str, set[str]]:
    """Cited and listed keys per paper, read straight from the chapter Markdown and the data."""
    a_md = (ROOT / "docs/clandestine-cooperation.md").read_text(encoding="utf-8")
    b_md = (ROOT / "docs/strategic-alignments.md").read_text(encoding="utf-8")
    listed_a = set(re.findall(r"^- @(\w+)$", a_md, re.M))
    listed_b = set(re.findall(r"^- @(\w+)$", b_md, re.M))
    cited_a = {k for k, e in BIB.entries.items() if e.fields.get("x-note-a")}
    cited_b = set(re.findall(r"-?@(\w+)", " ".join(re.findall(r"\[-?@[^\]]+\]", b_md))))
    return {"a-uncited": listed_a - cited_a, "a-unlisted": cited_a - listed_a,
            "b-uncited": listed_b - cited_b, "b-unlisted": cited_b - listed_b}


def test_the_audit_lists_are_computed_from_the_data(site: Path) -> None:
    doc = article(site, "source-audit/index.html")
    shown = {
        "a-uncited": doc.select("#audit-a-listed-uncited + ul code"),
        "a-unlisted": doc.select("#audit-a-cited-unlisted + ul code"),
        "b-uncited": doc.select("#audit-b-listed-uncited + ul code"),
        "b-unlisted": doc.select("#audit-b-cited-unlisted + ul code"),
    }
    expected = _independent_audit()
    assert {k: {c.get_text() for c in v} for k, v in shown.items()} == expected
    assert len(expected["a-uncited"]) == 13 and expected["a-unlisted"] == {"gruen1981"}
    assert doc.select_one("#audit-a-skipped-note + ul").get_text(" ", strip=True) == "note 33 is missing: the notes run 32, 34 — note 34"
    outside = [li.get_text(" ", strip=True).split(":")[0].strip() for li in doc.select("#audit-b-locator-outside + ul > li")]
    assert outside == ["ramazani2013", "walt1988", "david1991", "parsi2007a"]


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
def test_filter_and_style_switch_work_with_and_without_javascript(server: str, browser_context, javascript: bool) -> None:
    tab = browser_context(javascript=javascript).new_page()
    tab.goto(f"{server}/bibliography/")
    visible = "() => [...document.querySelectorAll('.bib-work')].filter(li => li.offsetParent !== null).length"
    assert tab.evaluate(visible) == len(BIB.entries) - len(PRINTINGS)
    assert tab.locator("#walt1987 .bib-chicago-notes").is_visible() and not tab.locator("#walt1987 .bib-apa").is_visible()
    tab.keyboard.press("Tab")  # the controls are reachable and operable from the keyboard
    tab.check("#bib-paper-b")
    assert tab.evaluate(visible) == sum("b" in keys for keys in MEMBERSHIP.values())
    tab.check("#bib-paper-shared")
    assert tab.evaluate(visible) == sum(len(keys) > 1 for keys in MEMBERSHIP.values())
    tab.check("#bib-style-apa")
    assert tab.locator("#walt1987 .bib-apa").is_visible() and not tab.locator("#walt1987 .bib-chicago-notes").is_visible()
    assert tab.locator("#walt1987 .bib-apa").inner_text().startswith("Walt, S. M. (1987).")


def test_search_finds_each_work_once_on_the_bibliography_page(site: Path) -> None:
    """The APA copy of each entry (shown by the style switch) is kept out of the search index."""
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    text = " ".join(d["text"] for d in docs if d["location"].startswith("bibliography/"))
    assert text.count("Walt, Stephen M. The Origins of Alliances. Cornell University Press, 1987.") == 1  # Chicago
    assert "Walt, S. M. (1987). The origins of alliances" not in text  # APA
    assert text.count("<code>walt1987</code>") == 1
