"""Scan chapter Markdown with positions: footnotes and declared ids.

Everything here works on the raw Markdown text and reports 1-based line numbers.
Code blocks and code spans are blanked out first, so citation- or footnote-like text
inside code is never treated as content.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from collections.abc import Iterator
from pathlib import Path

from ..problems import Problem

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?^\1\2[`~]*[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.M)
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_ATTR_LIST_ID = re.compile(r"\{:?[^}\n]*?(?<![\w-])#([A-Za-z][\w.:-]*)[^}\n]*\}")
_HTML_ID = re.compile(r"<[A-Za-z][^>]*?\sid=\"([^\"]+)\"")
_NEWLINE = re.compile("\n")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


@lru_cache(maxsize=16)  # each page's text is scanned by several checks
def mask_code(text: str) -> str:
    """Return ``text`` with fenced code, indented code blocks and code spans replaced by spaces (newlines kept)."""
    return _CODE_SPAN.sub(_blank, _indented_code(_FENCE.sub(_blank, text)))


_CONTINUED = re.compile(r"^ {0,3}(?:[-*+]\s|\d+[.)]\s|\[\^[^\]]+\]:|>)")  # a list item, a footnote, a quotation


def _indented_code(text: str) -> str:
    """Blank indented code blocks: lines indented four spaces (or a tab) after a blank line, where they
    do not continue a list item, a footnote or a quotation (whose later paragraphs are indented too)."""
    lines = text.split("\n")
    after_blank, continuing, in_code = True, False, False
    for n, line in enumerate(lines):
        if not line.strip():
            after_blank = True
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and (in_code or (after_blank and not continuing)):
            lines[n], in_code = " " * len(line), True
        elif not indented:
            in_code, continuing = False, bool(_CONTINUED.match(line))
        after_blank = False
    return "\n".join(lines)


@lru_cache(maxsize=64)
def _newlines(text: str) -> list[int]:
    return [m.start() for m in _NEWLINE.finditer(text)]


def line_at(text: str, offset: int) -> int:
    """1-based line of ``offset``; a binary search, so many lookups in a long page stay cheap."""
    return bisect.bisect_left(_newlines(text), offset) + 1


def footnote_problems(text: str, file: str, first_line: int = 1) -> list[Problem]:
    """Undefined footnote references and definitions that nothing references."""
    masked = mask_code(text)
    defs = {m.group(1): m for m in _FOOTNOTE_DEF.finditer(masked)}
    refs = [m for m in _FOOTNOTE_REF.finditer(masked)]
    shift = first_line - 1
    problems = [
        Problem(file, line_at(masked, m.start()) + shift,
                f"footnote reference '[^{m.group(1)}]' has no definition "
                f"(add a line '[^{m.group(1)}]: …' or remove the reference)")
        for m in refs if m.group(1) not in defs
    ]
    used = {m.group(1) for m in refs}
    problems += [
        Problem(file, line_at(masked, m.start()) + shift,
                f"footnote '[^{label}]' is defined but never referenced "
                f"(reference it in the text or remove the definition)")
        for label, m in defs.items() if label not in used
    ]
    return sorted(problems)


def declared_ids(text: str, separator: str = "-", first_line: int = 1) -> Iterator[tuple[str, int]]:
    """Every id the Markdown declares, with its line: attribute lists, raw HTML, footnotes."""
    masked = mask_code(text)
    shift = first_line - 1
    found: list[tuple[int, str]] = []
    for pattern in (_ATTR_LIST_ID, _HTML_ID):
        found += [(m.start(1), m.group(1)) for m in pattern.finditer(masked)]
    found += [(m.start(1), f"fn{separator}{m.group(1)}") for m in _FOOTNOTE_DEF.finditer(masked)]
    for offset, ident in sorted(found):
        yield ident, line_at(masked, offset) + shift


def locate(text: str, snippet: str, first_line: int = 1) -> int:
    """Line of the first occurrence of ``snippet`` (its first few words), else ``first_line``."""
    words = snippet.split()[:6]
    if words:
        pattern = r"\W+".join(re.escape(w) for w in words)
        m = re.search(pattern, text)
        if m:
            return line_at(text, m.start()) + first_line - 1
    return first_line


def locate_item(text: str, key: str, first_line: int = 1, occurrence: int = 1) -> int:
    """Line of the (``occurrence``-th) reference-list item ``- @key``, else of the first mention of ``@key``."""
    found = list(re.finditer(r"^[ \t]*[-*+][ \t]+@" + re.escape(key) + r"[ \t]*$", text, re.M))
    m = found[min(occurrence, len(found)) - 1] if found else None
    return line_at(text, m.start()) + first_line - 1 if m else locate(text, f"@{key}", first_line)


def block_text(text: str, ident: str) -> str:
    """The text of the paragraph whose attribute list (on the line after it) declares ``ident``."""
    m = re.search(r"((?:^[^\n{][^\n]*\n)+)\{:[^}\n]*#" + re.escape(ident) + r"[\s}]", text, re.M)
    if not m:
        return ""
    return " ".join(re.sub(r"[*_]", "", m.group(1)).split())


def first_line(path: str | None, markdown: str) -> int:
    """Line number, in the file at ``path``, of the first line of ``markdown`` (a page's text after its front matter)."""
    try:
        raw = Path(path or "").read_text(encoding="utf-8-sig")
    except OSError:
        return 1
    at = raw.find(markdown)
    return raw.count("\n", 0, at) + 1 if at >= 0 else 1


def line_of_byte(path: str | None, offset: int) -> int:
    """Line number of the byte at ``offset`` of the file at ``path`` (where it could not be decoded)."""
    try:
        return Path(path or "").read_bytes().count(b"\n", 0, offset) + 1
    except OSError:
        return 1
