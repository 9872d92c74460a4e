"""In-text referencing styles: how a chapter's citations read in its text (or its notes).

Each is a small composable object, not a pybtex template, as sphinxcontrib-bibtex keeps its
referencing styles: brackets, separators, how names join, how a title stands in for a missing
author. A citation style (``macros.styles.pairs``) pairs one of these with a reference-list style.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from markupsafe import Markup
from pybtex.database import Entry

from ...sources.citation_syntax import Cite


class InTextStyle(Protocol):
    """What the edition asks of an in-text referencing style. What it gives depends on its options and
    its arguments alone, never on the chapter asking: chapters of one style and preset share one form
    (``Publisher.create``), which may keep what it works out for each work (AuthorDate's labels)."""

    def label(self, key: str, entry: Entry) -> Markup:
        """The work's short label as HTML: 'Walt, 1987', 'Walt 1987', 'Walt, <em>Origins of Alliances</em>'."""

    def label_text(self, key: str, entry: Entry) -> str:
        """``label`` as plain text."""

    def locator(self, locator: str) -> str:
        """A locator as the style prints it ('p. 22' as written in the Markdown; '22' in Chicago)."""

    def link(self, href: str, key: str, entry: Entry, locator: str) -> Markup:
        """One work cited, as one link (the editor's '[Ed.: cites …]' after a verbatim note)."""

    def render(self, cites: Sequence[Cite], entries: Mapping[str, Entry], href: Callable[[str], str],
               describe: Callable[[str], str] = ..., ends_note: bool = False) -> Markup:
        """A whole citation group as HTML, one link per cited work; ``ends_note``: nothing but its note's
        back-link follows it (a note style ends the note with a period then)."""


def cite_link(href: str, key: str, locator: str, text: Markup, locator_sep: str) -> Markup:
    """A citation: a link to the work's bibliography entry, described by the work's card. Its
    locator is the link's last words, in a ``span`` of its own for the card to show."""
    if locator:
        return Markup('<a class="cite" href="{}" aria-describedby="card-{}-ref">{}{}<span>{}</span></a>').format(
            href, key, text, locator_sep, locator)
    return Markup('<a class="cite" href="{}" aria-describedby="card-{}-ref">{}</a>').format(href, key, text)
