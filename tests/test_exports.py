"""Bibliography exports: BibTeX, RIS and CSL-JSON read back with standard readers, exact records."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import rispy
from pybtex.database import BibliographyData, parse_string

from macros.pages import exports
from macros.sources import bibliography as bibdata

ROOT = Path(__file__).resolve().parent.parent
NO_AUTHOR = ["agreement1951", "anglosoviet1979", "baghdadpact1956", "cascon1999", "egyptmiddleeast1964",
             "eisenhowerdoctrine2017", "frus1943", "fragment1987", "garthwaite2005"]


def load() -> BibliographyData:
    return bibdata.load(sorted((ROOT / "bibliography").glob("*.bib")), ROOT).data


@pytest.fixture(scope="module")
def data() -> BibliographyData:
    return load()


@pytest.fixture(scope="module")
def ris(data: BibliographyData) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in rispy.loads(exports.to_ris(data))}


@pytest.fixture(scope="module")
def csl(data: BibliographyData) -> dict[str, dict[str, Any]]:
    return {i["id"]: i for i in json.loads(exports.to_csl_json(data))}


def core(entry: Any) -> tuple[str, dict[str, str], dict[str, list[str]]]:
    fields = {k.lower(): v for k, v in entry.fields.items() if not k.lower().startswith("x-")}
    return entry.type.lower(), fields, {r: [str(p) for p in ps] for r, ps in entry.persons.items()}


# ------------------------------------------------------------------ BibTeX

def test_bibtex_round_trips_through_pybtex(data: BibliographyData) -> None:
    back = parse_string(exports.to_bibtex(data), "bibtex")
    assert len(back.entries) == len(data.entries)
    assert sorted(back.entries.keys()) == sorted(data.entries.keys())
    for key, entry in data.entries.items():
        assert core(back.entries[key]) == core(entry), key
    assert not [f for e in back.entries.values() for f in e.fields if f.lower().startswith("x-")]


def test_bibtex_is_sorted_with_crossref_parents_after_children(data: BibliographyData) -> None:
    keys = re.findall(r"^@\w+\{([^,]+),", exports.to_bibtex(data), re.M)
    assert keys[keys.index("parsi2005"):keys.index("parsi2007c") + 1] == [
        "parsi2005", "parsi2006", "parsi2007a", "parsi2007b", "parsi2007", "parsi2007c"]
    assert keys[-4:] == ["walt1985", "walt1988", "walt2013", "walt1987"]
    back = parse_string(exports.to_bibtex(data), "bibtex")
    for child, parent in [("parsi2007a", "parsi2007"), ("parsi2007b", "parsi2007"), ("walt2013", "walt1987")]:
        assert keys.index(child) < keys.index(parent)
        assert back.entries[child].fields["crossref"] == parent
        # the lookup pybtex's .bst interpreter uses: inherited fields resolve in the export
        assert back.entries[child]._find_field("publisher", back) == data.entries[parent].fields["publisher"]


def test_bibtex_exact_record_with_corporate_author(data: BibliographyData) -> None:
    assert "@misc{departmentofstate2008,\n" \
        "  author = {{{Department of State. The Office of Electronic Information, Bureau of Public Affairs}}},\n" \
        "  title = {The {Baghdad Pact} (1955) and the {Central Treaty Organization} ({CENTO})},\n" \
        "  year = {2008},\n  month = {January},\n  day = {7},\n" \
        "  url = {https://2001-2009.state.gov/r/pa/ho/time/lw/98683.htm},\n" \
        "  shortauthor = {{Department of State, The Office of Electronic Information}},\n}\n" in exports.to_bibtex(data)


# ------------------------------------------------------------------ RIS

RIS_EXPECTED = {
    "gause2003": {"type_of_reference": "JOUR", "id": "gause2003", "authors": ["Gause, F. G., III"],
                  "title": "Balancing What? Threat Perception and Alliance Choice in the Gulf",
                  "secondary_title": "Security Studies", "year": "2003", "volume": "13", "number": "2",
                  "start_page": "273", "end_page": "305", "doi": "10.1080/09636410490521271"},
    "parsi2007a": {"type_of_reference": "CHAP", "id": "parsi2007a", "authors": ["Parsi, Trita"],
                   "title": "An Alliance of Necessity: The Secret Friendship of the Shah",
                   "secondary_title": "Treacherous Alliance: The Secret Dealings of Israel, Iran, and the United States",
                   "year": "2007", "start_page": "19", "end_page": "28", "publisher": "Yale University Press",
                   "place_published": "New Haven, CT"},
    "turk2020": {"type_of_reference": "THES", "id": "turk2020", "authors": ["Türk, K."],
                 "title": "İttifak perspektifinden \"direnış eksenini\" söylemi: Tehdit dengesi kuramı ve Suriye iç savaşı",
                 "year": "2020", "accession_number": "660083", "publisher": "TOBB Ekonomi ve Teknoloji Üniversitesi",
                 "type_of_work": "Yüksek Lisans Tezi", "name_of_database": "YÖK Tez Merkezi"},
    "departmentofstate2008": {
        "type_of_reference": "ELEC", "id": "departmentofstate2008",
        "authors": ["Department of State. The Office of Electronic Information, Bureau of Public Affairs"],
        "title": "The Baghdad Pact (1955) and the Central Treaty Organization (CENTO)", "year": "2008",
        "date": "2008/01/07/", "urls": ["https://2001-2009.state.gov/r/pa/ho/time/lw/98683.htm"]},
    "fragment1987": {"type_of_reference": "JOUR", "id": "fragment1987", "secondary_title": "The Journal of Foreign Policy",
                     "year": "1987", "date": "1987///July-September", "volume": "1", "number": "3",
                     "start_page": "5", "end_page": "8"},
}


def test_ris_parses_with_rispy_to_one_record_per_entry(data: BibliographyData) -> None:
    records = rispy.loads(exports.to_ris(data))
    assert len(records) == len(data.entries)
    assert [r["id"] for r in records] == sorted(data.entries.keys())


@pytest.mark.parametrize("key", sorted(RIS_EXPECTED))
def test_ris_exact_records(ris: dict[str, dict[str, Any]], key: str) -> None:
    assert ris[key] == RIS_EXPECTED[key]


def test_ris_lines_are_well_formed(data: BibliographyData) -> None:
    text = exports.to_ris(data)
    lines = [line for line in text.splitlines() if line]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - \S.*", line) or line == "ER  - " for line in lines)
    assert text.count("ER  - \n") == text.count("TY  - ") == len(data.entries)
    assert "{" not in text and "\\" not in text


# ------------------------------------------------------------------ CSL-JSON

CSL_EXPECTED = {
    "gause2003": {"id": "gause2003", "type": "article-journal", "author": [{"family": "Gause", "given": "F. G.", "suffix": "III"}],
                  "title": "Balancing What? Threat Perception and Alliance Choice in the Gulf",
                  "container-title": "Security Studies", "volume": "13", "issue": "2", "page": "273-305",
                  "issued": {"date-parts": [[2003]]}, "DOI": "10.1080/09636410490521271"},
    "parsi2007a": {"id": "parsi2007a", "type": "chapter", "author": [{"family": "Parsi", "given": "Trita"}],
                   "title": "An Alliance of Necessity: The Secret Friendship of the Shah",
                   "container-title": "Treacherous Alliance: The Secret Dealings of Israel, Iran, and the United States",
                   "page": "19-28", "issued": {"date-parts": [[2007]]}, "publisher": "Yale University Press",
                   "publisher-place": "New Haven, CT"},
    "turk2020": {"id": "turk2020", "type": "thesis", "author": [{"family": "Türk", "given": "K."}],
                 "title": "İttifak perspektifinden \"direnış eksenini\" söylemi: Tehdit dengesi kuramı ve Suriye iç savaşı",
                 "genre": "Yüksek Lisans Tezi", "publisher": "TOBB Ekonomi ve Teknoloji Üniversitesi",
                 "archive": "YÖK Tez Merkezi", "archive_location": "660083", "issued": {"date-parts": [[2020]]}},
    "departmentofstate2008": {
        "id": "departmentofstate2008", "type": "webpage",
        "author": [{"literal": "Department of State. The Office of Electronic Information, Bureau of Public Affairs"}],
        "title": "The Baghdad Pact (1955) and the Central Treaty Organization (CENTO)",
        "issued": {"date-parts": [[2008, 1, 7]]}, "URL": "https://2001-2009.state.gov/r/pa/ho/time/lw/98683.htm"},
    "fragment1987": {"id": "fragment1987", "type": "article-journal", "container-title": "The Journal of Foreign Policy",
                     "volume": "1", "issue": "3", "page": "5-8", "issued": {"date-parts": [[1987, 7], [1987, 9]]}},
}


def test_csl_json_items_have_id_type_and_title(data: BibliographyData, csl: dict[str, dict[str, Any]]) -> None:
    items = json.loads(exports.to_csl_json(data))
    assert [i["id"] for i in items] == sorted(data.entries.keys())
    assert all(i["id"] and i["type"] for i in items)
    assert sorted(k for k, i in csl.items() if "title" not in i) == ["fragment1987"]  # CSL needs only id and type
    assert all(i["title"] for k, i in csl.items() if k != "fragment1987")


@pytest.mark.parametrize("key", sorted(CSL_EXPECTED))
def test_csl_json_exact_items(csl: dict[str, dict[str, Any]], key: str) -> None:
    assert csl[key] == CSL_EXPECTED[key]


# ------------------------------------------------------------------ both resolved formats

@pytest.mark.parametrize("key, ris_type, csl_type", [
    ("ramazani1978", "JOUR", "article-journal"), ("miglietta2002", "BOOK", "book"), ("kaye2011", "CHAP", "chapter"),
    ("anglosoviet1979", "CHAP", "chapter"), ("piccoli1999", "THES", "thesis"), ("barrett2008", "RPRT", "report"),
    ("cascon1999", "ELEC", "webpage"), ("dekel2013", "GEN", "document"), ("walt2013", "BOOK", "book"),
])
def test_type_mapping(ris: dict[str, dict[str, Any]], csl: dict[str, dict[str, Any]], key: str, ris_type: str, csl_type: str) -> None:
    assert (ris[key]["type_of_reference"], csl[key]["type"]) == (ris_type, csl_type)


@pytest.mark.parametrize("key, authors, year, place, publisher", [
    ("walt2013", ["Walt, Stephen M."], "2013", "Ithaca, NY", "Cornell University Press"),  # printing via crossref
    ("parsi2007b", ["Parsi, Trita"], "2007", "New Haven, CT", "Yale University Press"),
])
def test_crossref_children_get_parent_fields(ris: dict[str, dict[str, Any]], csl: dict[str, dict[str, Any]], key: str,
                                             authors: list[str], year: str, place: str, publisher: str) -> None:
    assert (ris[key]["authors"], ris[key]["year"], ris[key]["place_published"], ris[key]["publisher"]) == (authors, year, place, publisher)
    assert (csl[key]["issued"], csl[key]["publisher-place"], csl[key]["publisher"]) == ({"date-parts": [[int(year)]]}, place, publisher)


@pytest.mark.parametrize("key", NO_AUTHOR)
def test_works_without_author_export_without_author(data: BibliographyData, ris: dict[str, dict[str, Any]],
                                                    csl: dict[str, dict[str, Any]], key: str) -> None:
    assert "authors" not in ris[key] and "author" not in csl[key]
    assert "AU  - \n" not in exports.to_ris(data)


@pytest.mark.parametrize("key, ris_field, csl_field, value", [
    ("sen2016", "authors", "author", None),
    ("halliday1992", "title", "title", "İran Devrimi: Eşitsiz Gelişme ve Dinci Popülizm"),
    ("halliday1992", "secondary_authors", "editor", None),
    ("abrahamian2009", "subsidiary_authors", "translator", None),
    ("chubin1994", "title", "title", "Iran’s National Security Policy: Capabilities, Intentions, & Impact"),
    ("farhang1985", "end_page", "page", None),
])
def test_decoded_values(ris: dict[str, dict[str, Any]], csl: dict[str, dict[str, Any]], key: str,
                        ris_field: str, csl_field: str, value: str | None) -> None:
    expected = {("sen2016", "authors"): (["Şen, G."], [{"family": "Şen", "given": "G."}]),
                ("halliday1992", "secondary_authors"): (["Üşür, S."], [{"family": "Üşür", "given": "S."}]),
                ("abrahamian2009", "subsidiary_authors"): (["Şendil, D."], [{"family": "Şendil", "given": "D."}]),
                ("farhang1985", "end_page"): ("680", "659-680")}  # Chicago 659--80 expanded
    assert (ris[key][ris_field], csl[key][csl_field]) == expected.get((key, ris_field), (value, value))


def test_editorial_fields_never_leave_the_edition(data: BibliographyData) -> None:
    for text in (exports.to_bibtex(data), exports.to_ris(data), exports.to_csl_json(data)):
        assert "x-" not in text.replace("x-ray", "")  # no x- field names
        assert "Union of the two printings" not in text and "Lost-entry" not in text
        assert "With corrections" in text  # the real note field survives


# ------------------------------------------------------------------ determinism, escaping

@pytest.mark.parametrize("export", [exports.to_bibtex, exports.to_ris, exports.to_csl_json])
def test_deterministic(data: BibliographyData, export: Any) -> None:
    assert export(data) == export(data) == export(load())


SMALL = r"""
@article{t1,
  author = {{\"O}zcan, G{\"u}l and {{Ministry of Foreign Affairs, Ankara}}},
  title = {<script>alert("x")</script> {\"O}zcan's {Do{\u{g}}u} {\c{S}}ehir},
  journal = {J \& K},
  year = {2020},
  month = {mar},
  pages = {101--9},
}
"""


def test_small_data_is_decoded_not_escaped() -> None:
    small = parse_string(SMALL, "bibtex")
    ris_text, csl_text = exports.to_ris(small), exports.to_csl_json(small)
    assert ris_text == "\n".join([
        "TY  - JOUR", "ID  - t1", "AU  - Özcan, Gül", "AU  - Ministry of Foreign Affairs, Ankara",
        "TI  - <script>alert(\"x\")</script> Özcan's Doğu Şehir", "T2  - J & K", "PY  - 2020", "DA  - 2020/03//",
        "SP  - 101", "EP  - 109", "ER  - ", ""])
    assert json.loads(csl_text) == [{
        "id": "t1", "type": "article-journal",
        "author": [{"family": "Özcan", "given": "Gül"}, {"literal": "Ministry of Foreign Affairs, Ankara"}],
        "title": "<script>alert(\"x\")</script> Özcan's Doğu Şehir", "container-title": "J & K",
        "issued": {"date-parts": [[2020, 3]]}, "page": "101-109"}]
    assert "Özcan" in csl_text and "<script>" in csl_text and "&lt;" not in csl_text + ris_text
    assert parse_string(exports.to_bibtex(small), "bibtex").entries["t1"].fields["title"] == small.entries["t1"].fields["title"]
