"""The options under which the styles reproduce each paper's own list (see ``ApaOptions`` and
``ChicagoOptions``). Plain data, importable without pybtex's templates."""

from __future__ import annotations

# Paper A's own practice where it differs consistently from CMOS 17.
PAPER_A: dict[str, str] = {"edition": "paper-a"}

# Paper B's consistent deviations from APA 7.
PAPER_B: dict[str, str] = {
    "page_dash": "-", "roman_title_case": "as-is", "anonymous_title": "roman", "lineage": "after-family",
    "howpublished": "brackets", "report": "series", "number_label": "Kayıt No:",
}
