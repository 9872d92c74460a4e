"""SVG pictures drawn at build time (no JavaScript library): the timeline and the shared sources
(an UpSet plot, drawn by ``upset``).

Colours come from the page's theme through CSS variables and ``currentColor``, so both pictures
stay legible in light and dark themes; each has a title, a description and a text alternative
next to it on the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from ..sources.timeline_concordance import Point
from . import upset
from .upset import Intersection, intersection_id, intersections

__all__ = ["Intersection", "intersection_id", "intersections", "shared_sources", "timeline"]


def _short(label: str, limit: int = 62) -> str:
    """A label short enough for the picture; the list beside it has the whole text."""
    return label if len(label) <= limit else label[: limit - 1].rsplit(" ", 1)[0] + "…"


def _svg(width: int, height: int, title: str, desc: str, body: str, ident: str, cls: str = "", style: str = "") -> Markup:
    return Markup(
        f'<svg class="ed-figure{" " + cls if cls else ""}" id="{ident}" viewBox="0 0 {width} {height}" '
        + (f'style="{style}" ' if style else "") +
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
    return _svg(width, height, "Timeline of the events the chapters discuss", desc, "".join(parts), "timeline-svg")


def shared_sources(chapters: Sequence[tuple[str, str]], membership: Mapping[str, frozenset[str]]) -> Markup:
    """The works each chapter cites or lists, and which it shares with which others, as an UpSet
    plot (``upset``): ``chapters`` are (key, label) in order, ``membership`` maps each work to the
    keys of the chapters citing or listing it. Shown at most its natural width, it shrinks with its
    column until its text is 12 px and then scrolls (``upset.Layout.legible_width``)."""
    columns = upset.intersections(chapters, membership)
    at = upset.layout(chapters, columns)
    return _svg(at.width, at.height, "Works cited or listed by each chapter, and by which chapters together",
                upset.description(chapters, columns), upset.body(chapters, columns, at), "sources-svg",
                cls="upset", style=f"min-width: {at.legible_width}px; max-width: {at.width}px")
