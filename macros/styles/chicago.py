"""Chicago notes-bibliography BIBLIOGRAPHY entries (CMOS 17, ch. 14), as paper A prints them.

One declarative pybtex template per entry type.  Defaults follow CMOS 17; paper A's preset
(``docs/_data/presets.yml``) holds the options that reproduce its own practice where it differs
consistently from CMOS 17.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pybtex.database import Entry
from pybtex.style.template import field, first_of, href, join, optional, sentence, tag, words

from .base import EditionStyle, NameForm, PageRange, chicago_quote, edition_statement, in_language, persons, split_options


@dataclass(frozen=True)
class ChicagoOptions:
    # "cmos": "Title. 2nd ed." (CMOS 17 14.112); "paper-a": "Title, 2d ed." (paper A, Souresrafil).
    edition: str = "cmos"
    # "chicago": CMOS 9.61 abbreviation (659–80, 292–315); "full"; "as-stored".  Paper A prints 10
    # of its 16 ranges so, with en dashes; the other 6 in full with hyphens (an inconsistency).
    # Abbreviating also reproduces ramazani1978 (stored in full as paper B prints it, 413–28 in A).
    page_range: str = "chicago"
    page_dash: str = "–"

    def __post_init__(self) -> None:
        allowed = {"edition": ("cmos", "paper-a"), "page_range": ("chicago", "full", "as-stored")}
        for name, values in allowed.items():
            if getattr(self, name) not in values:
                raise ValueError("chicago option %s must be one of %s, not %r" % (name, values, getattr(self, name)))


# The first author is inverted, the others are not; "and" with a serial comma (CMOS 14.76).
FIRST = NameForm(inverted=True)
OTHERS = NameForm(inverted=False)
ALL_AUTHORS = dict(first=FIRST, rest=OTHERS, sep=", ", sep2=", and ", last_sep=", and ")
# Editors and translators after the title: "edited by T. Osman", "Translated by D. Şendil".
IN_TEXT = dict(first=OTHERS, rest=OTHERS, sep=", ", sep2=" and ", last_sep=", and ")


class ChicagoStyle(EditionStyle):
    def __init__(self, **kwargs: Any) -> None:
        self.options, kwargs = split_options(kwargs, ChicagoOptions)
        super().__init__(**kwargs)

    # ---------------------------------------------------------------- shared pieces

    def creator(self, e: Entry) -> Any:
        """Author(s); else editor(s) with "ed."/"eds."; else nothing (the title leads)."""
        if "author" in e.persons:
            return sentence[persons("author", **ALL_AUTHORS)]
        if "editor" in e.persons:
            label = "eds." if len(e.persons["editor"]) > 1 else "ed."
            return sentence[persons("editor", **ALL_AUTHORS), label]
        return optional[""]

    def editors_after_title(self, e: Entry, lead: str) -> Any:
        # Editors already named as creators are not repeated.
        if "author" not in e.persons:
            return optional[""]
        return optional[words[lead, persons("editor", **IN_TEXT)]]

    def date(self) -> Any:
        # "December 8, 1991", "January 2015", "July-September 1987", "1987"; CMOS "n.d." without a year.
        return first_of[
            optional[words[optional[field("month")], optional[join[field("day"), ","]], field("year")]],
            "n.d.",
        ]

    def pages(self) -> Any:
        return field("pages", raw=True, apply_func=PageRange(self.options.page_dash, self.options.page_range))

    def edition(self) -> Any:
        return field("edition", apply_func=edition_statement("old" if self.options.edition == "paper-a" else "cmos"))

    def quoted_title(self, e: Entry) -> Any:
        return optional[in_language(e, field("title", apply_func=chicago_quote))]

    def publication(self, e: Entry, publisher: str = "publisher") -> Any:
        # "London: Methuen, 1989."  /  "RAND Corporation, 2011."
        return sentence[join(sep=": ")[optional[field("address")], optional[in_language(e, field(publisher))]], self.date()]

    def link(self) -> Any:
        # CMOS 14.8: prefer the DOI; URLs end the entry with a period.
        doi = join["https://doi.org/", field("doi", raw=True)]
        url = field("url", raw=True)
        return first_of[optional[join[href(doi)[doi], "."]], optional[join[href(url)[url], "."]]]

    # ---------------------------------------------------------------- one template per type

    def get_article_template(self, e: Entry) -> Any:
        journal = tag("em")[in_language(e, field("journal"))]
        if "volume" in e.fields or "number" in e.fields:
            # Journal: SAIS Review 7, no. 1 (1987): 157–68.   MERIP Reports, no. 40 (1975): 3–26.
            source = join[journal, optional[" ", field("volume")], optional[", no. ", field("number")],
                          " (", self.date(), ")", optional[": ", self.pages()], "."]
        else:
            # Newspaper or magazine (CMOS 14.171, 14.191): The New York Times, December 8, 1991.
            source = sentence[journal, self.date(), optional[self.pages()]]
        return join(sep=" ")[self.creator(e), self.quoted_title(e), source, self.link()]

    def get_book_template(self, e: Entry) -> Any:
        # Title. Translated by X. Edited by Y. 2nd ed. Place: Publisher, Year.  (paper A: "Title, 2d ed.")
        title = tag("em")[in_language(e, field("title"))]
        if self.options.edition == "paper-a":
            title, edition = sentence[title, optional[self.edition()]], optional[""]
        else:
            title, edition = sentence[title], optional[sentence[self.edition()]]
        return join(sep=" ")[
            self.creator(e), title,
            optional[sentence(sep=" ")["Translated by", persons("translator", **IN_TEXT)]],
            sentence[self.editors_after_title(e, "Edited by")], edition,
            optional[sentence[field("number")]], optional[sentence[field("note")]], self.publication(e), self.link(),
        ]

    def get_inbook_template(self, e: Entry) -> Any:
        # “Chapter.” In Book, edited by X, 2nd ed., 9–18. Place: Publisher, Year.
        container = sentence[
            words["In", tag("em")[in_language(e, field("booktitle"))]],
            self.editors_after_title(e, "edited by"),
            optional[self.edition()],
            optional[self.pages()],
        ]
        return join(sep=" ")[self.creator(e), self.quoted_title(e), container, self.publication(e), self.link()]

    get_incollection_template = get_inbook_template
    get_inreference_template = get_inbook_template
    get_inproceedings_template = get_inbook_template

    def get_misc_template(self, e: Entry) -> Any:
        # Think-tank pieces and web pages: “Title.” The Institute for National Security Studies, January 2015.
        source = sentence[optional[field("howpublished")], optional[field("publisher")], self.date()]
        return join(sep=" ")[self.creator(e), self.quoted_title(e), source, self.link()]

    get_online_template = get_misc_template

    def thesis(self, e: Entry, default_type: str) -> Any:
        # CMOS 14.224: “Title.” PhD diss., University, Year.  A stored ``type`` wins.
        return join(sep=" ")[
            self.creator(e), self.quoted_title(e),
            sentence[in_language(e, join(sep=", ")[first_of[optional[field("type")], default_type], optional[field("school")]]), self.date()],
            optional[sentence(sep=" ")[in_language(e, field("publisher")), optional["(", field("number"), ")"]]],
            self.link(),
        ]

    def get_phdthesis_template(self, e: Entry) -> Any:
        return self.thesis(e, "PhD diss.")

    def get_mastersthesis_template(self, e: Entry) -> Any:
        return self.thesis(e, "Master’s thesis")

    def get_techreport_template(self, e: Entry) -> Any:
        # “Title.” Policy Brief 11. The Middle East Institute, 2008. URL.
        series = optional[sentence(sep=" ")[first_of[optional[field("type")], "Report"], optional[field("number")]]]
        return join(sep=" ")[self.creator(e), self.quoted_title(e), series, self.publication(e, "institution"), self.link()]
