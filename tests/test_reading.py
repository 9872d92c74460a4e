"""Reading on a phone and by keyboard (issue 15): the authors' list numbers, the reader's place,
the way into every card, figures that fit, and an apparatus that stays quieter than the text."""

from __future__ import annotations

import pytest

from tests.conftest import artifact, tap_when_still

pytestmark = pytest.mark.browser
A = "/clandestine-cooperation/"
B = "/strategic-alignments/"
PHONE = dict(width=390, height=844, touch=True)
TABLET = dict(width=1000, height=900)
DESKTOP = dict(width=1280, height=900)
WIDTHS = pytest.mark.parametrize("screen", [PHONE, TABLET, DESKTOP], ids=["phone", "tablet", "desktop"])


def _still(tab, selector: str) -> None:
    """The element is in view and its layout has settled (blocks near it have rendered)."""
    tab.locator(selector).scroll_into_view_if_needed()
    tab.wait_for_function("""(selector) => new Promise((done) => {
        const el = document.querySelector(selector);
        let last = "", still = 0;
        const look = () => {
            const r = el.getBoundingClientRect(), now = [r.x, r.y, r.width, r.height].join();
            still = now === last ? still + 1 : 0;
            last = now;
            if (still >= 5) done(true); else requestAnimationFrame(look);
        };
        look();
    })""", arg=selector)


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
        _still(tab, f"#{ident}")
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
        _still(tab, f"#{ident}")
        tab.add_style_tag(content=f"#{ident}::marker {{ color: transparent !important; }}")
        assert tab.screenshot(clip=box) != before, f"{ident}: its list number is not painted at {screen['width']} px"
