#!/usr/bin/env python3
"""Exact-match rate of the edition's styles against the two papers' printed lists.

For every record with ``x-printed-a`` the ``chicago`` text (paper A's options) is compared with
the printed text (``~`` -> space, whitespace collapsed); for every record with ``x-printed-b``
the ``apa`` text (paper B's options) with the printed text without ``*``, ``<``, ``>``.
If pybtex-apa7-style is installed, its ``apa7`` style is measured on paper B the same way.

Every mismatch must be listed in PRINT_INCONSISTENCIES (the papers' own inconsistencies, which a
consistent style cannot reproduce); anything else is reported as a style bug and the exit
status is 1.  Run: .venv/bin/python scripts/measure_styles.py
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pybtex.backends import plaintext  # noqa: E402
from pybtex.database import BibliographyData  # noqa: E402

from macros.sources import bibliography  # noqa: E402
from macros import offline  # noqa: E402
from macros.styles import format_entries, prepare  # noqa: E402

# key -> why the printed entry cannot be reproduced by a consistent style (type (b)).
PRINT_INCONSISTENCIES: Mapping[str, Mapping[str, str]] = {
    "A": {
        "ahrari1987": "range printed in full with a hyphen (157-168): 6 of the 16 ranges are full with hyphens, 10 CMOS-abbreviated with en dashes",
        "chubin1988": "no comma before 'and' after the inverted first name (CMOS 14.76 has one; Bulloch and Dekel print it)",
        "elnur2013": "comma instead of period closing the title; 'no.1' without space; full hyphen range 69-76",
        "fragment1987": "range printed with a hyphen (5-8)",
        "hersh1991": "print 'Seymour'; the data keeps note 26's initial M. (x-conflict)",
        "lake2019": "URL printed with a line-break space 'saudi- arabia'",
        "miglietta2002": "'Lanham, MD:Lexington' lacks the space after the colon",
        "mottale2011": "stray comma between journal and volume ('Democracy and Security, 7')",
        "rabi2017": "no comma before 'and'; lowercase 'from' after the colon; full hyphen range 576-592",
        "salamey2011": "no comma before 'and'; comma closing the title; hyphen range 197-212",
        "scott2004": "print 'Lenn' and 'Routledge' in the journal slot (data: Len, journal from note 4); full hyphen range",
    },
    "B": {
        "alvandi2014b": "article title in sentence case: 4 of the 35 roman titles whose case matters are, 30 keep headline case",
        "ayyubids2013": "chapter title printed in sentence case",
        "beeri1982": "article title printed in sentence case",
        "goktepe1999": "article title printed in sentence case",
        "cossa1990": "italic title in headline case: 2 of the 23 italic titles whose case matters are, 21 are in sentence case",
        "gause2009": "book title in headline case (see cossa1990)",
        "egyptmiddleeast1964": "'The' capitalised mid-title and the subtitle in sentence case",
        "gause2003": "'The' capitalised mid-title ('in The Gulf')",
        "parsi2007a": "'The' capitalised mid-title ('of The Shah')",
        "departmentofstate2008": "'Department Of State' (capital 'Of'); the in-text citation has 'of' (x-conflict)",
    },
}


@dataclass(frozen=True)
class Mismatch:
    key: str
    printed: str
    rendered: str


@dataclass(frozen=True)
class Measurement:
    label: str
    total: int
    mismatches: tuple[Mismatch, ...]

    @property
    def matched(self) -> int:
        return self.total - len(self.mismatches)

    def summary(self) -> str:
        return "%s: %d/%d exact matches (%.1f%%)" % (self.label, self.matched, self.total, 100.0 * self.matched / self.total)


def printed_a(value: str) -> str:
    return " ".join(value.replace("~", " ").split())


def printed_b(value: str) -> str:
    return " ".join(re.sub(r"[*<>]", "", value).split())


def load() -> BibliographyData:
    return bibliography.load(sorted((ROOT / "bibliography").glob("*.bib")), ROOT).data


def preset(name: str, chapter: str) -> dict[str, object]:
    """A paper's reference-list options, from docs/_data/presets.yml, and its chapter's own forms of
    shared works (``x-in-<chapter>-<field>``), as the edition renders its list."""
    return {**dict(offline.presets(ROOT)[name].reference_list), "variant": chapter}


def keys_with(data: BibliographyData, field: str) -> list[str]:
    return [key for key, entry in data.entries.items() if field in entry.fields]


def measure(label: str, data: BibliographyData, field: str, normalise: Callable[[str], str],
            render: Callable[[list[str]], dict[str, str]]) -> Measurement:
    keys = keys_with(data, field)
    texts = render(keys)
    misses = tuple(Mismatch(k, normalise(data.entries[k].fields[field]), texts[k]) for k in keys
                   if texts[k] != normalise(data.entries[k].fields[field]))
    return Measurement(label, len(keys), misses)


def paper_a(data: BibliographyData) -> Measurement:
    return measure("chicago, paper A", data, "x-printed-a", printed_a,
                   lambda keys: {k: f.text for k, f in format_entries(data, keys, "chicago", **preset("paper-a", "a")).items()})


def paper_b(data: BibliographyData) -> Measurement:
    return measure("apa, paper B", data, "x-printed-b", printed_b,
                   lambda keys: {k: f.text for k, f in format_entries(data, keys, "apa", **preset("paper-b", "b")).items()})


def paper_b_apa7(data: BibliographyData) -> Measurement | None:
    """pybtex-apa7-style on paper B, given the same crossref-resolved entries as our styles."""
    from pybtex.plugin import PluginNotFound, find_plugin

    try:
        style = find_plugin("pybtex.style.formatting", "apa7")()
    except PluginNotFound:
        return None
    backend = plaintext.Backend()

    def render(keys: list[str]) -> dict[str, str]:
        prepared = prepare(data, keys)
        out = {}
        for key in keys:
            try:
                out[key] = style.format_entry(key, prepared[key]).text.render(backend)
            except Exception as exc:  # the package fails on some entry types; count as a mismatch
                out[key] = "<error: %s: %s>" % (type(exc).__name__, exc)
        return out

    return measure("pybtex-apa7-style, paper B", data, "x-printed-b", printed_b, render)


def main() -> int:
    data = load()
    unexplained = 0
    for paper, result in (("A", paper_a(data)), ("B", paper_b(data))):
        print(result.summary())
        for miss in result.mismatches:
            reason = PRINT_INCONSISTENCIES[paper].get(miss.key)
            unexplained += reason is None
            print("  [%s] %s: %s" % ("b" if reason else "a? STYLE BUG", miss.key, reason or "unexplained"))
            print("      printed:  " + miss.printed)
            print("      rendered: " + miss.rendered)
    other = paper_b_apa7(data)
    if other is None:
        print("pybtex-apa7-style: not installed")
    else:
        print(other.summary())
        for miss in other.mismatches:
            print("  %s\n      printed:  %s\n      rendered: %s" % (miss.key, miss.printed, miss.rendered))
    print("unexplained mismatches (style bugs): %d" % unexplained)
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
