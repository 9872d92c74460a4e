"""A chapter's built page compared with its source text, after the recorded emendations (for
``scripts/check_fidelity.py`` and the tests; the comparison itself is ``macros.fidelity``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import fidelity
from ..problems import Problem
from ..sources import emendations
from ..sources.chapters import Chapter, built_page


@dataclass(frozen=True)
class Result:
    differences: list[fidelity.Difference]
    problems: list[Problem]
    words: int
    blocks: int
    emendations: int


def check(chapter: Chapter, records: tuple[emendations.Emendation, ...], root: Path, site: Path) -> Result:
    mine = tuple(r for r in records if r.chapter == chapter.key)
    source = (root / chapter.source).read_text(encoding="utf-8")
    text, problems = emendations.apply(source, mine, "docs/_data/emendations.yml")
    source_body, source_notes = fidelity.source_streams(text)
    body, notes = fidelity.edition_streams((site / built_page(chapter)).read_text(encoding="utf-8"))
    differences = fidelity.compare(source_body, body, "body") + fidelity.compare(source_notes, notes, "notes")
    problems += misplaced(mine, body + notes, "docs/_data/emendations.yml")
    return Result(differences, problems, fidelity.word_count(source_body) + fidelity.word_count(source_notes),
                  len(source_body) + len(source_notes), len(mine))


def misplaced(records: tuple[emendations.Emendation, ...], blocks: list[fidelity.Block], label: str) -> list[Problem]:
    """Records whose ``place`` block does not hold any piece of their ``after`` text."""
    text_at: dict[str, str] = {}
    for block in blocks:
        text_at[block.where] = text_at.get(block.where, "") + " " + block.text
    problems = []
    for rec in records:
        pieces = [b.text for b in fidelity.source_streams(rec.after)[0] + fidelity.source_streams(rec.after)[1]]
        here = text_at.get(f"#{rec.place}", "")
        if not any(piece and piece in here for piece in pieces):
            problems.append(Problem(label, rec.line, f"emendation {rec.id}: its text is not in the block '#{rec.place}'"))
    return problems
