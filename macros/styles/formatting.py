"""Formatting entries with the edition's pybtex styles (see the package's docstring).

``format_entries`` *prepares* copies of the entries, formats them with a declarative pybtex
style and renders each as escaped HTML and plain text.

pybtex's Python styles neither follow ``crossref`` nor know the ``translator`` role, so a
prepared copy gets the parent's missing fields and persons, and the plain ``translator``
field becomes a person list; APA and Chicago author-date copies also get their year suffix.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping, Sequence
from importlib.metadata import entry_points
from typing import Any
from xml.sax.saxutils import escape

from pybtex.backends import html, plaintext
from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person
from pybtex.plugin import PluginNotFound, find_plugin, register_plugin
from pybtex.richtext import Text
from pybtex.style.template import FieldIsMissing

from ..sources.bibliography import with_own_forms
from . import EntryError, Formatted, rich_text
from .apa import ApaStyle
from .base import YEAR_SUFFIX, EditionStyle
from .chicago import ChicagoStyle
from .chicago_author_date import ChicagoAuthorDateStyle

__all__ = ["PLUGIN_NAMES", "STYLES", "ApaStyle", "ChicagoAuthorDateStyle", "ChicagoStyle", "format_entries", "prepare",
           "style_class"]

STYLES: Mapping[str, type[EditionStyle]] = {
    "chicago": ChicagoStyle, "apa": ApaStyle, "chicago-author-date": ChicagoAuthorDateStyle,
}
# The same classes as pybtex plugins.  pyproject.toml declares them as entry points; registering
# at import the ones not declared makes find_plugin work before the package is reinstalled. The
# installed packages' entry points are read once here: register_plugin reads them all again for each
# name it is given (5 ms each, on every import of this module).
PLUGIN_NAMES: Mapping[str, str] = {
    "chicago": "edition-chicago", "apa": "edition-apa", "chicago-author-date": "edition-chicago-author-date",
}
_DECLARED = {point.name for point in entry_points(group="pybtex.style.formatting")}
for _style, _plugin in PLUGIN_NAMES.items():
    if _plugin not in _DECLARED:
        register_plugin("pybtex.style.formatting", _plugin, STYLES[_style])
# Only these schemes become links: a "javascript:" URL in the data must not become clickable.
_LINKABLE = re.compile(r"^(https?|ftp)://", re.I)


class HtmlBackend(html.Backend):  # type: ignore[misc]
    """pybtex's HTML backend (which escapes all text), minus the bibtex-protected spans,
    with the href attribute escaped too (pybtex inserts it verbatim)."""

    def format_protected(self, text: str) -> str:
        return text

    def format_tag(self, tag_name: str, text: str) -> str:
        # "lang-tr" (``base.in_language``) is a span marking the language of its text.
        if tag_name.startswith("lang-"):
            return '<span lang="' + escape(tag_name[5:], {'"': "&quot;"}) + '">' + text + "</span>" if text else ""
        result: str = super().format_tag(tag_name, text)
        return result

    def format_href(self, url: str, text: str, external: bool = False) -> str:
        if not text:
            return ""
        if not _LINKABLE.match(url):
            return text
        return '<a href="' + escape(url, {'"': "&quot;"}) + '">' + text + "</a>"


_HTML = HtmlBackend()
_TEXT = plaintext.Backend()


def style_class(style: str) -> type[EditionStyle]:
    """The style named by its short name ("apa") or its pybtex plugin name ("edition-apa"), or any
    other installed pybtex formatting plugin; ValueError if there is none."""
    if style in STYLES:
        return STYLES[style]
    for short, plugin in PLUGIN_NAMES.items():
        if plugin == style:
            return STYLES[short]
    try:
        found: type[EditionStyle] = find_plugin("pybtex.style.formatting", style)
        return found
    except PluginNotFound:
        raise ValueError("unknown style %r (known: %s)" % (style, ", ".join(STYLES))) from None


def format_entries(data: BibliographyData, keys: Sequence[str], style: str, **options: Any) -> dict[str, Formatted]:
    """Format the entries ``keys`` of ``data`` with ``style`` (see ``style_class``).

    ``options`` are the style's options (see ``ChicagoOptions``, ``ApaOptions``,
    ``ChicagoAuthorDateOptions``); a paper's preset (``docs/_data/presets.yml``) reproduces its own
    list. APA year suffixes
    (2014a/2014b) come from the keys' letters by default (``year_suffix="key"``); with
    ``year_suffix="title"`` they are assigned among ``keys``, so pass the list being rendered.
    An unknown or invalid option raises ValueError.
    """
    rich_text.install()  # the same rich text, made faster (rich_text.py)
    formatter = style_class(style)(**options)
    prepared = prepare(data, keys, year_suffixes=formatter.year_suffixes, variant=getattr(formatter, "variant", ""))
    result: dict[str, Formatted] = {}
    for key in keys:
        try:
            rich = formatter.format_entry(key, prepared[key]).text
        except FieldIsMissing as exc:
            raise EntryError(key, f"entry '{key}' (@{prepared[key].type}) lacks the field '{exc.field_name}', which the "
                                  f"{style} style requires for it") from None
        result[key] = Formatted(key, rich.render(_HTML), rich.render(_TEXT))
    return result


# ---------------------------------------------------------------- preparing entries

# Fields that describe our edition, not the work: a child must not inherit them from its parent.
_EDITORIAL_PREFIX = "x-"
CHAPTER_TYPES = frozenset({"inbook", "incollection", "inreference", "inproceedings"})


def prepare(data: BibliographyData, keys: Sequence[str], *, year_suffixes: str | None = None,
            variant: str = "") -> dict[str, Entry]:
    """Resolved copies of the entries ``keys``; ``data`` itself is never changed.

    year_suffixes: None (Chicago notes), "key" or "title" -- see ``_suffix_from_key`` / ``_suffix_by_title``.
    variant: a chapter's key; a record's ``x-in-<chapter>-<field>`` then replaces its ``<field>`` (the
    form that chapter's author printed, where two chapters print a shared work differently).
    """
    cache: dict[str, Entry] = {}
    prepared = {key: with_own_forms(_resolve(data, key, cache, ()), data.entries[key], variant) for key in keys}
    if year_suffixes == "key":
        stems = _stems(data)
        for key, entry in prepared.items():
            _suffix_from_key(data, key, entry, cache, stems)
    elif year_suffixes == "title":
        _suffix_by_title(prepared)
    elif year_suffixes is not None:
        raise ValueError("year_suffix must be 'key' or 'title', not %r" % year_suffixes)
    return prepared


def _resolve(data: BibliographyData, key: str, cache: dict[str, Entry], chain: tuple[str, ...]) -> Entry:
    if key in cache:
        return cache[key]
    if key in chain:
        raise ValueError("crossref cycle: " + " -> ".join((*chain, key)))
    if key not in data.entries:
        raise KeyError(("unknown entry " + key) if not chain else (chain[-1] + ": crossref to unknown entry " + key))
    original = data.entries[key]
    fields = {name: value for name, value in original.fields.items() if name.lower() != "crossref"}
    persons = {role: list(people) for role, people in original.persons.items()}
    parent_key = original.fields.get("crossref")
    if parent_key:
        parent = _resolve(data, parent_key, cache, (*chain, key))
        lowered = {name.lower() for name in fields}
        for name, value in parent.fields.items():
            if name.lower() not in lowered and not name.lower().startswith(_EDITORIAL_PREFIX):
                fields[name] = value
        # biblatex semantics: a chapter's book is the parent's title when the parent gives no booktitle.
        if original.type in CHAPTER_TYPES and "booktitle" not in {n.lower() for n in fields} and "title" in parent.fields:
            fields["booktitle"] = parent.fields["title"]
        for role, people in parent.persons.items():
            persons.setdefault(role, list(people))
    # pybtex reads translator as a plain field; the styles want it as names.
    translator = next((fields.pop(name) for name in list(fields) if name.lower() == "translator"), None)
    if translator and "translator" not in persons:
        persons["translator"] = [Person(name) for name in split_name_list(translator)]
    entry = Entry(original.type, fields=fields, persons=persons)
    entry.key = key
    cache[key] = entry
    return entry


def _creators(entry: Entry) -> tuple[tuple[str, str], ...]:
    """Who the work is by, as APA compares it: family names and initials."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    return tuple((" ".join(p.last_names), "".join(n[:1] for n in p.first_names + p.middle_names)) for p in people)


_STEM = re.compile(r"(.*\d{4})([a-z]?)")  # "parsi2007b": the stem "parsi2007" and the letter "b"


_STEMS: tuple[weakref.ref[BibliographyData], int, Mapping[str, tuple[str, ...]]] | None = None  # see _stems


def _stems(data: BibliographyData) -> Mapping[str, tuple[str, ...]]:
    """Key stem -> the keys sharing it, in key order (looked up for every key).

    Made once per bibliography and kept while it lives: the formatting asks once per chunk of 100
    entries, and making it each time grew with the square of the entries (5 ms a chunk at 8,000
    keys, 80 chunks). Held by a weak reference, so that a bibliography a rebuild under ``mkdocs
    serve`` replaced is not kept alive, and a new one is never taken for it."""
    global _STEMS
    if _STEMS is None or _STEMS[1] != len(data.entries) or _STEMS[0]() is not data:
        found: dict[str, list[str]] = {}
        for key in sorted(data.entries):
            if (m := _STEM.fullmatch(key)) is not None:
                found.setdefault(m.group(1), []).append(key)
        _STEMS = (weakref.ref(data), len(data.entries), {stem: tuple(keys) for stem, keys in found.items()})
    return _STEMS[2]


def _suffix_from_key(data: BibliographyData, key: str, entry: Entry, cache: dict[str, Entry],
                     stems: Mapping[str, tuple[str, ...]]) -> None:
    """The key's trailing letter (alvandi2014a, parsi2007b), used when another entry of the data
    shares the key stem, the creators and the year.  The keys follow paper B's own a/b labels
    (bibliography/README.md), and the suffix does not depend on which entries are rendered
    together, so "Parsi (2007b)" in the text always matches the list."""
    match = _STEM.fullmatch(key)
    if not match or not _creators(entry):
        return
    letters = []
    for other in stems.get(match.group(1), ()):
        if other != key:
            sibling = _resolve(data, other, cache, ())
            if _creators(sibling) == _creators(entry) and sibling.fields.get("year") == entry.fields.get("year"):
                letters.append(other[len(match.group(1)):])
    if letters and match.group(2):
        entry.fields[YEAR_SUFFIX] = match.group(2)
    elif letters:  # parsi2007 beside parsi2007a, b, c: the next letter, so no two works read "Parsi (2007)"
        entry.fields[YEAR_SUFFIX] = str(entry.fields.get("x-year-letter", "")) or next(
            c for c in "abcdefghijklmnopqrstuvwxyz" if c not in letters)


def _suffix_by_title(entries: dict[str, Entry]) -> None:
    """APA 7 (9.47): works by the same creators in the same year, among those rendered together,
    get a, b, ... in title order (ignoring A/An/The).  Gives paper B's labels for paper B's list."""
    groups: dict[tuple[object, ...], list[Entry]] = {}
    for entry in entries.values():
        if _creators(entry) and "year" in entry.fields:
            groups.setdefault((_creators(entry), entry.fields["year"]), []).append(entry)
    for group in groups.values():
        if len(group) > 1:
            for letter, entry in zip("abcdefghijklmnopqrstuvwxyz", sorted(group, key=_title_sort_key)):
                entry.fields[YEAR_SUFFIX] = letter


def _title_sort_key(entry: Entry) -> str:
    title = str(Text.from_latex(entry.fields.get("title", ""))).lower()
    return re.sub(r"^(the|an|a)\s+", "", title)
