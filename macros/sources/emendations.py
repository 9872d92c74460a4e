"""The emendation list: every change the edition makes to the authors' source texts.

Each record says what changed (``before`` → ``after``, exact source text), where it lands
in the edition (``chapter`` and the ``place`` id of the block), what ``kind`` of repair it
is and why.  The fidelity check applies the records to the source text, so a record whose
``before`` is not in the source, or is ambiguous there, is reported as a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
_FIELDS = ("id", "chapter", "place", "kind", "before", "after", "reason")
_ID = re.compile(r"^[a-z]([a-z0-9]*[a-z])?-e\d{2,3}$")  # a chapter key (chapters.KEY), then the number


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
    for line, item in yamlfile.items(path, label, "emendation records", "emendation list not found"):
        if not isinstance(item, dict):
            raise DataError(Problem(label, line, "each emendation must be a mapping"))
        missing = [f for f in _FIELDS if not isinstance(item.get(f), str)]
        if missing:
            raise DataError(Problem(label, line, f"emendation lacks text field(s): {', '.join(missing)}"))
        unknown = sorted(set(item) - set(_FIELDS))
        if unknown:
            raise DataError(Problem(label, line, f"unknown field(s): {', '.join(unknown)}"))
        rec = Emendation(**{f: item[f] for f in _FIELDS}, line=line)
        if not _ID.match(rec.id):
            raise DataError(Problem(label, line, f"emendation id '{rec.id}' must look like 'a-e01'"))
        if rec.id in seen:
            raise DataError(Problem(label, line, f"duplicate emendation id '{rec.id}' (first at line {seen[rec.id]})"))
        if rec.kind not in KINDS:
            raise DataError(Problem(label, line, f"unknown kind '{rec.kind}' (one of: {', '.join(KINDS)})"))
        seen[rec.id] = line
        records.append(rec)
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
