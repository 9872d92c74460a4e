"""Chicago notes (CMOS 17, 14.29-14.36): a work cited in a note by its short form.

``[@sobhani1989, 231]`` in a note reads "Sobhani, *Pragmatic Entente*, 231." — the author's family
name, the short title (the main title without an initial article, or the record's ``shorttitle``)
in italics for a book or a report and in quotation marks for anything else, and the bare page number.
A notes chapter cites in its notes, never in its running text (the plugin reports a citation
outside a note): generating notes would renumber the ones the author printed.

Where the editor names a work rather than the author citing it — a card's title, the
"[Ed.: cites …]" after a verbatim note — the work is named by author and year ("Sobhani, 1989,
p. 231"): a short pointer to its bibliography entry, not a second copy of the note's title.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from pybtex.database import Entry, Person

from ...sources.citation_syntax import Cite
from ...sources.editors_notes import inline_markdown
from ...sources.latex import latex_text
from .author_date import AuthorDate
from .chicago_author_date import WHOLE_WORKS

_ARTICLE = re.compile(r"^(?:The|A|An)\s+(?=\S)")
_PAGE_LABEL = re.compile(r"^pp?\.\s*")


@dataclass(frozen=True)
class Notes:
    """Short-form note citations, each part replaceable."""

    cite_sep: str = "; "
    locator_sep: str = ", "
    two_authors: str = " and "
    names_sep: str = ", "
    last_names_sep: str = ", and "
    max_names: int = 3  # four or more: the first, then et al. (CMOS 14.76)
    et_al: str = " et al."
    end: str = "."  # a note that is only citations ends with a period
    pointer: AuthorDate = field(default_factory=AuthorDate)  # how the editor's layer names a work

    def family(self, person: Person) -> str:
        return latex_text(" ".join([*person.prelast_names, *person.last_names]))

    def authors(self, entry: Entry) -> str | None:
        if "shortauthor" in entry.fields:
            return latex_text(entry.fields["shortauthor"])
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        if not people:
            return None
        if len(people) > self.max_names:
            return self.family(people[0]) + self.et_al
        families = [self.family(person) for person in people]
        if len(families) <= 2:
            return self.two_authors.join(families)
        return self.names_sep.join(families[:-1]) + self.last_names_sep + families[-1]

    @staticmethod
    def short_title(entry: Entry) -> str:
        """The record's ``shorttitle``, else its main title (before a colon) without an initial article."""
        if "shorttitle" in entry.fields:
            return latex_text(entry.fields["shorttitle"])
        title = latex_text(entry.fields.get("title", "")).split(": ")[0].rstrip(".")
        return _ARTICLE.sub("", title) or title

    def locator(self, locator: str) -> str:
        return _PAGE_LABEL.sub("", locator)

    def _parts(self, entry: Entry, followed: bool) -> tuple[str, Markup]:
        """(author, short title as HTML); a quoted title takes the comma before what follows inside its quotes."""
        author = self.authors(entry)
        title = self.short_title(entry)
        if entry.type not in WHOLE_WORKS:  # a part of a work, a thesis, a web page: quoted (CMOS 14.86, 14.224, 14.206)
            shown = Markup("“{}{}”").format(title, "," if followed else "")
        else:
            shown = Markup("<em>{}</em>").format(title)
        return author or "", shown

    def label(self, key: str, entry: Entry) -> Markup:
        return self.pointer.label(key, entry)

    def label_text(self, key: str, entry: Entry) -> str:
        return self.pointer.label_text(key, entry)

    def short_form(self, entry: Entry) -> Markup:
        """'Sobhani, <em>Pragmatic Entente</em>': the work as a note cites it again."""
        author, title = self._parts(entry, followed=False)
        return escape(author) + Markup(", ") + title if author else title

    def _linked(self, href: str, describe: str, entry: Entry, locator: str) -> str:
        author, title = self._parts(entry, followed=bool(locator))
        text = (escape(author) + Markup(", ") + title) if author else title
        if locator:
            sep = " " if entry.type not in WHOLE_WORKS else self.locator_sep  # “Title,” 414
            text += Markup("{}<span>{}</span>").format(sep, self.locator(locator))
        return f'<a class="cite" href="{html.escape(href)}" aria-describedby="{html.escape(describe)}">{text}</a>'

    def link(self, href: str, key: str, entry: Entry, locator: str) -> Markup:
        """The editor's link after a verbatim note: 'Sobhani, 1989, p. 231'."""
        return self.pointer.link(href, key, entry, locator)

    def render(self, cites: Sequence[Cite], entries: Mapping[str, Entry], href: Callable[[str], str],
               describe: Callable[[str], str] = lambda key: f"card-{key}-ref", ends_note: bool = False) -> Markup:
        """The citations of a note: 'Sobhani, <em>Pragmatic Entente</em>, 231; Walt, <em>Origins of Alliances</em>.'
        The period only where the citations end the note (the author's own is not doubled, and a
        citation in the note's prose takes none); inside a closing quotation mark (CMOS 6.9)."""
        links = [(inline_markdown(c.prefix) + " " if c.prefix else "") + self._linked(href(c.key), describe(c.key), entries[c.key], c.locator)
                 + (inline_markdown(c.suffix) if c.suffix else "") for c in cites]
        body = html.escape(self.cite_sep).join(links)
        if ends_note and not any(c.narrative for c in cites):
            quoted = body.endswith("”</a>")
            body = body[: -len("”</a>")] + html.escape(self.end) + "”</a>" if quoted else body + html.escape(self.end)
        return Markup('<span class="citation">' + body + "</span>")
