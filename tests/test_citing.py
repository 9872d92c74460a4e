"""Citing (issue 15): numbers and addresses agree, a visible and named Cite, copying only when asked,
a readable panel on a phone, and what a journal's page shows above an article."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from macros import offline
from macros.site import paragraph_citations as paracite
from tests.conftest import ROOT, artifact, tap_when_still, unclipped
from tests.html import article, page

A, B = "/clandestine-cooperation/", "/strategic-alignments/"
SITE_URL = "http://127.0.0.1:8000/"
EDITION = "Iran's Alliances: A Digital Edition"
PHONE = dict(width=390, height=844, touch=True)
DESKTOP = dict(width=1280, height=900)
APPARATUS = ["index.html", "bibliography/index.html", "index-of-names/index.html", "glossary/index.html", "timeline/index.html",
             "concordance/index.html", "emendations/index.html", "source-audit/index.html", "about/index.html"]


def _published() -> set[str]:
    data = yaml.safe_load((ROOT / "docs/_data/published-ids.yml").read_text(encoding="utf-8"))
    return {ident for ids in data["published"].values() for ident in ids}


# ----- 5. Numbers and addresses agree

@pytest.mark.parametrize("slug", ["clandestine-cooperation", "strategic-alignments"])
def test_each_paragraph_number_is_an_address(site: Path, slug: str) -> None:
    """'¶ 42' is reached at #para-42, on the block the number belongs to; the published id stays."""
    doc = article(site, f"{slug}/index.html")
    numbers = [a for a in doc.select("a.ed-pnum") if a.get_text().startswith("¶")]
    assert len(numbers) > 50
    for a in numbers:
        n = a.get_text().removeprefix("¶ ")
        assert a["id"] == f"para-{n}"
        block = doc.select_one(a["href"])
        assert block is not None and block.select_one("a.ed-pnum") is a
    if slug == "clandestine-cooperation":
        assert doc.select_one("#para-42")["href"] == "#a-p39"  # the published id is kept, and reached from its number


def test_the_registry_keeps_the_numbering() -> None:
    """The numbers readers cite are published: the registry lists each chapter's numbered blocks in order,
    and it is what the build numbers (read here without building)."""
    data = yaml.safe_load((ROOT / "docs/_data/published-ids.yml").read_text(encoding="utf-8"))
    for chapter in offline.chapters(ROOT):
        numbered = offline.numbered((ROOT / chapter.file).read_text(encoding="utf-8"))
        assert data["numbers"][chapter.page] == numbered


def test_the_built_numbering_is_the_registered_one(site: Path) -> None:
    data = yaml.safe_load((ROOT / "docs/_data/published-ids.yml").read_text(encoding="utf-8"))
    for chapter in offline.chapters(ROOT):
        doc = article(site, f"{chapter.url}index.html")
        built = [a["href"][1:] for a in doc.select("a.ed-pnum[id]")]
        assert built == data["numbers"][chapter.page]


REGISTRY = "published:\n  index.md:\n  - t-p1\n  - t-p2\n  - t-p3\nretired: []\nnumbers:\n  index.md:\n  - t-p1\n  - t-p2\n  - t-p3\n"
PAGE = "---\nchapter: {key: t, label: Tiny, style: apa}\ntitle: Tiny\n---\n\n# T\n\nBODY\n"


def test_a_block_that_moves_a_published_number_fails_the_build(tiny_site) -> None:
    moved = PAGE.replace("BODY", "One.\n{: #t-p1 }\n\nNew.\n{: #t-p9 }\n\nTwo.\n{: #t-p2 }\n\nThree.\n{: #t-p3 }")
    build = tiny_site({"index.md": moved, "_data/published-ids.yml": REGISTRY})
    assert build.returncode == 1
    assert build.warnings() == ["edition: docs/_data/published-ids.yml:10: ¶ 2 of docs/index.md was 't-p2' and is now 't-p9': "
                                "citations of ¶ 2 (#para-2) would move; keep the numbered blocks in their order and number "
                                "new ones after the last"]


def test_a_block_numbered_after_the_last_is_welcome(tiny_site) -> None:
    appended = PAGE.replace("BODY", "One.\n{: #t-p1 }\n\nTwo.\n{: #t-p2 }\n\nThree.\n{: #t-p3 }\n\nNew.\n{: #t-p9 }")
    build = tiny_site({"index.md": appended, "_data/published-ids.yml": REGISTRY})
    assert build.returncode == 0, build.output


def test_an_id_that_looks_like_a_numbers_address_fails_the_build(tiny_site) -> None:
    build = tiny_site({"index.md": PAGE.replace("BODY", "One.\n{: #para-1 }")})
    assert build.returncode == 1
    assert "edition: docs/index.md:9: id 'para-1' is reserved: '#para-12' is the address of ¶ 12 (choose another id)" in build.warnings()


@pytest.mark.parametrize("path", APPARATUS)
def test_apparatus_pages_name_paragraphs_as_readers_see_them(site: Path, path: str) -> None:
    """No page prints a block's raw id ("a-p39") where readers see "¶ 42"; ids are in addresses only."""
    published = _published()
    text = article(site, path).get_text(" ")
    raw = sorted({token for token in re.findall(r"[A-Za-z][\w-]*[A-Za-z0-9]", text) if token in published})
    assert raw == []


def test_editorial_text_links_each_block_it_names_by_its_number(site: Path) -> None:
    note = article(site, "timeline/index.html").select_one("li#pahlavi-founding-1925 .note")
    assert [(a.get_text(), a["href"]) for a in note.select("a")][:2] == [("¶ 2", "../strategic-alignments/#b-p2"),
                                                                         ("¶ 8", "../strategic-alignments/#b-p8")]
    gloss = article(site, "index-of-names/index.html").select_one("dt#abbas-ibn-ali + dd")
    assert gloss.get_text().startswith("Son of Ali, venerated in Shi'a Islam; one of the figures the Shah claimed to have seen (¶ 26).")
    assert gloss.select_one("a")["href"] == "../clandestine-cooperation/#a-p26"
    head = article(site, "emendations/index.html").select_one("li#a-e04 .emendation-head a")
    assert head.get_text() == "Paper A, note 4" and head["href"] == "../clandestine-cooperation/#fn-a4"


@pytest.mark.browser
@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_numbers_address_lands_on_its_paragraph(server: str, browser_context, screen: dict, javascript: bool) -> None:
    tab = browser_context(**screen, javascript=javascript).new_page()
    tab.goto(server + A + "#para-42", wait_until="load")
    tab.wait_for_timeout(1000)
    header = tab.locator("header.md-header").bounding_box()
    box = tab.locator("#a-p39").bounding_box()
    assert header is not None and box is not None
    assert header["y"] + header["height"] - 8 <= box["y"] < header["height"] + 80, box
    assert tab.locator("#a-p39 a.ed-pnum").inner_text() == "¶ 42"
    outline = tab.evaluate("getComputedStyle(document.getElementById('a-p39')).outlineStyle")
    assert outline == "solid"  # highlighted as a paragraph reached by its permalink


# ----- 6. Citing is visible, named, and copies only when asked

def _clipboard(tab) -> str:
    return tab.evaluate("navigator.clipboard.readText()")


@pytest.mark.browser
def test_the_cite_panel_copies_only_on_an_explicit_copy(server: str, browser_context) -> None:
    ctx = browser_context(**DESKTOP)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    tab = ctx.new_page()
    tab.goto(server + B + "#b-p13")
    tab.evaluate("navigator.clipboard.writeText('the reader\\'s own clipboard')")
    number = tab.locator("#b-p14 a.ed-pnum")
    number.focus()
    assert tab.evaluate("document.activeElement.getAttribute('aria-label')") == "Cite paragraph 14"
    assert tab.evaluate("getComputedStyle(document.activeElement, '::before').content") == '"Cite"'  # shown on focus
    tab.keyboard.press("Enter")
    tab.locator("#cite-panel").wait_for(state="visible")
    assert tab.locator("#cite-panel-title").inner_text() == "Cite ¶ 14"
    assert _clipboard(tab) == "the reader's own clipboard"  # opening copies nothing
    expected = paracite.paragraph(paracite.work_of(next(c for c in offline.chapters(ROOT) if c.key == "b"), EDITION,
                                                   f"{SITE_URL}strategic-alignments/"), 14, "para-14")
    assert tab.locator("#cite-panel .cite-text").count() == 1  # one format at a time: the reader picks
    assert tab.locator("#cite-panel .cite-text").inner_text() == expected["chicago"]
    tab.get_by_role("button", name="Copy the Chicago citation").click()
    tab.wait_for_function("document.querySelector('.cite-status').textContent")
    assert _clipboard(tab) == expected["chicago"] and tab.inner_text(".cite-status") == "Chicago citation copied."
    for name, fmt in [("APA", "apa"), ("MLA", "mla"), ("BibTeX", "bibtex"), ("RIS", "ris")]:
        tab.get_by_role("radio", name=name).check()
        assert tab.locator("#cite-panel .cite-text").inner_text() == expected[fmt]
    tab.get_by_role("button", name="Copy link").click()
    tab.wait_for_function("document.querySelector('.cite-status').textContent.startsWith('Link')")
    assert _clipboard(tab) == f"{SITE_URL}strategic-alignments/#para-14"  # the address that names the number
    assert tab.url.endswith("#para-14")
    tab.keyboard.press("Escape")
    assert tab.locator("#cite-panel").is_hidden()
    assert tab.evaluate("document.activeElement.textContent") == "¶ 14"
    tab.reload()
    tab.locator("#b-p14 a.ed-pnum").click()
    assert tab.get_by_role("radio", name="RIS").is_checked()  # the reader's format is remembered


@pytest.mark.browser
def test_a_notes_number_cites_the_note(server: str, browser_context) -> None:
    tab = browser_context(**DESKTOP).new_page()
    tab.goto(server + A + "#fn-a34")
    number = tab.locator("#fn-a34 a.ed-pnum")
    assert number.inner_text() == "34."
    number.click()
    assert tab.locator("#cite-panel-title").inner_text() == "Cite note 34"
    assert tab.locator("#cite-panel .cite-text").inner_text().endswith(", n. 34. http://127.0.0.1:8000/clandestine-cooperation/#fn-a34.")


BREAKS = """() => {
    // Where the citation's lines break inside its address: each break must follow a slash or precede the fragment.
    const text = document.querySelector('#cite-panel .cite-text');
    const url = text.querySelector('.cite-url');
    const walker = document.createTreeWalker(url, NodeFilter.SHOW_TEXT);
    const chars = [];
    for (let node; (node = walker.nextNode());) {
        for (let i = 0; i < node.length; i++) {
            const range = document.createRange();
            range.setStart(node, i); range.setEnd(node, i + 1);
            const r = range.getClientRects()[0];
            if (r) chars.push([node.data[i], Math.round(r.top)]);
        }
    }
    const bad = [];
    for (let i = 1; i < chars.length; i++) {
        if (chars[i][1] > chars[i - 1][1] + 2 && chars[i - 1][0] !== '/' && chars[i][0] !== '#') bad.push(chars.slice(Math.max(0, i - 5), i + 5).map(c => c[0]).join(''));
    }
    return {lines: new Set(chars.map(c => c[1])).size, bad, font: getComputedStyle(text).fontFamily};
}"""


@pytest.mark.browser
def test_the_cite_panel_is_readable_on_a_phone(server: str, browser_context) -> None:
    tab = browser_context(**PHONE).new_page()
    tab.goto(server + B + "#b-p20")
    tap_when_still(tab, "#b-p21 a.ed-pnum")
    tab.locator("#cite-panel").wait_for(state="visible")
    assert unclipped(tab, "#cite-panel", below=60)
    found = tab.evaluate(BREAKS)
    assert found["bad"] == [], found  # no address broken mid-word
    assert "monospace" not in found["font"].lower() and "mono" not in found["font"].lower(), found  # the text's own type
    box = tab.locator("#cite-panel").bounding_box()
    assert box is not None and box["height"] < 844 * 0.6  # concise: one format, chosen by the reader
    assert tab.locator("#cite-panel").get_by_role("radio").count() == 5
    tab.screenshot(path=str(artifact("cite-panel-phone.png")))


# ----- 9. What a journal's page shows above an article

def _about(site: Path, slug: str):
    doc = article(site, f"{slug}/index.html")
    block = doc.select_one("h1 + section.ed-about")
    assert block is not None
    return dict(zip([dt.get_text() for dt in block.select("dt")], block.select("dd"))), block


def test_a_chapter_opens_with_its_author_source_licence_and_citation(site: Path) -> None:
    meta, block = _about(site, "strategic-alignments")
    assert meta["Author"].get_text() == "Kerem Türk, Shahid Beheshti University (ORCID 0000-0002-8296-9098)"
    assert meta["First published in"].get_text() == "İran Çalışmaları Dergisi (no date stated in the source)"
    licence = meta["Licence"].select_one("a")
    assert (licence.get_text(), licence["href"]) == ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/")
    assert block.select_one("button.ed-cite-chapter").get_text() == "Cite"
    files = {a.get_text(): a["href"] for a in block.select("a[download]")}
    assert files == {"BibTeX": "../downloads/strategic-alignments.bib", "RIS": "../downloads/strategic-alignments.ris"}
    bib = (site / "downloads/strategic-alignments.bib").read_text(encoding="utf-8")
    work = paracite.work_of(next(c for c in offline.chapters(ROOT) if c.key == "b"), EDITION, f"{SITE_URL}strategic-alignments/")
    assert bib == paracite.chapter(work)["bibtex"] + "\n" and "author = {Türk, Kerem}" in bib
    from pybtex.database import parse_string

    assert parse_string(bib, "bibtex").entries["b-chapter"].fields["booktitle"] == "{Iran's Alliances: A Digital Edition}"
    assert (site / "downloads/strategic-alignments.ris").read_text(encoding="utf-8").startswith("TY  - CHAP\nAU  - Türk, Kerem\n")


def test_paper_a_says_what_its_source_does_not(site: Path) -> None:
    meta, _ = _about(site, "clandestine-cooperation")
    assert {k: v.get_text() for k, v in meta.items()} == {"Author": "Not named in the source", "First published in": "Not named in the source",
                                                          "Licence": "Not stated in the source"}
    assert "author" not in (site / "downloads/clandestine-cooperation.bib").read_text(encoding="utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_cite_button_cites_the_chapter(server: str, browser_context, screen: dict) -> None:
    tab = browser_context(**screen).new_page()
    tab.goto(server + B)
    button = tab.get_by_role("button", name="Cite", exact=True)
    assert button.is_visible()
    tab.screenshot(path=str(artifact(f"chapter-top-{screen['width']}.png")))
    box = button.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24
    if screen is PHONE:
        button.tap()
    else:
        button.click()
    tab.locator("#cite-panel").wait_for(state="visible")
    assert tab.locator("#cite-panel-title").inner_text() == "Cite this chapter"
    assert tab.locator("#cite-panel .cite-text").inner_text().startswith("Türk, Kerem. “Strategic Alignments Under Fire")
    assert "¶" not in tab.locator("#cite-panel .cite-text").inner_text()
    assert unclipped(tab, "#cite-panel", below=60)
    tab.screenshot(path=str(artifact(f"chapter-top-cite-{screen['width']}.png")))


@pytest.mark.browser
def test_without_javascript_the_downloads_remain_and_no_dead_button_shows(server: str, browser_context) -> None:
    tab = browser_context(javascript=False).new_page()
    tab.goto(server + A)
    assert tab.locator("section.ed-about a[download]").count() == 2
    assert tab.locator("section.ed-about button:visible").count() == 0
    tab.screenshot(path=str(artifact("chapter-top-nojs.png")))


@pytest.mark.parametrize("path", [p for p in APPARATUS] + ["clandestine-cooperation/index.html", "strategic-alignments/index.html"])
def test_every_page_has_its_own_description_and_opengraph(site: Path, path: str) -> None:
    doc = page(site, path)
    description = doc.select_one("meta[name=description]")["content"]
    og = {m["property"]: m["content"] for m in doc.select("meta[property^='og:']")}
    assert og["og:description"] == description and 20 < len(description) <= 300
    assert og["og:url"] == doc.select_one("link[rel=canonical]")["href"]
    assert og["og:site_name"] == EDITION and og["og:title"]
    assert og["og:type"] == ("article" if path.startswith(("clandestine", "strategic")) else "website")
    if path != "index.html":
        home = page(site, "index.html").select_one("meta[name=description]")["content"]
        assert description != home  # the page's own, not the site's


def test_descriptions_of_chapters_are_their_abstracts(site: Path) -> None:
    b = page(site, "strategic-alignments/index.html").select_one("meta[name=description]")["content"]
    assert b.startswith("This study investigates Iran's alliance strategies during the Pahlavi era") and b.endswith("…")


def test_the_home_page_is_the_edition_a_collection(site: Path) -> None:
    doc = page(site, "index.html")
    assert doc.select("meta[name^='citation_']") == []  # not an anonymous scholarly article
    data = json.loads(doc.select_one("script[type='application/ld+json']").string)
    assert data["@type"] == "Collection" and data["name"] == EDITION and data["url"] == SITE_URL
    chapters = offline.chapters(ROOT)
    order = [c.url for c in chapters]
    assert sorted(part["@id"] for part in data["hasPart"]) == sorted(SITE_URL + url for url in order)
    assert {part["name"] for part in data["hasPart"]} == {c.title for c in chapters}
