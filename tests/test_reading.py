"""Reading on a phone and by keyboard (issue 15): the authors' list numbers, the reader's place,
the way into every card, figures that fit, and an apparatus that stays quieter than the text."""

from __future__ import annotations

import pytest

from tests.conftest import artifact, tap_when_still, wait_until_still

pytestmark = pytest.mark.browser
A = "/clandestine-cooperation/"
B = "/strategic-alignments/"
PHONE = dict(width=390, height=844, touch=True)
TABLET = dict(width=1000, height=900)
DESKTOP = dict(width=1280, height=900)
WIDTHS = pytest.mark.parametrize("screen", [PHONE, TABLET, DESKTOP], ids=["phone", "tablet", "desktop"])


# ----- 1. The authors' list numbers

@WIDTHS
@pytest.mark.parametrize("items", [("b-p20", "b-p21", "b-p22", "b-p23"), ("b-p42", "b-p43", "b-p44", "b-p45")])
def test_the_authors_list_numbers_are_painted_at_every_width(server: str, browser_context, screen: dict, items: tuple) -> None:
    """Walt's four variables keep "1." to "4.": the pixels left of each item's first line change when
    its marker is made transparent, so the marker was painted (not clipped by containment)."""
    tab = browser_context(**screen).new_page()
    tab.goto(server + B + "#" + items[0])
    tab.add_style_tag(content=".md-typeset li { outline: none !important; }")  # the arrival's highlight is not a number
    shown = {}
    for n, ident in enumerate(items, 1):
        wait_until_still(tab, f"#{ident}")
        assert tab.evaluate(f"getComputedStyle(document.getElementById('{ident}')).display") == "list-item"
        assert tab.evaluate(f"""(() => {{ const li = document.getElementById('{ident}'), ol = li.parentElement;
            return ol.tagName === 'OL' && !ol.hasAttribute('start') && [...ol.children].indexOf(li) + 1; }})()""") == n  # 1. to 4.
        box = tab.evaluate(f"""(() => {{ const li = document.getElementById('{ident}'); const r = li.getBoundingClientRect();
            const line = parseFloat(getComputedStyle(li).lineHeight) || 24;
            return {{x: Math.max(0, r.left - 28), y: r.top, width: Math.min(26, r.left), height: line}}; }})()""")
        assert box["width"] > 8, box  # room for the marker left of the item
        shown[ident] = (box, tab.screenshot(clip=box))
    if screen is PHONE:
        tab.screenshot(path=str(artifact(f"list-numbers-phone-{items[0]}.png")))
    for ident, (box, before) in shown.items():
        wait_until_still(tab, f"#{ident}")
        tab.add_style_tag(content=f"#{ident}::marker {{ color: transparent !important; }}")
        assert tab.screenshot(clip=box) != before, f"{ident}: its list number is not painted at {screen['width']} px"


# ----- 2. The reader's place

def _read_to(tab, number: int) -> str:
    """Scroll down as a reader does until ¶ ``number`` is the block at the top of the screen; its id."""
    ident = tab.evaluate(f"[...document.querySelectorAll('a.ed-pnum')].find(a => a.textContent === '¶ {number}').hash.slice(1)")
    for _ in range(200):
        top = tab.evaluate(f"document.getElementById('{ident}').getBoundingClientRect().top")
        if top < 160:
            break
        tab.mouse.wheel(0, min(500, max(40, top - 100)))
        tab.wait_for_timeout(60)
    tab.wait_for_timeout(600)  # the reader lingers there
    return ident


def _top(tab, ident: str) -> float:
    return tab.evaluate(f"document.getElementById('{ident}').getBoundingClientRect().top")


def _settled(tab) -> None:
    tab.wait_for_load_state("load")
    tab.wait_for_timeout(1200)


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_reload_and_back_keep_the_paragraph_the_reader_was_reading(server: str, browser_context, screen: dict) -> None:
    """After reading to ¶ 34 of paper A, a reload and Back (from a page that is not kept in the
    back-forward cache) show ¶ 34 where it was, not a place estimated from unrendered blocks."""
    ctx = browser_context(**screen)
    tab = ctx.new_page()
    tab.goto(server + A, wait_until="load")
    ident = _read_to(tab, 34)
    before = _top(tab, ident)
    assert 40 <= before < 160, before
    tab.reload()
    _settled(tab)
    assert abs(_top(tab, ident) - before) < 24, ("reload", _top(tab, ident), before, tab.evaluate("scrollY"))
    tab.evaluate("window.__kept = true")
    tab.goto(server + "/bibliography/", wait_until="load")
    tab.go_back()
    _settled(tab)
    assert tab.evaluate("performance.getEntriesByType('navigation')[0].type") == "back_forward"
    assert tab.evaluate("window.__kept === undefined")  # a new document, not one kept in the back-forward cache
    assert abs(_top(tab, ident) - before) < 24, ("back", _top(tab, ident), before, tab.evaluate("scrollY"))
    if screen is PHONE:
        tab.screenshot(path=str(artifact("place-after-back-phone.png")))


def test_a_permalink_still_lands_on_its_paragraph_when_no_place_was_kept(server: str, browser_context) -> None:
    tab = browser_context(**PHONE).new_page()
    tab.goto(server + A + "#a-p30", wait_until="load")
    tab.wait_for_timeout(1000)
    assert 40 <= _top(tab, "a-p30") < 100


def test_back_from_a_note_returns_to_the_paragraph(server: str, browser_context) -> None:
    """Following a note number and coming Back (within the page) returns to where the reader was."""
    tab = browser_context(**PHONE).new_page()
    tab.goto(server + A, wait_until="load")
    ident = _read_to(tab, 34)
    before = _top(tab, ident)
    tap_when_still(tab, f"#{ident} a.footnote-ref")  # the first tap previews the note
    tap_when_still(tab, f"#{ident} a.footnote-ref")  # the second follows it
    tab.wait_for_url("**#fn-a32")
    tab.wait_for_timeout(600)
    assert _top(tab, "fn-a32") < 200
    tab.go_back()
    tab.wait_for_timeout(800)
    assert abs(_top(tab, ident) - before) < 24, (_top(tab, ident), before)


# ----- 3. Links inside a note card

FOCUS_IN_NOTE_CARD = "document.activeElement.closest('#note-preview') !== null && !document.getElementById('note-preview').hidden"


def _note_refs(tab, page: str) -> list[str]:
    return tab.evaluate("[...document.querySelectorAll('sup[id^=fnref] > a.footnote-ref')].map(a => a.parentElement.id)")


@pytest.mark.parametrize("page, only", [(A, None), (B, "fnref-b1")])
def test_tab_from_a_note_number_reaches_every_link_in_its_card(server: str, browser_context, page: str, only) -> None:
    """Tab from each note number into its card: the "[Ed.: cites …]" link is reached, the card stays
    open, and focus never drops to the page body."""
    tab = browser_context(**DESKTOP).new_page()
    tab.goto(server + page)
    refs = [only] if only else _note_refs(tab, page)
    assert len(refs) == (1 if only else 42)
    lost = []
    for ref in refs:
        tab.focus(f"#{ref} a")
        tab.locator("#note-preview").wait_for(state="visible")
        links = tab.evaluate("document.querySelectorAll('#note-preview a[href]').length")
        for _ in range(links):
            tab.keyboard.press("Tab")
            if not tab.evaluate(FOCUS_IN_NOTE_CARD):
                lost.append((ref, tab.evaluate("document.activeElement.tagName + ' ' + document.activeElement.className")))
                break
        tab.keyboard.press("Escape")
    assert not lost, lost


def test_a_link_in_a_note_card_is_followed_by_keyboard_and_survives_hover(server: str, browser_context) -> None:
    tab = browser_context(**DESKTOP).new_page()
    tab.goto(server + A + "#a-p20")
    tab.hover("#fnref-a20 a")
    inner = "#note-preview a.cite"
    tab.locator(inner).wait_for(state="visible")
    tab.hover(inner)  # the pointer moves onto the card's own link
    tab.wait_for_timeout(600)
    assert tab.locator("#note-preview").is_visible() and tab.locator(inner).is_visible()
    tab.focus("#fnref-a20 a")
    tab.keyboard.press("Tab")
    assert tab.evaluate(FOCUS_IN_NOTE_CARD)
    tab.screenshot(path=str(artifact("note-card-focus-inner-link.png")))
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/bibliography/#richards1975")


def test_a_link_in_a_note_card_is_followed_by_a_tap(server: str, browser_context) -> None:
    tab = browser_context(**PHONE).new_page()
    tab.goto(server + A)
    tap_when_still(tab, "#fnref-a20 a")
    tab.locator("#note-preview a.cite").wait_for(state="visible")
    assert tab.url == server + A  # the first tap on the number previews the note
    tab.screenshot(path=str(artifact("note-card-phone.png")))
    tap_when_still(tab, "#note-preview a.cite")
    tab.wait_for_url("**/bibliography/#richards1975")


# ----- 4. Search in the notes

@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_searching_a_word_of_a_note_lands_on_the_note(server: str, browser_context, screen: dict) -> None:
    tab = browser_context(**screen).new_page()
    tab.goto(server + A)
    tab.wait_for_load_state("load")
    if screen is PHONE:
        tab.locator("label.md-header__button[for='__search']").tap()
    else:
        tab.click("input.md-search__input")
    tab.type("input.md-search__input", "Shahanshah")
    result = tab.locator(".md-search-result__item a[href*='#fn-a20']")
    result.first.wait_for(state="visible", timeout=10_000)
    assert result.first.inner_text().lstrip().startswith("Note 20")
    assert "Helmut Richards" in result.first.inner_text()  # the preview is the note, not note 1
    result.first.click()
    tab.wait_for_url("**#fn-a20")
    tab.wait_for_timeout(1000)
    box = tab.locator("#fn-a20").bounding_box()
    assert box is not None and 40 <= box["y"] < 200, box
    assert tab.locator("#fn-a20 mark", has_text="Shahanshah").first.is_visible()  # the word itself, highlighted, in view


# ----- 7. Figures fit their column, or say they scroll

FIGURE = """(selector) => {
    const svg = document.querySelector(selector), box = svg.getBoundingClientRect();
    const column = document.querySelector('.md-content__inner').getBoundingClientRect();
    const figure = svg.closest('figure'), region = svg.closest('.ed-scroll');
    const view = svg.viewBox.baseVal;
    const outside = [...svg.querySelectorAll('text')].filter((t) => {
        const b = t.getBBox();
        return b.x < view.x - 0.5 || b.x + b.width > view.x + view.width + 0.5;
    }).map((t) => t.textContent);
    return {width: box.width, left: box.left, column: [column.left, column.right], outside,
            figureOverflows: figure.scrollWidth > figure.clientWidth + 1,
            region: region && {scrolls: region.scrollWidth > region.clientWidth + 1, tabindex: region.getAttribute('tabindex'),
                               name: region.getAttribute('aria-label') || '',
                               hint: region.querySelector('.ed-scroll-hint')?.checkVisibility() ? region.querySelector('.ed-scroll-hint').innerText : ''},
            caption: figure.querySelector('figcaption').innerText,
            page: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("screen", [dict(width=320, height=800, touch=True), PHONE, TABLET, DESKTOP, dict(width=1600, height=900)],
                         ids=["320", "phone", "tablet", "desktop", "wide"])
@pytest.mark.parametrize("page, selector", [("/timeline/", "#timeline-svg"), ("/concordance/", "#sources-svg")])
def test_a_picture_fits_its_column_or_says_it_scrolls(server: str, browser_context, screen: dict, page: str, selector: str) -> None:
    tab = browser_context(**screen).new_page()
    tab.goto(server + page)
    found = tab.evaluate(FIGURE, selector)
    assert not found["outside"], found  # no label runs past the picture's edge ("Pape…")
    assert found["page"] <= screen["width"], found  # the page itself never scrolls sideways
    fits = found["width"] <= found["column"][1] - found["column"][0] + 0.5 and found["left"] >= found["column"][0] - 0.5
    if screen["width"] >= 1000:
        assert fits and not found["figureOverflows"], found  # a desktop or tablet column holds the whole picture
    if not fits:  # it scrolls in a region of its own that says so, and a keyboard can scroll it
        assert found["region"] and found["region"]["scrolls"] and found["region"]["tabindex"] == "0", found
        assert "scroll" in found["region"]["name"] and "scroll the picture sideways" in found["caption"], found
        assert found["region"]["hint"].startswith("Scroll sideways"), found  # said above the picture, where it is cut off
        tab.screenshot(path=str(artifact(f"picture-scrolls-{screen['width']}{page.rstrip('/').replace('/', '-')}.png")))
    else:
        assert not found["figureOverflows"] and not (found["region"] or {}).get("hint"), found


# ----- 8. The apparatus ranks below the authors' citations; a reading mode; targets of 24 px

STYLE = """(selector) => { const el = document.querySelector(selector), cs = getComputedStyle(el);
    return {line: cs.textDecorationLine, style: cs.textDecorationStyle, color: cs.color,
            text: getComputedStyle(el.closest('p, li')).color}; }"""


def test_the_apparatus_is_quieter_than_the_authors_citations(server: str, browser_context) -> None:
    tab = browser_context(**DESKTOP).new_page()
    tab.goto(server + B + "#b-p19")
    cite = tab.evaluate(STYLE, "#b-p20 a.cite")
    assert (cite["line"], cite["style"]) == ("underline", "solid") and cite["color"] != cite["text"]
    for selector in ("#b-p2 a.index-link", "#b-p20 a.gloss"):  # a first mention, a term
        quiet = tab.evaluate(STYLE, selector)
        assert (quiet["line"], quiet["style"], quiet["color"]) == ("underline", "dotted", quiet["text"]), (selector, quiet)


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("page", [A, B])
def test_note_numbers_daggers_and_margin_numbers_are_24_px_targets(server: str, browser_context, screen: dict, page: str) -> None:
    """WCAG 2.2 SC 2.5.8: each is at least 24 × 24 CSS px (a note number was 6 × 11)."""
    tab = browser_context(**screen).new_page()
    tab.goto(server + page)
    tab.add_style_tag(content=".md-typeset * { content-visibility: visible !important; }")  # every block laid out, to measure
    small = tab.evaluate("""() => [...document.querySelectorAll(
        'article a.footnote-ref, article a.ed-mark, article a.ed-noteref, article a.ed-pnum, article a.author-note-ref')]
        .map((a) => { const r = a.getBoundingClientRect(); return [a.className, a.textContent, r.width, r.height]; })
        .filter(([, , w, h]) => w < 23.5 || h < 23.5)""")
    assert small == []
    # Nor does one cover another (axe's "partially obscured"): an "Ed." mark on the line under a short note
    # touched the next note's number.
    overlapping = tab.evaluate("""() => {
        const boxes = [...document.querySelectorAll('article :is(a.footnote-ref, a.ed-mark, a.ed-noteref, a.ed-pnum, '
            + 'a.author-note-ref, a.footnote-backref, a.ed-backref)')].filter((a) => a.checkVisibility())
            .map((a) => [a.id || a.getAttribute('href'), a.getBoundingClientRect()]);
        const found = [];
        boxes.forEach(([p, r], i) => boxes.slice(i + 1).forEach(([q, s]) => {
            const x = Math.min(r.right, s.right) - Math.max(r.left, s.left), y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
            if (x > 0.5 && y > 0.5) found.push([p, q, Math.round(x * 10) / 10, Math.round(y * 10) / 10]);
        }));
        return found; }""")
    assert overlapping == [], overlapping


def test_notes_are_numbered_once(server: str, browser_context) -> None:
    """The authors' printed number, once: no list marker beside the note's own number ("n. 10" and "10.")."""
    tab = browser_context(**DESKTOP).new_page()
    tab.goto(server + A + "#fn-a10")
    found = tab.evaluate("""() => [...document.querySelectorAll('.footnote li[id]')].map((li) => [
        li.getAttribute('value'), getComputedStyle(li).listStyleType, li.querySelector('a.ed-pnum').textContent,
        li.querySelector('a.ed-pnum').checkVisibility()])""")
    assert len(found) == 42
    assert [f for f in found if f[1:] != ["none", f"{f[0]}.", True]] == []
    tab.screenshot(path=str(artifact("notes-numbered-once.png")))


def _tabs_to_first_citation(tab) -> int:
    """Tab presses from the top of the page until a citation of the text has focus."""
    tab.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
    for n in range(1, 400):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.matches('article a.cite')"):
            return n
    return 400


LAYER = "article a.ed-mark, article .ed-ref, article .ed-note-cites, article section.ed-notes"


@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_reading_mode_hides_the_editors_layer_and_is_remembered(server: str, browser_context, screen: dict) -> None:
    tab = browser_context(**screen).new_page()
    tab.goto(server + B)
    switch = tab.get_by_role("button", name="Hide the editor’s layer")
    assert switch.is_visible() and switch.get_attribute("aria-pressed") == "false"
    shown = tab.evaluate(f"[...document.querySelectorAll('{LAYER}')].filter((e) => e.checkVisibility()).length")
    assert shown > 40
    tabs = _tabs_to_first_citation(tab) if screen is DESKTOP else 0
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    assert tab.evaluate(f"[...document.querySelectorAll('{LAYER}')].filter((e) => e.checkVisibility()).length") == 0
    assert tab.evaluate("[...document.querySelectorAll('article a.index-link, article a.gloss')].every((a) => !a.hasAttribute('href'))")
    plain = tab.evaluate(STYLE, "#b-p2 a.index-link")
    assert (plain["line"], plain["color"]) == ("none", plain["text"])  # reads as the text around it
    assert tab.evaluate("[...document.querySelectorAll('article a.cite')].every((a) => a.hasAttribute('href'))")  # the authors' citations stay
    if screen is DESKTOP:
        quieter = _tabs_to_first_citation(tab)
        assert quieter <= tabs - 20, (tabs, quieter)  # names and terms are no longer Tab stops
    tab.reload()
    assert tab.evaluate("document.documentElement.dataset.reading") == "on"  # remembered, and set before the page paints
    assert tab.get_by_role("button", name="Hide the editor’s layer").get_attribute("aria-pressed") == "true"
    tab.goto(server + A)
    assert tab.evaluate(f"[...document.querySelectorAll('{LAYER}')].filter((e) => e.checkVisibility()).length") == 0
    if screen is PHONE:
        tab.screenshot(path=str(artifact("reading-mode-phone.png")))
    tab.get_by_role("button", name="Hide the editor’s layer").click()
    assert tab.evaluate(f"[...document.querySelectorAll('{LAYER}')].filter((e) => e.checkVisibility()).length") > 20
    assert tab.evaluate("[...document.querySelectorAll('article a.index-link')].every((a) => a.hasAttribute('href'))")


def test_without_javascript_the_edition_shows_its_whole_layer(server: str, browser_context) -> None:
    tab = browser_context(**DESKTOP, javascript=False).new_page()
    tab.goto(server + B)
    assert tab.locator("button.ed-reading").is_hidden()
    assert tab.evaluate(f"[...document.querySelectorAll('{LAYER}')].filter((e) => e.checkVisibility()).length") > 40
    assert tab.evaluate("[...document.querySelectorAll('article a.index-link')].every((a) => a.hasAttribute('href'))")
