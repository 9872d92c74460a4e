"""A citation style is a pair: a reference-list style and the in-text form that goes with it.

A chapter names one pair in its front matter (``chapter: {style: apa}``). Pairs are registered by
entry point (group ``edition.citation_styles`` in ``pyproject.toml``), so a package of its own can
add one; the reference-list half is a pybtex formatting plugin (group ``pybtex.style.formatting``),
found by its plugin name, and the in-text half a referencing style from ``referencing/``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from typing import Any

from .referencing import InTextStyle
from .referencing.author_date import AuthorDate
from .referencing.chicago_author_date import ChicagoAuthorDate
from .referencing.notes import Notes

GROUP = "edition.citation_styles"


@dataclass(frozen=True)
class CitationStyle:
    name: str  # what a chapter's front matter names: "apa"
    label: str  # what the unified bibliography's style switch says: "APA 7"
    reference_list: str  # the pybtex formatting plugin of its lists: "edition-apa"
    referencing: type[Any]  # its in-text form (a class of ``referencing/``), made with a preset's options
    list_name: str  # what a chapter calls its list: "references", "bibliography"
    in_notes: bool = False  # citations belong in the chapter's notes (a notes style)
    referencing_options: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # the form's defaults for this pair

    def in_text(self, **options: Any) -> InTextStyle:
        """The in-text form with a preset's options; an unknown option raises ValueError naming the known ones."""
        known = {f.name for f in dataclasses.fields(self.referencing) if not f.name.startswith("_")}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValueError(f"unknown in-text option(s) of {self.name}: {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        form: InTextStyle = self.referencing(**{**self.referencing_options, **options})
        return form


# The pairs this package ships; pyproject.toml registers each under its name.
APA = CitationStyle("apa", "APA 7", "edition-apa", AuthorDate, "references")
CHICAGO_NOTES = CitationStyle("chicago-notes", "Chicago", "edition-chicago", Notes, "bibliography", in_notes=True)
# CMOS 17, 15.21-15.29: (Walt 1987, 22–23), (Kaye, Nader, and Roshan 2011), (Kaye et al. 2011), (“Baghdad Pact” 1956).
CHICAGO_AUTHOR_DATE = CitationStyle(
    "chicago-author-date", "Chicago author-date", "edition-chicago-author-date", ChicagoAuthorDate, "references",
    referencing_options={"year_sep": " ", "two_authors": " and ", "last_names_sep": ", and ", "max_names": 3,
                         "comma_in_quotes": False, "page_labels": False},
)
_BUILT_IN = {style.name: style for style in (APA, CHICAGO_NOTES, CHICAGO_AUTHOR_DATE)}


@cache
def _installed() -> dict[str, CitationStyle]:
    """Every citation style installed, by name (entry points of ``edition.citation_styles``)."""
    found: dict[str, CitationStyle] = {}
    for point in entry_points(group=GROUP):
        style = point.load()
        if isinstance(style, CitationStyle):
            found[style.name] = style
    return dict(sorted(found.items()))


class Registered(Mapping[str, CitationStyle]):
    """The registered citation styles by name. This package's own are answered without reading every
    installed package's entry points (a scan that costs a build some 40 ms); another name, or the
    whole list (for a message), reads them."""

    def __getitem__(self, name: str) -> CitationStyle:
        style = _BUILT_IN.get(name) or _installed().get(name)
        if style is None:
            raise KeyError(name)
        return style

    def __contains__(self, name: object) -> bool:
        return name in _BUILT_IN or name in _installed()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted({**_installed(), **_BUILT_IN}))

    def __len__(self) -> int:
        return len({**_installed(), **_BUILT_IN})


def registered() -> Registered:
    return Registered()


@dataclass(frozen=True)
class ChosenStyle:
    """A citation style as one chapter uses it: with its preset's options, if it has one."""

    pair: CitationStyle
    in_text: InTextStyle
    list_options: tuple[tuple[str, Any], ...]  # the reference-list style's options, sorted: part of cache keys

    @property
    def reference_list(self) -> tuple[str, tuple[tuple[str, Any], ...]]:
        """(pybtex plugin, options): what formats the chapter's own list and its cards."""
        return self.pair.reference_list, self.list_options


def choose(pair: CitationStyle, list_options: tuple[tuple[str, Any], ...] = (),
           in_text_options: tuple[tuple[str, Any], ...] = (), variant: str = "") -> ChosenStyle:
    """``pair`` with its options; ``variant``: the chapter whose own forms of shared works its list
    shows (``x-in-<chapter>-<field>``), "" when no record has any (then chapters share one formatting)."""
    own = tuple(sorted((*list_options, ("variant", variant)))) if variant else list_options
    return ChosenStyle(pair, pair.in_text(**dict(in_text_options)), own)
