"""The timeline and the concordance: data with paragraph ids, checked against the chapters.

A timeline event lists the blocks (of any chapter) that discuss it; a concordance topic maps each
chapter's key to its blocks that treat the topic. Which keys are chapters, and which ids exist,
is known only once every page is read: ``missing_ids`` and ``unknown_chapters`` check them then.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import msgspec

from ..problems import Problem
from . import yamlfile

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
Id = Annotated[str, msgspec.Meta(min_length=1)]


class _Event(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD, a real day (checked below, with a message an editor reads)
    label: Annotated[str, msgspec.Meta(min_length=1)]
    paragraphs: tuple[Id, ...] = ()
    index: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        m = _DATE.match(self.date)
        if m is None:
            raise ValueError(f"date '{self.date}' is not YYYY, YYYY-MM or YYYY-MM-DD")
        try:
            datetime.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
        except ValueError:
            raise ValueError(f"date '{self.date}' is not a day of the calendar (YYYY, YYYY-MM or YYYY-MM-DD)") from None


class _Topic(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    topic: Annotated[str, msgspec.Meta(min_length=1)]
    paragraphs: dict[str, tuple[Id, ...]]  # chapter key -> its blocks treating the topic
    note: str = ""


@dataclass(frozen=True)
class Point:
    """An event's place on a time axis."""

    id: str
    year: float  # 1953.6 for August 1953
    date: str  # as printed: "1953-08-19"
    label: str


@dataclass(frozen=True)
class TimelineEvent:
    id: str
    date: str
    label: str
    paragraphs: tuple[str, ...]
    index: str
    note: str
    line: int

    def point(self) -> Point:
        m = _DATE.match(self.date)
        assert m is not None
        year = int(m.group(1)) + (int(m.group(2) or 6) - 1) / 12 + (int(m.group(3) or 15) - 1) / 365
        return Point(self.id, year, self.date, self.label)


@dataclass(frozen=True)
class Topic:
    id: str
    topic: str
    paragraphs: tuple[tuple[str, tuple[str, ...]], ...]  # (chapter key, its blocks), as written
    note: str
    line: int


def load_timeline(path: Path, label: str) -> tuple[TimelineEvent, ...]:
    events = [TimelineEvent(e.id, e.date, e.label, e.paragraphs, e.index, e.note, line)
              for line, e in yamlfile.records(path, label, _Event, "events")]
    return tuple(sorted(events, key=lambda e: (e.date, e.id)))


def load_concordance(path: Path, label: str) -> tuple[Topic, ...]:
    return tuple(Topic(t.id, t.topic, tuple(t.paragraphs.items()), t.note, line)
                 for line, t in yamlfile.records(path, label, _Topic, "topics"))


def missing_ids(label: str, where: Mapping[str, int], ids: set[str], what: str,
                published: Mapping[str, str] | None = None) -> list[Problem]:
    """A Problem for each referenced paragraph id (id -> line) that no chapter declares (``published``:
    id -> the page that published it, for the root cause of a lost chapter)."""
    return [Problem(label, line, f"{what} points to '#{ident}', which is not a paragraph id of any chapter",
                    (published or {}).get(ident, ""))
            for ident, line in where.items() if ident not in ids]


def concordance_problems(label: str, topics: tuple[Topic, ...], ids: Mapping[str, Mapping[str, int]]) -> list[Problem]:
    """Each topic's chapter keys must be chapters, and each block must be an id of the chapter it is listed under."""
    problems = []
    for topic in topics:
        for key, blocks in topic.paragraphs:
            if key not in ids:
                problems.append(Problem(label, topic.line, f"topic '{topic.id}': '{key}' is not a chapter "
                                        f"(chapters: {', '.join(ids) or 'none'})", key))
                continue
            problems += [Problem(label, topic.line, f"topic '{topic.id}' points to '#{block}', which is not an id of chapter '{key}'", key)
                         for block in blocks if block not in ids[key]]
    return problems
