"""Author-date citations in parentheses: APA 7 by default, every part replaceable.

It renders a citation group such as ``[@walt1987, pp. 22–23; @david1991]`` to
``(Walt, 1987, pp. 22–23; David, 1991)``, each work a link to its bibliography entry.
Parts are kept apart the way sphinxcontrib-bibtex composes referencing styles: brackets,
separators, how names join, how title-as-author labels look. Chicago author-date
(``chicago_author_date.py``) is the same object with other parts and its own ``family`` and ``quoted``.
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
from . import cite_link

_YEAR_SUFFIX = re.compile(r"\d{4}([a-z])$")
QUOTED_TYPES = frozenset({"article", "inbook", "incollection", "inreference", "inproceedings"})
_PAGE_LABEL = re.compile(r"^pp?\.\s*")


@dataclass(frozen=True)
class AuthorDate:
    """APA 7 parenthetical citations (Publication Manual 8.10-8.36), with each part replaceable."""

    open: str = "("
    close: str = ")"
    cite_sep: str = "; "
    year_sep: str = ", "
    locator_sep: str = ", "
    same_author_sep: str = ", "
    two_authors: str = " & "
    names_sep: str = ", "  # between names when more than two are listed
    last_names_sep: str = ", & "  # before the last of more than two listed names
    max_names: int = 2  # more creators than this: the first, then et al. (APA 8.17: three or more)
    et_al: str = " et al."
    open_quote: str = "“"
    close_quote: str = "”"
    comma_in_quotes: bool = True  # '“Baghdad Pact,” 1956' (APA); Chicago: '“Baghdad Pact” 1956'
    page_labels: bool = True  # locators keep "p." and "pp." (APA); Chicago prints the bare numbers
    _authors_memo: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
    _labels_memo: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    _parts_memo: dict[str, tuple[str, str, str]] = field(default_factory=dict, compare=False, repr=False)

    def family(self, person: Person) -> str:
        names = [*person.last_names, *person.lineage_names]  # "Gause III"
        return latex_text(" ".join(names))

    def authors(self, entry: Entry) -> str | None:
        if "shortauthor" in entry.fields:  # biblatex: the author's name as citation labels give it
            return latex_text(entry.fields["shortauthor"])
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        if not people:
            return None
        if len(people) > self.max_names:
            return self.family(people[0]) + self.et_al
        families = [self.family(person) for person in people]
        if len(families) == 1:
            return families[0]
        if len(families) == 2:
            return families[0] + self.two_authors + families[1]
        return self.names_sep.join(families[:-1]) + self.last_names_sep + families[-1]

    def quoted(self, entry: Entry) -> bool:
        """Whether a title standing in for the author is quoted (a part of a work) rather than italic."""
        return entry.type in QUOTED_TYPES

    @staticmethod
    def year(key: str, entry: Entry) -> str:
        suffix = _YEAR_SUFFIX.search(key)
        letter = suffix.group(1) if suffix else str(entry.fields.get("x-year-letter", ""))  # sources.bibliography
        return latex_text(entry.fields.get("year", "n.d.")) + letter

    def locator(self, locator: str) -> str:
        """'p. 22' as written in the Markdown; '22' where the style prints bare page numbers."""
        return locator if self.page_labels else _PAGE_LABEL.sub("", locator)

    def link(self, href: str, key: str, entry: Entry, locator: str) -> Markup:
        return cite_link(href, key, self.locator(locator), self.label(key, entry), self.locator_sep)

    def label(self, key: str, entry: Entry) -> Markup:
        """'Walt, 1987', '“Baghdad Pact,” 1956' or '<em>Title</em>, 2017'."""
        form, name, year = self._label_parts(key, entry)
        if form == "author":
            return escape(name) + Markup(self.year_sep) + escape(year)
        if form == "quoted":  # not italic in the reference list: quoted
            return Markup(self.open_quote) + escape(name) + Markup(self._quote_close()) + escape(year)
        return Markup("<em>") + escape(name) + Markup("</em>") + Markup(self.year_sep) + escape(year)

    def label_text(self, key: str, entry: Entry) -> str:
        """``label`` as plain text: 'Walt, 1987', '“Baghdad Pact,” 1956', 'Title, 2017'."""
        form, name, year = self._label_parts(key, entry)
        if form == "quoted":
            return self.open_quote + name + self._quote_close() + year
        return name + self.year_sep + year

    def _quote_close(self) -> str:
        """The closing quotation mark and what separates it from the year: ',” ' or '” '."""
        if self.comma_in_quotes:
            return self.year_sep.rstrip() + self.close_quote + " "
        return self.close_quote + self.year_sep

    def _label_parts(self, key: str, entry: Entry) -> tuple[str, str, str]:
        """("author", names, year), or a title-as-author label: ("quoted" or "italic", title, year);
        worked out once per work in a build, as ``_authors`` is (the search entries and the audit ask
        for a work's label once per list printing it: 6,800 times for 2,000 works on the corpus)."""
        if key not in self._parts_memo:
            self._parts_memo[key] = self._work_out_label_parts(key, entry)
        return self._parts_memo[key]

    def _work_out_label_parts(self, key: str, entry: Entry) -> tuple[str, str, str]:
        year = self.year(key, entry)
        author = self._authors(key, entry)
        if author is not None:
            return "author", author, year
        title = entry.fields.get("shorttitle") or entry.fields.get("title")
        if not title:  # a record with neither author nor title (a lost entry's surviving tail): its periodical or book
            container = next((entry.fields[f] for f in ("journal", "booktitle", "howpublished") if entry.fields.get(f)), "")
            return "italic", latex_text(container) if container else key, year
        return ("quoted" if self.quoted(entry) else "italic"), latex_text(title), year

    def render(self, cites: Sequence[Cite], entries: Mapping[str, Entry], href: Callable[[str], str],
               describe: Callable[[str], str] = lambda key: f"card-{key}-ref", ends_note: bool = False) -> Markup:
        """The whole parenthetical as HTML, one link per cited work (``describe``: the id of the element
        describing a work to screen readers). Every part is escaped; a large edition renders thousands."""
        if len(cites) == 1 and cites[0].narrative:
            return self._narrative(cites[0], entries[cites[0].key], href, describe)
        pieces: list[str] = [_escape(self.open)]
        previous_author: str | None = None
        previous_locator = ""
        for n, cite in enumerate(cites):
            entry = entries[cite.key]
            author = self._authors(cite.key, entry)
            # "Alvandi, 2014a, 2014b": same author, no locator on either side (else it would be ambiguous).
            same = author is not None and author == previous_author and not cite.locator and not previous_locator
            if n:
                pieces.append(_escape(self.cite_sep if cite.suppress_author or not same else self.same_author_sep))
            text = _escape(self.year(cite.key, entry)) if cite.suppress_author or same else self._label(cite.key, entry)
            # The work's key is the fragment of its address; the locator, in its own span, is for the card to show.
            locator = f"{_escape(self.locator_sep)}<span>{_escape(self.locator(cite.locator))}</span>" if cite.locator else ""
            if cite.prefix:
                pieces.append(inline_markdown(cite.prefix) + " ")
            pieces.append(f'<a class="cite" href="{_escape(href(cite.key))}" aria-describedby="{_escape(describe(cite.key))}">'
                          f'{text}{locator}</a>')
            if cite.suffix:
                pieces.append(inline_markdown(cite.suffix))
            previous_author, previous_locator = author, cite.locator or cite.suffix
        return Markup('<span class="citation">' + "".join(pieces) + _escape(self.close) + "</span>")

    def _narrative(self, cite: Cite, entry: Entry, href: Callable[[str], str], describe: Callable[[str], str]) -> Markup:
        """A work named in the running text (``@walt1987 [p. 22]``): 'Walt (1987, p. 22)'."""
        form, name, year = self._label_parts(cite.key, entry)
        who = {"author": escape(name), "quoted": Markup("{}{}{}").format(self.open_quote, name, self.close_quote),
               "italic": Markup("<em>{}</em>").format(name)}[form]
        locator = Markup("{}<span>{}</span>").format(self.locator_sep, self.locator(cite.locator)) if cite.locator else ""
        suffix = Markup(inline_markdown(cite.suffix)) if cite.suffix else ""
        return Markup('<span class="citation"><a class="cite" href="{}" aria-describedby="{}">{} {}{}{}{}{}</a></span>').format(
            href(cite.key), describe(cite.key), who, self.open, year, locator, suffix, self.close)

    def _authors(self, key: str, entry: Entry) -> str | None:
        """``authors``, once per work in a build (a style object lives for one build)."""
        if key not in self._authors_memo:
            self._authors_memo[key] = self.authors(entry)
        return self._authors_memo[key]

    def _label(self, key: str, entry: Entry) -> str:
        if key not in self._labels_memo:
            self._labels_memo[key] = str(self.label(key, entry))
        return self._labels_memo[key]


def _escape(text: str) -> str:
    return html.escape(text, quote=True)
