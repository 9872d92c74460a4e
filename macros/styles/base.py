"""The building blocks both styles share: name lists, page ranges, casing, a base class.

The styles only ever see *prepared* entries (crossref resolved, translator as names; see
``macros.styles.prepare``), so the templates need not know about crossref.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from pybtex.database import BibliographyData, Entry, Person
from pybtex.richtext import BaseMultipartText, BaseText, Protected, String, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels.number import LabelStyle as NumberLabels
from pybtex.style.names.plain import NameStyle as PlainNames
from pybtex.style.sorting.none import SortingStyle as NoSorting
from pybtex.style.template import FieldIsMissing, join, node, tag
from pybtex.textutils import is_terminated

# The transient field, set only on prepared copies, that carries APA's year suffix ("a", "b").
YEAR_SUFFIX = "x-year-suffix"


# ---------------------------------------------------------------- names

@dataclass(frozen=True)
class NameForm:
    """How one person is written: inverted ("Parsi, Trita") or not, initials, where "III" goes."""

    inverted: bool
    initials: bool = False
    lineage_after_family: bool = False  # "Gause III, F. G." instead of "Gause, F. G., III"


def joined(parts: Sequence[Any], sep: str = "", sep2: str | None = None, last_sep: str | None = None) -> Text:
    """What pybtex's ``join`` template gives for ``parts`` already made (rich text or strings): the
    non-empty ones joined by ``sep``, two by ``sep2``, the last by ``last_sep``. Names are made with it,
    not with a template built for each name: formatting the 40-chapter corpus is about a tenth faster."""
    sep2 = sep if sep2 is None else sep2
    last_sep = sep if last_sep is None else last_sep
    kept = [part for part in parts if part]
    if len(kept) <= 1:
        return Text(*kept)
    if len(kept) == 2:
        return Text(sep2).join(kept)
    return Text(last_sep).join([Text(sep).join(kept[:-1]), kept[-1]])


def name_text(person: Person, form: NameForm) -> Text:
    """One name; plain spaces, not BibTeX's ties, because the output is HTML."""
    given = joined([part.abbreviate() if form.initials else part for part in person.rich_first_names + person.rich_middle_names], " ")
    family = joined(person.rich_prelast_names + person.rich_last_names, " ")
    lineage = joined(person.rich_lineage_names, " ")
    if not form.inverted:
        return joined([given, family, lineage], " ")
    if form.lineage_after_family:
        return joined([joined([family, lineage], " "), given], ", ")
    return joined([family, given, lineage], ", ")


@node
def persons(children: list[Any], context: dict[str, Any], role: str, first: NameForm, rest: NameForm,
            sep: str = ", ", sep2: str | None = None, last_sep: str | None = None) -> Text:
    """The people in ``role``, the first written with ``first`` and the others with ``rest``."""
    assert not children
    people = context["entry"].persons.get(role)
    if not people:
        raise FieldIsMissing(role, context["entry"])
    return joined([name_text(person, first if i == 0 else rest) for i, person in enumerate(people)], sep, sep2, last_sep)


@node
def wrapped(children: list[Any], context: dict[str, Any], before: str, after: str) -> Text:
    """Brackets around the children, or nothing at all when they are empty (no stray "()")."""
    inner = join[children].format_data(context)
    return Text(before, inner, after) if inner else Text()


# ---------------------------------------------------------------- language

# A record's ``langid`` (biblatex: the babel/polyglossia name of its language) as a BCP 47 code.
LANGUAGES = {"turkish": "tr", "english": "en", "american": "en", "british": "en", "german": "de", "french": "fr",
             "persian": "fa", "farsi": "fa", "arabic": "ar", "hebrew": "he", "russian": "ru", "azerbaijani": "az"}


def language(entry: Entry) -> str:
    """The BCP 47 code of the record's language (``langid``), or "" when it is English or not given."""
    value = str(entry.fields.get("langid", "")).strip().lower()
    code = LANGUAGES.get(value, value if re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)*", value) else "")
    return "" if code.startswith("en") else code


def in_language(entry: Entry, template: Any) -> Any:
    """The template's text marked with the record's language (an HTML ``lang`` span), if not English:
    titles, publishers and the like of a Turkish record are Turkish; names, numbers and the style's own
    words ("In", "pp.", "Trans.") are not."""
    code = language(entry)
    return tag("lang-" + code)[template] if code else template


# ---------------------------------------------------------------- field transformations (apply_func)

def as_is(text: Text) -> Text:
    return text


def sentence_case_run(text: str, state: dict[str, bool]) -> str:
    """A run of unprotected text in sentence case: lowercase, its first letter capitalised when
    ``state["cap"]`` says a sentence starts here, and after a colon, question mark, exclamation mark
    or em dash; ``state`` carries that over to the next run."""
    out = []
    for char in text.lower():
        if char.isalpha():
            char = char.upper() if state["cap"] else char
            state["cap"] = False
        elif char in ":?!—":
            state["cap"] = True
        elif char.isdigit():
            state["cap"] = False  # "The 1953 coup": a leading number is the first word
        out.append(char)
    return "".join(out)


def sentence_case(text: Text) -> Text:
    """APA sentence case: lowercase all but brace-protected words; capitalise the first word
    and the first word after a colon, question mark, exclamation mark or em dash."""
    state = {"cap": True}

    def walk(part: BaseText) -> BaseText:
        if isinstance(part, Protected):
            if str(part).strip():
                state["cap"] = False  # a protected word counts as the capitalised word
            return part
        if isinstance(part, String):
            return String(sentence_case_run(part.value, state))
        if isinstance(part, BaseMultipartText):
            return part._create_similar([walk(p) for p in part.parts])
        return part  # symbols such as nbsp

    return Text(*(walk(part) for part in text.parts))


def lower_first(text: Text) -> Text:
    """"With corrections" continuing "2nd ed." inside one parenthesis becomes "with corrections"."""
    return text[:1].lower() + text[1:]


def chicago_quote(text: Text) -> Text:
    """“Title.” with the period inside the quotes, also inside a closing single quote:
    “Iran’s Clerical Regime’s ‘Jewish Problem.’”; no period after ? or !."""
    plain = str(text)
    closes_quote = (plain.endswith("’") and "‘" in plain) or (plain.endswith("”") and "“" in plain)
    if closes_quote and not is_terminated(plain[:-1]):
        text = text[:-1].add_period() + text[-1:]
    elif not closes_quote:
        text = text.add_period()
    return Text("“", text, "”")


def edition_statement(style: str) -> Callable[[Text], Text]:
    """An edition: a number becomes "2nd ed." ("2d ed." in the old Chicago form); any other value is
    the whole statement as printed ("Rev. and updated ed.", "2nd ed., with corrections"), kept as
    stored, as biblatex prints a non-numeric edition."""
    number = ordinal(style)

    def apply(text: Text) -> Text:
        return Text(number(text), " ed.") if str(text).isdigit() else text
    return apply


def ordinal(style: str) -> Callable[[Text], Text]:
    """Edition numbers: "2" -> "2nd" (CMOS 17, APA) or "2d" (older Chicago, as paper A prints)."""
    def apply(text: Text) -> Text:
        value = str(text)
        if not value.isdigit():
            return text  # "Rev. and updated" stays as stored
        n = int(value)
        if 10 <= n % 100 <= 20 or n % 10 not in (1, 2, 3):
            suffix = "th"
        else:
            suffix = {"cmos": ("st", "nd", "rd"), "old": ("st", "d", "d")}[style][n % 10 - 1]
        return Text(value, suffix)
    return apply


@dataclass(frozen=True)
class PageRange:
    """Renders a raw ``pages`` value ("659--80").

    form: "full" (659–680, APA), "chicago" (CMOS 9.61 abbreviation: 659–80, 292–315, 101–8),
    "as-stored" (whatever the data holds).  label adds APA's "p." / "pp.".
    """

    dash: str = "–"
    form: str = "full"
    label: bool = False

    def __call__(self, raw: str) -> Text:
        match = re.fullmatch(r"\s*([^\s\-–—]+)\s*(?:-+|–|—)\s*([^\s\-–—]+)\s*", raw)
        if not match:
            return Text("p. " if self.label else "", Text.from_latex(raw))
        first, last = match.groups()
        if first.isdigit() and last.isdigit() and self.form != "as-stored":
            full = first[: max(len(first) - len(last), 0)] + last  # 659--80 -> 680
            last = full if self.form == "full" or int(full) < int(first) else _cmos_abbreviate(int(first), full)
        return Text("pp. " if self.label else "", first, self.dash, last)


def _cmos_abbreviate(first: int, last: str) -> str:
    head = str(first)
    if first < 100 or first % 100 == 0 or len(last) != len(head):
        return last
    differ = next((i for i, (a, b) in enumerate(zip(head, last)) if a != b), len(head) - 1)
    if first % 100 < 10:
        return last[differ:]  # 101–8, 808–33, 1103–4
    if len(head) == 4 and len(last) - differ >= 3:
        return last  # 1496–1500: three digits change in a four-digit number
    return last[-max(2, len(last) - differ):]  # 321–28, 498–532, 1087–89


# ---------------------------------------------------------------- base class

# pybtex's own BaseStyle keywords; anything else that is not a style option is a typo.
_PYBTEX_OPTIONS = frozenset({"label_style", "name_style", "sorting_style", "abbreviate_names", "min_crossrefs"})
# Options every edition style takes besides its own: ``variant``, the chapter whose own forms of a
# record (``x-in-<chapter>-<field>``) its list shows (see ``prepare``).
_EDITION_OPTIONS = frozenset({"variant"})


def split_options(kwargs: dict[str, Any], option_class: type) -> tuple[Any, dict[str, Any]]:
    """(the style's frozen options, pybtex's keywords); unknown names raise ValueError, because
    BaseStyle would silently swallow a misspelt option such as ``page-dash``."""
    names = {f.name for f in fields(option_class)}
    unknown = set(kwargs) - names - _PYBTEX_OPTIONS - _EDITION_OPTIONS
    if unknown:
        raise ValueError("unknown %s option(s): %s (known: %s)" % (
            option_class.__name__, ", ".join(sorted(unknown)), ", ".join(sorted(names))))
    own = {name: value for name, value in kwargs.items() if name in names}
    return option_class(**own), {name: value for name, value in kwargs.items() if name not in names}


class EditionStyle(BaseStyle):  # type: ignore[misc]
    """A pybtex style that tolerates entry types without a template and works on prepared entries."""

    year_suffixes: str | None = None  # the APA style sets "key" or "title"
    # pybtex's defaults and the edition's (no sorting: lists keep the order they are given), named by
    # class: named by string, pybtex looks each up among every installed package's entry points each
    # time a style is made (18 ms a style, a quarter of formatting the two papers' 97 entries).
    default_name_style = PlainNames
    default_label_style = NumberLabels
    default_sorting_style = NoSorting

    def __init__(self, variant: str = "", **kwargs: Any) -> None:
        self.variant = variant  # the chapter whose own forms of a record this style renders ("" for none)
        super().__init__(**kwargs)

    def format_entry(self, label: str, entry: Entry, bib_data: BibliographyData | None = None) -> FormattedEntry:
        getter = getattr(self, "get_" + entry.type + "_template", None) or self.get_misc_template
        text = getter(entry).format_data({"entry": entry, "style": self, "bib_data": None})
        return FormattedEntry(entry.key, text, label)

    def format_bibliography(self, bib_data: BibliographyData, citations: Sequence[str] | None = None) -> Any:
        """pybtex's own pipeline (``pybtex --style``): resolve crossrefs first, then format."""
        from . import prepare

        keys = list(citations if citations is not None else bib_data.entries.keys())
        prepared = prepare(bib_data, keys, year_suffixes=self.year_suffixes, variant=self.variant)
        return super().format_bibliography(BibliographyData(entries=prepared), keys)

    def get_misc_template(self, e: Entry) -> Any:
        raise NotImplementedError
