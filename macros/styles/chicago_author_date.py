"""Chicago author-date REFERENCE LIST entries (CMOS 17, ch. 15).

A ch. 15 reference-list entry is the ch. 14 bibliography entry with the date moved up to follow the
author (15.9), so the pieces are chicago.py's: the same name forms (14.76), quoted titles of parts
and italic titles of whole works, CMOS 9.61 page ranges.  What changes is where the date goes:
once after the creator, and repeated in full only where a periodical or web page needs the month
and day to be found (15.49).  The year suffix (2014a, 15.19) comes from the citation key, as in the
APA style, so the in-text form (``referencing/chicago_author_date.py``) prints the same letter.

One declarative pybtex template per entry type.  The in-text form decides italic or quoted
for a title standing in for the author with ``WHOLE_WORKS``; the templates below agree with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pybtex.database import Entry
from pybtex.richtext import Text
from pybtex.style.template import field, first_of, href, join, node, optional, sentence, tag, words

from .base import (YEAR_SUFFIX, EditionStyle, PageRange, as_is, chicago_quote, edition_statement, lower_first, name_text, persons,
                   sentence_case, split_options)
from .chicago import ALL_AUTHORS, FIRST, IN_TEXT, OTHERS
from .referencing.chicago_author_date import WHOLE_WORKS


@dataclass(frozen=True)
class ChicagoAuthorDateOptions:
    # "chicago": CMOS 9.61 abbreviation (413–28, 292–315, 101–8); "full" (413–428); "as-stored".
    page_range: str = "chicago"
    page_dash: str = "–"
    # "cmos": "32, no. 4 (Spring): 413–28" (CMOS 17, 15.9 and 15.47).  "parentheses": "32 (4): 413–28",
    # CMOS 16's form, still the house style of many author-date journals; no month then (it would
    # make a second parenthesis), and an issue without a volume keeps "no." ("MERIP Reports, no. 40").
    issue: str = "cmos"
    # "as-stored": the records' headline case (CMOS 17's recommendation).  "sentence": the
    # sentence-style titles some author-date publishers still ask for (CMOS allows it for ch. 15
    # reference lists); journal names keep headline case either way.
    title_case: str = "as-stored"

    def __post_init__(self) -> None:
        allowed = {"page_range": ("chicago", "full", "as-stored"), "issue": ("cmos", "parentheses"),
                   "title_case": ("as-stored", "sentence")}
        for name, values in allowed.items():
            if getattr(self, name) not in values:
                raise ValueError("chicago-author-date option %s must be one of %s, not %r" % (name, values, getattr(self, name)))


@node
def listed(children: list[Any], context: dict[str, Any], role: str, limit: int = 10, shown: int = 7) -> Text:
    """The people in ``role`` as a reference list gives them (14.76, 15.9): all of them up to ten,
    the first inverted; more than ten, the first seven and "et al."."""
    assert not children
    people = context["entry"].persons.get(role) or []
    if len(people) <= limit:
        return persons(role, **ALL_AUTHORS).format_data(context)
    names = [name_text(person, FIRST if i == 0 else OTHERS) for i, person in enumerate(people[:shown])]
    return join(sep=", ")[[*names, "et al."]].format_data(context)


def _quoted(case: Callable[[Text], Text]) -> Callable[[Text], Text]:
    return lambda text: chicago_quote(case(text))


def _lower_ordinal(text: Text) -> Text:
    # "rev. and updated ed." continues the chapter's container sentence after a comma.
    return lower_first(edition_statement("cmos")(text))


class ChicagoAuthorDateStyle(EditionStyle):
    year_suffixes = "key"  # 2014a/2014b from the key's letter, exactly as the in-text form reads it

    def __init__(self, **kwargs: Any) -> None:
        self.options, kwargs = split_options(kwargs, ChicagoAuthorDateOptions)
        self.case: Callable[[Text], Text] = sentence_case if self.options.title_case == "sentence" else as_is
        super().__init__(**kwargs)

    # ---------------------------------------------------------------- shared pieces

    def head(self, e: Entry) -> list[Any]:
        """Creator. Year. Title.  -- or, with no author and no editor, Title. Year. (15.32-15.33)."""
        whole = e.type in WHOLE_WORKS
        title = optional[sentence[tag("em")[field("title", apply_func=self.case)]]] if whole else \
            optional[field("title", apply_func=_quoted(self.case))]
        year = sentence[first_of[optional[join[field("year"), optional[field(YEAR_SUFFIX)]]], "n.d."]]
        if "author" in e.persons:
            return [sentence[listed("author")], year, title]
        if "editor" in e.persons:  # "Osman, T., ed. 2013."
            return [sentence[listed("editor"), "eds." if len(e.persons["editor"]) > 1 else "ed."], year, title]
        return [title, year]

    def editors_after_title(self, e: Entry, lead: str) -> Any:
        # "Edited by Ann Smith." after a book's title, "edited by T. Osman," after a chapter's book;
        # editors already named as creators are not repeated.
        if "author" not in e.persons:
            return optional[""]
        return optional[words[lead, persons("editor", **IN_TEXT)]]

    def repeated_date(self) -> Any:
        # 15.49: a newspaper, magazine or web page repeats the full date ("December 8, 1991") after
        # its name, because the year alone does not find the issue.  With no month there is nothing
        # the year after the author has not said, so nothing is repeated.
        return optional[words[field("month"), optional[join[field("day"), ","]], field("year")]]

    def pages(self) -> Any:
        return field("pages", raw=True, apply_func=PageRange(self.options.page_dash, self.options.page_range))

    def publication(self, publisher: str) -> Any:
        # "London: Methuen."  /  "RAND Corporation."  -- the year is already after the author.
        return sentence[join(sep=": ")[optional[field("address")], optional[field(publisher)]]]

    def link(self) -> Any:
        # 14.8: the DOI as an https://doi.org/ URL rather than the URL; either ends the entry with a period.
        doi = join["https://doi.org/", field("doi", raw=True)]
        url = field("url", raw=True)
        return first_of[optional[join[href(doi)[doi], "."]], optional[join[href(url)[url], "."]]]

    # ---------------------------------------------------------------- one template per type

    def get_article_template(self, e: Entry) -> Any:
        journal = tag("em")[field("journal")]
        if "volume" in e.fields and self.options.issue == "parentheses":
            source = join[journal, " ", field("volume"), optional[" (", field("number"), ")"], optional[": ", self.pages()], "."]
        elif "volume" in e.fields or "number" in e.fields:
            # 15.47: Middle East Journal 32, no. 4: 413–28.  With a month or season: 11, no. 1 (Spring): 1–34.
            source = join[journal, optional[" ", field("volume")], optional[", no. ", field("number")],
                          optional[" (", field("month"), ")"], optional[": ", self.pages()], "."]
        else:
            # A newspaper or magazine (15.49): New York Times, December 8, 1991.
            source = sentence[journal, self.repeated_date(), optional[self.pages()]]
        return join(sep=" ")[*self.head(e), source, self.link()]

    def get_book_template(self, e: Entry) -> Any:
        # 15.9: Author. Year. Title. Translated by X. Edited by Y. 2nd ed. Place: Publisher.
        return join(sep=" ")[
            *self.head(e),
            optional[sentence(sep=" ")["Translated by", persons("translator", **IN_TEXT)]],
            sentence[self.editors_after_title(e, "Edited by")],
            optional[sentence[field("edition", apply_func=edition_statement("cmos"))]],  # 14.112
            optional[sentence[field("note")]],
            self.publication("publisher"),
            self.link(),
        ]

    def get_inbook_template(self, e: Entry) -> Any:
        # 15.9: Author. Year. “Chapter.” In Book, edited by X, 2nd ed., 9–18. Place: Publisher.
        container = sentence[
            words["In", tag("em")[field("booktitle", apply_func=self.case)]],
            self.editors_after_title(e, "edited by"),
            optional[field("edition", apply_func=_lower_ordinal)],
            optional[self.pages()],
        ]
        return join(sep=" ")[*self.head(e), container, self.publication("publisher"), self.link()]

    get_incollection_template = get_inbook_template
    get_inreference_template = get_inbook_template
    get_inproceedings_template = get_inbook_template

    def get_misc_template(self, e: Entry) -> Any:
        # Web pages and think-tank pieces: Author. Year. “Title.” Site, Month Day, Year. URL.
        source = sentence[optional[field("howpublished")], optional[field("publisher")], self.repeated_date()]
        return join(sep=" ")[*self.head(e), source, self.link()]

    get_online_template = get_misc_template

    def thesis(self, e: Entry, default_type: str) -> Any:
        # 14.224: Author. Year. “Title.” PhD diss., University.  A stored ``type`` wins.
        return join(sep=" ")[
            *self.head(e),
            sentence[first_of[optional[field("type")], default_type], optional[field("school")]],
            optional[sentence(sep=" ")[field("publisher"), optional["(", field("number"), ")"]]],
            self.link(),
        ]

    def get_phdthesis_template(self, e: Entry) -> Any:
        return self.thesis(e, "PhD diss.")

    def get_mastersthesis_template(self, e: Entry) -> Any:
        return self.thesis(e, "Master’s thesis")

    def get_techreport_template(self, e: Entry) -> Any:
        # A report is cited like a book, its title in italics: Author. Year. Title. Policy Brief 11.
        # Place: Institution. URL.  The series is given only when the record has a type or number.
        series = first_of[
            optional[sentence(sep=" ")[first_of[optional[field("type")], "Report"], field("number")]],
            optional[sentence[field("type")]],
        ]
        return join(sep=" ")[*self.head(e), series, self.publication("institution"), self.link()]
