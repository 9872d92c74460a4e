"""The timeline and the concordance: data with paragraph ids, checked against the chapters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import yamlfile
from ..pages.pictures import Event
from ..problems import DataError, Problem

_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True)
class TimelineEvent:
    id: str
    date: str
    label: str
    paragraphs: tuple[str, ...]
    index: str
    note: str
    line: int

    def point(self) -> Event:
        m = _DATE.match(self.date)
        assert m is not None
        year = int(m.group(1)) + (int(m.group(2) or 6) - 1) / 12 + (int(m.group(3) or 15) - 1) / 365
        return Event(self.id, year, self.date, self.label)


@dataclass(frozen=True)
class Topic:
    id: str
    topic: str
    a: tuple[str, ...]
    b: tuple[str, ...]
    note: str
    line: int


def _items(path: Path, label: str) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for line, item in yamlfile.items(path, label):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise DataError(Problem(label, line, "each entry needs an 'id'"))
        out.append((line, item))
    return out


def load_timeline(path: Path, label: str) -> tuple[TimelineEvent, ...]:
    events = []
    for line, item in _items(path, label):
        date = str(item.get("date", ""))
        if not _DATE.match(date):
            raise DataError(Problem(label, line, f"event '{item['id']}': date '{date}' is not YYYY, YYYY-MM or YYYY-MM-DD"))
        events.append(TimelineEvent(item["id"], date, str(item.get("label", "")), tuple(item.get("paragraphs") or ()),
                                    str(item.get("index") or ""), str(item.get("note") or ""), line))
    return tuple(sorted(events, key=lambda e: (e.date, e.id)))


def load_concordance(path: Path, label: str) -> tuple[Topic, ...]:
    return tuple(Topic(item["id"], str(item.get("topic", "")), tuple(item.get("a") or ()), tuple(item.get("b") or ()),
                       str(item.get("note") or ""), line) for line, item in _items(path, label))


def missing_ids(label: str, where: Mapping[str, int], ids: set[str], what: str) -> list[Problem]:
    """A Problem for each referenced paragraph id (id -> line) that no chapter declares."""
    return [Problem(label, line, f"{what} points to '#{ident}', which is not a paragraph id of either chapter")
            for ident, line in where.items() if ident not in ids]
