"""The editorial apparatus: index of names, glossary, timeline, concordance, print and phone views."""

from __future__ import annotations

import json

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests import edition_facts
from tests.conftest import ROOT, artifact
from tests.html import article

INDEX = {e["id"]: e for e in yaml.safe_load((ROOT / "docs/_data/index.yml").read_text(encoding="utf-8"))}
CHAPTERS = {"clandestine-cooperation": "Paper A", "strategic-alignments": "Paper B"}
SKIP = "h1, h2, h3, h4, h5, h6, sup, code, span.citation, a.cite, a.ed-pnum, .headerlink, [class^='ed-'], [class*=' ed-']"


def _blocks_mentioning(site: Path, slug: str, variants: list[str]) -> list[str]:
    """Computed here, independently of the plugin: ids of the blocks whose authors' text names the entry."""
    doc = BeautifulSoup(str(article(site, f"{slug}/index.html")), "lxml")
    numbered = {a["href"][1:] for a in doc.select("a.ed-pnum")}  # each block's margin number links to it
    for el in doc.select(SKIP):
        el.decompose()
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True)) + r")(?!\w)")
    found = []
    for block in doc.select("[id]"):
        if block["id"] not in numbered and not (block.name == "li" and block.find_parent("div", class_="footnote")):
            continue
        if pattern.search(block.get_text()):
            found.append(block["id"])
    return found


@pytest.mark.parametrize("key", ["mossadegh", "tudeh-party", "savak", "cento"])
def test_index_lists_every_paragraph_mentioning_a_name(site: Path, key: str) -> None:
    entry = article(site, "index-of-names/index.html").select_one(f"dt#{key}")
    assert entry is not None
    places = entry.find_next_sibling("dd")
    listed = {slug: [a["href"].split("#")[1] for a in places.select(f"a[href*='{slug}/#']")] for slug in CHAPTERS}
    expected = {slug: _blocks_mentioning(site, slug, INDEX[key]["variants"]) for slug in CHAPTERS}
    assert listed == expected
    assert sum(len(v) for v in listed.values()) > 0


def test_the_first_mention_in_each_chapter_links_to_the_index(site: Path) -> None:
    for slug in CHAPTERS:
        links = article(site, f"{slug}/index.html").select("a.index-link")
        targets = [a["href"].split("#")[1] for a in links]
        assert len(targets) == len(set(targets)) > 20  # one link per name per chapter
        assert all(a["href"].startswith("../index-of-names/#") for a in links)
    b = article(site, "strategic-alignments/index.html")
    first = b.select_one("a.index-link[href$='#mossadegh']")
    assert first.get_text() == "Mossadegh" and first.find_parent(id=True)["id"] == "b-p2"


def test_glossary_terms_preview_with_their_definition(site: Path) -> None:
    """A term links its glossary entry; its preview comes from terms.json beside the glossary page,
    one file for the edition (fetched on first use), not a hidden copy in every chapter."""
    b = article(site, "strategic-alignments/index.html")
    term = b.select_one("a.gloss[href$='#savak']")
    assert term is not None and term["href"] == "../glossary/#savak" and term.get_text() == "Organization of Intelligence and National Security"  # as printed
    terms = json.loads((site / "glossary/terms.json").read_text(encoding="utf-8"))
    entries = yaml.safe_load((ROOT / "docs/_data/glossary.yml").read_text(encoding="utf-8"))
    assert list(terms) == sorted(e["id"] for e in entries)
    assert terms["savak"][0] == "SAVAK" and terms["savak"][1].startswith("Iran")
    glossary = article(site, "glossary/index.html")
    assert all(glossary.select_one(f"dt#{key}") is not None for key in terms)  # each previews an entry of the page
    assert not b.select("[hidden] [data-term], .ed-glossary")  # no hidden copies in the chapter


def test_timeline_links_each_event_to_existing_paragraphs(site: Path) -> None:
    events = yaml.safe_load((ROOT / "docs/_data/timeline.yml").read_text(encoding="utf-8"))
    page = article(site, "timeline/index.html")
    items = page.select("ol.timeline > li")
    assert len(items) == len(events) >= 30
    chapters = {slug: article(site, f"{slug}/index.html") for slug in CHAPTERS}
    for li in items:
        event = next(e for e in events if e["id"] == li["id"])
        hrefs = [a["href"] for a in li.select("a[href*='/#']") if "index-of-names" not in a["href"] and not a.find_parent(class_="note")]
        assert sorted(h.split("#")[1] for h in hrefs) == sorted(event.get("paragraphs") or [])
        for href in hrefs:
            slug, anchor = href.split("/#")
            assert chapters[slug.strip("./")].select_one(f"[id='{anchor}']") is not None
    svg = page.select_one("svg#timeline-svg")
    assert svg.select_one("title").get_text() == "Timeline of the events the chapters discuss"
    assert len(svg.select("a")) == len(events)


def test_concordance_and_the_shared_sources_picture(site: Path) -> None:
    page = article(site, "concordance/index.html")
    membership = edition_facts.membership(ROOT)  # read from the sources, independently of the plugin
    shared = [c.get_text() for c in page.select("dl.shared-works dt#shared-a-b + dd code")]
    assert shared == sorted(work for work, chapters in membership.items() if chapters == {"a", "b"})
    assert "walt1987" in shared and "parsi2007" not in shared  # a printing is its work; a book's chapter is not the book
    svg = page.select_one("svg#sources-svg")
    columns = svg.select("a")
    assert [a["href"] for a in columns] == [f"#{dt['id']}" for dt in page.select("dl.shared-works dt")] == ["#shared-a-b", "#shared-b", "#shared-a"]
    assert columns[0].select_one("title").get_text() == f"Paper A and Paper B: {len(shared)} works"
    assert f"Paper A and Paper B, {len(shared)}" in svg.select_one("desc").get_text()
    assert len(page.select("dl.concordance > dt")) >= 10


@pytest.mark.browser
def test_search_finds_words_in_notes_editors_notes_and_the_bibliography(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + "/")
    for query, expected in [("Souresrafil", "clandestine-cooperation/"), ("presumably", "clandestine-cooperation/"),
                            ("Countercoup", "bibliography/")]:
        tab.click("input.md-search__input")
        tab.fill("input.md-search__input", "")
        tab.type("input.md-search__input", query)  # Material searches on key events, as a person types
        found = ("[...document.querySelectorAll('.md-search-result__item a')]"
                 f".some(a => a.href.includes('{expected}') && a.href.includes('h={query.lower()}'))")
        tab.wait_for_function(found, timeout=10000)  # results for this query, on the expected page
        tab.keyboard.press("Escape")


@pytest.mark.browser
def test_print_shows_notes_references_and_permalinks_without_chrome(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + "/strategic-alignments/")
    tab.emulate_media(media="print")
    assert tab.evaluate("getComputedStyle(document.querySelector('.md-header')).display") == "none"
    assert tab.evaluate("getComputedStyle(document.querySelector('.md-sidebar')).display") == "none"
    assert tab.evaluate("getComputedStyle(document.querySelector('.ed-print-url')).display") == "block"
    assert tab.locator("#fn-b1").is_visible() and tab.locator("#b-ref64").is_visible()
    assert tab.evaluate("getComputedStyle(document.querySelector('#b-p14 .ed-pnum'), '::after').content") == '" #para-14"'  # the address that names ¶ 14
    tab.screenshot(path=str(artifact("print-strategic-alignments.png")), full_page=False)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["/strategic-alignments/#b-p20", "/timeline/", "/bibliography/"])
def test_phone_width_has_no_horizontal_scroll(server: str, browser_context, path: str) -> None:
    tab = browser_context(width=390, height=844, touch=True).new_page()
    tab.goto(server + path)
    tab.wait_for_timeout(200)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    tab.screenshot(path=str(artifact(f"phone{path.replace('/', '-').replace('#', '-')}.png")))


def test_the_audit_links_every_annotated_problem_to_its_place_and_note(site: Path) -> None:
    notes = yaml.safe_load((ROOT / "docs/_data/editors-notes.yml").read_text(encoding="utf-8"))
    audit = article(site, "source-audit/index.html")
    for key, slug in (("a", "clandestine-cooperation"), ("b", "strategic-alignments")):
        rows = audit.select(f"#audit-{key}-annotated + ol > li")
        assert len(rows) == sum(n["chapter"] == key for n in notes)
        chapter = article(site, f"{slug}/index.html")
        for row in rows:
            place, note = [a["href"].split("#")[1] for a in row.select("a")][-2:]
            assert chapter.select_one(f"[id='{place}']") is not None and chapter.select_one(f"[id='{note}']") is not None
            assert chapter.select_one(f"[id='{place}']").get_text() == f"Ed. {row['value']}"
