"""Citation styles: reference-list styles and the in-text forms paired with them.

Reference lists are declarative pybtex styles (``chicago.py``, ``apa.py``,
``chicago_author_date.py``, parts shared in ``base.py``), registered as pybtex plugins; in-text forms are small objects in ``referencing/``;
``pairs.py`` pairs them into the citation styles a chapter chooses. ``format_entries`` is the
one entry point for formatting entries; the formatting machinery
(``formatting.py``: pybtex's templates and backends) is imported on first use, because a build
whose formatted entries are all cached never needs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from pybtex.database import BibliographyData

__all__ = ["EntryError", "PLUGIN_NAMES", "STYLES", "ApaStyle", "ChicagoAuthorDateStyle", "ChicagoStyle", "Formatted", "format_entries",
           "prepare", "style_class"]


@dataclass(frozen=True)
class Formatted:
    key: str
    html: str  # escaped HTML: titles in <em>, URLs and DOIs as <a href>
    text: str  # plain text without markup


class EntryError(Exception):
    """A record the style cannot format: it lacks a field the entry type requires."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key

    def __reduce__(self) -> tuple[type[EntryError], tuple[str, str]]:  # it may come back from a worker process
        return EntryError, (self.key, str(self))


def format_entries(data: BibliographyData, keys: Sequence[str], style: str, **options: Any) -> dict[str, Formatted]:
    """Format the entries ``keys`` of ``data`` with ``style`` ("apa", "edition-apa", …); see
    ``formatting.format_entries``."""
    result: dict[str, Formatted] = import_module(".formatting", __name__).format_entries(data, keys, style, **options)
    return result


def import_formatting() -> None:
    """Import the formatting machinery now: in a process about to fork the one that formats."""
    import_module(".formatting", __name__)


def style_class(style: str) -> type[Any]:
    """The style class named ``style``; see ``formatting.style_class``."""
    found: type[Any] = import_module(".formatting", __name__).style_class(style)
    return found


def __getattr__(name: str) -> Any:
    """The styles, their presets and ``prepare``, from the formatting module when first asked for."""
    if name in __all__ and name not in globals():
        return getattr(import_module(".formatting", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
