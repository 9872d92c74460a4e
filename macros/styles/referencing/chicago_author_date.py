"""Chicago author-date text citations (CMOS 17, 15.21-15.29): ``(Walt 1987, 22)``.

The separators are ``AuthorDate``'s parts, set where the pair is made (``pairs.CHICAGO_AUTHOR_DATE``):
no comma before the year, "and" for two authors, all of three, "et al." from four, bare page
numbers.  This class holds the two things parts cannot say:

- ``family``: the surname as Chicago cites it, with its particle ("de Gaulle") and without a name
  suffix ("Gause", not "Gause III": a suffix belongs with the full name, as in the Chicago notes
  form, ``notes.py``);
- ``quoted``: a title standing in for the author (15.32) is styled as the reference list styles
  it, and that list quotes every title but those of books and reports (web pages and theses too).
"""

from __future__ import annotations

from dataclasses import dataclass

from pybtex.database import Entry, Person

from ...sources.latex import latex_text
from .author_date import AuthorDate

# Entry types whose titles are italic in the Chicago author-date reference list; every other
# type's title is in quotation marks.  The reference-list templates read this set too.
WHOLE_WORKS = frozenset({"book", "techreport"})


@dataclass(frozen=True)
class ChicagoAuthorDate(AuthorDate):
    """``AuthorDate`` with Chicago's surnames and Chicago's choice of quoted titles."""

    def family(self, person: Person) -> str:
        return latex_text(" ".join([*person.prelast_names, *person.last_names]))

    def quoted(self, entry: Entry) -> bool:
        return entry.type not in WHOLE_WORKS
