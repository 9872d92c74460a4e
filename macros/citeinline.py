"""Python-Markdown inline processor: ``[@key, locator; …]`` → a rendered, linked citation.

Only well-formed groups whose keys all exist are rendered; everything else is left as
text and reported by the plugin from its scan of the Markdown source (with line numbers).
Code spans are untouched because the backtick processor runs before this one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString
from pybtex.database import Entry

from .citations import parse_group
from .hrefs import final_hrefs
from .intext import AuthorDate

CITATION_RE = r"\[(-?@[^\[\]\n]*)\]"


class CitationInlineProcessor(InlineProcessor):
    def __init__(self, md: Markdown, entries: Callable[[], Mapping[str, Entry]],
                 href: Callable[[], Callable[[str], str]], style: AuthorDate) -> None:
        super().__init__(CITATION_RE, md)
        self.entries = entries
        self.href = href
        self.style = style

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | None, int | None, int | None]:  # type: ignore[override]
        cites, problem = parse_group(m.group(1))
        entries = self.entries()
        if problem or not cites or any(c.key not in entries for c in cites):
            return None, None, None
        element = final_hrefs(self.style.element(cites, entries, self.href()))
        for node in element.iter():  # rendered text is final: no further inline processing
            node.text = AtomicString(node.text) if node.text else node.text
            node.tail = AtomicString(node.tail) if node.tail else node.tail
        return element, m.start(0), m.end(0)
