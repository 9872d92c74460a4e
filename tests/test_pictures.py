"""The shared-sources picture (an UpSet plot): intersections by hand, the SVG's structure, geometry
and escaping, and screenshots of it in a 688 px and a 360 px column, light and dark."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest
from bs4 import BeautifulSoup, Tag

from macros.pages import apparatus, pictures, upset
from macros.pages.pictures import Intersection
from macros.site.index import SiteIndex
from macros.sources.chapters import Chapter, CitationMeta
from tests.conftest import ROOT, artifact

TWO = [("a", "Paper A"), ("b", "Paper B")]
THREE = [*TWO, ("c", "Paper C")]
FIVE = [*THREE, ("d", "Paper D"), ("e", "Paper E")]
DESKTOP, PHONE, NARROWEST = 688, 360, 288  # px: the article column on a desktop, a 390 px phone, a 320 px screen


def members(table: Mapping[str, str]) -> dict[str, frozenset[str]]:
    """{"w1": "ab"} -> {"w1": frozenset({"a", "b"})}: one letter per chapter key."""
    return {work: frozenset(keys) for work, keys in table.items()}


def by_counts(counts: Mapping[str, int]) -> dict[str, frozenset[str]]:
    """{"ab": 2} -> two works ("ab1", "ab2") of exactly chapters a and b."""
    return {f"{keys}{i}": frozenset(keys) for keys, n in counts.items() for i in range(1, n + 1)}


# Fifteen columns over five chapters: the most the picture should show legibly in a desktop column.
FIFTEEN = {"abcde": 1, "abcd": 2, "abd": 1, "abc": 3, "bce": 1, "ab": 8, "ac": 4, "bd": 2, "ce": 1, "de": 3,
           "a": 24, "b": 17, "c": 11, "d": 6, "e": 9}


@pytest.mark.parametrize("chapters, table, expected", [
    (TWO, {"w1": "a", "w2": "ab", "w3": "b", "w4": "a", "w5": ""},
     [Intersection(("a", "b"), ("w2",), "shared-a-b"), Intersection(("a",), ("w1", "w4"), "shared-a"),
      Intersection(("b",), ("w3",), "shared-b")]),
    # Ties in size go in chapter order ((a, b) before (a, c); (a) before (c)); a chapter not in the
    # list (z) is ignored; keys come out in chapter order whatever the set's order.
    (THREE, {"x1": "abc", "x2": "bc", "x3": "cb", "x4": "ab", "x5": "ac", "x6": "c", "x7": "a", "x8": "c", "x9": "az", "x0": "z"},
     [Intersection(("a", "b", "c"), ("x1",), "shared-a-b-c"), Intersection(("b", "c"), ("x2", "x3"), "shared-b-c"),
      Intersection(("a", "b"), ("x4",), "shared-a-b"), Intersection(("a", "c"), ("x5",), "shared-a-c"),
      Intersection(("a",), ("x7", "x9"), "shared-a"), Intersection(("c",), ("x6", "x8"), "shared-c")]),
    (FIVE, {"k": "ae", "j": "bd", "i": "bd", "h": "abcde", "g": "e", "f": "e", "e": "e", "d": "d", "c": "cde", "b": "a", "a": "ea"},
     [Intersection(("a", "b", "c", "d", "e"), ("h",), "shared-a-b-c-d-e"), Intersection(("c", "d", "e"), ("c",), "shared-c-d-e"),
      Intersection(("a", "e"), ("a", "k"), "shared-a-e"), Intersection(("b", "d"), ("i", "j"), "shared-b-d"),
      Intersection(("e",), ("e", "f", "g"), "shared-e"), Intersection(("a",), ("b",), "shared-a"),
      Intersection(("d",), ("d",), "shared-d")]),
    (FIVE, {}, []),
])
def test_intersections_by_hand(chapters: list[tuple[str, str]], table: dict[str, str], expected: list[Intersection]) -> None:
    assert pictures.intersections(chapters, members(table)) == expected


@pytest.mark.parametrize("members, name", [(("a",), "Paper A only"), (("a", "b"), "Paper A and Paper B"),
                                           (("a", "c", "e"), "Paper A, Paper C and Paper E")])
def test_intersection_names(members: tuple[str, ...], name: str) -> None:
    assert upset.name(members, dict(FIVE)) == name
    assert pictures.intersection_id(members) == "shared-" + "-".join(members)


def svg_of(chapters: list[tuple[str, str]], membership: Mapping[str, frozenset[str]]) -> Tag:
    svg = BeautifulSoup(str(pictures.shared_sources(chapters, pictures.intersections(chapters, membership))), "html.parser").svg
    assert svg is not None
    return svg


def size(svg: Tag) -> tuple[float, float, float]:
    """The viewBox width, and the least and most the picture is shown (CSS px)."""
    width = float(str(svg["viewbox"]).split()[2])  # html.parser lowercases attribute names
    style = dict(part.split(":") for part in str(svg["style"]).replace(" ", "").split(";") if part)
    return width, float(style["min-width"].removesuffix("px")), float(style["max-width"].removesuffix("px"))


def rendered_text(svg: Tag, column: float) -> float:
    """The smallest text of the picture in CSS px when its figure is ``column`` px wide."""
    width, least, most = size(svg)
    shown = min(max(column, least), most)
    return min(float(str(t["font-size"])) for t in svg.find_all("text")) * shown / width


def proportional(pairs: list[tuple[float, int]]) -> bool:
    """Each (length, count) is the longest's length times count over its count (to the 0.1 px printed)."""
    longest, most = max(pairs, key=lambda p: p[1])
    return all(abs(length - longest * count / most) <= 0.1 for length, count in pairs)


def test_five_chapters_fifteen_columns() -> None:
    membership = by_counts(FIFTEEN)
    found = pictures.intersections(FIVE, membership)
    svg = svg_of(FIVE, membership)
    links = svg.find_all("a")
    assert len(found) == len(FIFTEEN) == len(links)
    assert [a["href"] for a in links] == [f"#{i.id}" for i in found]
    assert links[0].title.get_text() == "Paper A, Paper B, Paper C, Paper D and Paper E: 1 work"
    assert [a.title.get_text() for a in links][-5:] == [
        "Paper A only: 24 works", "Paper B only: 17 works", "Paper C only: 11 works", "Paper E only: 9 works", "Paper D only: 6 works"]
    # Each column: its count printed, its bar proportional to it, a filled dot per member joined by a line.
    # The light dots: one pattern, a dot per cell, filling exactly the matrix (rows x columns) behind the filled ones.
    at = upset.layout(FIVE, found)
    pattern, cells = svg.find("pattern", id="upset-off"), svg.find("rect", class_="off-dots")
    assert len(pattern.select("circle.dot.off")) == 1  # apparatus.css fills .off-dots with it
    assert float(pattern["width"]) * len(found) == pytest.approx(float(cells["width"]))
    assert float(pattern["height"]) * len(FIVE) == pytest.approx(float(cells["height"]))
    assert (float(pattern["x"]), float(pattern["y"])) == (float(cells["x"]), float(cells["y"])) == pytest.approx((at.matrix_x, at.matrix_y), abs=0.05)
    row_y = {key: at.matrix_y + upset.ROW * (n + 0.5) for n, (key, _) in enumerate(FIVE)}
    heights = []
    for a, i in zip(links, found):
        assert a.find("text", class_="count").get_text() == str(len(i.works))
        heights.append((float(a.find("rect", class_="bar")["height"]), len(i.works)))
        assert len(a.select("circle.dot.on")) == len(i.chapters) and not a.select("circle.dot.off")
        assert {float(c["cy"]) for c in a.select("circle.dot.on")} == {row_y[k] for k in i.chapters}
        assert len(a.select("line.link")) == (len(i.chapters) > 1)
    assert proportional(heights)
    # Each row: its label, a bar proportional to the works the chapter cites or lists, their number.
    rows = svg.select("g.set")
    assert [r.find("text", class_="label").get_text() for r in rows] == [label for _, label in FIVE]
    totals = [sum(n for keys, n in FIFTEEN.items() if key in keys) for key, _ in FIVE]
    assert [r.find("text", class_="count").get_text() for r in rows] == [str(t) for t in totals]
    assert proportional([(float(r.find("rect", class_="bar")["width"]), t) for r, t in zip(rows, totals)])
    # Legible in a desktop column without scrolling; scrolls (rather than shrinks) on a phone.
    assert rendered_text(svg, DESKTOP) >= 12 and size(svg)[1] <= DESKTOP
    assert rendered_text(svg, PHONE) >= 12 and size(svg)[1] > PHONE
    assert upset.layout(FIVE, found).may_scroll
    desc = svg.desc.get_text()
    assert "Works each chapter cites or lists: Paper A 43, Paper B 35" in desc and "Paper A and Paper B, 8" in desc


@pytest.mark.parametrize("chapters", [TWO, THREE, FIVE, [*FIVE, ("f", "Paper F")]])
def test_text_is_at_least_12px_in_any_column(chapters: list[tuple[str, str]]) -> None:
    every = {"".join(k for k, _ in chapters[:n]) + k: 3 for n in range(len(chapters)) for k, _ in chapters[n:]}
    svg = svg_of(chapters, by_counts(every))
    for column in (DESKTOP, PHONE, NARROWEST):
        assert rendered_text(svg, column) >= 12


def test_two_chapters_fit_the_narrowest_column() -> None:
    membership = members({"w1": "a", "w2": "ab", "w3": "b", "w4": "a"})
    svg = svg_of(TWO, membership)
    assert [a["href"] for a in svg.find_all("a")] == ["#shared-a-b", "#shared-a", "#shared-b"]
    assert [a.title.get_text() for a in svg.find_all("a")] == ["Paper A and Paper B: 1 work", "Paper A only: 2 works", "Paper B only: 1 work"]
    assert size(svg)[1] <= NARROWEST and rendered_text(svg, NARROWEST) >= 12
    assert not upset.layout(TWO, pictures.intersections(TWO, membership)).may_scroll
    # Three-digit counts too.
    assert size(svg_of(TWO, by_counts({"ab": 120, "a": 310, "b": 99})))[1] <= NARROWEST
    assert svg.desc.get_text().startswith("4 works in all. Works each chapter cites or lists: Paper A 3, Paper B 2.")


def test_one_chapter() -> None:
    svg = svg_of([("a", "Paper A")], members({"w1": "a", "w2": "a"}))
    assert [a.title.get_text() for a in svg.find_all("a")] == ["Paper A: 2 works"]
    assert len(svg.select("circle.dot.on")) == 1 and not svg.select("circle.dot.off, line.link, pattern")


@pytest.mark.parametrize("chapters, membership", [(TWO, {}), (FIVE, members({"w1": ""})), ([], {})])
def test_no_works_says_so(chapters: list[tuple[str, str]], membership: dict[str, frozenset[str]]) -> None:
    svg = svg_of(chapters, membership)
    assert not svg.find_all("a")
    assert svg.find("text", class_="message").get_text() == "No works cited or listed"
    assert svg.desc.get_text() == {2: "No works cited or listed by Paper A or Paper B.", 0: "No works cited or listed: no chapters.",
                                   5: "No works cited or listed by Paper A, Paper B, Paper C, Paper D or Paper E."}[len(chapters)]
    assert [t.get_text() for t in svg.select("text.label")] == [label for _, label in chapters]


def test_labels_are_escaped_and_long_ones_shortened() -> None:
    chapters = [("a", 'Paper <&> "A"'), ("b", "A chapter with a very long title indeed")]
    markup = str(pictures.shared_sources(chapters, pictures.intersections(chapters, members({"w": "ab"}))))
    assert "<&>" not in markup and "Paper &lt;&amp;&gt;" in markup
    svg = BeautifulSoup(markup, "html.parser").svg
    assert [t.get_text() for t in svg.select("text.label")] == ['Paper <&> "A"', "A chapter with a ve…"]
    assert svg.select("g.set title")[0].get_text() == "A chapter with a very long title indeed"
    assert svg.find("a").title.get_text() == 'Paper <&> "A" and A chapter with a very long title indeed: 1 work'


def test_title_and_description_label_the_picture() -> None:
    svg = svg_of(THREE, members({"w1": "abc", "w2": "a"}))
    assert svg["aria-labelledby"] == "sources-svg-title sources-svg-desc"
    assert svg.title.get_text() == "Works cited or listed by each chapter, and by which chapters together"
    assert svg.desc.get_text() == ("2 works in all. Works each chapter cites or lists: Paper A 2, Paper B 1, Paper C 1. "
                                   "By exactly which chapters: Paper A, Paper B and Paper C, 1; Paper A only, 1. "
                                   "Each column links to its list below the picture.")
    assert not re.search(r"fill=|stroke=|#[0-9a-f]{3,6}\b", str(svg)), "colours come from apparatus.css only"


def shared_part(chapters: list[tuple[str, str]], membership: Mapping[str, frozenset[str]]) -> str:
    """The concordance's shared-sources part as the page gets it (no topics: a bare site index)."""
    index = SiteIndex(chapters={key: Chapter(key, label, label, "apa", "", "", f"{key}.md", f"docs/{key}.md", f"{key}/", 1, CitationMeta())
                                for key, label in chapters})
    html = apparatus.concordance_html(index, [], membership, "concordance/", "bibliography/")
    return html[html.index('<h2 id="shared-works"'):]


@pytest.mark.parametrize("chapters, counts, scrolls", [(TWO, {"ab": 6, "a": 31, "b": 22}, False), (FIVE, FIFTEEN, True)])
def test_the_page_lists_each_column_and_lets_a_keyboard_scroll_a_wide_picture(
        chapters: list[tuple[str, str]], counts: dict[str, int], scrolls: bool) -> None:
    membership = by_counts(counts)
    part = BeautifulSoup(shared_part(chapters, membership), "html.parser")
    found = pictures.intersections(chapters, membership)
    assert [a["href"] for a in part.select("svg a")] == [f"#{i.id}" for i in found] == [f"#{dt['id']}" for dt in part.select("dl.shared-works dt")]
    for dt, i in zip(part.select("dl.shared-works dt"), found):
        assert dt.get_text() == f"{upset.name(i.chapters, dict(chapters))} ({upset.works(len(i.works))})"
        assert [a["href"] for a in dt.find_next_sibling("dd").find_all("a")] == [f"../bibliography/#{k}" for k in i.works]
    scroller = part.select_one("figure.ed-picture > div.ed-scroll")
    assert (scroller is not None) == scrolls
    if scroller is not None:
        assert scroller["tabindex"] == "0" and scroller["role"] == "group" and "scrolls sideways" in scroller["aria-label"]
        assert "scroll the picture sideways" in part.figcaption.get_text()


PAGE = """<!doctype html><html><head><meta charset="utf-8"><style>{css}
body {{ margin: 0; padding: 12px; font-family: -apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif; }}
.md-typeset {{ font-size: 16px; margin-bottom: 16px; padding: 8px 0; }}
.md-typeset figcaption {{ font-style: italic; font-size: 14px; }}
.md-typeset a {{ color: var(--md-typeset-a-color); }}
.light {{ background: #fff; color: rgba(0, 0, 0, .87); --md-typeset-a-color: #4051b5; }}
.dark {{ background: #1e2129; color: white; --md-typeset-a-color: #8c9eff; }}
</style></head><body>{columns}</body></html>"""


@pytest.mark.browser
@pytest.mark.parametrize("name, chapters, counts", [("two", TWO, {"ab": 6, "a": 31, "b": 22}), ("five", FIVE, FIFTEEN)])
def test_screenshots_read_in_a_desktop_and_a_phone_column(browser_context, name: str, chapters: list[tuple[str, str]],
                                                          counts: dict[str, int]) -> None:
    """The page's part in a 688 px and a 360 px column, light and dark: nothing overflows, text is
    at least 12 px and none overlaps, and where the picture scrolls a keyboard can scroll it."""
    membership = by_counts(counts)
    part = shared_part(chapters, membership)
    part = part[part.index("<figure"):part.index("</figure>") + len("</figure>")]
    columns = "".join(f'<div class="md-typeset {theme}" style="width: {w}px">{part}</div>'
                      for w in (DESKTOP, PHONE) for theme in ("light", "dark"))
    css = (ROOT / "docs" / "assets" / "apparatus.css").read_text(encoding="utf-8")
    tab = browser_context(width=DESKTOP + 40, height=800).new_page()
    tab.set_content(PAGE.format(css=css, columns=columns))
    found = tab.evaluate("""() => [...document.querySelectorAll('figure')].map(f => {
        const svg = f.querySelector('svg'), box = svg.getBoundingClientRect(), scroller = f.querySelector('.ed-scroll');
        const texts = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect());
        return {scrolls: [f, scroller].some(e => e && e.scrollWidth > e.clientWidth + 1),
                keyboard: !!scroller && scroller.tabIndex === 0 && scroller.scrollWidth > scroller.clientWidth,
                smallest: Math.min(...texts.map(r => r.height)),
                inside: texts.every(r => r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5),
                overlaps: texts.filter((r, i) => texts.some((s, j) => j > i && r.left < s.right - 1 && s.left < r.right - 1
                                                          && r.top < s.bottom - 1 && s.top < r.bottom - 1)).length};
    })""")
    wide = upset.layout(chapters, pictures.intersections(chapters, membership)).may_scroll
    for figure in found:
        assert figure["inside"] and figure["overlaps"] == 0, figure
        assert figure["smallest"] >= 12 * 1.1, figure  # a 12 px font's text box is about 14 px tall
        assert not figure["scrolls"] or figure["keyboard"], figure
    assert [f["scrolls"] for f in found] == [False, False, wide, wide]
    tab.screenshot(path=str(artifact(f"shared-sources-{name}.png")), full_page=True)
