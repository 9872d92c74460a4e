"""axe-core finds no WCAG 2.0/2.1/2.2 A/AA or best-practice violation, in either theme and with the
editor's pop-ups open; the keyboard reaches the skip link and then the text; every control has a name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, artifact

pytestmark = pytest.mark.browser

AXE = Axe()
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                                     "best-practice"]},
               "resultTypes": ["violations"]}
SCHEMES = {"light": "default", "dark": "slate"}
A = "/clandestine-cooperation/"
B = "/strategic-alignments/"


def _docs_pages() -> list[str]:
    """The URL of every page, from docs/ (collection happens before the build); checked against the build below."""
    urls = ["/404.html"]
    for md in sorted((ROOT / "docs").rglob("*.md")):
        rel = md.relative_to(ROOT / "docs")
        if any(part.startswith(("_", ".")) for part in rel.parts):
            continue  # exclude_docs: /_data/
        stem = rel.with_suffix("").as_posix()
        stem = stem[: -len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
        urls.append("/" + stem)
    return urls


PAGES = _docs_pages()


def built_pages(site: Path) -> list[str]:
    urls = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        urls.append("/" if rel == "." else f"/{rel}/")
    return urls + [f"/{p.name}" for p in site.glob("404.html")]


def report(violations: list[dict]) -> str:
    """One block per violation: id, impact, help URL and the first three target selectors."""
    lines = []
    for v in violations:
        targets = [" >> ".join(t) if isinstance(t, list) else t for t in (n["target"] for n in v["nodes"])]
        more = f" (+{len(targets) - 3} more)" if len(targets) > 3 else ""
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} — {v['helpUrl']}\n"
                     f"    {len(targets)} node(s): " + " | ".join(targets[:3]) + more)
        summary = (v["nodes"][0].get("failureSummary") or "").replace("\n", " ")
        if summary:
            lines.append(f"    first: {summary[:300]}")
    return "\n".join(lines)


def assert_no_violations(tab, what: str) -> None:
    violations = AXE.run(tab, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"axe: {len(violations)} violation(s) on {what}:\n{report(violations)}"


@pytest.fixture(scope="module")
def browser(playwright_instance) -> Iterator[object]:
    """One Chromium (same binary and flags as conftest's browser_context) for the module: 32 launches cost ~50 s."""
    chromium = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def new_context(browser) -> Iterator[Callable[..., object]]:
    """A fresh, isolated context (no stored palette, no cookies) per call, closed after the test."""
    contexts = []

    def make(**kwargs: object) -> object:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **kwargs)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


def open_page(new_context: Callable[..., object], server: str, path: str, scheme: str = "light"):
    """A fresh context, the colour scheme emulated before the first visit, the page loaded and its palette set."""
    ctx = new_context(color_scheme=scheme)
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    tab = ctx.new_page()
    tab.goto(server + path, wait_until="load")
    # The toggle's script (partials/palette.html) picks the palette whose media query matches on the first visit.
    want = SCHEMES[scheme]
    try:
        tab.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{want}'", timeout=10_000)
    except PlaywrightTimeout:
        got = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
        pytest.fail(f"{path}: prefers-color-scheme {scheme} should give data-md-color-scheme={want!r}, got {got!r}")
    tab.wait_for_timeout(300)  # let palette transitions settle before colours are measured
    return tab


def test_every_built_page_is_checked(site: Path) -> None:
    built, checked = set(built_pages(site)), set(PAGES)
    assert built == checked, f"built but not checked: {sorted(built - checked)}; checked but not built: {sorted(checked - built)}"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(server: str, new_context, path: str, scheme: str) -> None:
    tab = open_page(new_context, server, path, scheme)
    if path == B and scheme == "dark":
        tab.screenshot(path=str(artifact("a11y-dark-strategic-alignments.png")), full_page=False)
    assert_no_violations(tab, f"{path} ({scheme} theme)")


def test_open_hover_card_has_no_axe_violations(server: str, new_context) -> None:
    tab = open_page(new_context, server, B + "#b-p19")
    tab.hover("#b-p20 a.cite")
    tab.locator("#cite-preview").wait_for(state="visible", timeout=5_000)
    assert_no_violations(tab, f"{B} with the hover-card of Walt 1987 open")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_note_reached_by_permalink_with_a_card_open_has_no_axe_violations(server: str, new_context, scheme: str) -> None:
    tab = open_page(new_context, server, A + "#fn-a1", scheme)  # the note is highlighted
    tab.hover("#fn-a1 a.cite[href$='#gruen1981']")  # a work listed nowhere: its card is built with the page
    tab.locator("#card-gruen1981").wait_for(state="visible", timeout=5_000)
    assert_no_violations(tab, f"{A}#fn-a1 ({scheme} theme) with the card of Gruen 1981 open")


@pytest.mark.parametrize("note", ["fn-a10", "fn-a21"])
def test_stacked_note_numbers_are_targets_large_enough(server: str, new_context, note: str) -> None:
    """One-line notes stack their margin numbers (n. 10, n. 11, …) a line apart: each must still be a
    24 px target (WCAG 2.2 SC 2.5.8), which axe checks for the targets on screen."""
    tab = open_page(new_context, server, f"{A}#{note}")
    assert_no_violations(tab, f"{A}#{note} among paper A's one-line notes")


def test_open_glossary_preview_has_no_axe_violations(server: str, new_context) -> None:
    tab = open_page(new_context, server, B + "#b-p12")
    tab.hover("#b-p12 a.gloss")
    tab.locator("#gloss-preview").wait_for(state="visible", timeout=5_000)
    assert_no_violations(tab, f"{B} with the glossary preview of “unofficial marriage” open")


def test_open_note_preview_has_no_axe_violations(server: str, new_context) -> None:
    tab = open_page(new_context, server, A)
    tab.hover("#fnref-a34 a")
    tab.locator("#note-preview").wait_for(state="visible", timeout=5_000)
    assert_no_violations(tab, f"{A} with the note preview of note 34 open")


def test_open_cite_panel_has_no_axe_violations(server: str, new_context) -> None:
    tab = open_page(new_context, server, B)
    tab.click("#b-p14 a.ed-pnum")
    tab.locator("#cite-panel").wait_for(state="visible", timeout=5_000)
    assert_no_violations(tab, f"{B} with the cite panel of paragraph 14 open")


def test_bibliography_in_apa_for_paper_b_has_no_axe_violations(server: str, new_context) -> None:
    tab = open_page(new_context, server, "/bibliography/")
    tab.click('label[for="bib-style-apa"]')
    tab.click('label[for="bib-paper-b"]')
    assert tab.is_checked("#bib-style-apa") and tab.is_checked("#bib-paper-b")
    assert_no_violations(tab, "/bibliography/ in APA style filtered to paper B")


FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {tag: el.tagName.toLowerCase(), cls: el.className || '', text: (el.innerText || '').trim().slice(0, 60),
          href: el.getAttribute('href'), inArticle: !!el.closest('article.md-content__inner')};
}"""


def test_tab_reaches_the_skip_link_then_the_text(server: str, new_context) -> None:
    tab = open_page(new_context, server, B)
    tab.keyboard.press("Tab")
    first = tab.evaluate(FOCUSED)
    assert first is not None and "md-skip" in first["cls"], f"first Tab stop is not the skip link: {first}"
    tab.wait_for_timeout(300)  # Material slides the skip link in on focus
    box = tab.locator("a.md-skip").bounding_box()
    assert box and box["y"] >= 0 and box["x"] >= 0 and box["width"] > 1, f"the focused skip link is off-screen: {box}"
    path = [first]
    for _ in range(60):
        tab.keyboard.press("Tab")
        path.append(tab.evaluate(FOCUSED))
        if path[-1] and path[-1]["inArticle"] and path[-1]["tag"] == "a":
            break
    assert path[-1] and path[-1]["inArticle"], \
        "no link in the article within 60 Tabs; focus went: " + " → ".join(f"{p}" for p in path[:15])
    assert all(p is not None for p in path), "focus fell back to <body> on the way: " + repr(path)


def test_skip_link_moves_focus_into_the_text(server: str, new_context) -> None:
    tab = open_page(new_context, server, B)
    tab.keyboard.press("Tab")
    tab.keyboard.press("Enter")
    tab.keyboard.press("Tab")
    focused = tab.evaluate(FOCUSED)
    assert focused and focused["inArticle"], f"after the skip link, Tab goes to {focused}"


UNNAMED = """() => {
  const text = s => (s || '').replace(/\\s+/g, ' ').trim();
  // SVG elements have no innerText: their name comes from <title> and <text> content.
  const name = el => text(el instanceof HTMLElement ? el.innerText : el.textContent)
      || text(el.getAttribute('aria-label'))
      || text((el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
              .map(id => { const t = document.getElementById(id); return t ? t.textContent : ''; }).join(' '))
      || text(el.getAttribute('title'))
      || (el.tagName === 'INPUT' && el.type !== 'checkbox' && el.type !== 'radio' ? text(el.value) : '')
      || text(Array.from(el.labels || []).map(l => l.innerText || l.textContent).join(' '))
      || text(Array.from(el.querySelectorAll('img[alt]')).map(i => i.alt).join(' '));
  return Array.from(document.querySelectorAll('article a, article button, article input, article [tabindex]:not([tabindex="-1"])'))
    .filter(el => !(el.tagName === 'INPUT' && el.type === 'hidden'))
    .filter(el => !name(el))
    .map(el => el.outerHTML.slice(0, 200));
}"""


def test_every_control_in_the_article_has_a_name(site: Path, server: str, new_context) -> None:
    ctx = new_context()
    tab = ctx.new_page()
    unnamed = {}
    for path in built_pages(site):
        tab.goto(server + path, wait_until="load")
        if found := tab.evaluate(UNNAMED):
            unnamed[path] = found
    assert not unnamed, "controls with no accessible name:\n" + "\n".join(
        f"{path}: {html}" for path, items in unnamed.items() for html in items)
