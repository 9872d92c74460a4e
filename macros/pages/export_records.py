"""The records the exports hold: one per work, standing alone, with their titles cased as the
reference managers that read them expect.

* **One record per work.** A printing record (``x-printing-of``) is folded into its work: what it
  adds (its year, place and publisher) becomes a note of the work's record ("2013 printing: Ithaca,
  NY: Cornell University Press."), so importing the downloads gives each work once and loses nothing.
* **Standing alone.** ``crossref`` is resolved: a chapter carries its book's fields, so readers that
  do not follow ``crossref`` lose nothing either.
* **Casing.** A reference manager cannot bring a title in Title Case to sentence case, but can do
  the reverse (CSL's ``text-case="title"``), so the titles of works and of books (a chapter's
  container) go out in sentence case, computed from the BibTeX, whose braces protect proper nouns
  ({Iran}) and whole titles in other languages. Periodicals' names keep their capitals; a word in
  braces that begins in lowercase ("Die Welt {des} Islams") is marked ``nocase`` in CSL-JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pybtex.database import BibliographyData, Entry, Person
from pybtex.richtext import BaseMultipartText, BaseText, Protected, String, Text

from ..sources.bibliography import CHAPTERS, resolve_entry
from ..sources.latex import latex_text
from ..styles.base import language, sentence_case_run

# Fields that only exist for the edition's own machinery, never exported.
INTERNAL = ("crossref",)


@dataclass(frozen=True)
class Record:
    key: str
    type: str  # the record's BibTeX type, lower-cased
    fields: dict[str, str]  # lower-cased names, LaTeX values, crossref resolved, x- fields dropped
    persons: dict[str, list[Person]]
    language: str  # BCP 47 ("tr"), "" for English or unknown


def works(data: BibliographyData) -> Iterator[Record]:
    """Every work once, in key order, crossref resolved and its printings folded in."""
    printings: dict[str, list[str]] = {}
    for key, entry in data.entries.items():
        if entry.fields.get("x-printing-of"):
            printings.setdefault(str(entry.fields["x-printing-of"]), []).append(key)
    for key in sorted(data.entries, key=lambda k: (k.lower(), k)):
        entry = data.entries[key]
        if entry.fields.get("x-printing-of"):
            continue
        whole = resolve_entry(key, data)
        fields = {k.lower(): v for k, v in whole.fields.items() if not k.lower().startswith("x-") and k.lower() not in INTERNAL}
        kind = entry.type.lower()
        if kind not in CHAPTERS:
            fields.pop("booktitle", None)  # a book repeats its title as booktitle only for its chapters' crossref
        notes = [printing_note(resolve_entry(p, data), fields) for p in sorted(printings.get(key, []))]
        if notes:
            fields["note"] = " ".join(filter(None, [fields.get("note", ""), *notes]))
        yield Record(key, kind, fields, {r.lower(): list(p) for r, p in whole.persons.items()}, language(entry))


def printing_note(printing: Entry, work: dict[str, str]) -> str:
    """'2013 printing: Ithaca, NY: Cornell University Press.' -- what a printing record says of itself."""
    fields = {k.lower(): latex_text(v) for k, v in printing.fields.items() if not k.lower().startswith("x-")}
    where = ": ".join(v for v in (fields.get("address", ""), fields.get("publisher", "")) if v)
    changed = {k: v for k, v in fields.items() if k not in ("crossref", "year") and latex_text(work.get(k, "")) != v}
    detail = where if changed else ""
    return f"{fields.get('year', '')} printing" + (f": {detail}." if detail else ".")


# ----------------------------------------------------------------------------- casing

def _walk(text: BaseText, sentence: bool, state: dict[str, bool], nocase: bool) -> str:
    """The text of ``text`` (a parsed LaTeX value), in sentence case if ``sentence``; with ``nocase``,
    protected words beginning in lowercase are wrapped in CSL's ``<span class="nocase">``."""
    if isinstance(text, Protected):
        inner = "".join(_walk(p, False, {"cap": False}, False) for p in text.parts)
        if inner.strip():
            state["cap"] = False
        return f'<span class="nocase">{inner}</span>' if nocase and inner[:1].islower() else inner
    if isinstance(text, String):
        if not sentence:
            return str(text.value)
        return sentence_case_run(text.value, state)
    if isinstance(text, BaseMultipartText):
        return "".join(_walk(p, sentence, state, nocase) for p in text.parts)
    return str(text)


def cased(value: str, sentence: bool, nocase: bool = False) -> str:
    """A LaTeX field value as plain Unicode: in sentence case (``sentence``) or as stored."""
    if not value:
        return ""
    text = Text.from_latex(value)
    plain = _walk(text, sentence, {"cap": True}, nocase)
    plain = plain.replace("\u00a0", " ")
    return " ".join(plain.split()) if sentence or nocase else latex_text(value)


def title(record: Record) -> str:
    return cased(record.fields.get("title", ""), sentence=True)


def book_title(record: Record) -> str:
    """A chapter's book, in sentence case like any title of a work."""
    return cased(record.fields.get("booktitle", ""), sentence=True) if record.type in CHAPTERS else ""
