"""The authors' notes keep their printed numbers and link both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.html import article

PAPER_A = "clandestine-cooperation/index.html"
PAPER_B = "strategic-alignments/index.html"
PRINTED_A = [str(n) for n in range(1, 44) if n != 33]  # the source has no note 33


@pytest.mark.parametrize("path, printed", [(PAPER_A, PRINTED_A), (PAPER_B, ["1"])])
def test_note_references_show_the_printed_numbers(site: Path, path: str, printed: list[str]) -> None:
    refs = article(site, path).select("sup > a.footnote-ref")
    assert [a.get_text() for a in refs] == printed


@pytest.mark.parametrize("path, printed", [(PAPER_A, PRINTED_A), (PAPER_B, ["1"])])
def test_note_list_shows_the_printed_numbers(site: Path, path: str, printed: list[str]) -> None:
    items = article(site, path).select("div.footnote > ol > li")
    assert [li["value"] for li in items] == printed


@pytest.mark.parametrize("path", [PAPER_A, PAPER_B])
def test_notes_link_both_ways(site: Path, path: str) -> None:
    doc = article(site, path)
    refs = doc.select("sup > a.footnote-ref")
    assert refs
    for a in refs:
        note = doc.select_one(f"li[id='{a['href'][1:]}']")
        assert note is not None, a["href"]
        back = note.select_one("a.footnote-backref")
        assert back is not None and back["href"] == f"#{a.parent['id']}"
        assert back["title"] == f"Back to the reference to note {a.get_text()}"


def test_note_34_follows_note_32_in_the_text(site: Path) -> None:
    doc = article(site, PAPER_A)
    ref = doc.select_one("#fnref-a34")
    assert ref is not None and ref.get_text() == "34"
    assert ref.find_parent("p")["id"] == "a-p37"
    assert doc.select_one("#fn-a34")["value"] == "34"


@pytest.mark.browser
def test_following_a_note_and_its_back_link_in_chromium(server: str, browser_context) -> None:
    ctx = browser_context()
    tab = ctx.new_page()
    tab.goto(f"{server}/clandestine-cooperation/")
    tab.click("#fnref-a34 a")
    tab.wait_for_function("location.hash === '#fn-a34'")
    assert tab.locator("#fn-a34").is_visible()
    # The printed number, shown once: the note's own number (a link to cite it), not a list marker beside it.
    assert tab.evaluate("getComputedStyle(document.querySelector('#fn-a34')).listStyleType") == "none"
    assert tab.locator("#fn-a34 a.ed-pnum").inner_text() == "34." and tab.locator("#fn-a34 a.ed-pnum").is_visible()
    tab.click("#fn-a34 a.footnote-backref")
    tab.wait_for_function("location.hash === '#fnref-a34'")
    box = tab.locator("#fnref-a34").bounding_box()
    assert box is not None and 0 <= box["y"] < 900
