"""Hover-cards and note previews, in Chromium: WCAG 2.2 SC 1.4.13 and the rest of the checklist."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT, artifact, unclipped
from tests.html import article

pytestmark = pytest.mark.browser
B = "/strategic-alignments/"
A = "/clandestine-cooperation/"
CARD = "#card-walt1987"
TRIGGER = "#b-p20 a.cite"  # (Walt, 1987, pp. 22–23)


def _hidden(tab, selector: str) -> bool:
    return tab.evaluate(f"document.querySelector('{selector}').hidden")


def test_one_card_per_cited_work_per_page(site: Path) -> None:
    for path in ("strategic-alignments/index.html", "clandestine-cooperation/index.html"):
        doc = article(site, path)
        cited = {a["data-key"] for a in doc.select("a.cite")}
        cards = Counter(card["id"] for card in doc.select(".cite-card[id^='card-']"))  # glossary cards are gloss-…
        assert set(cards) == {f"card-{k}" for k in cited} and set(cards.values()) == {1}
        listed = {li["id"]: li for li in doc.select("div.references li[id]")}
        for a in doc.select("a.cite"):
            # Described by the reference itself: the item of the page's own list, or (unlisted) the card's copy.
            card_ref = doc.select_one(f"#card-{a['data-key']} .card-ref")
            if card_ref.has_attr("data-from"):
                assert a["aria-describedby"] == card_ref["data-from"] and a["aria-describedby"] in listed
                assert card_ref.get_text() == ""  # no second copy in the page: cards.js copies the item in
            else:
                assert a["aria-describedby"] == card_ref["id"] == f"card-{a['data-key']}-ref" and card_ref.get_text().strip()


def test_a_listed_works_card_shows_its_list_item(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + B + "#b-p19")
    tab.hover(TRIGGER)
    item = tab.evaluate("document.getElementById(document.querySelector('#card-walt1987 .card-ref').dataset.from).textContent")
    assert tab.locator(CARD + " .card-ref").inner_text() == "Walt, S. M. (1987). The origins of alliances. Cornell University Press."
    assert item.startswith("Walt, S. M. (1987). The origins of alliances. Cornell University Press.")
    assert tab.evaluate("document.querySelectorAll('#card-walt1987 [id]').length") == 1  # the card's title only


def test_the_budget_for_cards_and_notes_is_kept(site: Path) -> None:
    """What a reader downloads for cards and notes: the served (minified) files, gzip."""
    added = sum(len(gzip.compress((site / "assets" / name).read_bytes(), 9)) for name in ("cards.js", "edition.css"))
    assert added <= 5 * 1024, added


def test_the_edition_serves_its_own_assets_minified(site: Path) -> None:
    from macros.plugin import minify

    for name in ("cards.js", "permalinks.js", "palette.js", "edition.css"):
        source = (ROOT / "docs/assets" / name).read_text(encoding="utf-8")
        served = (site / "assets" / name).read_text(encoding="utf-8")
        assert served == minify(name, source) and len(served) < 0.8 * len(source), name
    # A descendant combinator before a pseudo-class survives: ".a :is(p)" is not ".a:is(p)".
    assert minify("x.css", ".md-typeset :is(p, li) a:not(.x) { color: red; }  /* note */") == ".md-typeset :is(p,li) a:not(.x){color:red}"
    assert minify("x.js", "const a = 1;  // note\nlet b = a + 1;") == "const a=1;let b=a+1;"


def test_hover_opens_and_moving_onto_the_card_keeps_it(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + B + "#b-p19")
    tab.hover(TRIGGER)
    assert not _hidden(tab, CARD)
    assert tab.locator(CARD + " .card-locator").inner_text() == "Cited here at pp. 22–23."
    tab.screenshot(path=str(artifact("card-open.png")))
    tab.hover(CARD + " .card-ref")  # hoverable: the pointer can move onto the card
    tab.wait_for_timeout(500)
    assert not _hidden(tab, CARD)
    tab.hover("#b-p60")  # persistent until the pointer leaves both
    tab.wait_for_timeout(500)
    assert _hidden(tab, CARD)


def test_keyboard_focus_opens_escape_closes_and_focus_stays(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + B + "#b-p19")
    tab.focus(TRIGGER)
    assert not _hidden(tab, CARD)
    assert tab.get_attribute(TRIGGER, "aria-expanded") == "true"
    tab.keyboard.press("Tab")  # the card's first link follows its trigger in the tab order
    assert tab.evaluate("document.activeElement.closest('.cite-card') && document.activeElement.closest('.cite-card').id") == "card-walt1987"
    tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("Escape")
    assert _hidden(tab, CARD)
    assert tab.evaluate("document.activeElement === document.querySelector('#b-p20 a.cite')")


def test_opening_a_card_shifts_no_text(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + B + "#b-p19")
    before = tab.evaluate("[...document.querySelectorAll('#b-p20, #b-p21, #b-p22')].map(e => JSON.stringify(e.getBoundingClientRect()))")
    tab.hover(TRIGGER)
    after = tab.evaluate("[...document.querySelectorAll('#b-p20, #b-p21, #b-p22')].map(e => JSON.stringify(e.getBoundingClientRect()))")
    assert before == after


@pytest.mark.parametrize("trigger, card", [(TRIGGER, CARD), ("#b-p11 a.cite[data-key=sen2016]", "#card-sen2016")])
def test_tap_opens_a_card_inside_a_phone_viewport(server: str, browser_context, trigger: str, card: str) -> None:
    tab = browser_context(width=390, height=844, touch=True).new_page()
    tab.goto(server + B)
    tab.tap(trigger)
    assert not _hidden(tab, card)
    assert tab.url == server + B  # the first tap shows the card instead of following the link
    box = tab.locator(card).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert unclipped(tab, card)  # its paragraph skips rendering when off screen, never while it holds the card
    tab.screenshot(path=str(artifact("card-phone.png")))
    tab.tap(trigger)  # a second tap follows the link to the bibliography
    tab.wait_for_url("**/bibliography/#*")


def test_cards_work_after_following_the_navigation_from_another_page(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + "/")
    tab.click("nav.md-nav a[href$='strategic-alignments/']")
    tab.wait_for_url("**" + B)
    assert tab.evaluate("document.querySelectorAll('script[src$=\"cards.js\"]').length") == 1
    tab.hover(TRIGGER)
    assert not _hidden(tab, CARD)
    tab.keyboard.press("Escape")
    assert _hidden(tab, CARD)


def test_without_javascript_a_citation_is_a_working_link(server: str, browser_context) -> None:
    tab = browser_context(javascript=False).new_page()
    tab.goto(server + B)
    assert tab.locator(CARD).is_hidden()
    tab.click(TRIGGER)
    tab.wait_for_url("**/bibliography/#walt1987")
    assert tab.locator("#walt1987").is_visible()


def test_note_preview_opens_on_hover_and_closes_with_escape(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + A + "#a-p37")
    tab.hover("#fnref-a34 a")
    preview = tab.locator("#note-preview")
    assert preview.is_visible()
    assert preview.inner_text().startswith("Mohammed E. Ahrari")
    assert tab.get_attribute("#note-preview", "aria-label") == "Note 34"
    tab.keyboard.press("Escape")
    assert preview.is_hidden()


def test_cards_are_not_printed(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + B + "#b-p19")
    tab.hover(TRIGGER)
    tab.emulate_media(media="print")
    assert tab.evaluate(f"getComputedStyle(document.querySelector('{CARD}')).display") == "none"


def test_editors_note_previews_and_closes_with_escape(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + A + "#a-p40")
    tab.hover("#edref-ed-a-baku")
    preview = tab.locator("#note-preview")
    assert preview.is_visible()
    assert preview.inner_text().strip() == "So printed (“is has”); the author presumably meant “has”."
    assert tab.get_attribute("#note-preview", "aria-label") == "Ed. 9"
    tab.keyboard.press("Escape")
    assert preview.is_hidden()
