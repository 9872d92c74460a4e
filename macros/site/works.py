"""The works of the edition: every record once, a printing folded into its work, and which chapters
cite or list each, computed from the chapters' citations and reference lists (never typed by hand).

A printing record (``x-printing-of``) is the same work: the chapter citing the 2013 printing of
Walt's book cites Walt's book. A chapter of a book (``crossref``) is a work of its own, with its own
entry; it is not its book. Every count the edition shows (the bibliography's filter, the
concordance's shared works and its picture, the metadata) comes from ``works`` and ``membership``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pybtex.database import Entry

from ..sources.latex import latex_text
from .index import SiteIndex


@dataclass(frozen=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True)
class Work:
    key: str
    chapters: tuple[str, ...]  # keys of the chapters citing or listing it, in chapter order
    flags: tuple[str, ...]
    printings: tuple[str, ...]  # keys of printing records folded into this work


_NOT_WORD = re.compile(r"[^a-z0-9 ]")
_ARTICLE = re.compile(r"^(?:The|A|An)\s+(?=\S)")


SortKey = tuple[int, str, str, str]  # (0, or 1 for a fragment naming no one; family name or title; year; key)


def sort_key(key: str, entry: Entry) -> SortKey:
    """Author (or title), year, key; a fragment with neither files last."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    # Family names only: one author's records may spell the given names differently ("S. M.", "Stephen M.");
    # a title files under its first word after an article ("The Eisenhower Doctrine" under E: CMOS 14.66, APA 9.44).
    name = " ".join(people[0].last_names) if people else _ARTICLE.sub("", latex_text(entry.fields.get("title", "")))
    folded = unicodedata.normalize("NFKD", latex_text(name)).encode("ascii", "ignore").decode().casefold()
    words = _NOT_WORD.sub("", folded).strip()  # ASCII letters, digits and spaces
    return (0 if words else 1, words, entry.fields.get("year", ""), key)


def work_of(entries: Mapping[str, Entry]) -> dict[str, str]:
    """Every key -> the key of its work (itself, or the work a printing record is a printing of)."""
    return {key: str(entry.fields.get("x-printing-of") or key) for key, entry in entries.items()}


def chapters_citing(index: SiteIndex, keys: Sequence[str]) -> tuple[str, ...]:
    """The chapters, in order, that cite or list any of ``keys``."""
    cited, listed, chapters = index.by("citations", "key"), index.by("listings", "key"), index.chapters_by_src()
    pages = {record.page for key in keys for record in (*cited.get(key, ()), *listed.get(key, ())) if record.page in chapters}
    return tuple(chapters[page].key for page in sorted(pages, key=index.rank))


def works(entries: Mapping[str, Entry], index: SiteIndex) -> list[Work]:
    """Works in bibliography order, with the chapters citing or listing each (printings folded in)."""
    printings: dict[str, list[str]] = {}
    for key, work in work_of(entries).items():
        if work != key:
            printings.setdefault(work, []).append(key)
    labels = {ch.key: ch.label for ch in index.ordered_chapters()}
    found = []
    for key, entry in entries.items():
        if "x-printing-of" in entry.fields:
            continue
        flags = []
        if "x-fragment" in entry.fields:
            flags.append("fragment of a lost entry")
        if "x-unlisted" in entry.fields:
            flags.append(entry.fields["x-unlisted"])
        for child in printings.get(key, []):
            who = " and ".join(labels[c] for c in chapters_citing(index, [child])) or "No chapter"
            flags.append(f"{who} cites the {entries[child].fields.get('year', '')} printing ({child})")
        found.append(Work(key, chapters_citing(index, [key, *printings.get(key, [])]), tuple(flags),
                          tuple(printings.get(key, []))))
    return sorted(found, key=lambda w: sort_key(w.key, entries[w.key]))


def membership(found: Sequence[Work]) -> dict[str, frozenset[str]]:
    """Work -> the chapters citing or listing it (works no chapter cites or lists are left out)."""
    return {work.key: frozenset(work.chapters) for work in found if work.chapters}


def counts(found: Sequence[Work], chapters: Sequence[str]) -> dict[str, int]:
    """How many works each chapter cites or lists, how many more than one does ("shared"), and all."""
    citing = Counter(key for w in found for key in w.chapters)  # one pass over the works, not one per chapter
    return {**{key: citing[key] for key in chapters}, "shared": sum(len(w.chapters) > 1 for w in found), "all": len(found)}


def groups(found: list[Work]) -> dict[str, set[str]]:
    """Key -> every key of the same work (a printing and its work share their places)."""
    grouped: dict[str, set[str]] = {}
    for work in found:
        members = {work.key, *work.printings}
        for key in members:
            grouped[key] = members
    return grouped
