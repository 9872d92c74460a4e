"""Python-Markdown inline processor: ``[@key, locator; …]`` → a linked citation (rendered later).

Only well-formed groups whose keys all exist are rendered; everything else is left as
text and reported by the plugin from its scan of the Markdown source (with line numbers).
Code spans are untouched because the backtick processor runs before this one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor
from pybtex.database import Entry

from ..sources.citation_syntax import Cite, parse_group

CITATION_RE = r"\[(-?@[^\[\]\n]*)\]"


class CitationInlineProcessor(InlineProcessor):
    """Leaves a placeholder for each well-formed group and records its cites in ``pending()``
    (stash index -> cites): the edition's tree processor renders it once the page's own
    reference list, which describes the cited works, is known. As raw HTML, a citation costs
    nothing to MkDocs' link rewriting or to the serializer."""

    def __init__(self, md: Markdown, entries: Callable[[], Mapping[str, Entry]],
                 pending: Callable[[], dict[int, tuple[Cite, ...]]]) -> None:
        super().__init__(CITATION_RE, md)
        self.entries = entries
        self.pending = pending

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str | None, int | None, int | None]:  # type: ignore[override]
        cites, problem = parse_group(m.group(1))
        entries = self.entries()
        if problem or not cites or any(c.key not in entries for c in cites):
            return None, None, None
        placeholder = self.md.htmlStash.store("")
        self.pending()[len(self.md.htmlStash.rawHtmlBlocks) - 1] = cites
        return placeholder, m.start(0), m.end(0)
