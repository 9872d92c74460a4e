"""Index entries and glossary terms: their data, and finding their mentions in text.

Each entry lists every form under which it is printed (``variants``).  A search is
whole-word and case-sensitive, tries longer variants first, and counts each text position
once, so "Mohammad Reza Shah" is one mention of him, not also one of "Reza Shah".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import msgspec

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


Text = Annotated[str, msgspec.Meta(min_length=1)]
Variant = Annotated[str, msgspec.Meta(pattern=r"\w")]  # a printed form: at least one letter or digit


class _Name(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Text
    kind: Literal["person", "organisation", "place", "event"]
    name: Text
    gloss: Text
    variants: tuple[Variant, ...] = ()  # every printed form; the name alone when empty
    note: str = ""  # the editor's reasoning, not published


class _Term(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Text
    term: Text
    definition: Text  # Markdown (inline), raw HTML shown as text
    variants: tuple[Variant, ...] = ()
    note: str = ""


def load(path: Path, label: str, glossary: bool = False) -> tuple[Entry, ...]:
    found: list[Entry] = []
    ids: dict[str, int] = {}
    records: list[tuple[int, _Name | _Term]] = (
        list(yamlfile.records(path, label, _Term, "terms")) if glossary else list(yamlfile.records(path, label, _Name, "entries")))
    for line, item in records:
        if item.id in ids:
            raise DataError(Problem(label, line, f"duplicate id '{item.id}' (first at line {ids[item.id]})"))
        ids[item.id] = line
        if isinstance(item, _Term):
            found.append(Entry(item.id, item.term, item.variants or (item.term,), item.definition, "term", line))
        else:
            found.append(Entry(item.id, item.name, item.variants or (item.name,), item.gloss, item.kind, line))
    return tuple(found)


def matcher(entries: Sequence[Entry]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for all variants (the longest that ends a word wins) and variant -> entry id."""
    owner: dict[str, str] = {}
    for entry in entries:
        for variant in entry.variants:
            owner.setdefault(variant, entry.id)
    # Word boundaries only: "Iran-Israel" mentions both, "Iran's" mentions Iran.
    pattern = re.compile(r"(?<!\w)(" + _alternatives(owner) + r")(?!\w)") if owner else re.compile(r"(?!x)x")
    return pattern, owner


_Trie = dict[str, "_Trie"]  # character -> what may follow it; "" -> {} where a word ends


def _alternatives(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, written as their trie: "Iran(?:ian Revolution|-Iraq War)?"
    rather than every word in turn. At each position the engine reads a word's next character once
    instead of trying every printed form in turn (three times faster on the two papers' index).
    Greedy, it tries the longer words first, and falls back to a shorter one when a longer one does
    not end a word: the same match as the words listed longest first."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def written(node: _Trie) -> str:
        branches = [re.escape(char) + written(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return written(trie)


def find(text: str, pattern: re.Pattern[str], owner: dict[str, str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, entry id) of every mention in ``text``."""
    for m in pattern.finditer(text):
        yield m.start(), m.end(), owner[m.group(1)]
