"""Load the edition's BibTeX files with pybtex, reporting every problem with file and line
(read by ``bibtex_scan`` where it can, faster than pybtex's scanner, into the same database).

pybtex itself stops at the first duplicate key without saying where, and names only the
line where it noticed a syntax error; this loader parses file by file, finds each entry's
line, and names both places of a duplicate key.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import pickle
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pybtex.errors
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input import bibtex
from pybtex.scanner import PybtexSyntaxError

from ..problems import Problem
from . import bibtex_scan

_ENTRY = re.compile(r"^[ \t]*@([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)", re.M)


class BibliographyError(Exception):
    """The bibliography cannot be used; the build must stop."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Bibliography:
    data: BibliographyData
    where: dict[str, tuple[str, int]]  # key -> (file label, line)
    digest: str = ""  # of every file's name and bytes: what is derived from the whole bibliography can be cached on it

    @property
    def files(self) -> set[str]:
        """The files read (their labels)."""
        return {file for file, _ in self.where.values()}

    @property
    def entries(self) -> dict[str, Entry]:
        return dict(self.data.entries)

    def chapters_with_own_forms(self) -> set[str]:
        """The chapters some record gives forms of its own (``x-in-<chapter>-<field>``): only their
        lists need a formatting of their own; every other chapter shares its style's."""
        names = {name for entry in self.data.entries.values() for name in map(str.lower, entry.fields) if name.startswith("x-in-")}
        return {name[5:].rsplit("-", 1)[0] for name in names}

    def resolved(self) -> dict[str, Entry]:
        """Entries with crossref parents' missing fields and persons copied in (a chapter
        inherits its book's title, editors, publisher, year)."""
        return resolve_crossrefs(self.data)


CHAPTERS = frozenset({"inbook", "incollection", "inreference", "inproceedings"})


def resolve_crossrefs(data: BibliographyData) -> dict[str, Entry]:
    return {key: resolve_entry(key, data) for key in data.entries}


def resolve_entry(key: str, data: BibliographyData) -> Entry:
    """The entry completed from its crossref chain: missing fields and persons come from the
    parent (its ``x-`` editorial fields excepted), and a chapter's booktitle from its book's
    title, as biblatex does. The entry's own fields, ``crossref`` included, are kept."""
    entry = data.entries[key]
    if "crossref" not in entry.fields:
        return entry
    fields = dict(entry.fields)
    persons = {role: list(people) for role, people in entry.persons.items()}
    seen = {key.lower()}
    parent_key = entry.fields.get("crossref", "")
    while parent_key and parent_key.lower() not in seen and parent_key in data.entries:
        seen.add(parent_key.lower())
        parent = data.entries[parent_key]
        for name, value in parent.fields.items():
            if not name.lower().startswith("x-") and name.lower() != "crossref":
                fields.setdefault(name, value)
        if entry.type.lower() in CHAPTERS and "title" in parent.fields:
            fields.setdefault("booktitle", parent.fields["title"])
        for role, people in parent.persons.items():
            persons.setdefault(role, list(people))
        parent_key = parent.fields.get("crossref", "")
    return Entry(entry.type, fields=fields, persons=persons)


def entry_lines(text: str) -> list[tuple[str, str, int]]:
    """(entry type, key, line) of every entry in a BibTeX text, ignoring @comment/@preamble/@string."""
    found = []
    line, counted = 1, 0
    for m in _ENTRY.finditer(text):
        line, counted = line + text.count("\n", counted, m.start()), m.start()
        kind = m.group(1).lower()
        if kind not in {"comment", "preamble", "string"}:
            found.append((kind, m.group(2), line))
    return found


def load(paths: Sequence[Path], root: Path, cache_dir: Path | None = None) -> Bibliography:
    """Parse every file into one database; raise ``BibliographyError`` at the first problem."""
    merged = BibliographyData()
    where: dict[str, tuple[str, int]] = {}
    digest = hashlib.sha256()
    seen: dict[str, str] = {}  # key in lower case -> as written: pybtex's keys are case-insensitive
    for path in paths:
        label = _label(path, root)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BibliographyError(Problem(label, 1, "bibliography file not found")) from None
        except UnicodeDecodeError as exc:
            line = text_line_of_byte(path.read_bytes(), exc.start)
            raise BibliographyError(Problem(label, line, "bibliography file is not UTF-8")) from None
        located = entry_lines(text)
        if not located:
            raise BibliographyError(Problem(label, 1, "bibliography file holds no entries"))
        for _, key, line in located:
            if not key:
                raise BibliographyError(Problem(label, line, "entry without a citation key"))
            if key.lower() in seen:
                first = seen[key.lower()]
                first_file, first_line = where[first]
                also = "" if first == key else f" as '{first}' (keys differ only in case, which BibTeX does not tell apart)"
                raise BibliographyError(Problem(label, line, f"duplicate citation key '{key}' (first defined at {first_file}:{first_line}{also})"))
            where[key] = (label, line)
            seen[key.lower()] = key
        data = _parse_cached(text, label, located, cache_dir)
        for key, entry in data.entries.items():
            merged.entries[key] = entry
        digest.update(f"{label}\0{text}\0".encode("utf-8"))
    check(merged, where)
    letter_unlettered(merged)
    return Bibliography(merged, where, digest.hexdigest())


# What loads the bibliography: ``load`` itself, or under serve ``KeptBibliography``.
Loader = Callable[[Sequence[Path], Path, Path | None], Bibliography]


class KeptBibliography:
    """``load``, kept across the rebuilds of one ``mkdocs serve`` (the plugin lives that long): while every
    file holds the same bytes, the bibliography read last is returned, not read again (on the 40-chapter
    corpus: its 2,000 entries unpickled, checked and lettered, 49 ms of each rebuild). A build changes no
    loaded record: formatting and exports work on copies. A build reads each file once and needs none of this."""

    def __init__(self) -> None:
        self._kept: tuple[tuple[str, tuple[tuple[str, bytes], ...]], Bibliography] | None = None

    def __call__(self, paths: Sequence[Path], root: Path, cache_dir: Path | None = None) -> Bibliography:
        try:
            read = (str(root), tuple((str(path), path.read_bytes()) for path in paths))
        except OSError:
            return load(paths, root, cache_dir)  # which says which file, and why
        if self._kept is None or self._kept[0] != read:
            self._kept = (read, load(paths, root, cache_dir))
        return self._kept[1]


# Set on a record at load, never written back: the year letter of a work whose key has none among
# works whose keys do (parsi2007 beside parsi2007a, b, c), so that no two of them read "2007".
YEAR_LETTER = "x-year-letter"


def letter_unlettered(data: BibliographyData) -> None:
    keys = {key.lower() for key in data.entries}
    for key, entry in data.entries.items():
        if re.fullmatch(r".*\d{4}", key):
            taken = [c for c in "abcdefghijklmnopqrstuvwxyz" if f"{key.lower()}{c}" in keys]
            if taken and "x-printing-of" not in entry.fields:
                entry.fields[YEAR_LETTER] = next(c for c in "abcdefghijklmnopqrstuvwxyz" if c not in taken)


# The fields that say what a work is; a record with none of them would print as "(n.d.)." alone.
_IDENTIFYING = ("author", "editor", "title", "journal", "booktitle", "howpublished")


def check(data: BibliographyData, where: dict[str, tuple[str, int]]) -> None:
    """Each record names something, and each ``crossref`` or ``x-printing-of`` points at a record."""
    for key, entry in data.entries.items():
        file, line = where.get(key, ("bibliography", 1))
        if not entry.fields and not entry.persons:
            raise BibliographyError(Problem(file, line, f"entry '{key}' has no fields"))
        if not any(name in entry.fields or name in entry.persons for name in _IDENTIFYING) and "crossref" not in entry.fields:
            raise BibliographyError(Problem(file, line, f"entry '{key}' names no author, editor or title "
                                            "(nor journal, booktitle or howpublished): what work is it?"))
        for link in ("crossref", "x-printing-of"):
            target = entry.fields.get(link)
            if target is not None and target not in data.entries:
                raise BibliographyError(Problem(file, line, f"entry '{key}': {link} '{target}' is not a key of the "
                                                f"bibliography{_close(target, data)}"))
        chain, parent = [key], entry.fields.get("crossref")
        while parent is not None and parent in data.entries:
            if parent.lower() in (k.lower() for k in chain):
                raise BibliographyError(Problem(file, line, f"entry '{key}': crossref cycle {' -> '.join([*chain, parent])}"))
            chain.append(parent)
            parent = data.entries[parent].fields.get("crossref")


def _close(key: str, data: BibliographyData) -> str:
    match = difflib.get_close_matches(key, list(data.entries.keys()), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _parse_cached(text: str, label: str, located: list[tuple[str, str, int]], cache_dir: Path | None) -> BibliographyData:
    """Parsing a large .bib file is slow; an unchanged file (same bytes) is read from the cache."""
    if cache_dir is None:
        return _parse(text, label, located)
    path = cache_dir / f"bib2-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:24]}.pickle"  # 2: kept ``bibtex_scan.compact``
    try:
        cached = _unpickle(path.read_bytes())
        if isinstance(cached, BibliographyData):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    data = _parse(text, label, located)
    cache_dir.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(data))
    return data


def _unpickle(raw: bytes) -> object:
    """The cached database: some hundred thousand small objects, made without the cyclic collector
    running over them again and again (half the time it takes on a 2,000-entry bibliography)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(raw)  # noqa: S301 (the edition's own cache file)
    finally:
        if enabled:
            gc.enable()


def _parse(text: str, label: str, located: list[tuple[str, str, int]]) -> BibliographyData:
    """The file's database: read by ``bibtex_scan`` (the same database; 2,000 entries in 0.13 s, not 0.22), or by
    pybtex where that leaves it to pybtex, whose errors become the edition's problems."""
    if (data := bibtex_scan.parse(text)) is not None:
        return bibtex_scan.compact(data)
    strict = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)
    try:
        return bibtex_scan.compact(bibtex.Parser().parse_string(text))
    except PybtexSyntaxError as exc:
        line = int(getattr(exc, "lineno", 0) or 1)
        key = getattr(exc.parser, "current_entry_key", None)  # the entry pybtex was reading
        starts = {k: ln for _, k, ln in located}
        where = f" in entry '{key}' (which starts at line {starts[key]})" if key in starts else ""
        raise BibliographyError(Problem(label, line, f"malformed BibTeX{where}: {exc.args[0]}")) from None
    except Exception as exc:  # pybtex reports other data errors with its own exception types
        raise BibliographyError(Problem(label, located[0][2], f"unusable BibTeX: {exc}")) from None
    finally:
        pybtex.errors.set_strict_mode(strict)


def text_line_of_byte(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _label(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


PERSON_ROLES = ("author", "editor", "translator")


def with_own_forms(entry: Entry, original: Entry, variant: str) -> Entry:
    """``entry`` with the chapter ``variant``'s own forms (``x-in-<variant>-<field>`` of the record) in
    place of the shared ones; the same entry when the record has none."""
    prefix = f"x-in-{variant}-" if variant else ""
    names = [name for name in original.fields if prefix and name.lower().startswith(prefix)]  # names only: values are slow to get
    if not names:
        return entry
    own = {name.lower()[len(prefix):]: original.fields[name] for name in names}
    fields = {name: value for name, value in entry.fields.items() if name.lower() not in own}
    persons = {role: list(people) for role, people in entry.persons.items() if role.lower() not in own}
    for name, value in own.items():
        if name in PERSON_ROLES:
            persons[name] = [Person(n) for n in split_name_list(value)]
        else:
            fields[name] = value
    copy = Entry(entry.type, fields=fields, persons=persons)
    copy.key = entry.key
    return copy
