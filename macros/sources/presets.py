"""Presets (``docs/_data/presets.yml``): a paper's consistent deviations from its citation style.

Each preset names the style it is for and holds options of that style's two halves: the
reference list's (checked by the pybtex style when it formats, see ``macros.styles``) and the
in-text form's (checked here, against the form's parts).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import msgspec

from ..problems import DataError, Problem
from . import yamlfile

Option = str | int | bool


class _Record(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Annotated[str, msgspec.Meta(min_length=1)]
    style: Annotated[str, msgspec.Meta(min_length=1)]
    about: str = ""
    reference_list: dict[str, Option] = {}
    in_text: dict[str, Option] = {}


@dataclass(frozen=True)
class Preset:
    id: str
    style: str
    about: str
    reference_list: tuple[tuple[str, Option], ...]  # sorted (name, value) pairs: a key for caches
    in_text: tuple[tuple[str, Option], ...]
    file: str
    line: int


def load(path: Path, label: str, styles: Mapping[str, Any]) -> dict[str, Preset]:
    """Every preset by id; ``styles`` are the registered citation styles (each with ``in_text(**options)``)."""
    found: dict[str, Preset] = {}
    for line, record in yamlfile.records(path, label, _Record, "presets", "presets file not found"):
        if record.id in found:
            raise DataError(Problem(label, line, f"duplicate preset id '{record.id}' (first at line {found[record.id].line})"))
        if record.style not in styles:
            raise DataError(Problem(label, line, f"preset '{record.id}': unknown citation style '{record.style}' "
                                    f"(registered: {', '.join(sorted(styles))})"))
        try:
            styles[record.style].in_text(**record.in_text)
        except (TypeError, ValueError) as exc:
            raise DataError(Problem(label, line, f"preset '{record.id}': {exc}")) from None
        found[record.id] = Preset(record.id, record.style, record.about, tuple(sorted(record.reference_list.items())),
                                  tuple(sorted(record.in_text.items())), label, line)
    return found
