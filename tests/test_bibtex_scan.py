"""macros/sources/bibtex_scan.py against pybtex's own parser: the same database wherever it reads a
file (compared as pickles: every entry, type, field, person and preamble, in order), and None
wherever pybtex refuses the file, so that pybtex reads it and names the problem.

The files compared: the edition's own, the benchmark's generated corpus, and thousands of files
generated here with what BibTeX allows (both delimiters, any case, odd whitespace, nested braces,
quotes inside braces, ``#``, month and ``@string`` macros, ``@comment`` and ``@preamble``, stray
commas, text between entries) and with what pybtex refuses (unbalanced braces, a name without
"=", an undefined macro, a duplicate field or key, an unterminated entry)."""

from __future__ import annotations

import gc
import pickle
import random
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pybtex.errors
import pytest
from pybtex.database import BibliographyData
from pybtex.database.input import bibtex

from macros.sources import bibliography, bibtex_scan
from tests.test_benchmark import _benchmark

ROOT = Path(__file__).resolve().parent.parent


def pybtex_reads(text: str) -> BibliographyData | Exception:
    strict = pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)
    try:
        data: BibliographyData = bibtex.Parser().parse_string(text)
        return data
    except Exception as exc:  # what pybtex refuses, with its own exception
        return exc
    finally:
        pybtex.errors.set_strict_mode(strict)


def agree(text: str) -> bool:
    """Whether ``bibtex_scan`` read ``text`` (True) or left it to pybtex (False); it fails the test
    wherever the two disagree."""
    fast, reference = bibtex_scan.parse(text), pybtex_reads(text)
    if isinstance(reference, Exception):
        assert fast is None, f"pybtex refuses this ({reference!r}), the scan read it:\n{text}"
        return False
    if fast is None:
        return False
    assert pickle.dumps(fast) == pickle.dumps(reference), f"a different database:\n{text}"
    return True


def test_the_editions_files_and_the_benchmarks_corpus_are_read_as_pybtex_reads_them(tmp_path: Path) -> None:
    corpus = _benchmark().corpus(tmp_path / "corpus", chapters=1, paragraphs=1, entries=300)
    files = sorted((ROOT / "bibliography").glob("*.bib")) + sorted((corpus / "bibliography").glob("*.bib"))
    assert len(files) >= 4
    for path in files:
        assert agree(path.read_text(encoding="utf-8")), path  # read by the scan, not left to pybtex


# ------------------------------------------------------------------ generated files

NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_:./+"
SPACE = ["", " ", "  ", "\n", "\t", "\r\n", " \n  "]


def _space(rng: random.Random) -> str:
    return rng.choice(SPACE)


def _braced_text(rng: random.Random, depth: int = 0) -> str:
    """Text for inside braces: nested braces, quotes, @, %, #, commas, = and newlines are all text there."""
    pieces = []
    for _ in range(rng.randint(0, 4)):
        kind = rng.random()
        if kind < 0.15 and depth < 3:
            pieces.append("{" + _braced_text(rng, depth + 1) + "}")
        else:
            pieces.append(rng.choice(["Walt", "the Origins", '"', "@", "%", "#", ",", "=", "\\'{e}", "–", "\n", "  ", "Ş", "and", ")"]))
    return "".join(pieces)


def _part(rng: random.Random, macros: list[str]) -> str:
    kind = rng.random()
    if kind < 0.5:
        return "{" + _braced_text(rng) + "}"
    if kind < 0.7:  # a quoted string: a quote is text only inside braces
        inner = "".join(rng.choice(["Alliances", " ", "{\"}", "{Iran}", "@", ",", "{a {b}}"]) for _ in range(rng.randint(0, 4)))
        return '"' + inner + '"'
    if kind < 0.85:
        return str(rng.randint(0, 2030))
    return rng.choice(macros)


def _value(rng: random.Random, macros: list[str]) -> str:
    parts = [_part(rng, macros) for _ in range(1 if rng.random() < 0.8 else rng.randint(2, 3))]
    return (_space(rng) + "#" + _space(rng)).join(parts)


def _persons(rng: random.Random) -> str:
    people = ["Walt, Stephen M.", "Stephen M. Walt", "{Department of State}", "de la Fontaine, Jean", "Gause, III, F. Gregory",
              "others", "Türk, Kerem", "Ramazani, R. K."]
    return "{" + " and ".join(rng.sample(people, rng.randint(1, 3))) + "}"


def _entry(rng: random.Random, n: int, macros: list[str]) -> str:
    kind = rng.choice(["article", "Book", "MISC", "inCollection", "techreport"])
    opening, closing = rng.choice([("{", "}"), ("(", ")")])
    key = f"k{n}" + rng.choice(["", "a", ":x", "-2", "/y"])
    names = [name.title() if rng.random() < 0.3 else name  # field names are not case-sensitive: no two alike
             for name in rng.sample(["title", "year", "journal", "note", "x-unlisted", "publisher", "pages", "month"], rng.randint(0, 5))]
    fields = [f"{_space(rng)}{name}{_space(rng)}={_space(rng)}{_value(rng, macros)}" for name in names]
    if rng.random() < 0.6:
        fields.insert(rng.randint(0, len(fields)), f"{_space(rng)}{rng.choice(['author', 'Editor'])} = {_persons(rng)}")
    separators = [rng.choice([",", ",", ",", f",{_space(rng)},"]) for _ in fields]  # a stray comma is allowed
    body = "".join(sep + field for sep, field in zip(separators, fields)) + rng.choice(["", ",", f",{_space(rng)}"])
    return f"@{_space(rng)}{kind}{_space(rng)}{opening}{_space(rng)}{key}{body}{_space(rng)}{closing}"


def _file(rng: random.Random) -> str:
    macros = ["jan", "Feb", "dec"]
    chunks = []
    for n in range(rng.randint(1, 6)):
        roll = rng.random()
        if roll < 0.1:
            name = f"m{n}"
            chunks.append(f"@string{{{name} = {_value(rng, macros)}}}")
            macros.append(name.upper() if rng.random() < 0.5 else name)  # macro names are not case-sensitive
        elif roll < 0.15:
            # pybtex skips only "@comment{": an @ inside starts a command (here one pybtex refuses)
            chunks.append("@comment{a comment, with {braces}, " + ("and @ inside" if rng.random() < 0.2 else "") + "}")
        elif roll < 0.2:
            chunks.append(f"@preamble{{ {_value(rng, macros)} }}")
        chunks.append(_entry(rng, n, macros))
    between = ["\n", "\n\n", "\n% a comment line\n", "\nText outside any entry.\n", ""]
    return "".join(chunk + rng.choice(between) for chunk in chunks)


BREAKAGES = [
    lambda t, r: t[:r.randint(0, len(t))],  # the file ends anywhere
    lambda t, r: t.replace("}", "", 1),
    lambda t, r: t.replace("{", "", 1),
    lambda t, r: t.replace("=", "", 1),  # a name without "="
    lambda t, r: t.replace("= {", '= "}', 1),  # an unbalanced brace in a quoted string
    lambda t, r: t.replace("title", "note", 1),  # a duplicate field, perhaps
    lambda t, r: t.replace("k1", "k0", 1),  # a duplicate key, perhaps
    lambda t, r: t.replace("jan", "janvier", 1),  # an undefined macro
    lambda t, r: t.replace(",", "", 1),
    lambda t, r: t + "@" + r.choice(["", "{", "book{", "book{k99,", "123{x}"]),
    lambda t, r: t.replace("{", "{" * 101, 1) + "}" * 100,  # nested too deep
]


@pytest.mark.parametrize("seed", range(4))
def test_generated_files_are_read_as_pybtex_reads_them(seed: int) -> None:
    rng = random.Random(seed)
    read = [agree(_file(rng)) for _ in range(600)]
    assert sum(read) > 0.9 * len(read)  # well-formed files are read by the scan, not merely left to pybtex


@pytest.mark.parametrize("seed", range(4))
def test_broken_files_are_left_to_pybtex_exactly_where_pybtex_refuses_them(seed: int) -> None:
    rng = random.Random(1000 + seed)
    refused = 0
    for _ in range(500):
        text = rng.choice(BREAKAGES)(_file(rng), rng)
        refused += not agree(text)
    assert refused > 100  # the breakages do break: the comparison saw pybtex refuse many of them


def test_a_file_the_scan_leaves_to_pybtex_is_still_reported_with_its_line(tmp_path: Path) -> None:
    bib = tmp_path / "bad.bib"
    bib.write_text("@book{good, title = {Fine}, year = 1987}\n\n@book{bad,\n  title = {Unclosed,\n  year = 1990\n",
                   encoding="utf-8")
    with pytest.raises(bibliography.BibliographyError) as caught:
        bibliography.load([bib], tmp_path)
    assert caught.value.problem.file.endswith("bad.bib") and "malformed BibTeX" in caught.value.problem.message


def reads_alike(compact: BibliographyData, reference: BibliographyData) -> None:
    """Everything pybtex lets its reader see of the two databases is the same, in the same order."""
    assert list(compact.entries) == list(reference.entries)
    for key, entry in reference.entries.items():
        mine = compact.entries[key]
        assert (mine.type, mine.original_type, mine.key) == (entry.type, entry.original_type, entry.key)
        assert list(mine.fields.items()) == list(entry.fields.items())
        assert [(role, [str(p) for p in people]) for role, people in mine.persons.items()] == \
               [(role, [str(p) for p in people]) for role, people in entry.persons.items()]
        for name in entry.fields:  # looked up in any case
            assert mine.fields[name.upper()] == entry.fields[name.lower()] and name.title() in mine.fields


def _held(make: Callable[[], BibliographyData]) -> tuple[int, BibliographyData]:
    """The bytes of memory what ``make`` returns holds, and it."""
    gc.collect()
    tracemalloc.start()
    try:
        data = make()
        gc.collect()
        return tracemalloc.get_traced_memory()[0], data
    finally:
        tracemalloc.stop()


def test_the_compact_database_reads_as_pybtexs_own_in_less_memory(tmp_path: Path) -> None:
    """``bibtex_scan.compact`` (every database a build reads): the names of fields and persons
    interned and in plain dicts. Nothing pybtex shows of it changes, also once kept in the cache
    (pickled) and once changed; the same name is one string in every entry; it holds under 80 % of
    the memory (the 8,000-entry corpus: 34 -> 24 MiB)."""
    corpus = _benchmark().corpus(tmp_path / "corpus", chapters=1, paragraphs=1, entries=300)
    for path in sorted((ROOT / "bibliography").glob("*.bib")) + sorted((corpus / "bibliography").glob("*.bib")):
        text = path.read_text(encoding="utf-8")
        reference = pybtex_reads(text)
        assert isinstance(reference, BibliographyData)
        size, compact = _held(lambda: bibtex_scan.compact(pybtex_reads(text)))  # type: ignore[arg-type]
        reads_alike(compact, reference)
        reads_alike(pickle.loads(pickle.dumps(compact)), reference)  # noqa: S301 (made here)
        names = [name for entry in compact.entries.values() for name in [*entry.fields._keys, *entry.fields._keys.values()]]
        assert len({id(name) for name in names}) == len(set(names)), path  # one string per name
        first = next(iter(reference.entries))
        for data in (compact, reference):  # changed alike: a field added in another case, one removed
            data.entries[first].fields["NOTE"] = "added"
            del data.entries[first].fields["Title"]
        reads_alike(compact, reference)
        if len(reference.entries) >= 100:  # the corpus: enough entries for the dicts' own memory not to count
            assert size < 0.8 * _held(lambda: pybtex_reads(text))[0], path  # type: ignore[return-value]
