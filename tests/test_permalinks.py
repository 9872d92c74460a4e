"""Numbered, citable, guarded paragraphs, and metadata for reference managers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from macros.site import paragraph_citations as paracite
from macros import offline
from tests import edition_facts
from tests.conftest import ROOT, unclipped
from tests.html import article, page

SITE_URL = "http://127.0.0.1:8000/"
EDITION = "Iran's Alliances: A Digital Edition"
TITLE_B = "Strategic Alignments Under Fire: Iran's Pahlavi-Era Alliances and the Balance of Threat Framework"
TITLE_A = "Why did the Islamic Republic continue clandestine cooperation with Israel?"


def _work(slug: str, title: str) -> paracite.Work:
    chapter = next(c for c in offline.chapters(ROOT) if c.page == f"{slug}.md")
    assert chapter.title == title
    return paracite.work_of(chapter, EDITION, f"{SITE_URL}{slug}/")


@pytest.mark.parametrize("fmt, expected", [
    ("chicago", "Türk, Kerem. “Strategic Alignments Under Fire: Iran's Pahlavi-Era Alliances and the Balance of Threat "
                "Framework.” İran Çalışmaları Dergisi. In Iran's Alliances: A Digital Edition, ¶ 14. "
                "http://127.0.0.1:8000/strategic-alignments/#para-14."),
    ("apa", "Türk, K. (n.d.). Strategic alignments under fire: Iran's Pahlavi-era alliances and the balance of threat "
            "framework. İran Çalışmaları Dergisi. In Iran's alliances: A digital edition (para. 14). "
            "http://127.0.0.1:8000/strategic-alignments/#para-14"),
    ("mla", "Türk, Kerem. “Strategic Alignments Under Fire: Iran's Pahlavi-Era Alliances and the Balance of Threat "
            "Framework.” İran Çalışmaları Dergisi, Iran's Alliances: A Digital Edition, par. 14, "
            "http://127.0.0.1:8000/strategic-alignments/#para-14."),
    ("bibtex", "@incollection{b-para14,\n  author = {Türk, Kerem},\n  title = {{" + TITLE_B + "}},\n"
               "  booktitle = {{Iran's Alliances: A Digital Edition}},\n  note = {¶ 14; first published in İran Çalışmaları Dergisi},\n"
               "  url = {http://127.0.0.1:8000/strategic-alignments/#para-14},\n}"),
    ("ris", "TY  - CHAP\nAU  - Türk, Kerem\nTI  - " + TITLE_B + "\nT2  - Iran's Alliances: A Digital Edition\nLA  - en\n"
            "N1  - ¶ 14; first published in İran Çalışmaları Dergisi\nUR  - http://127.0.0.1:8000/strategic-alignments/#para-14\nER  - "),
])
def test_citing_a_paragraph_of_paper_b(fmt: str, expected: str) -> None:
    assert paracite.paragraph(_work("strategic-alignments", TITLE_B), 14, "para-14")[fmt] == expected


@pytest.mark.parametrize("fmt, expected", [
    ("chicago", f"“{TITLE_A}” In {EDITION}, n. 34. http://127.0.0.1:8000/clandestine-cooperation/#fn-a34."),
    ("apa", f"{TITLE_A} (n.d.). In Iran's alliances: A digital edition (n. 34). http://127.0.0.1:8000/clandestine-cooperation/#fn-a34"),
    ("mla", f"“{TITLE_A}” {EDITION}, n. 34, http://127.0.0.1:8000/clandestine-cooperation/#fn-a34."),
])
def test_citing_a_note_of_paper_a_names_no_author(fmt: str, expected: str) -> None:
    assert paracite.paragraph(_work("clandestine-cooperation", TITLE_A), 34, "fn-a34", note=True)[fmt] == expected


def _meta(doc, name: str) -> list[str]:
    return [m["content"] for m in doc.select(f"meta[name='{name}']")]


def test_paper_b_head_metadata(site: Path) -> None:
    doc = page(site, "strategic-alignments/index.html")
    assert _meta(doc, "citation_title") == [TITLE_B]
    assert _meta(doc, "citation_author") == ["Türk, Kerem"]
    assert _meta(doc, "citation_author_orcid") == ["https://orcid.org/0000-0002-8296-9098"]
    assert _meta(doc, "citation_journal_title") == ["İran Çalışmaları Dergisi"]
    assert _meta(doc, "citation_language") == ["en"]
    assert _meta(doc, "citation_publication_date") == []  # the source states none
    assert _meta(doc, "citation_public_url") == [f"{SITE_URL}strategic-alignments/"]
    assert _meta(doc, "citation_abstract")[0].startswith("This study investigates Iran's alliance strategies")
    # Google Scholar reads the chapter's own "References" section, Zotero ignores citation_reference:
    # the works cited are in the page's list; the bibliography's JSON-LD says which (see below).
    assert _meta(doc, "citation_reference") == []
    assert doc.select_one("link[rel=canonical]")["href"] == f"{SITE_URL}strategic-alignments/"
    assert doc.select_one("link[rel=license]")["href"] == "https://creativecommons.org/licenses/by-nc/4.0/"
    data = json.loads(doc.select_one("script[type='application/ld+json']").string)
    assert (data["@type"], data["name"], data["inLanguage"]) == ("ScholarlyArticle", TITLE_B, "en")
    assert data["author"] == [{"@type": "Person", "name": "Kerem Türk", "givenName": "Kerem", "familyName": "Türk",
                               "identifier": "https://orcid.org/0000-0002-8296-9098",
                               "affiliation": {"@type": "Organization", "name": "Shahid Beheshti University"}}]
    assert data["isPartOf"][0] == {"@type": "Periodical", "name": "İran Çalışmaları Dergisi"}
    assert data["@id"] == f"{SITE_URL}strategic-alignments/" and "datePublished" not in data and "citation" not in data


def test_the_bibliographys_json_ld_names_each_work_and_the_chapters_citing_it(site: Path) -> None:
    """Which works a chapter cites is said once for the edition, from the works' side (@reverse),
    where each work is an entry of the unified bibliography; each chapter's JSON-LD has that @id."""
    graph = json.loads(page(site, "bibliography/index.html").select_one("script[type='application/ld+json']").string)["@graph"]
    works = {w["@id"]: w for w in graph}
    assert len(works) == len(graph) == len(article(site, "bibliography/index.html").select("ol.bib-unified > li"))
    cited_by: dict[str, set[str]] = {}
    for address, work in works.items():
        for chapter in work["@reverse"]["citation"]:
            cited_by.setdefault(chapter["@id"], set()).add(address.rpartition("#")[2])
    a, b = cited_by[f"{SITE_URL}clandestine-cooperation/"], cited_by[f"{SITE_URL}strategic-alignments/"]
    membership = edition_facts.membership(ROOT)  # read from the sources, independently of the plugin
    assert (a, b) == ({w for w, keys in membership.items() if "a" in keys}, {w for w, keys in membership.items() if "b" in keys})
    assert "gruen1981" in a and "gruen1981" not in edition_facts.chapters(ROOT)[0].listed  # cited in note 1 only
    assert {"gruen1981", "sobhani1989"} <= a and {"walt1987", "walt1988"} <= b
    assert "walt1987" in a  # A cites its 2013 printing (walt2013), a printing of the work
    assert works[f"{SITE_URL}bibliography/#walt1987"]["name"] == "The Origins of Alliances"


def test_paper_a_head_metadata_invents_nothing(site: Path) -> None:
    doc = page(site, "clandestine-cooperation/index.html")
    assert _meta(doc, "citation_title") == [TITLE_A]
    for absent in ("citation_author", "citation_publication_date", "citation_journal_title"):
        assert _meta(doc, absent) == []
    data = json.loads(doc.select_one("script[type='application/ld+json']").string)
    assert data["@id"] == f"{SITE_URL}clandestine-cooperation/" and "citation" not in data
    assert "author" not in data and data["creditText"] == "The source does not name its author."
    assert doc.select_one("link[rel=license]") is None


def test_the_home_page_describes_the_edition(site: Path) -> None:
    """As a collection of its chapters, not as a scholarly article (tests/test_citing.py has the rest)."""
    doc = page(site, "index.html")
    assert _meta(doc, "citation_title") == []
    data = json.loads(doc.select_one("script[type='application/ld+json']").string)
    assert (data["@type"], data["name"], data["url"]) == ("Collection", EDITION, SITE_URL)


@pytest.mark.parametrize("slug, count", [("strategic-alignments", 73), ("clandestine-cooperation", 60)])
def test_paragraph_numbers_run_in_reading_order_and_link_to_their_block(site: Path, slug: str, count: int) -> None:
    doc = article(site, f"{slug}/index.html")
    links = [a for a in doc.select("a.ed-pnum") if not a.find_parent(class_="footnote")]
    assert [a.get_text() for a in links] == [f"¶ {n}" for n in range(1, count + 1)]
    for link in links:  # the number opens its own block: the first link inside it
        block = doc.select_one(link["href"])
        assert block.name in {"p", "li", "blockquote"} and block.select_one("a.ed-pnum") is link


def test_every_chapter_id_is_registered() -> None:
    result = subprocess.run([sys.executable, "scripts/register_ids.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


REGISTRY = "published:\n  index.md:\n  - t-p1\n  - t-p2\nretired:\n"
PAGE = "---\nchapter: {key: t, label: Tiny, style: apa}\ntitle: Tiny\n---\n\n# T\n\nOne.\n{: #t-p1 }\n\nThree.\n{: #t-p3 }\n"


def test_a_vanished_published_id_fails_the_build(tiny_site) -> None:
    build = tiny_site({"index.md": PAGE, "_data/published-ids.yml": REGISTRY + "  []\n"})
    assert build.returncode == 1
    assert build.warnings() == ["edition: docs/_data/published-ids.yml:4: published id 't-p2' no longer exists in "
                                "docs/index.md; restore it, or retire it with a successor"]


def test_a_retired_id_lands_on_its_successor(tiny_site) -> None:
    build = tiny_site({"index.md": PAGE, "_data/published-ids.yml": REGISTRY + "- id: t-p2\n  page: index.md\n  successor: t-p3\n"})
    assert build.returncode == 0, build.output
    successor = page(build.site, "index.html").select_one("#t-p3")
    alias = successor.select_one("span.ed-alias")
    assert (alias["id"], alias["data-successor"]) == ("t-p2", "t-p3")


def test_a_retired_id_needs_an_existing_successor(tiny_site) -> None:
    build = tiny_site({"index.md": PAGE, "_data/published-ids.yml": REGISTRY + "- id: t-p2\n  page: index.md\n  successor: t-p9\n"})
    assert build.returncode == 1
    assert build.warnings() == ["edition: docs/_data/published-ids.yml:6: retired id 't-p2' names a successor 't-p9' "
                                "that is not an id in docs/index.md"]


@pytest.mark.browser
def test_the_number_opens_the_cite_panel_with_every_format(server: str, browser_context) -> None:
    """The number opens the panel (tests/test_citing.py: nothing is copied until the reader asks)."""
    tab = browser_context().new_page()
    tab.goto(server + "/strategic-alignments/#b-p13")
    number = tab.locator("#b-p14 a.ed-pnum")
    number.focus()
    assert tab.evaluate("document.activeElement.textContent") == "¶ 14"
    tab.keyboard.press("Enter")
    tab.locator("#cite-panel").wait_for(state="visible")
    assert tab.get_attribute("#cite-panel", "role") == "dialog"
    expected = paracite.paragraph(_work("strategic-alignments", TITLE_B), 14, "para-14")
    for fmt, text in expected.items():
        tab.locator(f"#cite-panel input[value={fmt}]").check()
        assert tab.evaluate("document.querySelector('#cite-panel .cite-text').textContent") == text
    assert tab.evaluate("document.querySelector('#b-p14').classList.contains('is-target')")
    tab.keyboard.press("Escape")
    assert tab.locator("#cite-panel").is_hidden()
    assert tab.evaluate("document.activeElement.textContent") == "¶ 14"


@pytest.mark.browser
def test_copy_falls_back_when_the_clipboard_api_is_missing(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    tab.goto(server + "/strategic-alignments/")
    tab.click("#b-p14 a.ed-pnum")
    tab.get_by_role("button", name="Copy link").click()
    tab.wait_for_function("document.querySelector('.cite-status') && document.querySelector('.cite-status').textContent")
    assert tab.inner_text(".cite-status") in {"Link to ¶ 14 copied.", "Select the link and copy it."}


@pytest.mark.browser
@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_arriving_by_permalink_shows_the_paragraph_highlighted_below_the_header(server: str, browser_context, width: int, height: int) -> None:
    tab = browser_context(width=width, height=height).new_page()
    tab.goto(server + "/clandestine-cooperation/#a-p30")
    tab.wait_for_timeout(300)
    header = tab.locator("header.md-header").bounding_box()
    box = tab.locator("#a-p30").bounding_box()
    assert header is not None and box is not None
    assert header["y"] + header["height"] <= box["y"] < height
    assert tab.evaluate("document.querySelector('#a-p30').classList.contains('is-target')")


@pytest.mark.browser
def test_the_address_keeps_the_permalink_while_the_reader_scrolls(server: str, browser_context) -> None:
    """The address names what the reader followed, so copying it cites that paragraph, not a heading."""
    tab = browser_context().new_page()
    tab.goto(server + "/strategic-alignments/#b-p30")
    for _ in range(4):
        tab.mouse.wheel(0, 900)
        tab.wait_for_timeout(250)
    assert tab.evaluate("scrollY") > tab.evaluate("document.getElementById('b-p30').offsetTop") + 2000
    assert tab.url == server + "/strategic-alignments/#b-p30"


@pytest.mark.browser
def test_arrival_from_another_page_is_highlighted(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + "/bibliography/")
    tab.click("li#walt1988 .bib-places a:text('¶ 23')")
    tab.wait_for_url("**/strategic-alignments/#b-p23")
    tab.wait_for_function("document.querySelector('#b-p23') && document.querySelector('#b-p23').classList.contains('is-target')")
    box = tab.locator("#b-p23").bounding_box()
    assert box is not None and 0 < box["y"] < 800


@pytest.mark.browser
@pytest.mark.parametrize("path, target", [
    ("strategic-alignments", "b-p40"), ("strategic-alignments", "b-p70"), ("strategic-alignments", "b-ref10"),
    ("strategic-alignments", "b-ref50"), ("clandestine-cooperation", "fn-a30"), ("clandestine-cooperation", "a-bib24"),
    ("clandestine-cooperation", "a-p50")])
def test_on_a_phone_a_permalink_lands_on_its_block_and_stays(server: str, browser_context, path: str, target: str) -> None:
    """Phones skip rendering blocks far from the viewport (content-visibility): landing must not drift."""
    tab = browser_context(width=390, height=844).new_page()
    tab.goto(f"{server}/{path}/#{target}", wait_until="load")
    tab.wait_for_timeout(1000)  # the blocks around the target render and take their real heights
    header = tab.locator("header.md-header").bounding_box()
    top, scrolled, bottom = tab.evaluate(f"[document.getElementById('{target}').getBoundingClientRect().top, scrollY,"
                                         " document.documentElement.scrollHeight - innerHeight]")
    assert header is not None
    at_the_end = abs(scrolled - bottom) < 2  # the last blocks cannot scroll up to the header
    assert header["height"] <= top < header["height"] + 40 or (at_the_end and header["height"] <= top < 844), (top, scrolled, bottom)


@pytest.mark.browser
def test_on_a_phone_the_cite_panel_is_not_clipped(server: str, browser_context) -> None:
    tab = browser_context(width=390, height=844).new_page()
    tab.goto(server + "/strategic-alignments/#b-p20")
    tab.click("#b-p21 a.ed-pnum")
    tab.locator("#cite-panel").wait_for(state="visible")
    assert unclipped(tab, "#cite-panel", below=60)  # below Material's header
