"""A chapter's built page compared with its source text, after the recorded emendations: in every
build (``in_build``) and by ``scripts/check_fidelity.py`` (``check``); the comparison itself is
``macros.fidelity``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from .. import fidelity
from ..problems import Problem
from ..sources import emendations
from ..sources.chapters import Chapter, built_page


# The comparison's own code: a change to it invalidates what the cache holds.
_CODE = hashlib.sha256(Path(fidelity.__file__).read_bytes() + Path(__file__).read_bytes()).hexdigest()


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
    emphasis = fidelity.marks_emphasis(source)
    source_body, source_notes = fidelity.source_streams(text, emphasis)
    body, notes = fidelity.edition_streams((site / built_page(chapter)).read_text(encoding="utf-8"), emphasis)
    differences = fidelity.compare(source_body, body, "body") + fidelity.compare(source_notes, notes, "notes")
    problems += misplaced(mine, body + notes, "docs/_data/emendations.yml", emphasis)
    return Result(differences, problems, fidelity.word_count(source_body) + fidelity.word_count(source_notes),
                  len(source_body) + len(source_notes), len(mine))


def misplaced(records: tuple[emendations.Emendation, ...], blocks: list[fidelity.Block], label: str,
              emphasis: bool = False) -> list[Problem]:
    """Records whose ``place`` block does not hold any piece of their ``after`` text."""
    text_at: dict[str, str] = {}
    for block in blocks:
        text_at[block.where] = text_at.get(block.where, "") + " " + block.text
    problems = []
    for rec in records:
        body, notes = fidelity.source_streams(rec.after, emphasis)
        pieces = [b.text for b in body + notes]
        here = text_at.get(f"#{rec.place}", "")
        if not any(piece and piece in here for piece in pieces):
            problems.append(Problem(label, rec.line, f"emendation {rec.id}: its text is not in the block '#{rec.place}'"))
    return problems


def in_build(chapter: Chapter, html: str, root: Path, records: tuple[emendations.Emendation, ...], label: str,
             ids: Mapping[str, int], cache_dir: Path | None = None) -> list[Problem]:
    """The fidelity check as part of the build: every difference between the chapter's page and its
    source (after its emendations), and every emendation that does not apply, as problems naming
    the chapter's line (the block's id) or the record's. Kept in ``cache_dir`` under a digest of
    everything it compares, so an unchanged chapter costs a build only that digest."""
    try:
        source = (root / chapter.source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(chapter.file, chapter.line, f"chapter: its source '{chapter.source}' cannot be read ({exc})")]
    mine = tuple(r for r in records if r.chapter == chapter.key)
    key = hashlib.sha256("\0".join([_CODE, html, source, repr(mine), repr(sorted(ids.items())), label]).encode()).hexdigest()[:24]
    kept = cache_dir / f"fidelity-{key}.json" if cache_dir is not None else None
    if kept is not None and kept.is_file():
        try:
            return [Problem(*item) for item in json.loads(kept.read_text(encoding="utf-8"))]
        except (OSError, ValueError, TypeError):
            pass  # a damaged cache is only a slower build
    text, problems = emendations.apply(source, mine, label)
    emphasis = fidelity.marks_emphasis(source)
    source_body, source_notes = fidelity.source_streams(text, emphasis)
    body, notes = fidelity.edition_streams(html, emphasis)
    for difference in fidelity.compare(source_body, body, "body") + fidelity.compare(source_notes, notes, "notes"):
        where = difference.edition.where.lstrip("#") if difference.edition else ""
        detail = str(difference).split("\n", 1)[-1].strip()
        problems.append(Problem(chapter.file, ids.get(where, chapter.line), f"differs from its source {chapter.source} "
                                f"({difference.source.where if difference.source else 'not in it'}), and no emendation "
                                f"records it: {detail}"))
    problems += misplaced(mine, body + notes, label, emphasis)
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(json.dumps([[p.file, p.line, p.message] for p in problems], ensure_ascii=False), encoding="utf-8")
    return problems


Run = Callable[..., "Future[list[Problem]] | list[Problem]"]  # in the other process if there is one (``Background.run``)


class InBuild:
    """The chapters' checks of one build (``in_build``), reported in page order. Each chapter is
    handed over (``ahead``) as soon as its page's text is whole, once the bibliography is formatted,
    rather than as its page is written: the other process then checks the last chapter while the
    remaining pages are written, not after them (the two papers' cold build waited 33-38 ms for it at
    its end). ``written`` checks a page again only if its text was changed since (by another plugin's
    ``on_page_context``): what is checked is always what readers get."""

    def __init__(self, run: Run, root: Path, records: tuple[emendations.Emendation, ...], label: str,
                 ids: Mapping[str, Mapping[str, int]], cache_dir: Path) -> None:
        self._run, self._root, self._records, self._label, self._ids, self._cache_dir = run, root, records, label, ids, cache_dir
        self._checks: dict[str, Future[list[Problem]] | list[Problem]] = {}  # by chapter, in the order handed over
        self._given: dict[str, str | None] = {}  # the text each was handed over with, until its page is written

    def ahead(self, chapter: Chapter, content: str | None) -> None:
        self._given[chapter.key] = content
        self._check(chapter, content)

    def written(self, chapter: Chapter, content: str | None) -> None:
        """The page as it is written: checked (again) unless its text is the one handed over."""
        if chapter.key not in self._given or self._given.pop(chapter.key) != content:
            self._check(chapter, content)

    def _check(self, chapter: Chapter, content: str | None) -> None:
        article = f'<article class="md-content__inner">{content or ""}</article>'  # the page's text as any theme shows it
        self._checks[chapter.key] = self._run(in_build, chapter, article, self._root, self._records, self._label,
                                              self._ids.get(chapter.key, {}), self._cache_dir)

    def problems(self) -> Iterator[Problem]:
        for checked in self._checks.values():
            yield from checked.result() if isinstance(checked, Future) else checked
