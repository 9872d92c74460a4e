"""Link a chapter's verbatim notes to the works they cite.

An author's note printed as prose ("Sohrab Sobhani, The Pragmatic Entente … 231.") keeps its
words; the editor links it to its work after it: "[Ed.: cites Sobhani, *Pragmatic Entente*, 231]".
The bibliography records which notes of which chapter cite a work (``x-note-a = {2, 3, 22}`` for
chapter "a", "Ibid." already resolved by the editor); the locator is read from the note's own text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup
from pybtex.database import Entry

from ..styles.referencing import InTextStyle

_DEF = re.compile(r"^ {0,3}\[\^([a-z]+)(\d+)\]:[ \t]*(.*)$", re.M)
_LOCATOR = re.compile(r"[,:][”\"’]?\s*((?:\d+[–-])?\d+(?:,\s*\d+)*)\.?\s*$")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")  # "December 8, 1991." ends with a date, not a page
_IBID = re.compile(r"^\s*Ibid\b")
_FIELD = "x-note-"  # x-note-a = {2, 3, 22}: the notes of chapter "a" citing the work


@dataclass(frozen=True)
class NoteCite:
    key: str
    locator: str  # "p. 231", "pp. 414–415" or ""
    ibid: bool  # the note says "Ibid." and this is what it resolves to


def notes_citing(entries: Mapping[str, Entry]) -> dict[str, dict[str, list[str]]]:
    """Chapter key -> note number -> keys of the works the note cites, in key order, from every
    ``x-note-<chapter>`` field (one pass over the bibliography, whatever the number of chapters)."""
    found: dict[str, dict[str, list[str]]] = {}
    for key in sorted(entries):
        fields = entries[key].fields
        for name in [n for n in fields if n.lower().startswith(_FIELD)]:  # names first: most works have no such field
            notes = found.setdefault(name[len(_FIELD):].lower(), {})
            for number in fields[name].split(","):
                if number.strip():
                    notes.setdefault(number.strip(), []).append(key)
    return found


def note_texts(markdown: str, prefix: str) -> dict[str, str]:
    """Printed note number -> the note's verbatim text, from footnote definitions ``[^a34]: …``."""
    return {m.group(2): m.group(3).strip() for m in _DEF.finditer(markdown) if m.group(1) == prefix}


def locator(text: str) -> str:
    m = _LOCATOR.search(text.replace("\u00a0", " "))
    if not m or _YEAR.match(m.group(1)):
        return ""
    pages = m.group(1).replace("-", "–")
    return f"pp. {pages}" if "–" in pages or "," in pages else f"p. {pages}"


def cites(markdown: str, prefix: str, citing: Mapping[str, list[str]]) -> dict[str, list[NoteCite]]:
    """Each note's works, with the locator its text gives; ``citing`` is what ``notes_citing``
    gives for the chapter (``prefix`` "a" for notes ``[^a…]``)."""
    texts = note_texts(markdown, prefix)
    return {number: [NoteCite(key, locator(texts.get(number, "")), bool(_IBID.match(texts.get(number, ""))))
                     for key in keys]
            for number, keys in citing.items()}


def note_links(markdown: str, chapter: str, citing: Mapping[str, list[str]], entries: Mapping[str, Entry],
               form: InTextStyle, href: Callable[[str], str], separator: str = "-") -> dict[str, str]:
    """Note id ('fn-a2') -> the editor's '[Ed.: cites …]' naming the note's works in the chapter's in-text form."""
    out = {}
    for number, found in cites(markdown, chapter, citing).items():
        parts = [Markup("{}{}").format("Ibid. = " if cite.ibid else "cites ", form.link(href(cite.key), cite.key, entries[cite.key], cite.locator))
                 for cite in found]
        out[f"fn{separator}{chapter}{number}"] = str(
            Markup('<span class="ed-note-cites"> [<span class="ed-label">Ed.:</span> {}]</span>').format(Markup("; ").join(parts)))
    return out
