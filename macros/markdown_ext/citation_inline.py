"""Python-Markdown inline processors for Pandoc's citations (``macros/sources/citation_syntax.py``):
``[see @key, p. 3; @other]`` in parentheses and ``@key [p. 3]`` in the running text, each left as a
placeholder that ``collect_citations`` renders once the page's own reference list is known.

Only well-formed citations whose keys all exist are rendered; everything else is left as text
and reported by the plugin from its scan of the Markdown source (with line numbers), so a strict
build never publishes raw citation syntax. Code spans are untouched because the backtick
processor runs before these.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from typing import Any

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.util import HTML_PLACEHOLDER_RE, STX
from pybtex.database import Entry

from ..sources.citation_syntax import KEY, NARRATIVE, Cite, narrative, parse_group
from .final_hrefs import FINAL_HREF

GROUP_RE = r"\[(?!\^)([^\[\]]*?(?<![\w@])-?@[^\[\]]*)\]"  # may run across the paragraph's line breaks
_ITEM_KEY = re.compile(r"\s*@" + KEY + r"\s*(?:\{:[^}]*\})?\s*")  # a reference-list item's "@key {: #id }"


class _Citations(InlineProcessor):
    """Leaves a placeholder for each well-formed citation and records its cites in ``pending()``
    (stash index -> cites): the edition's tree processor renders it once the page's own
    reference list, which describes the cited works, is known. As raw HTML, a citation costs
    nothing to MkDocs' link rewriting or to the serializer."""

    def __init__(self, pattern: str, md: Markdown, entries: Callable[[], Mapping[str, Entry]],
                 pending: Callable[[], dict[int, tuple[Cite, ...]]]) -> None:
        super().__init__(pattern, md)
        self.entries = entries
        self.pending = pending

    def _placeholder(self, cites: tuple[Cite, ...], m: re.Match[str]) -> tuple[str | None, int | None, int | None]:
        entries = self.entries()
        if not cites or any(c.key not in entries for c in cites):
            return None, None, None
        placeholder = self.md.htmlStash.store("")
        self.pending()[len(self.md.htmlStash.rawHtmlBlocks) - 1] = cites
        return placeholder, m.start(0), m.end(0)


class CitationInlineProcessor(_Citations):
    """``[see @key, p. 3, suffix; -@other]``."""

    def __init__(self, md: Markdown, entries: Callable[[], Mapping[str, Entry]],
                 pending: Callable[[], dict[int, tuple[Cite, ...]]]) -> None:
        super().__init__(GROUP_RE, md, entries, pending)

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str | None, int | None, int | None]:  # type: ignore[override]
        if data.startswith("(", m.end(0)):  # "[text @x](url)": a link whose text holds an "@"
            return None, None, None
        cites, problem = parse_group(m.group(1))
        return self._placeholder(cites, m) if not problem else (None, None, None)


class NarrativeInlineProcessor(_Citations):
    """``@key`` or ``@key [p. 3]`` in the running text."""

    def __init__(self, md: Markdown, entries: Callable[[], Mapping[str, Entry]],
                 pending: Callable[[], dict[int, tuple[Cite, ...]]]) -> None:
        super().__init__(NARRATIVE.pattern, md, entries, pending)

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str | None, int | None, int | None]:  # type: ignore[override]
        if _ITEM_KEY.fullmatch(data):  # a reference list's item, which the list renders
            return None, None, None
        opened, closed = data.rfind("[", 0, m.start(0)), data.rfind("]", 0, m.start(0))
        if opened > closed and "](" in data[m.end(0):]:  # inside a link's text
            return None, None, None
        return self._placeholder((narrative(m.group("key"), m.group("locator") or ""),), m)


Render = Callable[[tuple[Cite, ...], Callable[[str], str], bool], str]  # (cites, describe, ends its note) -> HTML
_QUOTED_END = "”</a></span>"  # a citation that ends with a quoted title


def collect_citations(root: etree.Element, pending: Mapping[int, tuple[Cite, ...]], listed: Mapping[str, str], stash: list[Any],
                      render: Render, notes_only: str | None = None) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Every citation as (key, id of the nearest enclosing element with an id, locator), each group left
    as a placeholder rendered (``pending``: stash index -> its cites); and, when citations belong in
    notes (``notes_only``: the prefix of note ids, "fn-"), the keys cited elsewhere.

    A work the page's own reference list prints (``listed``: key -> its item's id) is described to
    screen readers by that item, any other by its card."""
    cited: list[tuple[str, str, str]] = []
    outside: list[str] = []

    def describe(key: str) -> str:
        return listed.get(key, f"card-{key}-ref")

    def found(text: str | None, owner: str, last: bool) -> str | None:
        """``text`` with each citation in it rendered into the stash; ``last``: nothing but the note's
        back-link follows the text in its block. Returns the text (punctuation may move into a citation)."""
        if not text or STX not in text:
            return text
        groups = [(m, pending[int(m.group(1))]) for m in HTML_PLACEHOLDER_RE.finditer(text) if int(m.group(1)) in pending]
        for _, cites in groups:
            cited.extend((cite.key, owner, cite.locator) for cite in cites)
            if notes_only is not None and not owner.startswith(notes_only):
                outside.extend(cite.key for cite in cites)
        for m, cites in reversed(groups):  # from the end: moving punctuation shortens what follows
            after = text[m.end():]
            html = render(cites, describe, last and not after.replace(NBSP_PLACEHOLDER, "").strip())
            if html.endswith(_QUOTED_END) and after[:1] in (".", ","):  # “Title.” (CMOS 6.9): the period goes inside
                html = html[: -len(_QUOTED_END)] + after[0] + _QUOTED_END
                text = text[: m.end()] + after[1:]
            stash[int(m.group(1))] = html
        return text

    def walk(elem: etree.Element, owner: str, last: bool) -> None:
        owner = elem.get("id") or owner
        if elem.tag == "li" and elem.get("id", "").startswith("fn"):
            last = True  # a note: what ends it is what its own last words are followed by
        children = list(elem)
        # Whether only back-links follow each child (and the text before the first): computed from the end, once.
        rest = [True] * (len(children) + 1)
        for n in range(len(children) - 1, -1, -1):
            rest[n] = rest[n + 1] and _backref(children[n])
        elem.text = found(elem.text, owner, last and rest[0])
        for n, child in enumerate(children):
            if child.tag == "a" and child.get("class") == "cite":  # a verbatim note's works, linked by the editor
                key = (child.get(FINAL_HREF) or child.get("href") or "").rpartition("#")[2]  # the address's fragment is the key
                locator = child.find("span")  # cite_link's: the link's last words
                cited.append((key, owner, (locator.text or "") if locator is not None else ""))
                child.set("aria-describedby", describe(key))
            walk(child, owner, last and rest[n + 1])
            child.tail = found(child.tail, owner, last and rest[n + 1])

    walk(root, "", True)
    return cited, outside


def _backref(elem: etree.Element) -> bool:
    """A note's link back to its reference (which follows its last words)."""
    return elem.tag == "a" and elem.get("class") == "footnote-backref"
