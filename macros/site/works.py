"""The unified bibliography: every work once, sorted, with the places that cite or list it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pybtex.database import Entry

from ..sources.latex import latex_text


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True)
class Place:
    label: str  # "Cited in Paper B"
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Work:
    key: str
    papers: tuple[str, ...]  # ("a", "b")
    flags: tuple[str, ...]
    printings: tuple[str, ...]  # keys of printing records folded into this work


def papers_of(entry: Entry) -> tuple[str, ...]:
    return tuple(sorted(p.strip().lower() for p in entry.fields.get("x-papers", "").split(",") if p.strip()))


_NOT_WORD = re.compile(r"[^a-z0-9 ]")


def sort_key(key: str, entry: Entry) -> tuple[int, str, str, str]:
    """Author (or title), year, key; a fragment with neither files last."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    # Family names only: one author's records may spell the given names differently ("S. M.", "Stephen M.").
    name = " ".join(people[0].last_names) if people else entry.fields.get("title", "")
    folded = unicodedata.normalize("NFKD", latex_text(name)).encode("ascii", "ignore").decode().casefold()
    words = _NOT_WORD.sub("", folded).strip()  # ASCII letters, digits and spaces
    return (0 if words else 1, words, entry.fields.get("year", ""), key)


def works(entries: Mapping[str, Entry]) -> list[Work]:
    """Works in bibliography order; a printing record (x-printing-of) folds into its work."""
    printings: dict[str, list[str]] = {}
    for key, entry in entries.items():
        parent = entry.fields.get("x-printing-of")
        if parent:
            printings.setdefault(parent, []).append(key)
    found = []
    for key, entry in entries.items():
        if "x-printing-of" in entry.fields:
            continue
        papers = set(papers_of(entry))
        for child in printings.get(key, []):
            papers |= set(papers_of(entries[child]))
        flags = []
        if "x-fragment" in entry.fields:
            flags.append("fragment of a lost entry")
        if "x-unlisted" in entry.fields:
            flags.append(entry.fields["x-unlisted"])
        for child in printings.get(key, []):
            flags.append(f"paper A cites the {entries[child].fields.get('year', '')} printing ({child})")
        found.append(Work(key, tuple(sorted(papers)), tuple(flags), tuple(printings.get(key, []))))
    return sorted(found, key=lambda w: sort_key(w.key, entries[w.key]))


def note_numbers(entry: Entry) -> list[str]:
    return [n.strip() for n in entry.fields.get("x-note-a", "").split(",") if n.strip()]


def counts(found: Sequence[Work]) -> dict[str, int]:
    return {"a": sum("a" in w.papers for w in found), "b": sum("b" in w.papers for w in found),
            "ab": sum(w.papers == ("a", "b") for w in found)}
