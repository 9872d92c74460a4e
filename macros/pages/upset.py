"""The shared sources as an UpSet plot: which works are cited or listed by exactly which chapters.

One row per chapter (its label and a bar: the works it cites or lists) and one column per non-empty
*exact* intersection (the works of exactly that set of chapters): a bar with its count above, the
membership matrix below (a filled dot where the chapter belongs, a light one where it does not —
one pattern under the whole matrix —, filled dots joined). Each column links to its list on the page (``intersection_id``).

Geometry is in CSS pixels at the picture's natural width; the SVG is shown at most that wide and
shrinks with its column down to ``legible_width`` (text at 12 px), below which it scrolls sideways.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import escape

FONT = 13  # px, every text of the picture (``font-size`` attribute; apparatus.css leaves it alone)
LEGIBLE = 12  # px: the picture may shrink until its text is this small, then it scrolls
NARROWEST = 288  # px: the article column on a 320 px screen (WCAG's reflow width); a 390 px phone's is 360
CHAR, DIGIT = 0.62 * FONT, 0.6 * FONT  # width estimates (system sans-serif, a little generous)
ROW, DOT, PAD = 26, 6, 8  # row height, dot radius, margin
COLUMN, WIDE_COLUMN = 28, 44  # column width: at least, and at most when there are few columns
BAR, SET_BAR = 100, 72  # longest intersection bar (up), longest chapter bar (left)
LABEL_LIMIT = 20  # characters of a chapter label shown; its title has the whole label
KEY = ("Works cited or listed", "by exactly the chapters", "with a filled dot")  # top-left corner
MESSAGE = "No works cited or listed"  # in place of the columns when there are none


@dataclass(frozen=True)
class Intersection:
    """The works cited or listed by exactly these chapters (keys in chapter order; works sorted)."""
    chapters: tuple[str, ...]
    works: tuple[str, ...]
    id: str


def intersection_id(chapters: Sequence[str]) -> str:
    """The page id of an intersection's list: 'shared-a-b' for the works of exactly chapters a and b."""
    return "shared-" + "-".join(chapters)


def intersections(chapters: Sequence[tuple[str, str]], membership: Mapping[str, frozenset[str]]) -> list[Intersection]:
    """The non-empty exact intersections, as the picture's columns: most chapters first, then most
    works, then in chapter order. Works of no chapter (or of unknown chapters only) are left out."""
    order = {key: i for i, (key, _) in enumerate(chapters)}
    groups: dict[tuple[str, ...], list[str]] = {}
    for work, cited_by in membership.items():
        members = tuple(sorted((k for k in cited_by if k in order), key=order.__getitem__))
        if members:
            groups.setdefault(members, []).append(work)
    ranked = sorted(groups.items(), key=lambda g: (-len(g[0]), -len(g[1]), [order[k] for k in g[0]]))
    return [Intersection(members, tuple(sorted(works)), intersection_id(members)) for members, works in ranked]


def name(members: Sequence[str], labels: Mapping[str, str]) -> str:
    """'Paper A and Paper B', 'Paper A, Paper B and Paper C'; 'Paper A only' when there are others."""
    names = [labels[k] for k in members]
    if len(names) == 1:
        return names[0] + (" only" if len(labels) > 1 else "")
    return ", ".join(names[:-1]) + " and " + names[-1]


def works(count: int) -> str:
    return f"{count} work" + ("" if count == 1 else "s")


def totals(chapters: Sequence[tuple[str, str]], columns: Sequence[Intersection]) -> dict[str, int]:
    """Each chapter's number of works (cited or listed), in chapter order: one pass over the columns,
    each adding its works to its own chapters (asking every chapter of every column was quadratic:
    12 ms a call for 160 chapters and 595 columns on the 4x corpus, 0.5 ms now)."""
    sizes = {key: 0 for key, _ in chapters}
    for column in columns:
        for key in column.chapters:
            if key in sizes:
                sizes[key] += len(column.works)
    return sizes


def _short(label: str) -> str:
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1].rstrip() + "…"


@dataclass(frozen=True)
class Layout:
    """Where things go: x of the chapter bars' right end, the labels, the matrix; column width; the
    bottom of the intersection bars and the top of the matrix; the whole size."""
    bars_right: float
    labels_x: float
    matrix_x: float
    column: float
    bars_bottom: float
    matrix_y: float
    width: int
    height: int

    @property
    def legible_width(self) -> int:
        """The narrowest the picture can be shown with its text still ``LEGIBLE`` px."""
        return math.ceil(self.width * LEGIBLE / FONT)

    @property
    def may_scroll(self) -> bool:
        """Whether a phone's column can be too narrow for the picture (then the page lets it scroll)."""
        return self.legible_width > NARROWEST


def layout(chapters: Sequence[tuple[str, str]], columns: Sequence[Intersection]) -> Layout:
    number = len(str(max(totals(chapters, columns).values(), default=0))) * DIGIT
    bars_right = PAD + number + 4 + SET_BAR
    labels_x = bars_right + 8
    label_width = max((len(_short(label)) * CHAR for _, label in chapters), default=0)
    matrix_x = max(labels_x + label_width + 10, PAD + max(len(line) for line in KEY) * CHAR + 10)
    count_width = len(str(max((len(c.works) for c in columns), default=0))) * DIGIT + 8
    n = max(len(columns), 1)
    # Few columns share out the room the narrowest column gives, up to WIDE_COLUMN each.
    column = max(COLUMN, count_width, min(WIDE_COLUMN, (NARROWEST * FONT / LEGIBLE - matrix_x - PAD) / n))
    matrix = column * len(columns) if columns else max(len(MESSAGE) * CHAR, 2 * WIDE_COLUMN)
    bars_bottom = PAD + FONT + 4 + BAR
    matrix_y = bars_bottom + 8
    return Layout(bars_right, labels_x, matrix_x, column, bars_bottom, matrix_y,
                  width=math.ceil(matrix_x + matrix + PAD), height=math.ceil(matrix_y + ROW * max(len(chapters), 1) + PAD))


def _text(x: float, y: float, text: str, cls: str, anchor: str = "start") -> str:
    return (f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" font-size="{FONT}"'
            + (f' text-anchor="{anchor}"' if anchor != "start" else "") + f">{escape(text)}</text>")


def body(chapters: Sequence[tuple[str, str]], columns: Sequence[Intersection], at: Layout) -> str:
    """The picture's elements: the key, the rows (stripe, label, bar, count), the columns (links)."""
    labels, sizes = dict(chapters), totals(chapters, columns)
    top_set, top_column = max([*sizes.values(), 1]), max([len(c.works) for c in columns] + [1])
    parts = [_text(at.matrix_x - 10, at.bars_bottom - (len(KEY) - 1 - i) * (FONT + 3), line, "key", "end")
             for i, line in enumerate(KEY)] if columns else []
    y_of = {key: at.matrix_y + ROW * i + ROW / 2 for i, key in enumerate(labels)}
    for i, (key, label) in enumerate(chapters):
        y, length = y_of[key], SET_BAR * sizes[key] / top_set
        if i % 2 == 0:
            parts.append(f'<rect class="stripe" x="{PAD}" y="{y - ROW / 2:.1f}" width="{at.width - 2 * PAD:.1f}" height="{ROW}"/>')
        full = f"<title>{escape(label)}</title>" if _short(label) != label else ""
        parts.append(f'<g class="set">{full}<rect class="bar" x="{at.bars_right - length:.1f}" y="{y - ROW / 2 + 5:.1f}" '
                     f'width="{length:.1f}" height="{ROW - 10}"/>'
                     + _text(at.bars_right - length - 4, y + FONT * 0.35, str(sizes[key]), "count", "end")
                     + _text(at.labels_x, y + FONT * 0.35, _short(label), "label") + "</g>")
    if columns and len(chapters) > 1:
        # The light dots (a chapter outside a column) are one pattern filling the matrix, under the filled
        # ones: drawn one by one they were chapters × columns circles (95,200 for 160 chapters).
        parts.append(f'<pattern id="upset-off" patternUnits="userSpaceOnUse" x="{at.matrix_x:.1f}" y="{at.matrix_y:.1f}" '
                     f'width="{at.column:.1f}" height="{ROW}"><circle class="dot off" cx="{at.column / 2:.1f}" cy="{ROW / 2}" '
                     f'r="{DOT}"/></pattern><rect class="off-dots" x="{at.matrix_x:.1f}" '
                     f'y="{at.matrix_y:.1f}" width="{at.column * len(columns):.1f}" height="{ROW * len(chapters)}"/>')
    for j, column in enumerate(columns):
        x, count = at.matrix_x + at.column * (j + 0.5), len(column.works)
        height = BAR * count / top_column
        ys = [y_of[k] for k in column.chapters]
        dots = "".join(f'<circle class="dot on" cx="{x:.1f}" cy="{y_of[k]:.1f}" r="{DOT}"/>' for k in column.chapters)
        parts.append(
            f'<a href="#{escape(column.id)}"><title>{escape(name(column.chapters, labels))}: {works(count)}</title>'
            f'<rect class="hit" x="{x - at.column / 2:.1f}" y="{PAD}" width="{at.column:.1f}" height="{at.height - 2 * PAD:.1f}"/>'
            f'<rect class="bar" x="{x - at.column * 0.3:.1f}" y="{at.bars_bottom - height:.1f}" width="{at.column * 0.6:.1f}" height="{height:.1f}"/>'
            + _text(x, at.bars_bottom - height - 4, str(count), "count", "middle")
            + (f'<line class="link" x1="{x:.1f}" y1="{min(ys):.1f}" x2="{x:.1f}" y2="{max(ys):.1f}"/>' if len(ys) > 1 else "")
            + dots + "</a>")
    if not columns:
        parts.append(_text(at.matrix_x, at.matrix_y + ROW * max(len(chapters), 1) / 2 + FONT * 0.35, MESSAGE, "message"))
    return "".join(parts)


def description(chapters: Sequence[tuple[str, str]], columns: Sequence[Intersection]) -> str:
    """The counts in words, for the picture's <desc>."""
    if not columns:
        names = [label for _, label in chapters]
        return f"{MESSAGE} by {', '.join(names[:-1]) + ' or ' + names[-1] if len(names) > 1 else names[0]}." if names else f"{MESSAGE}: no chapters."
    labels, sizes = dict(chapters), totals(chapters, columns)
    total = sum(len(c.works) for c in columns)
    each = "; ".join(f"{name(c.chapters, labels)}, {len(c.works)}" for c in columns)
    return (f"{works(total)} in all. Works each chapter cites or lists: {', '.join(f'{labels[k]} {n}' for k, n in sizes.items())}. "
            f"By exactly which chapters: {each}. Each column links to its list below the picture.")
