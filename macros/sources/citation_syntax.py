"""Parse Pandoc-style citations in Markdown, with positions.

``[@walt1987, pp. 22–23]``, ``[@a; @b, p. 9]``, ``[@walt1987; -@walt1988]`` (``-`` suppresses
the author, for "Walt, 1987; 1988").  The parser works on text where code is already
blanked, reports malformed groups as problems with their offset, and never guesses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

_GROUP_START = re.compile(r"\[(?=-?@)")
_ITEM = re.compile(r"^\s*(?P<suppress>-?)@(?P<key>[\w:.+/-]*)(?P<rest>.*)$", re.S)


@dataclass(frozen=True)
class Cite:
    key: str
    locator: str = ""
    suppress_author: bool = False


@dataclass(frozen=True)
class Group:
    start: int  # offset of "[" in the text
    end: int  # offset just after "]"
    cites: tuple[Cite, ...]


@dataclass(frozen=True)
class Malformed:
    start: int
    message: str


def parse(text: str) -> tuple[list[Group], list[Malformed]]:
    """Every citation group in ``text`` (code already masked), and every malformed one."""
    groups: list[Group] = []
    bad: list[Malformed] = []
    pos = 0
    while (m := _GROUP_START.search(text, pos)) is not None:
        start = m.start()
        close = _closing(text, start)
        if close is None:
            bad.append(Malformed(start, "unclosed citation bracket '[@…' (add the closing ']')"))
            pos = start + 1
            continue
        body = text[start + 1:close]
        cites, problem = parse_group(body)
        if problem:
            bad.append(Malformed(start, problem))
        else:
            groups.append(Group(start, close + 1, cites))
        pos = close + 1
    return groups, bad


_BRACKET = re.compile(r"[\[\]]|\n\n")


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


@lru_cache(maxsize=8192)  # each group is parsed by the source check and again by the Markdown extension
def parse_group(body: str) -> tuple[tuple[Cite, ...], str]:
    """The cites of one group body (between the brackets), or a problem message."""
    cites = []
    for part in body.split(";"):
        m = _ITEM.match(part)
        if m is None:
            return (), f"citation item without a key: '{part.strip()}'"
        key = m.group("key").rstrip(".,:")
        if not key:
            return (), "empty citation key '@' (write '@key')"
        rest = m.group("rest")
        locator = rest.strip()
        if locator and not locator.startswith(","):
            return (), f"unexpected text after '@{key}': '{locator}' (separate a locator with a comma)"
        cites.append(Cite(key, locator[1:].strip(), bool(m.group("suppress"))))
    return tuple(cites), ""
