"""SVG pictures drawn at build time (no JavaScript library): the timeline and the shared sources.

Colours come from the page's theme through CSS variables and ``currentColor``, so both pictures
stay legible in light and dark themes; each has a title, a description and a text alternative
next to it on the page.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from ..sources.timeline_concordance import Point


def _short(label: str, limit: int = 62) -> str:
    """A label short enough for the picture; the list beside it has the whole text."""
    return label if len(label) <= limit else label[: limit - 1].rsplit(" ", 1)[0] + "…"


def _svg(width: int, height: int, title: str, desc: str, body: str, ident: str) -> Markup:
    return Markup(
        f'<svg class="ed-figure" id="{ident}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>{body}</svg>')


def timeline(events: Sequence[Point], start: int = 1925, end: int = 1990) -> Markup:
    """A vertical time axis with one labelled row per event, joined by leader lines."""
    row, top, axis_x, label_x, width = 24, 30, 56, 130, 760
    height = top * 2 + row * max(len(events), 1)
    span = height - 2 * top

    def at(year: float) -> float:
        return top + (year - start) / (end - start) * span

    parts = [f'<line class="axis" x1="{axis_x}" y1="{top}" x2="{axis_x}" y2="{height - top}"/>']
    for decade in range(start - start % 10 + 10, end + 1, 10):
        y = at(decade)
        parts.append(f'<line class="tick" x1="{axis_x - 6}" y1="{y:.1f}" x2="{axis_x}" y2="{y:.1f}"/>'
                     f'<text class="year" x="{axis_x - 10}" y="{y + 4:.1f}" text-anchor="end">{decade}</text>')
    for i, event in enumerate(events):
        y_event, y_label = at(event.year), top + row * i + row / 2
        parts.append(
            f'<a href="#{escape(event.id)}"><circle class="dot" cx="{axis_x}" cy="{y_event:.1f}" r="3.5"/>'
            f'<path class="leader" d="M{axis_x} {y_event:.1f} C{axis_x + 40} {y_event:.1f} {label_x - 40} {y_label:.1f} {label_x - 4} {y_label:.1f}"/>'
            f'<text class="label" x="{label_x}" y="{y_label + 4:.1f}">{escape(event.date[:4])} · {escape(_short(event.label))}</text></a>')
    desc = f"{len(events)} events from {events[0].date[:4]} to {events[-1].date[:4]}, each linked to its entry in the list below." if events else ""
    return _svg(width, height, "Timeline of the events the papers discuss", desc, "".join(parts), "timeline-svg")


def shared_sources(a_only: Sequence[str], both: Sequence[str], b_only: Sequence[str], bibliography: str) -> Markup:
    """Paper A and paper B joined to the works each cites or lists; shared works labelled in the middle."""
    width, top, gap = 760, 60, 9
    rows = max(len(a_only), len(b_only), len(both) * 3, 1)
    height = top + rows * gap + 40
    ax, bx = 40, width - 40
    cols = {"a": 200, "both": width / 2, "b": width - 200}
    parts = [f'<text class="paper" x="{ax}" y="30" text-anchor="middle">Paper A</text>',
             f'<text class="paper" x="{bx}" y="30" text-anchor="middle">Paper B</text>']
    mid = top + rows * gap / 2

    def column(keys: Sequence[str], x: float, step: float, links: Sequence[float], label: bool) -> None:
        y0 = mid - (len(keys) - 1) * step / 2
        for i, key in enumerate(keys):
            y = y0 + i * step
            for px in links:
                parts.append(f'<line class="edge" x1="{px}" y1="{mid:.1f}" x2="{x}" y2="{y:.1f}"/>')
            parts.append(f'<a href="{escape(bibliography)}#{escape(key)}"><circle class="work{" shared" if label else ""}" cx="{x}" cy="{y:.1f}" r="3">'
                         f'<title>{escape(key)}</title></circle>'
                         + (f'<text class="key" x="{x}" y="{y - 7:.1f}" text-anchor="middle">{escape(key)}</text>' if label else "") + "</a>")

    column(a_only, cols["a"], gap, [ax], False)
    column(both, cols["both"], gap * 3, [ax, bx], True)
    column(b_only, cols["b"], gap, [bx], False)
    parts.append(f'<circle class="paper-node" cx="{ax}" cy="{mid:.1f}" r="8"/><circle class="paper-node" cx="{bx}" cy="{mid:.1f}" r="8"/>')
    parts.append(f'<text class="count" x="{cols["a"]}" y="{height - 12}" text-anchor="middle">{len(a_only)} only in A</text>'
                 f'<text class="count" x="{cols["both"]}" y="{height - 12}" text-anchor="middle">{len(both)} in both</text>'
                 f'<text class="count" x="{cols["b"]}" y="{height - 12}" text-anchor="middle">{len(b_only)} only in B</text>')
    desc = (f"Paper A cites or lists {len(a_only) + len(both)} works, paper B {len(b_only) + len(both)}; "
            f"{len(both)} are shared: {', '.join(both)}.")
    return _svg(width, height, "Works cited or listed by each paper", desc, "".join(parts), "sources-svg")
