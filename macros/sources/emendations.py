"""The emendation list: every change the edition makes to the authors' source texts.

Each record says what changed (``before`` → ``after``, exact source text), where it lands
in the edition (``chapter`` and the ``place`` id of the block), what ``kind`` of repair it
is and why.  The fidelity check applies the records to the source text, so a record whose
``before`` is not in the source, or is ambiguous there, is reported as a problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from . import yamlfile
from ..problems import DataError, Problem

KINDS: dict[str, str] = {
    "rejoin": "paragraph rejoined across a page break",
    "split": "run-together entries separated",
    "list": "list markup repaired",
    "correct": "extraction damage repaired",
    "figure": "figure without its image",
    "supply": "heading supplied by the editor",
    "reference": "reference entry rendered from its record",
    "citation": "citation rendered from its record",
}
_ID = r"^[a-z]([a-z0-9]*[a-z])?-e\d{2,3}$"  # the chapter's key, then e01 … e999
Text = Annotated[str, msgspec.Meta(min_length=1)]


class _Record(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Annotated[str, msgspec.Meta(pattern=_ID)]
    chapter: Text
    place: Text
    kind: Literal["rejoin", "split", "list", "correct", "figure", "supply", "reference", "citation"]
    before: str
    after: str
    reason: Text

    def __post_init__(self) -> None:
        if not self.id.startswith(f"{self.chapter}-e"):
            raise ValueError(f"its id begins with its chapter's key: '{self.chapter}-e01', not '{self.id}'")


@dataclass(frozen=True)
class Emendation:
    id: str
    chapter: str
    place: str
    kind: str
    before: str
    after: str
    reason: str
    line: int  # line of the record in the data file

    @property
    def structural(self) -> bool:
        """True when the words stay the same and only their presentation changes."""
        return self.before == self.after


def load(path: Path, label: str) -> tuple[Emendation, ...]:
    """Read and validate the emendation list; raise ``DataError`` naming file and line."""
    records: list[Emendation] = []
    seen: dict[str, int] = {}
    for line, rec in yamlfile.records(path, label, _Record, "emendations", "emendation list not found"):
        if rec.id in seen:
            raise DataError(Problem(label, line, f"duplicate emendation id '{rec.id}' (first at line {seen[rec.id]})"))
        seen[rec.id] = line
        records.append(Emendation(rec.id, rec.chapter, rec.place, rec.kind, rec.before, rec.after, rec.reason, line))
    return tuple(records)


def apply(source: str, records: tuple[Emendation, ...], label: str) -> tuple[str, list[Problem]]:
    """Apply the records, in order, to a source text; ``before`` must occur exactly once."""
    problems: list[Problem] = []
    for rec in records:
        count = source.count(rec.before)
        if count != 1:
            where = "does not occur" if count == 0 else f"occurs {count} times"
            problems.append(Problem(label, rec.line, f"emendation {rec.id}: 'before' text {where} in the source"))
            continue
        source = source.replace(rec.before, rec.after)
    return source, problems
