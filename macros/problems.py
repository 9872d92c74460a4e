"""A content problem found in a source file, reported as ``file:line: message``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str
    # The chapter (its key) or chapter page the problem concerns, when one lost chapter would cause
    # it: a root cause reported for that chapter holds such problems back (site/root_causes.py).
    about: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class DataError(Exception):
    """A data file cannot be used at all; the build must stop."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
