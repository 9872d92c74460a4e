"""BibTeX read to pybtex's database, faster than pybtex's own scanner reads it.

pybtex's parser reads a file one token at a time (each a Token object, the line number counted
at every step for its messages): on the benchmark's 2,000-entry corpus that was 0.21 s of a 2.1 s
cold build, the largest single cost on its critical path. ``parse`` reads the same grammar (pybtex's
``LowLevelParser``: commands, keys, fields, braced and quoted strings, numbers, macros, ``#``)
with a few regular expressions and no line numbers, and hands what it reads to pybtex's own
``Parser`` (``process_entry``, ``process_preamble``, its macro table), which makes the database
exactly as when it reads the file itself. It reports no error: at anything it does not read as
pybtex would accept it (a malformed entry, an undefined macro, a brace nested too deep), or anything
pybtex refuses once read (a duplicate field or key), it returns None, and the caller has pybtex
read the file, whose messages name the line. tests/test_bibtex_scan.py compares the two on the
edition's files, the benchmark's corpus and thousands of generated files, well-formed and not.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from string import digits

import pybtex.errors
from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import NAME_CHARS, Parser

_NAME = f"[{re.escape(NAME_CHARS)}][{re.escape(NAME_CHARS + digits)}]*"  # pybtex's NAME
_AT = re.compile("@")
_COMMAND = re.compile(rf"\s*({_NAME})\s*([{{(])")  # "@article{": its name and how its body opens
_KEY = {"}": re.compile(r"\s*([^\s,}]+)"), ")": re.compile(r"\s*([^\s,]+)")}  # KEY_BRACE, KEY_PAREN
_FIELD_NAME = re.compile(rf"\s*({_NAME})")
_EQUALS = re.compile(r"\s*=")
# A value's part, in the order pybtex tries them: a quoted string, a braced one, a number, a macro.
_PART = re.compile(rf'\s*(?:(")|(\{{)|([{digits}]+)|({_NAME}))')
_NEXT = re.compile(r"\s*(.?)", re.S)  # the next character that is not whitespace ("" at the end)
_BRACES = re.compile("[{}]")
_BRACES_OR_QUOTE = re.compile('[{}"]')
MAX_DEPTH = 100  # pybtex's max_level: a brace nested deeper is an error

Fields = list[tuple[str, list[str]]]  # each field's name and its value's parts, as pybtex's Parser takes them


class _NotRead(Exception):
    """What pybtex would not accept (or reads in a way this module does not): pybtex reads the file."""


def parse(text: str) -> BibliographyData | None:
    """The database pybtex's ``Parser().parse_string(text)`` makes in strict mode, or None where pybtex
    should read the file itself (see the module's docstring)."""
    parser, strict = Parser(), pybtex.errors.strict
    pybtex.errors.set_strict_mode(True)  # what pybtex refuses once read (a duplicate field) raises, as for the edition
    try:
        for preamble, entry in _commands(text, parser):
            if entry is None:
                parser.process_preamble(preamble)
            else:
                parser.process_entry(*entry)
    except Exception:  # _NotRead, or pybtex refusing what was read: pybtex reads it again, and says why
        return None
    finally:
        pybtex.errors.set_strict_mode(strict)
    result: BibliographyData = parser.data
    return result


def compact(data: BibliographyData) -> BibliographyData:
    """The same database in less memory: each entry's fields and persons are pybtex case-insensitive
    dicts (``pybtex.utils.OrderedCaseInsensitiveDict``), which keep every name twice, as written and
    lowercased, each a string of its own, and the names in an ``OrderedDict``. Here the names are
    interned (one string for "title" in every entry, kept shared in the cache's pickle) and held in
    plain dicts, which keep their order as well. 8,000 entries: 34 -> 24 MiB, in each process that
    holds them. The dicts are rebuilt in their order, and pybtex reads them only through its own methods."""
    for entry in data.entries.values():
        for names in (entry.fields, entry.persons):
            names._dict = {sys.intern(k): v for k, v in names._dict.items()}
            names._keys = {sys.intern(k): sys.intern(v) for k, v in names._keys.items()}
    return data


def _commands(text: str, parser: Parser) -> Iterator[tuple[list[str], tuple[str, str, Fields] | None]]:
    """What pybtex's ``LowLevelParser`` reads, command by command: a preamble's value (its parts), or an
    entry (its type as written, its key, its fields). ``@string`` adds to the parser's macros."""
    pos = 0
    while (at := _AT.search(text, pos)) is not None:  # text outside commands is a comment, as in BibTeX
        command = _COMMAND.match(text, at.end())
        if command is None:
            raise _NotRead
        pos, end = command.end(), "}" if command.group(2) == "{" else ")"
        kind = command.group(1).lower()
        if kind == "comment":  # pybtex skips only "@comment{" and reads on from there
            continue
        if kind == "string":
            field = _field_name(text, pos)
            if field is None:
                raise _NotRead
            parts, pos = _value(text, field[1], parser)
            parser.macros[field[0]] = "".join(parts)
        elif kind == "preamble":
            parts, pos = _value(text, pos, parser)
            yield parts, None
        else:
            key = _KEY[end].match(text, pos)
            if key is None:
                raise _NotRead
            fields, pos = _fields(text, key.end(), parser)
            yield [], (command.group(1), key.group(1), fields)
        pos = _expect(text, pos, end)


def _field_name(text: str, pos: int) -> tuple[str, int] | None:
    """pybtex's ``parse_field`` up to the value: a field's name, and where its value begins (after its
    "="); None where no name follows."""
    name = _FIELD_NAME.match(text, pos)
    if name is None:
        return None
    equals = _EQUALS.match(text, name.end())
    if equals is None:
        raise _NotRead  # a name without "=": an error in pybtex
    return name.group(1), equals.end()


def _fields(text: str, pos: int, parser: Parser) -> tuple[Fields, int]:
    """pybtex's ``parse_entry_fields``: fields, each optional, separated by commas, up to what is not a comma."""
    fields = []
    while True:
        field = _field_name(text, pos)
        if field is not None:
            parts, pos = _value(text, field[1], parser)
            fields.append((field[0], parts))
        char, after = _next(text, pos)
        if char != ",":
            return fields, pos
        pos = after


def _value(text: str, pos: int, parser: Parser) -> tuple[list[str], int]:
    """pybtex's ``parse_value``: parts joined by ``#``, each a string, a number or a macro's text."""
    parts = []
    while True:
        part = _PART.match(text, pos)
        if part is None:
            raise _NotRead
        pos = part.end()
        if part.group(1) or part.group(2):
            value, pos = _string(text, pos, quoted=bool(part.group(1)))
            parts.append(value)
        elif part.group(3):
            parts.append(part.group(3))
        elif part.group(4) in parser.macros:
            parts.append(parser.macros[part.group(4)])
        else:
            raise _NotRead  # an undefined macro
        char, after = _next(text, pos)
        if char != "#":
            return parts, pos
        pos = after


def _string(text: str, pos: int, quoted: bool) -> tuple[str, int]:
    """A string's text, from just after its opening brace or quote to just before its end (inner braces
    kept, as pybtex keeps them), and where it ends. In a quoted string a quote inside braces is text."""
    start, depth = pos, 0
    while True:
        mark = (_BRACES_OR_QUOTE if quoted and depth == 0 else _BRACES).search(text, pos)
        if mark is None:
            raise _NotRead  # the file ends inside the string
        pos = mark.end()
        if mark.group() == "{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _NotRead
        elif depth:
            depth -= 1
        elif mark.group() == "}" and quoted:
            raise _NotRead  # unbalanced braces
        else:
            return text[start:pos - 1], pos


def _next(text: str, pos: int) -> tuple[str, int]:
    """The next character that is not whitespace ("" at the end of the text), and where it ends."""
    following = _NEXT.match(text, pos)
    assert following is not None  # the pattern matches anywhere
    return following.group(1), following.end()


def _expect(text: str, pos: int, char: str) -> int:
    found, after = _next(text, pos)
    if found != char:
        raise _NotRead
    return after
