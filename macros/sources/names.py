"""Index entries and glossary terms: their data, and finding their mentions in text.

Each entry lists every form under which it is printed (``variants``).  A search is
whole-word and case-sensitive, tries longer variants first, and counts each text position
once, so "Mohammad Reza Shah" is one mention of him, not also one of "Reza Shah".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import yamlfile
from ..problems import DataError, Problem

KINDS = {"person": "Persons", "organisation": "Organisations", "place": "Places", "event": "Events"}


@dataclass(frozen=True)
class Entry:
    id: str
    name: str
    variants: tuple[str, ...]
    text: str  # the gloss (index) or definition (glossary)
    kind: str  # an index kind, or "term"
    line: int


def load(path: Path, label: str, glossary: bool = False) -> tuple[Entry, ...]:
    found: list[Entry] = []
    ids: set[str] = set()
    for line, item in yamlfile.items(path, label):
        name_field, text_field = ("term", "definition") if glossary else ("name", "gloss")
        if not isinstance(item, dict) or not all(isinstance(item.get(f), str) for f in ("id", name_field, text_field)):
            raise DataError(Problem(label, line, f"an entry needs 'id', '{name_field}' and '{text_field}'"))
        variants = item.get("variants") or [item[name_field]]
        kind = "term" if glossary else str(item.get("kind", ""))
        if not glossary and kind not in KINDS:
            raise DataError(Problem(label, line, f"unknown kind '{kind}' (one of: {', '.join(KINDS)})"))
        if item["id"] in ids:
            raise DataError(Problem(label, line, f"duplicate id '{item['id']}'"))
        ids.add(item["id"])
        found.append(Entry(item["id"], item[name_field], tuple(str(v) for v in variants), item[text_field], kind, line))
    return tuple(found)


def matcher(entries: Sequence[Entry]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for all variants (longest first) and variant -> entry id."""
    owner: dict[str, str] = {}
    for entry in entries:
        for variant in entry.variants:
            owner.setdefault(variant, entry.id)
    ordered = sorted(owner, key=len, reverse=True)
    # Word boundaries only: "Iran-Israel" mentions both, "Iran's" mentions Iran.
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(v) for v in ordered) + r")(?!\w)") if ordered else re.compile(r"(?!x)x")
    return pattern, owner


def find(text: str, pattern: re.Pattern[str], owner: dict[str, str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, entry id) of every mention in ``text``."""
    for m in pattern.finditer(text):
        yield m.start(), m.end(), owner[m.group(1)]
