"""How pages load: deferred scripts in order, no instant navigation, and the light/dark toggle.

These guard the decisions behind the Lighthouse performance score (see tests/test_lighthouse.py):
instant navigation cost a phone a long task at load, and so did Material's palette component: at
every load it restyled the whole page four times (it marks <body> as switching, and inserts and fills
a color-scheme <meta>), half of a chapter's main-thread work on a phone, which took Lighthouse's
median from 100 to 89 on a 2-core machine. The toggle is Material's form and storage, set up by the
edition's script as the header is parsed (macros/theme_defaults/partials/palette.html).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

B = "/strategic-alignments/"
TOGGLE = "form[data-edition-palette]"
READY = "__md_get('__palette') !== null && !document.body.hasAttribute('data-md-color-switching')"  # set up, not switching


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


def test_every_page_has_the_toggle_without_materials_component_and_no_instant_navigation(site: Path) -> None:
    from macros.pages.assets import minify

    source = Path(__file__).parent.parent / "macros/theme_defaults/partials/palette.js"
    script = minify("palette.js", source.read_text(encoding="utf-8"))
    assert "/*" not in script and "no transitions" not in script and len(script) < 0.6 * source.stat().st_size  # no comments, names shortened
    for page in _pages(site):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        assert doc.select('[data-md-component="palette"]') == [], page
        assert doc.select_one(TOGGLE).find_next_sibling().string == script, page  # its script, minified, right after it
        toggle = doc.select(f"{TOGGLE} input[name=__palette]")
        assert [i["data-md-color-scheme"] for i in toggle] == ["default", "slate"], page
        features = json.loads(doc.select_one("script#__config").get_text())["features"]
        assert "navigation.instant" not in features, page


def _state(tab) -> dict[str, object]:
    return tab.evaluate("""() => ({
        scheme: document.body.getAttribute('data-md-color-scheme'),
        shown: [...document.querySelectorAll('form[data-edition-palette] label')].filter(l => !l.hidden).map(l => l.title),
        checked: document.querySelector('form[data-edition-palette] input:checked')?.dataset.mdColorScheme,
        meta: [...document.querySelectorAll('meta[name="color-scheme"]')].map(m => m.content),
        toolbar: document.querySelector('meta[name="theme-color"]')?.content
            === '#' + getComputedStyle(document.querySelector('header')).backgroundColor.match(/\\d+/g).slice(0, 3)
                .map(c => (+c).toString(16).padStart(2, '0')).join(''),
        stored: __md_get('__palette')?.color?.scheme,
    })""")


LIGHT = {"scheme": "default", "shown": ["Switch to dark theme"], "checked": "default", "meta": ["light"], "toolbar": True,
         "stored": "default"}
DARK = {"scheme": "slate", "shown": ["Switch to light theme"], "checked": "slate", "meta": ["dark"], "toolbar": True,
        "stored": "slate"}


@pytest.mark.browser
@pytest.mark.parametrize("preference, first, other", [("light", LIGHT, DARK), ("dark", DARK, LIGHT)])
def test_toggle_follows_the_system_then_the_reader_and_remembers(server: str, browser_context, preference: str,
                                                                  first: dict, other: dict) -> None:
    tab = browser_context(color_scheme=preference).new_page()
    tab.add_init_script("""document.addEventListener('readystatechange', () => {  // 'interactive': parsed, no deferred script run yet
        if (document.readyState === 'interactive') window.__parsedAs = document.body.getAttribute('data-md-color-scheme');
    });""")
    tab.goto(server + B)
    tab.wait_for_function(READY)
    assert _state(tab) == first
    assert tab.evaluate("window.__parsedAs") == first["scheme"]  # set as the header was parsed: no flash of the other scheme
    tab.locator(f"{TOGGLE} label:not([hidden])").click()
    tab.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{other['scheme']}'")
    assert _state(tab) == other
    tab.wait_for_function("!document.body.hasAttribute('data-md-color-switching')")
    tab.goto(server + "/bibliography/")  # another page keeps the reader's choice
    tab.wait_for_function(READY)
    assert _state(tab) == other
    assert tab.evaluate("window.__parsedAs") == other["scheme"]
    tab.locator(f"{TOGGLE} input[data-md-color-scheme='{other['scheme']}']").focus()  # the keyboard: Enter on the toggle switches back
    tab.keyboard.press("Enter")
    tab.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{first['scheme']}'")
    assert _state(tab) == first
    assert tab.evaluate("document.activeElement.name") == "__palette"
    assert tab.url == server + "/bibliography/"  # Enter did not submit the toggle's form


AUTOMATIC = """\
  palette:
    - media: "(prefers-color-scheme)"
      toggle: {icon: material/brightness-auto, name: Switch to light mode}
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: teal
      toggle: {icon: material/brightness-7, name: Switch to dark mode}
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: deep orange
      toggle: {icon: material/brightness-4, name: Switch to system preference}
"""


@pytest.mark.browser
@pytest.mark.parametrize("stored, shown", [(None, "Switch to light mode"), ('{"index": 9}', "Switch to system preference"),
                                           ('{"index": "x"}', "Switch to light mode"), ("not JSON", "Switch to light mode")],
                         ids=["nothing stored", "index out of range", "index not a number", "not JSON"])
def test_toggle_with_materials_automatic_option_and_odd_storage(tiny_site, browser_context, stored: str | None, shown: str) -> None:
    """Material's third, automatic option takes the colours of the system's light or dark option, on
    a first visit (it is the first option whose media query matches) and when chosen. A stored choice
    out of range is clamped, as Material does; one that cannot be read counts as none."""
    from tests.conftest import TINY_CONFIG, serving

    config = TINY_CONFIG.replace("  name: mkdocs\n", "  name: material\n" + AUTOMATIC)
    build = tiny_site({"index.md": "# Home\n\nText.\n"}, config=config)
    assert build.returncode == 0, build.output
    tab = browser_context(color_scheme="dark").new_page()
    if stored is not None:
        tab.add_init_script(f"if (!sessionStorage.seeded) {{ sessionStorage.seeded = 1; localStorage.setItem('/.__palette', {stored!r}); }}")
    with serving(build.site) as url:
        tab.goto(url + "/")
        tab.wait_for_function(READY)
        colours = "() => [document.body.dataset.mdColorScheme, document.body.dataset.mdColorPrimary]"
        assert tab.evaluate(colours) == ["slate", "deep-orange"]  # the dark option's colours, however reached
        assert tab.evaluate(f"[...document.querySelectorAll('{TOGGLE} label')].filter(l => !l.hidden).map(l => l.title)") == [shown]
        if shown == "Switch to light mode":  # the automatic option: its media is kept, its colours are the system's
            assert tab.evaluate("__md_get('__palette').color") == {"media": "(prefers-color-scheme)", "scheme": "slate",
                                                                 "primary": "deep-orange", "accent": "indigo"}
            tab.locator(f"{TOGGLE} label:not([hidden])").click()
            tab.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
            assert tab.evaluate(colours) == ["default", "teal"]
            tab.locator(f"{TOGGLE} label:not([hidden])").click()
            tab.locator(f"{TOGGLE} label:not([hidden])").click()  # dark, then automatic again: the system's dark
            tab.wait_for_function("__md_get('__palette').index === 0")
            assert tab.evaluate(colours) == ["slate", "deep-orange"]


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
    """Chromium's record of each style invalidation a page load caused (the element whose change
    caused it, the script that changed it, and for a restyle of the whole page its reason), from a
    DevTools trace."""
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
    tab.wait_for_timeout(100)  # a change Material's scripts make at the next frame (they did, switching the palette)
    cdp.send("Tracing.end")
    while not done:
        tab.wait_for_timeout(50)
    return [e["args"]["data"] for e in events if e.get("name") in ("ScheduleStyleInvalidationTracking", "StyleRecalcInvalidationTracking")]


@pytest.mark.browser
def test_no_deferred_script_restyles_the_whole_page_at_load(server: str, browser_context) -> None:
    """A script that changes an attribute of <html> or <body> which a style rule names makes the
    browser restyle the page's every element, and so does a change of the page's colour scheme (a
    color-scheme <meta>): on a phone, 50-100 ms of a chapter's load each, at Lighthouse's throttling.
    The edition's scripts mark <html> only to run once (``data-edition-permalinks`` …), and no rule
    names those marks: the styles that depend on the scripts key on ``data-edition-js``, which the
    head's inline script sets before the page is painted. The light/dark toggle is set up as the header
    is parsed (partials/palette.html), so neither Material's scripts nor the edition's touch <body> or
    the colour scheme after that; Material's palette component did both, four times at every load."""
    seen = _style_invalidations(browser_context(width=390, height=844, touch=True).new_page(), server + B)

    def by(script: str) -> list[dict[str, object]]:  # caused by a script whose address matches
        return [d for d in seen if any(re.search(script, str(f.get("url", ""))) for f in d.get("stackTrace") or [])]

    def root(changes: list[dict[str, object]]) -> list[tuple[object, object]]:  # <html> or <body> changed
        return [(d.get("nodeName"), d.get("changedAttribute") or d.get("changedClass"))
                for d in changes if str(d.get("nodeName", "")).split(" ")[0] in {"HTML", "BODY"} and "reason" not in d]

    def colour_scheme(changes: list[dict[str, object]]) -> list[dict[str, object]]:
        return [d for d in changes if d.get("reason") == "PlatformColorChange"]

    deferred = by(r"\.js$")
    # What the check could miss, it sees: Material's <html> class, and the toggle's <meta> as the page is parsed.
    assert root(by(r"/bundle\.\w+\.min\.js$")), "Material's bundle changes the class of <html>"
    assert colour_scheme(by(re.escape(B) + "$")), "the page's own script (the toggle) sets the colour scheme"
    assert root(by(r"/edition\.js$")) == []
    assert [change for change in root(deferred) if str(change[0]).startswith("BODY")] == []
    assert colour_scheme(deferred) == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 390, 412])  # the narrowest WCAG asks for, a phone, Lighthouse's phone
def test_on_a_phone_no_skipped_block_measures_over_the_footer(server: str, browser_context, width: int) -> None:
    """Below 1220 px a block far from the viewport is not rendered and counts as its estimated height
    (edition.css); a tool that measures its contents before it renders (Lighthouse's accessibility
    checks do) finds what overflows the estimate lying over what follows. Skipping the lists of notes
    and references with an estimate of 8em put paper A's over Material's dark footer, and Lighthouse's
    contrast check failed (1.09:1); they are now estimated from their text (skipped_lists.py).
    Measured at once, before any scrolling."""
    tab = browser_context(width=width, height=844).new_page()
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


@pytest.mark.browser
def test_on_a_phone_the_lists_of_notes_and_references_wait_until_the_reader_nears_them(server: str, browser_context) -> None:
    """Each list of notes, references and editor's notes is left unrendered at load (about half of a
    chapter's elements: its style and layout work at load halves), and its estimated height does not
    fall short of its height once rendered, on the narrowest screen (320 px). A list the reader scrolls
    to renders, and keeps its height."""
    tab = browser_context(width=320, height=700).new_page()
    for path in ("clandestine-cooperation", "strategic-alignments"):
        tab.goto(f"{server}/{path}/", wait_until="load")
        lists = tab.evaluate("""async () => {
            const found = [];
            const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
            for (const list of document.querySelectorAll('article [data-edition-skip]')) {
                const item = list.querySelector('li');
                const atLoad = item.checkVisibility({contentVisibilityAuto: true});
                const estimate = parseFloat(list.style.getPropertyValue('--ed-height')) * parseFloat(getComputedStyle(list).fontSize);
                list.scrollIntoView();
                await frames();
                found.push({kind: list.className || list.parentElement.className, atLoad, estimate,
                            rendered: item.checkVisibility({contentVisibilityAuto: true}), height: list.getBoundingClientRect().height});
            }
            return found;
        }""")
        assert sorted(x["kind"] for x in lists) == ["ed-notes", "footnote", "references"], (path, lists)
        for found in lists:
            assert not found["atLoad"] and found["rendered"], (path, found)
            assert found["height"] <= found["estimate"] <= 2 * found["height"], (path, found)  # never short, not far over


@pytest.mark.browser
def test_on_a_phone_scrolling_back_up_from_the_end_moves_the_text_by_exactly_the_scroll(server: str, browser_context) -> None:
    """From the end of paper A (End: the lists of notes and references above are still unrendered, at
    their estimated heights), a reader scrolls back to the top a screen at a time. Each block renders
    as it comes into view, at a height other than its estimate; the text the reader sees must move down
    by exactly what they scrolled, never jump (the browser's scroll anchoring changes the scroll offset
    instead, by what rendered above)."""
    tab = browser_context(width=390, height=844, touch=True).new_page()
    tab.goto(f"{server}/clandestine-cooperation/", wait_until="load")
    tab.keyboard.press("End")
    tab.wait_for_timeout(300)
    moved = []
    while (top := tab.evaluate("scrollY")) > 0:
        seen = tab.evaluate("""() => [...document.querySelectorAll('article [id]')].map((el) => [el.id, el.getBoundingClientRect()])
            .filter(([, r]) => r.top > 150 && r.top < 700 && r.height > 0).map(([id, r]) => [id, r.top])[0] || null""")
        tab.mouse.wheel(0, -600)
        tab.wait_for_function("(top) => scrollY !== top", arg=top)
        tab.wait_for_timeout(100)
        if seen is not None and tab.evaluate("scrollY") > 0:  # not the last step, which the page's top cuts short
            moved.append((seen[0], tab.evaluate("(id) => document.getElementById(id).getBoundingClientRect().top", seen[0]) - seen[1]))
    assert len(moved) > 20, moved  # the whole chapter, screen by screen
    assert [m for m in moved if abs(m[1] - 600) > 2] == [], moved
