"""Hover-cards and note previews, in Chromium: WCAG 2.2 SC 1.4.13 and the rest of the checklist."""

from __future__ import annotations

import gzip
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import ROOT, artifact, tap_when_still, unclipped
from tests.html import article

pytestmark = pytest.mark.browser
B = "/strategic-alignments/"
A = "/clandestine-cooperation/"
CARD = "#cite-preview"  # the card cards.js fills from a listed work's item
TRIGGER = "#b-p20 a.cite"  # (Walt, 1987, pp. 22–23)
UNLISTED = "#fn-a1 a.cite[href$='#gruen1981']"  # cited in paper A's note 1, listed in no paper's list


def _hidden(tab, selector: str) -> bool:
    """Hidden, or not made yet."""
    return tab.evaluate(f"!document.querySelector('{selector}') || document.querySelector('{selector}').hidden")


def _key(a) -> str:
    """A citation's work: the fragment of its address (its bibliography entry)."""
    return a["href"].rpartition("#")[2]


def _owner(a) -> str:
    """The id of the citable block holding a citation (a paragraph, list item, quotation or note)."""
    return next(p["id"] for p in a.parents if p.get("id"))


def _listed_in_source(slug: str) -> dict[str, str]:
    """The works a chapter's Markdown lists (``- @key`` with its id on the next line): key -> item id."""
    text = (ROOT / "docs" / f"{slug}.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^- @([\w:-]+)\n  \{: #([\w-]+) \}$", text, flags=re.M))


def test_each_cited_work_has_one_card_its_list_item_or_its_own(site: Path) -> None:
    for slug in ("strategic-alignments", "clandestine-cooperation"):
        doc = article(site, f"{slug}/index.html")
        listed = {key: doc.select_one(f"div.references li#{ident}") for key, ident in _listed_in_source(slug).items()}
        assert len(listed) > 30 and None not in listed.values()
        assert len(doc.select("div.references li")) == len(listed)  # every item of the lists, and only those
        cited: dict[str, set[str]] = {}
        for a in doc.select("a.cite"):
            cited.setdefault(_key(a), set()).add(_owner(a))
        cards = Counter(card["id"] for card in doc.select(".cite-card[id^='card-']"))
        assert set(cards) == {f"card-{k}" for k in cited if k not in listed} and set(cards.values()) <= {1}
        for a in doc.select("a.cite"):
            key = _key(a)
            if key in listed:  # described by the page's own list item, which says where the work is cited
                assert a["aria-describedby"] == listed[key]["id"]
            else:
                assert a["aria-describedby"] == f"card-{key}-ref" and doc.select_one(f"#card-{key}-ref").get_text().strip()
        for key, li in listed.items():
            lines = li.select(".ed-cited")
            assert len(lines) == 1 and li.contents[-1] is lines[0]  # one line, the item's last part
            here = {link["href"][1:] for link in lines[0].select("a") if link["href"].startswith("#")}
            assert here == cited.get(key, set()), key  # every block of this page citing the work, and only those
            if key not in cited and not lines[0].select("a"):
                assert lines[0].get_text() == "Not cited in the text."


def test_a_list_item_says_where_else_its_work_is_cited(site: Path) -> None:
    line = article(site, "strategic-alignments/index.html").select_one("#b-ref64 .ed-cited")  # Walt 1987
    assert line.get_text() == "Cited in ¶ 19, ¶ 20, ¶ 21, ¶ 22, ¶ 65; Paper A: note 23."
    assert [a["href"] for a in line.select("a")][-1] == "../clandestine-cooperation/#fn-a23"  # the 2013 printing, in note 23


def test_a_listed_works_card_shows_its_list_item(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + B + "#b-p19")
    tab.hover(TRIGGER)
    printed = next(line for line in (ROOT / "tests/sources/paper-b.txt").read_text(encoding="utf-8").splitlines()
                   if line.startswith("Walt, S. M. (1987)."))  # the item as paper B's reference list prints it
    assert tab.locator(CARD + " .card-ref").inner_text() == printed.replace("*", "")
    assert tab.locator(CARD + " .card-cited").inner_text() == "Cited in ¶ 19, ¶ 20, ¶ 21, ¶ 22, ¶ 65; Paper A: note 23."
    assert tab.get_attribute(CARD + " .card-links a", "href") == server + "/bibliography/#walt1987"
    assert tab.get_attribute(CARD, "aria-label") == "Walt, 1987, pp. 22–23"
    assert tab.evaluate("document.querySelectorAll('#cite-preview [id]').length") == 0  # a copy, not a second set of ids
    tab.hover("#b-p12 a.cite[href$='#kaye2011']")  # the same card, now another work's
    assert tab.locator(CARD + " .card-ref").inner_text().startswith("Kaye, D. D., Nader, A., & Roshan, P. (2011).")
    assert tab.locator(CARD + " .card-locator").inner_text() == "Cited here at p. 9."


def test_an_unlisted_works_card_is_built_with_the_page(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + A + "#fn-a1")
    tab.hover(UNLISTED)
    assert not _hidden(tab, "#card-gruen1981") and _hidden(tab, CARD)
    assert tab.locator("#card-gruen1981 .card-title").inner_text() == "Gruen, 1981"
    assert tab.locator("#card-gruen1981 .card-locator").inner_text() == "Cited here at p. 143."
    assert tab.locator("#card-gruen1981 .card-cited").inner_text() == "Cited in Paper A: note 1."


def test_the_budget_for_cards_and_notes_is_kept(site: Path) -> None:
    """What a reader downloads for cards and notes: the served (minified) files, gzip."""
    from macros.pages.assets import minify

    cards = minify("cards.js", (ROOT / "docs/assets/cards.js").read_text(encoding="utf-8"))
    added = len(gzip.compress(cards.encode("utf-8"), 9)) + len(gzip.compress((site / "assets/edition.css").read_bytes(), 9))
    assert added <= 5 * 1024, added


def test_the_edition_serves_its_own_assets_minified(site: Path) -> None:
    from macros.pages.assets import minify

    source = (ROOT / "docs/assets/edition.css").read_text(encoding="utf-8")
    served = (site / "assets/edition.css").read_text(encoding="utf-8")
    assert served == minify("edition.css", source) and len(served) < 0.8 * len(source)
    # The scripts are served as one, in the order mkdocs.yml's plugin lists them, and not one by one.
    parts = [(ROOT / "docs/assets" / name).read_text(encoding="utf-8") for name in ("cards.js", "permalinks.js", "place.js", "reading.js")]
    served = (site / "assets/edition.js").read_text(encoding="utf-8")
    assert served == "".join(minify("x.js", part).rstrip(";\n") + ";\n" for part in parts)
    assert len(served) < 0.8 * sum(map(len, parts))
    assert not any((site / "assets" / name).exists() for name in ("cards.js", "permalinks.js", "place.js", "reading.js"))
    # A descendant combinator before a pseudo-class survives: ".a :is(p)" is not ".a:is(p)".
    assert minify("x.css", ".md-typeset :is(p, li) a:not(.x) { color: red; }  /* note */") == ".md-typeset :is(p,li) a:not(.x){color:red}"
    assert minify("x.js", "const a = 1;  // note\nlet b = a + 1;") == "const a=1;let b=a+1"
    # A script's own local names are shortened; what it shares with the page (window.x) is not.
    assert minify("x.js", "(() => { const long = 1; let other = long + 1; window.x = other; })();") == "(()=>{const e=1;let t=e+1;window.x=t})()"


def test_a_script_that_cannot_be_parsed_stops_the_build_naming_it() -> None:
    from mkdocs.exceptions import PluginError

    from macros.pages.assets import minify

    with pytest.raises(PluginError, match=r"^edition: docs/assets/cards\.js: cannot be minified: unexpected ; in expression on line 1 and column 12"):
        minify("assets/cards.js", "const x = (;")


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
    assert tab.evaluate("document.activeElement.closest('.cite-card') && document.activeElement.closest('.cite-card').id") == "cite-preview"
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


@pytest.mark.parametrize("page, trigger, card", [(B, TRIGGER, CARD), (B, "#b-p11 a.cite[href$='#sen2016']", CARD),
                                                (A, UNLISTED, "#card-gruen1981")])
def test_tap_opens_a_card_inside_a_phone_viewport(server: str, browser_context, page: str, trigger: str, card: str) -> None:
    tab = browser_context(width=390, height=844, touch=True).new_page()
    tab.goto(server + page)
    tap_when_still(tab, trigger)
    assert not _hidden(tab, card)
    assert tab.url == server + page  # the first tap shows the card instead of following the link
    box = tab.locator(card).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert unclipped(tab, card)  # its paragraph skips rendering when off screen, never while it holds the card
    tab.screenshot(path=str(artifact(f"card-phone{trigger.rpartition('#')[2].strip(chr(39) + ']') if '$=' in trigger else ''}.png")))
    tap_when_still(tab, trigger)  # a second tap follows the link to the bibliography
    tab.wait_for_url("**/bibliography/#*")


def test_cards_work_after_following_the_navigation_from_another_page(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + "/")
    tab.click("nav.md-nav a[href$='strategic-alignments/']")
    tab.wait_for_url("**" + B)
    assert tab.evaluate("document.querySelectorAll('script[src$=\"edition.js\"]').length") == 1
    tab.hover(TRIGGER)
    assert not _hidden(tab, CARD)
    tab.keyboard.press("Escape")
    assert _hidden(tab, CARD)


def test_without_javascript_a_citation_is_a_working_link(server: str, browser_context) -> None:
    tab = browser_context(javascript=False).new_page()
    tab.goto(server + B)
    assert tab.locator(".cite-card:visible").count() == 0
    assert tab.locator("#b-ref64 .ed-cited").is_visible()  # where the work is cited, in the list itself
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


GLOSS = "#b-p12 a.gloss"  # “unofficial marriage”


def test_a_glossary_term_previews_its_definition_on_hover_and_closes_with_escape(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + B + "#b-p12")
    loads = []
    tab.on("request", lambda r: loads.append(r.url) if r.url.endswith("terms.json") else None)
    tab.hover(GLOSS)
    preview = tab.locator("#gloss-preview")
    preview.wait_for(state="visible", timeout=5_000)  # the first term fetches the glossary's terms.json
    assert tab.locator("#gloss-preview .card-title").inner_text() == "“Unofficial marriage”"
    assert tab.locator("#gloss-preview .card-ref").inner_text().startswith("The literature's characterisation")
    assert tab.get_attribute("#gloss-preview .card-links a", "href") == server + "/glossary/#unofficial-marriage"
    assert tab.get_attribute("#gloss-preview", "role") == "dialog" and tab.get_attribute("#gloss-preview", "aria-label") == "“Unofficial marriage”"
    tab.keyboard.press("Escape")
    assert preview.is_hidden()
    tab.focus(GLOSS)  # keyboard focus opens it too
    assert preview.is_visible()
    assert tab.get_attribute(GLOSS, "aria-description").startswith("The literature's characterisation")  # read with the term
    tab.hover("#b-p2 a.gloss")  # another term: at once, from the terms already fetched
    assert preview.is_visible() and tab.locator("#gloss-preview .card-title").inner_text() == "Balance of threat"
    assert loads == [server + "/glossary/terms.json"]


def test_a_glossary_term_opens_on_tap_and_a_second_tap_follows_it(server: str, browser_context) -> None:
    tab = browser_context(width=390, height=844, touch=True).new_page()
    tab.goto(server + B)
    tap_when_still(tab, GLOSS)
    tab.locator("#gloss-preview").wait_for(state="visible", timeout=5_000)
    assert tab.url == server + B  # not followed
    assert unclipped(tab, "#gloss-preview")
    tap_when_still(tab, GLOSS)
    tab.wait_for_url("**/glossary/#unofficial-marriage")


def test_editors_note_previews_and_closes_with_escape(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + A + "#a-p40")
    tab.hover("#edref-ed-a-baku")
    preview = tab.locator("#note-preview")
    assert preview.is_visible()
    assert preview.inner_text().strip() == "So printed (“is has”); the author presumably meant “has”."
    number = tab.evaluate("[...document.querySelectorAll('a.ed-noteref')].findIndex((a) => a.id === 'edref-ed-a-baku')") + 1
    assert tab.get_attribute("#note-preview", "aria-label") == f"Ed. {number}"  # the editor's notes in page order
    tab.keyboard.press("Escape")
    assert preview.is_hidden()


MARK = "#b-p18 a.ed-mark"  # b-e02: the paragraph rejoined across a page break


def test_an_emendation_mark_says_what_was_done_on_hover_and_focus(server: str, browser_context) -> None:
    tab = browser_context().new_page()
    tab.goto(server + B + "#b-p18")
    tab.hover(MARK)
    preview = tab.locator("#mark-preview")
    assert preview.is_visible()
    assert tab.locator("#mark-preview .card-title").inner_text() == "Emendation b-e02"
    assert tab.locator("#mark-preview .card-ref").inner_text() == "Paragraph rejoined across a page break."
    assert tab.get_attribute("#mark-preview .card-links a", "href") == server + "/emendations/#b-e02"
    assert tab.get_attribute("#mark-preview", "role") == "dialog" and tab.get_attribute("#mark-preview", "aria-label") == "Emendation b-e02"
    tab.keyboard.press("Escape")
    assert preview.is_hidden()
    tab.focus(MARK)  # the keyboard gets what a title's tooltip only gave the mouse
    assert preview.is_visible() and tab.get_attribute(MARK, "aria-expanded") == "true"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.closest('#mark-preview') !== null")
    tab.keyboard.press("Escape")
    assert preview.is_hidden() and tab.evaluate(f"document.activeElement === document.querySelector('{MARK}')")


def test_an_emendation_mark_is_one_labelled_link(site: Path) -> None:
    doc = article(site, "strategic-alignments/index.html")
    marks = doc.select("a.ed-mark")
    assert len(marks) == 45
    # A supplied heading's mark follows its words, before the heading's own permalink (#).
    assert [a["class"] for a in doc.select_one("h2#b-notes").select("a")] == [["ed-mark"], ["headerlink"]]
    for mark in marks:  # its label is read and shown; a title would repeat it in the page
        assert mark.get_text() == "†" and mark.get("title") is None
        assert re.fullmatch(r"Emendation: [a-z ]+", mark["aria-label"]) and re.fullmatch(r"\.\./emendations/#b-e\d\d", mark["href"])
    assert doc.select_one("#b-p18 a.ed-mark")["aria-label"] == "Emendation: paragraph rejoined across a page break"
