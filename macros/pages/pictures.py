"""SVG pictures drawn at build time (no JavaScript library): the timeline and the shared sources
(an UpSet plot, drawn by ``upset``).

Colours come from the page's theme through CSS variables and ``currentColor``, so both pictures
stay legible in light and dark themes; each has a title, a description and a text alternative
next to it on the page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from ..sources.timeline_concordance import Point
from . import upset
from .upset import Intersection, intersection_id, intersections

__all__ = ["Intersection", "intersection_id", "intersections", "shared_sources", "timeline", "timeline_scrolls"]


def _short(label: str, limit: int = 62) -> str:
    """A label short enough for the picture; the list beside it has the whole text."""
    return label if len(label) <= limit else label[: limit - 1].rsplit(" ", 1)[0] + "…"


def _svg(width: int, height: int, title: str, desc: str, body: str, ident: str, cls: str = "", style: str = "") -> Markup:
    return Markup(
        f'<svg class="ed-figure{" " + cls if cls else ""}" id="{ident}" viewBox="0 0 {width} {height}" '
        + (f'style="{style}" ' if style else "") +
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>{body}</svg>')


def timeline_width(events: Sequence[Point]) -> int:
    """The timeline's natural width: its longest label, estimated as the shared-sources picture does."""
    longest = max((len(_label(event)) for event in events), default=0)
    return math.ceil(_LABEL_X + longest * upset.CHAR + upset.PAD)


def timeline_scrolls(events: Sequence[Point]) -> bool:
    """Whether a phone's column can be too narrow for the timeline (then the page lets it scroll)."""
    return _legible(timeline_width(events)) > upset.NARROWEST


def _legible(width: int) -> int:
    """The narrowest a picture ``width`` px wide can be shown with its text still legible."""
    return math.ceil(width * upset.LEGIBLE / upset.FONT)


def _label(event: Point) -> str:
    return f"{event.date[:4]} · {_short(event.label)}"


_LABEL_X = 130


def timeline(events: Sequence[Point], start: int = 1925, end: int = 1990) -> Markup:
    """A vertical time axis with one labelled row per event, joined by leader lines. Shown at most its
    natural width, it shrinks with its column until its text is 12 px and then scrolls."""
    row, top, axis_x, label_x, width = 24, 30, 56, _LABEL_X, timeline_width(events)
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
            f'<text class="label" x="{label_x}" y="{y_label + 4:.1f}" font-size="{upset.FONT}">{escape(_label(event))}</text></a>')
    desc = f"{len(events)} events from {events[0].date[:4]} to {events[-1].date[:4]}, each linked to its entry in the list below." if events else ""
    return _svg(width, height, "Timeline of the events the chapters discuss", desc, "".join(parts), "timeline-svg",
                style=f"min-width: {_legible(width)}px; max-width: {width}px")


def shared_sources(chapters: Sequence[tuple[str, str]], columns: Sequence[Intersection]) -> Markup:
    """The works each chapter cites or lists, and which it shares with which others, as an UpSet
    plot (``upset``): ``chapters`` are (key, label) in order, ``columns`` the works of exactly each
    set of chapters (``intersections``). Shown at most its natural width, it shrinks with its
    column until its text is 12 px and then scrolls (``upset.Layout.legible_width``)."""
    at = upset.layout(chapters, columns)
    return _svg(at.width, at.height, "Works cited or listed by each chapter, and by which chapters together",
                upset.description(chapters, columns), upset.body(chapters, columns, at), "sources-svg",
                cls="upset", style=f"min-width: {at.legible_width}px; max-width: {at.width}px")
