"""Formatted bibliography entries: kept across builds (``.cache/edition/``, not committed), and
formatted in another process while the pages are read.

Formatting every record in each style a build shows is most of a cold build's own work. Between two
builds few records change: an entry is reused only if its record, its crossref parent, the set of
keys (which decides year suffixes), the style, its options and the styles' code are all unchanged.
What must be formatted is handed to a second process (``prefetch``) once the build knows its
chapters' styles: it works while this one turns the pages' Markdown into HTML, which
needs no formatted entry, only whether a key exists. The work is handed over in chunks of entries,
so that once the pages are read, this process can take back the chunks not yet begun, one at a
time from the end (``take_back_one``), and both finish together, instead of waiting for one long task.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pybtex.database import BibliographyData, Entry

from . import EntryError, Formatted, format_entries, style_class

# The styles' code: a change to any template or in-text form invalidates what was formatted with it.
_CODE = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.rglob("*.py")))).hexdigest()
Options = tuple[tuple[str, Any], ...]


def _record(entry: Entry) -> str:
    persons = {role: [str(p) for p in people] for role, people in entry.persons.items()}
    return json.dumps([entry.type, sorted(entry.fields.items()), sorted(persons.items())], ensure_ascii=False)


def digests(data: BibliographyData, style: str, options: Mapping[str, Any]) -> dict[str, str]:
    keys = sorted(data.entries)
    # What every entry shares is hashed once; each entry's digest covers that digest and its record.
    context = hashlib.sha256(json.dumps([_CODE, style, sorted(options.items()), keys]).encode("utf-8")).hexdigest()
    out = {}
    for key, entry in data.entries.items():
        parent = data.entries.get(entry.fields.get("crossref", ""))
        text = context + _record(entry) + (_record(parent) if parent is not None else "")
        out[key] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return out


@dataclass
class Plan:
    """What the cache holds of one style's entries, and what it lacks."""

    path: Path | None
    context: str  # the digest of the whole bibliography, style, options and code; "" when unknown
    stored: dict[str, list[str]]  # key -> [digest, html, text] as read
    want: dict[str, str]  # key -> the digest its entry needs now (empty when the whole cache is current)
    ready: dict[str, Formatted]
    missing: list[str]


def plan(cache_dir: Path | None, data: BibliographyData, keys: Sequence[str], style: str, options: Mapping[str, Any],
         whole: str = "") -> Plan:
    """Read the cache: which of ``keys`` it holds current. ``whole`` is a digest of the whole bibliography:
    when the cache was written from the same one, with the same style, options and code, every entry
    in it is current and none is re-hashed."""
    name = hashlib.sha256(json.dumps([style, sorted(options.items())]).encode()).hexdigest()[:16]
    path = cache_dir / f"{style}-{name}.json" if cache_dir else None
    context = hashlib.sha256(json.dumps([_CODE, style, sorted(options.items()), whole]).encode()).hexdigest() if whole else ""
    stored: dict[str, list[str]] = {}
    if path is not None and path.exists():
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            stored = cached["entries"]
        except (OSError, ValueError, KeyError, TypeError):
            cached, stored = {}, {}  # a damaged cache is only a slower build
        if context and cached.get("whole") == context and all(k in stored for k in keys):
            return Plan(path, context, stored, {}, {k: Formatted(k, stored[k][1], stored[k][2]) for k in keys}, [])
    want = digests(data, style, options)
    ready = {k: Formatted(k, stored[k][1], stored[k][2]) for k in keys if k in stored and stored[k][0] == want[k]}
    return Plan(path, context, stored, want, ready, [k for k in keys if k not in ready])


def finish(found: Plan, made: Mapping[str, Formatted]) -> dict[str, Formatted]:
    """The entries, what the cache held and what was just ``made``; the cache file rewritten if anything changed."""
    out = {**found.ready, **made}
    if found.path is not None and found.want and (found.missing or found.context):
        found.path.parent.mkdir(parents=True, exist_ok=True)
        merged = {**found.stored, **{k: [found.want[k], out[k].html, out[k].text] for k in found.missing}}
        found.path.write_text(json.dumps({"whole": found.context, "entries": merged}, ensure_ascii=False, sort_keys=True),
                              encoding="utf-8")
    return out


def formatted(cache_dir: Path | None, data: BibliographyData, keys: Sequence[str], style: str, options: Mapping[str, Any],
              fmt: Callable[[Sequence[str]], Mapping[str, Formatted]], whole: str = "") -> dict[str, Formatted]:
    """``fmt(keys)`` formats what the cache does not hold (see ``plan`` and ``finish``)."""
    found = plan(cache_dir, data, keys, style, options, whole)
    return finish(found, fmt(found.missing) if found.missing else {})


# Entries per task handed to the other process: at most about 40 ms of formatting, the longest this
# process waits for a task already begun when it takes the rest back; and at least MIN_CHUNKS tasks a
# style, so that a small bibliography is shared out too (the pool hands the other process up to two
# tasks ahead of the one it runs, and those can no longer be taken back: a style of the two papers
# in one task was a wait of some 30 ms).
CHUNK = 100
MIN_CHUNKS = 4


def _chunks(keys: Sequence[str], style: str, options: Options) -> list[list[str]]:
    """``keys`` in chunks that can be formatted apart: all in one when the style assigns year suffixes
    among the entries it is given (``year_suffix="title"``), where a chunk would change them."""
    if style_class(style)(**dict(options)).year_suffixes == "title":
        return [list(keys)]
    size = max(1, min(CHUNK, -(-len(keys) // MIN_CHUNKS)))
    return [list(keys[i:i + size]) for i in range(0, len(keys), size)]


# The bibliography the other process works on: set before that process is forked, so it inherits it
# instead of receiving it pickled with each task (thousands of pybtex objects).
_SHARED: list[BibliographyData] = []


def share(data: BibliographyData) -> None:
    """Make ``data`` the bibliography of a process forked from now on (``shared`` there)."""
    _SHARED[:] = [data]


def shared() -> BibliographyData:
    return _SHARED[0]


Chunk = dict[str, Formatted] | EntryError  # a chunk's entries, or why one of them cannot be formatted


def _format_in_worker(keys: Sequence[str], style: str, options: Options) -> Chunk:
    try:
        return format_entries(shared(), keys, style, **dict(options))
    except EntryError as exc:  # returned, not raised: its own arguments would not survive the trip back
        return exc


@dataclass
class FormattedEntries:
    """Every entry of the bibliography formatted in each (style, options) a build asks for: once per
    build, and kept between builds in ``cache_dir``. Invalid options raise ValueError, a record that
    lacks a field its style requires EntryError (see ``format_entries``)."""

    data: BibliographyData
    digest: str  # of the whole bibliography (``Bibliography.digest``)
    cache_dir: Path | None
    _made: dict[tuple[str, Options], dict[str, Formatted]] = field(default_factory=dict)
    # (style, options) -> what the cache lacks, and its chunks: each with the other process's task, or
    # what this process made of it once taken back (entries, or the EntryError of one of them).
    _pending: dict[tuple[str, Options], tuple[Plan, list[tuple[list[str], Future[Any] | Chunk]]]] = field(default_factory=dict)
    _lacking: dict[tuple[str, Options], Plan] = field(default_factory=dict)  # found by ``lacks``, for ``prefetch``

    def lacks(self, styles: Iterable[tuple[str, Options]]) -> bool:
        """Whether the cache lacks any entry of ``styles`` (then ``prefetch`` has work for another process)."""
        for style, options in styles:
            if (style, options) not in self._made:
                found = self._plan(style, options)
                if found.missing:
                    self._lacking[(style, options)] = found  # hashing every record again cost a cold build 26 ms a style
                    return True
                self._made[(style, options)] = finish(found, {})
        return False

    def _plan(self, style: str, options: Options) -> Plan:
        return self._lacking.pop((style, options), None) or plan(
            self.cache_dir, self.data, sorted(self.data.entries), style, dict(options), self.digest)

    def prefetch(self, styles: Iterable[tuple[str, Options]], pool: Executor) -> None:
        """Start formatting, in ``pool``'s process, what the cache lacks of each of ``styles``: a process
        forked after ``share(self.data)`` (as a pool's process is, when first given a task)."""
        share(self.data)
        for style, options in styles:
            if (style, options) in self._made or (style, options) in self._pending:
                continue
            found = self._plan(style, options)
            if not found.missing:
                self._made[(style, options)] = finish(found, {})
            else:
                self._pending[(style, options)] = (found, [(keys, pool.submit(_format_in_worker, keys, style, options))
                                                           for keys in _chunks(found.missing, style, options)])

    def take_back_one(self) -> bool:
        """Take back the chunk handed over last, if the other process has not begun it, and format it
        here now; False once it has begun every chunk left (it takes them in the order handed over)."""
        for style, options in reversed(self._pending):
            chunks = self._pending[(style, options)][1]
            for at in reversed(range(len(chunks))):
                keys, task = chunks[at]
                if isinstance(task, Future):
                    if not task.cancel():
                        return False
                    chunks[at] = (keys, _format_in_worker(keys, style, options))  # the same work, done here
                    return True
        return False

    def __call__(self, style: str, options: Options = ()) -> dict[str, Formatted]:
        if (style, options) in self._pending:  # formatted, or being formatted, by the other process
            found, chunks = self._pending.pop((style, options))
            made: dict[str, Formatted] = {}
            for _, task in chunks:
                part = task.result() if isinstance(task, Future) else task
                if isinstance(part, EntryError):
                    raise part
                made.update(part)
            self._made[(style, options)] = finish(found, made)
        if (style, options) not in self._made:
            chosen = dict(options)
            self._made[(style, options)] = formatted(
                self.cache_dir, self.data, sorted(self.data.entries), style, chosen,
                lambda keys: format_entries(self.data, keys, style, **chosen), whole=self.digest)
        return self._made[(style, options)]
