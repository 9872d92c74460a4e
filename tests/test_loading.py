"""How pages load: deferred scripts in order, no instant navigation, and Material's light/dark toggle.

These guard the decisions behind the Lighthouse performance score (see tests/test_lighthouse.py):
instant navigation cost a phone a long task at load. Material's palette component once did too
(it restyles <body> at every load); since far-off blocks skip rendering on a phone (edition.css,
content-visibility) it no longer shows in Lighthouse, and the edition uses it again.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

B = "/strategic-alignments/"
TOGGLE = 'form[data-md-component="palette"]'
READY = "__md_get('__palette') !== null && !document.body.hasAttribute('data-md-color-switching')"  # Material's component ran


def _pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))  # 11 pages and 404.html
    assert len(pages) == 12, pages
    return pages


def test_every_page_defers_its_scripts_bundle_first(site: Path) -> None:
    for page in _pages(site):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        scripts = [(s["src"].rsplit("/", 1)[-1], s.has_attr("defer")) for s in doc.select("script[src]")]
        names = [name for name, _ in scripts]
        assert names[0].startswith("bundle.") and names[1:] == ["edition.js"], (page, names)
        assert all(deferred for _, deferred in scripts), (page, scripts)


def test_every_page_has_materials_toggle_and_no_instant_navigation(site: Path) -> None:
    for page in _pages(site):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        toggle = doc.select(f"{TOGGLE} input[name=__palette]")
        assert [i["data-md-color-scheme"] for i in toggle] == ["default", "slate"], page
        features = json.loads(doc.select_one("script#__config").get_text())["features"]
        assert "navigation.instant" not in features, page


def _state(tab) -> dict[str, object]:
    return tab.evaluate("""() => ({
        scheme: document.body.getAttribute('data-md-color-scheme'),
        shown: [...document.querySelectorAll('form[data-md-component=palette] label')].filter(l => !l.hidden).map(l => l.title),
        meta: document.querySelector('meta[name="color-scheme"]')?.content,
        stored: __md_get('__palette')?.color?.scheme,
    })""")


LIGHT = {"scheme": "default", "shown": ["Switch to dark theme"], "meta": "light", "stored": "default"}
DARK = {"scheme": "slate", "shown": ["Switch to light theme"], "meta": "dark", "stored": "slate"}


@pytest.mark.browser
@pytest.mark.parametrize("preference, first, other", [("light", LIGHT, DARK), ("dark", DARK, LIGHT)])
def test_toggle_follows_the_system_then_the_reader_and_remembers(server: str, playwright_instance, tmp_path: Path,
                                                                  preference: str, first: dict, other: dict) -> None:
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS

    ctx = playwright_instance.chromium.launch_persistent_context(  # type: ignore[attr-defined]
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, color_scheme=preference)
    try:
        tab = ctx.new_page()
        tab.goto(server + B)
        tab.wait_for_function(READY)
        assert _state(tab) == first
        tab.locator(f"{TOGGLE} label:not([hidden])").click()
        tab.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{other['scheme']}'")
        assert _state(tab) == other
        tab.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
        tab.goto(server + "/bibliography/")  # another page keeps the reader's choice
        tab.wait_for_function(READY)
        assert _state(tab) == other
        tab.locator(f"{TOGGLE} input[data-md-color-scheme='{other['scheme']}']").focus()  # the keyboard: Enter on the toggle switches back
        tab.keyboard.press("Enter")
        tab.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{first['scheme']}'")
        assert _state(tab) == first
        assert tab.evaluate("document.activeElement.name") == "__palette"
    finally:
        ctx.close()


@pytest.mark.browser
def test_cards_permalinks_and_toggle_survive_materials_instant_navigation(site: Path, tmp_path: Path, browser_context) -> None:
    """Instant navigation is off (README: speed), but the edition's scripts must keep working if an
    editor switches it on: the built site is copied with the feature on in every page's config."""
    from tests.conftest import serving

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    for html in copy.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        m = re.search(r'<script id="__config" type="application/json">(.*?)</script>', text, re.S)
        assert m is not None, html
        config = json.loads(m.group(1))
        config["features"].append("navigation.instant")
        html.write_text(text[:m.start(1)] + json.dumps(config) + text[m.end(1):], encoding="utf-8")
    with serving(copy) as url:
        # Material matches links against the sitemap by host but not port: give it this server's origin.
        sitemap = copy / "sitemap.xml"
        sitemap.write_text(re.sub(r"<loc>https?://[^/]+/", f"<loc>{url}/", sitemap.read_text(encoding="utf-8")), encoding="utf-8")
        tab = browser_context().new_page()
        tab.goto(url + "/", wait_until="networkidle")  # Material intercepts clicks once it has the sitemap
        tab.evaluate("window.__sameDocument = true")
        tab.click("nav.md-nav a[href$='strategic-alignments/']")
        tab.wait_for_url("**" + B)
        tab.wait_for_selector("#b-p20")
        assert tab.evaluate("window.__sameDocument === true")  # no reload: the page was swapped in
        tab.hover("#b-p20 a.cite")
        tab.locator("#cite-preview").wait_for(state="visible")
        assert tab.locator("#cite-preview .card-ref").inner_text().startswith("Walt, S. M. (1987).")
        tab.keyboard.press("Escape")
        tab.locator("#cite-preview").wait_for(state="hidden")
        tab.click("#b-p21 a.ed-pnum")
        tab.locator("#cite-panel").wait_for(state="visible")
        tab.keyboard.press("Escape")
        tab.locator(f"{TOGGLE} label:not([hidden])").click()
        tab.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")


def _style_invalidations(tab, url: str) -> list[dict[str, object]]:
    """Chromium's record of each style invalidation a page load scheduled (the element whose change
    scheduled it, and the script that changed it), from a DevTools trace."""
    cdp = tab.context.new_cdp_session(tab)
    events: list[dict[str, object]] = []
    done: list[bool] = []
    cdp.on("Tracing.dataCollected", lambda data: events.extend(data["value"]))
    cdp.on("Tracing.tracingComplete", lambda _: done.append(True))
    cdp.send("Tracing.start", {"transferMode": "ReportEvents", "categories": ",".join((
        "devtools.timeline", "disabled-by-default-devtools.timeline.invalidationTracking",
        "disabled-by-default-devtools.timeline.stack"))})
    tab.goto(url, wait_until="load")
    tab.wait_for_function("document.documentElement.dataset.editionPermalinks === 'on' && " + READY)
    cdp.send("Tracing.end")
    while not done:
        tab.wait_for_timeout(50)
    return [e["args"]["data"] for e in events if e.get("name") == "ScheduleStyleInvalidationTracking"]


@pytest.mark.browser
def test_the_editions_scripts_restyle_no_whole_page_at_load(server: str, browser_context) -> None:
    """A script that changes an attribute of <html> or <body> which a style rule names makes the
    browser restyle the page's every element: on a phone, 50-100 ms of a chapter's load at
    Lighthouse's throttling, in the edition's own long task. The scripts mark <html> only to run once
    (``data-edition-permalinks`` …), and no rule names those marks: the styles that depend on the
    scripts key on ``data-edition-js``, which the head's inline script sets before the page is painted."""
    scheduled = _style_invalidations(browser_context(width=390, height=844, touch=True).new_page(), server + B)

    def on_the_page(script: str) -> list[tuple[object, object]]:  # <html> or <body> changed by a script whose file name matches
        return [(d.get("nodeName"), d.get("changedAttribute") or d.get("changedClass"))
                for d in scheduled if str(d.get("nodeName", "")).split(" ")[0] in {"HTML", "BODY"}
                and any(re.search(script, str(f.get("url", ""))) for f in d.get("stackTrace") or [])]

    assert on_the_page(r"/bundle\.\w+\.min\.js$"), "the trace shows Material's own (its <html> class): the check can see them"
    assert on_the_page(r"/edition\.js$") == []


@pytest.mark.browser
def test_on_a_phone_no_skipped_block_measures_over_the_footer(server: str, browser_context) -> None:
    """Below 1220 px a block far from the viewport is not rendered and counts as 8em (edition.css); a
    tool that measures its contents before it renders (Lighthouse's accessibility checks do) finds them
    lying over what follows. Skipping the lists of notes and references too put paper A's over Material's
    dark footer, and Lighthouse's contrast check failed (1.09:1). Measured at once, before any scrolling."""
    tab = browser_context(width=390, height=844).new_page()
    for path in ("clandestine-cooperation", "strategic-alignments"):
        tab.goto(f"{server}/{path}/", wait_until="load")
        skipped, lowest, footer = tab.evaluate("""() => {
            const blocks = [...document.querySelectorAll('article *')];
            return [blocks.filter(el => !el.checkVisibility({contentVisibilityAuto: true})).length,
                    Math.max(...blocks.map(el => el.getBoundingClientRect().bottom)),
                    document.querySelector('footer.md-footer').getBoundingClientRect().top];
        }""")
        assert skipped > 0, path  # the check measures blocks that are skipped
        assert lowest <= footer, (path, lowest, footer)
