"""Pandoc's citation syntax, parsed with positions.

    [@walt1987, pp. 22–23]              a citation in parentheses, with a locator
    [see @walt1987, p. 22, emphasis added; also @david1991]   a prefix, a suffix, several works
    [@walt1987; -@walt1988]             "-" suppresses the author: "Walt, 1987; 1988"
    @walt1987 says …  /  @walt1987 [p. 22] says …             in the text: "Walt (1987, p. 22) says"

as Pandoc defines it (pandoc.org/MANUAL.html#citation-syntax): a group may run across a line break
(not a blank line); a key begins with a letter, digit or "_" and may hold internal punctuation; the
locator is a locator term and page numbers ("pp. 9–10, 39"), anything after it the suffix. The
parser works on text where code is already blanked, reports malformed groups as problems with
their offset, and never guesses. A line "- @key" is an item of a reference list, not a citation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

KEY = r"[\w](?:[\w:.#$%&+?~/-]*[\w])?"
# "[" that may open a citation group: not a footnote ("[^"), and an "@" before its "]"
_GROUP_START = re.compile(r"\[(?!\^)(?=[^\[\]]*?(?<![\w@])-?@)")
_ITEM = re.compile(r"^(?P<prefix>.*?)(?<![\w@])(?P<suppress>-?)@(?P<key>" + KEY + r")?(?P<rest>.*)$", re.S)
# "@key" in the running text, optionally with "[locator]" after it; not part of an e-mail address
NARRATIVE = re.compile(r"(?<![\w@\[-])@(?P<key>" + KEY + r")(?:[ \t]\[(?P<locator>[^\[\]\n]*)\])?")
_LIST_ITEM = re.compile(r"^[ \t]*[-*+][ \t]+@" + KEY + r"[ \t]*$", re.M)
# A locator: an optional term, then numbers or ranges ("pp. 9–10, 39", "chap. 3", "xii–xv").
_TERMS = r"(?:p|pp|page|pages|chap|chaps|ch|chapter|sec|secs|section|para|paras|n|nn|note|notes|fig|figs|vol|vols|art|no|nos|col|cols|l|ll|line|lines|v|vv|bk|pt|§|¶)\.?"
_NUMBER = r"(?:[0-9]+[a-z]?|[ivxlcdm]+)(?:\s*[-–—]\s*(?:[0-9]+[a-z]?|[ivxlcdm]+))?"
_LOCATOR = re.compile(r"^(?P<locator>(?:" + _TERMS + r"\s*)?" + _NUMBER + r"(?:\s*(?:,|&|and)\s*" + _NUMBER + r")*)(?P<suffix>(?:\s*,.*)?)$", re.S | re.I)


@dataclass(frozen=True)
class Cite:
    key: str
    locator: str = ""  # "pp. 22–23" as written
    suppress_author: bool = False
    prefix: str = ""  # "see": what comes before the work, as written
    suffix: str = ""  # ", emphasis added": what comes after the locator, with its separator
    narrative: bool = False  # in the text ("@key"): "Walt (1987)"


@dataclass(frozen=True)
class Group:
    start: int  # offset of "[" (or of "@" for a citation in the text)
    end: int  # offset just after "]" (or after the key or its locator)
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class Malformed:
    start: int
    message: str


def parse(text: str) -> tuple[list[Group], list[Malformed]]:
    """Every citation in ``text`` (code already masked), in order, and every malformed group."""
    groups: list[Group] = []
    bad: list[Malformed] = []
    taken: list[tuple[int, int]] = []
    pos = 0
    while (m := _GROUP_START.search(text, pos)) is not None:
        start = m.start()
        close = _closing(text, start)
        if close is None:
            bad.append(Malformed(start, "unclosed citation bracket '[@…' (add the closing ']' before the paragraph ends)"))
            pos = start + 1
            continue
        if text.startswith("(", close + 1) or text.startswith("[", close + 1) and not text.startswith("[@", close + 1):
            taken.append((start, close + 1))  # a link ("[…](…)" or "[…][ref]") whose text holds an "@", not a citation
            pos = close + 1
            continue
        cites, problem = parse_group(text[start + 1:close])
        if problem:
            bad.append(Malformed(start, problem))
        else:
            groups.append(Group(start, close + 1, cites))
        taken.append((start, close + 1))
        pos = close + 1
    spans = sorted(taken + [(i.start(), i.end()) for i in _LIST_ITEM.finditer(text)])
    starts = [start for start, _ in spans]
    for m in NARRATIVE.finditer(text):
        before = bisect.bisect_right(starts, m.start()) - 1  # the last span that starts at or before it
        if before < 0 or m.start() >= spans[before][1]:  # spans do not overlap: only that one could hold it
            groups.append(Group(m.start(), m.end(), (narrative(m.group("key"), m.group("locator") or ""),)))
    return sorted(groups, key=lambda g: g.start), bad


def _closing(text: str, start: int) -> int | None:
    """Offset of the "]" closing the group at ``start``; a group never spans a blank line."""
    depth = 0
    for m in _BRACKET.finditer(text, start):
        if m.group() == "[":
            depth += 1
        elif m.group() == "]":
            depth -= 1
            if depth == 0:
                return m.start()
        else:
            return None
    return None


_BRACKET = re.compile(r"[\[\]]|\n[ \t]*\n")


def narrative(key: str, locator: str) -> Cite:
    """``@key`` or ``@key [p. 33]`` in the running text."""
    split = _LOCATOR.match(locator.strip())
    if split is None:
        return Cite(key, "", False, "", locator.strip(), True)
    return Cite(key, split.group("locator").strip(), False, "", split.group("suffix"), True)


@lru_cache(maxsize=8192)  # each group is parsed by the source check and again by the Markdown extension
def parse_group(body: str) -> tuple[tuple[Cite, ...], str]:
    """The cites of one group body (between the brackets), or a problem message."""
    cites = []
    for part in body.split(";"):
        part = " ".join(part.split())  # a group may run across lines
        m = _ITEM.match(part)
        if m is None or m.group("key") is None:
            if m is not None and "@" in part:
                return (), "empty citation key '@' (write '@key')"
            return (), f"citation item without a key: '{part.strip()}'"
        key, rest, prefix = m.group("key"), m.group("rest"), m.group("prefix").strip()
        if rest.strip() and not rest.lstrip().startswith(","):
            return (), f"unexpected text after '@{key}': '{rest.strip()}' (separate a locator with a comma)"
        locator, suffix = _locator(rest.strip()[1:].strip()) if rest.strip() else ("", "")
        cites.append(Cite(key, locator, bool(m.group("suppress")), prefix, suffix))
    return tuple(cites), ""


def _locator(text: str) -> tuple[str, str]:
    """("pp. 9–10, 39", ", with emphasis") from what follows a key's comma; all of it is a suffix
    when it does not begin with a locator."""
    m = _LOCATOR.match(text)
    if m is None:
        return "", f", {text}" if text else ""
    return m.group("locator").strip(), m.group("suffix")
