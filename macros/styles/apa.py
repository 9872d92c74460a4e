"""APA 7 reference-list entries (Publication Manual, 7th ed., ch. 9-10), as paper B prints them.

One declarative pybtex template per entry type.  Defaults follow APA 7; paper B's preset
(``docs/_data/presets.yml``) holds the options under which the same templates reproduce its
consistent deviations from APA 7.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pybtex.database import Entry
from pybtex.style.template import field, first_of, href, join, optional, sentence, tag, words

from .base import (YEAR_SUFFIX, EditionStyle, NameForm, PageRange, as_is, edition_statement, in_language, persons, sentence_case,
                   split_options, wrapped)

# Titles of works that stand alone (book, report, thesis, web page) are italic and in sentence case
# (APA 9.19); titles of parts (article, chapter) are roman.  Each template says which it is.


@dataclass(frozen=True)
class ApaOptions:
    page_dash: str = "–"                 # paper B: "-" (it prints every range with a hyphen)
    roman_title_case: str = "sentence"   # paper B: "as-is" -- article/chapter titles keep headline case
    anonymous_title: str = "italic"      # paper B: "roman" -- a title in author position is never italic
    lineage: str = "after-initials"      # paper B: "after-family" -- "Gause III, F. G."
    howpublished: str = "plain"          # paper B: "brackets" -- "[The Historian of the U.S. Department of State]"
    report: str = "apa"                  # paper B: "series" -- "Title. *Institute Policy Brief, No. 11*."
    number_label: str = "Publication No."  # paper B: "Kayıt No:" for its (Turkish) thesis registry number
    volume: str = "italic"               # paper B: "roman" -- "*Cold War History*, 14(3)" (APA 9.25 italicises it)
    # "key": 2014a/2014b from the citation key's letter (stable whatever is rendered together);
    # "title": APA 9.47 letters in title order among the entries rendered together.
    year_suffix: str = "key"

    def __post_init__(self) -> None:
        allowed = {
            "roman_title_case": ("sentence", "as-is"), "anonymous_title": ("italic", "roman"),
            "lineage": ("after-initials", "after-family"), "howpublished": ("plain", "brackets"),
            "report": ("apa", "series"), "year_suffix": ("key", "title"), "volume": ("italic", "roman"),
        }
        for name, values in allowed.items():
            if getattr(self, name) not in values:
                raise ValueError("apa option %s must be one of %s, not %r" % (name, values, getattr(self, name)))


class ApaStyle(EditionStyle):
    def __init__(self, **kwargs: Any) -> None:
        self.options, kwargs = split_options(kwargs, ApaOptions)
        self.year_suffixes = self.options.year_suffix
        super().__init__(**kwargs)

    # ---------------------------------------------------------------- shared pieces

    def names(self, role: str) -> Any:
        # 9.8: every name inverted with initials; "&" before the last (with a comma even for two).
        form = NameForm(inverted=True, initials=True, lineage_after_family=self.options.lineage == "after-family")
        return persons(role, first=form, rest=form, sep=", ", sep2=", & ", last_sep=", & ")

    def editors_in(self) -> Any:
        # "In T. Osman (Ed.)," -- editors of the container, not inverted (9.50 / 10.3).
        form = NameForm(inverted=False, initials=True)
        return persons("editor", first=form, rest=form, sep=", ", sep2=" & ", last_sep=", & ")

    def title(self, e: Entry, italic: bool) -> Any:
        case = sentence_case if italic or self.options.roman_title_case == "sentence" else as_is
        text = in_language(e, field("title", apply_func=case))
        return tag("em")[text] if italic else text

    def date(self) -> Any:
        # (2014b).  (2008, January 7).  (2017, May).  (n.d.)
        year = join[field("year"), optional[field(YEAR_SUFFIX)],
                    optional[", ", words[field("month"), optional[field("day")]]]]
        return join["(", first_of[optional[year], "n.d."], ")."]

    def head(self, e: Entry, italic: bool, details: Any = None) -> list[Any]:
        """Author. (Date). Title (details).  -- or, without author and editor (9.12):
        Title (details). (Date).  ``details`` is the parenthesis/bracket that follows the title."""
        details = details if details is not None else optional[""]
        if "author" in e.persons:
            creator = sentence[self.names("author")]
        elif "editor" in e.persons:
            creator = sentence[words[self.names("editor"), "(Eds.)" if len(e.persons["editor"]) > 1 else "(Ed.)"]]
        else:
            italic = italic and self.options.anonymous_title == "italic"
            return [optional[sentence(sep=" ")[self.title(e, italic), details]], self.date()]
        return [creator, self.date(), optional[sentence(sep=" ")[self.title(e, italic), details]]]

    def pages(self, label: bool = False) -> Any:
        return field("pages", raw=True, apply_func=PageRange(self.options.page_dash, "full", label))

    def edition(self) -> Any:
        # "2nd ed."; a statement stored whole is printed as stored: "(Rev. and updated ed., pp. 50–85)".
        return field("edition", apply_func=edition_statement("cmos"))

    def publisher(self, e: Entry) -> Any:
        return optional[sentence[in_language(e, field("publisher"))]]

    def link(self) -> Any:
        # 9.34-9.35: the DOI as an https://doi.org/ URL, else the URL; no final period.
        doi = join["https://doi.org/", field("doi", raw=True)]
        url = field("url", raw=True)
        return first_of[optional[href(doi)[doi]], optional[href(url)[url]]]

    # ---------------------------------------------------------------- one template per type

    def get_article_template(self, e: Entry) -> Any:
        # Title. *Journal*, *14*(3), 423–444. https://doi.org/...   (issue alone: *Serisi*, 41.)
        number = tag("em")[field("volume")] if self.options.volume == "italic" else field("volume")
        volume = first_of[optional[join[number, optional["(", field("number"), ")"]]], optional[field("number")]]
        source = sentence[tag("em")[in_language(e, field("journal"))], volume, optional[self.pages()]]
        return join(sep=" ")[*self.head(e, False), source, self.link()]

    def get_book_template(self, e: Entry) -> Any:
        # *Title* (D. Şendil, Trans.; 2nd ed., with corrections). Publisher.   *Title* (C. 41). Publisher.
        initials = NameForm(inverted=False, initials=True)
        translators = persons("translator", first=initials, rest=initials, sep=", ", sep2=" & ", last_sep=", & ")
        details = wrapped("(", ")")[join(sep="; ")[
            optional[join[translators, ", Trans."]],
            join(sep=", ")[optional[self.edition()], optional[field("number")], optional[field("note")]],
        ]]
        return join(sep=" ")[*self.head(e, True, details), self.publisher(e), self.link()]

    def get_inbook_template(self, e: Entry) -> Any:
        # Chapter. In T. Osman (Ed.), *Book* (Rev. and updated ed., pp. 50–85). Publisher.
        label = " (Eds.)," if len(e.persons.get("editor", [])) > 1 else " (Ed.),"
        container = sentence(sep=" ")[
            "In",
            optional[join[self.editors_in(), label]] if "author" in e.persons else optional[""],
            tag("em")[in_language(e, field("booktitle", apply_func=sentence_case))],
            wrapped("(", ")")[join(sep=", ")[optional[self.edition()], optional[self.pages(label=True)]]],
        ]
        return join(sep=" ")[*self.head(e, False), container, self.publisher(e), self.link()]

    get_incollection_template = get_inbook_template
    get_inreference_template = get_inbook_template
    get_inproceedings_template = get_inbook_template

    def get_misc_template(self, e: Entry) -> Any:
        # Web pages and other works: *Title*. Site or description. URL
        where = (join["[", field("howpublished"), "]"] if self.options.howpublished == "brackets"
                 else field("howpublished"))
        return join(sep=" ")[*self.head(e, True), optional[sentence[where]], self.publisher(e), self.link()]

    get_online_template = get_misc_template

    def thesis(self, e: Entry, default_type: str) -> Any:
        # 10.6: *Title* (Publication No. 123) [Doctoral dissertation, University]. Database. URL
        number = wrapped("(", ")")[optional[in_language(e, words[self.options.number_label, field("number")])]]
        kind = wrapped("[", "]")[in_language(e, join(sep=", ")[first_of[optional[field("type")], default_type],
                                                               optional[field("school")]])]
        return join(sep=" ")[*self.head(e, True, join(sep=" ")[number, kind]), self.publisher(e), self.link()]

    def get_phdthesis_template(self, e: Entry) -> Any:
        return self.thesis(e, "Doctoral dissertation")

    def get_mastersthesis_template(self, e: Entry) -> Any:
        return self.thesis(e, "Master’s thesis")

    def get_techreport_template(self, e: Entry) -> Any:
        if self.options.report == "series" and ("number" in e.fields or "type" in e.fields):
            # Paper B: the report series set like a journal: *The Middle East Institute Policy Brief, No. 11*.
            series = tag("em")[join(sep=", ")[words[optional[field("institution")], optional[field("type")]],
                                              optional[words["No.", field("number")]]]]
            return join(sep=" ")[*self.head(e, False), optional[sentence[series]], self.link()]
        if self.options.report == "series" and "author" in e.persons:
            # Paper B: an unnumbered report's institution run into its italic title:
            # *Iran: Soviet interests, US concerns: Defense Technical Information Center*.
            title = tag("em")[join(sep=": ")[field("title", apply_func=sentence_case), optional[field("institution")]]]
            return join(sep=" ")[sentence[self.names("author")], self.date(), sentence[title], self.link()]
        # 10.4: *Title* (Policy Brief No. 11). Institution. URL
        number = wrapped("(", ")")[words[optional[field("type")], optional[words["No.", field("number")]]]]
        return join(sep=" ")[*self.head(e, True, number), optional[sentence[field("institution")]], self.link()]
