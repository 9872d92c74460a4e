"""Bibliography exports: one record per work, read back by two independent readers each (BibTeX:
pybtex and Citation.js; RIS: rispy and Citation.js; CSL-JSON: citeproc-js and Citation.js), and
the records classic BibTeX styles and reference managers need."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import rispy
from pybtex.backends.plaintext import Backend
from pybtex.database import BibliographyData, parse_string
from pybtex.plugin import find_plugin

from macros.pages import exports
from macros.sources import bibliography as bibdata
from macros.sources.latex import latex_text
from tests import clients

ROOT = Path(__file__).resolve().parent.parent
NO_AUTHOR = ["agreement1951", "anglosoviet1979", "baghdadpact1956", "cascon1999", "egyptmiddleeast1964",
             "eisenhowerdoctrine2017", "frus1943", "fragment1987", "garthwaite2005"]
needs_node = pytest.mark.skipif(not clients.node_available(), reason="node and the test-only npm packages (scripts/test.sh installs them)")


def load() -> BibliographyData:
    return bibdata.load(sorted((ROOT / "bibliography").glob("*.bib")), ROOT).data


def work_keys(data: BibliographyData) -> list[str]:
    """The works, read from the data independently: every record that is not a printing of another."""
    return sorted(k for k, e in data.entries.items() if "x-printing-of" not in e.fields)


@pytest.fixture(scope="module")
def data() -> BibliographyData:
    return load()


@pytest.fixture(scope="module")
def ris(data: BibliographyData) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in rispy.loads(exports.to_ris(data))}


@pytest.fixture(scope="module")
def csl(data: BibliographyData) -> dict[str, dict[str, Any]]:
    return {i["id"]: i for i in json.loads(exports.to_csl_json(data))}


# ------------------------------------------------------------------ one record per work

@pytest.mark.parametrize("export, pattern", [
    (exports.to_bibtex, r"^@\w+\{([^,]+),"), (exports.to_ris, r"^ID  - (.+)$"), (exports.to_csl_json, r'^  "id": "([^"]+)"'),
])
def test_each_download_holds_each_work_once(data: BibliographyData, export: Any, pattern: str) -> None:
    assert re.findall(pattern, export(data), re.M) == work_keys(data) and len(work_keys(data)) == 96


def test_a_printing_is_folded_into_its_work_and_loses_nothing(ris: dict[str, dict[str, Any]], csl: dict[str, dict[str, Any]]) -> None:
    assert "walt2013" not in ris and "walt2013" not in csl
    note = "2013 printing: Ithaca, NY: Cornell University Press."
    assert (ris["walt1987"]["year"], ris["walt1987"]["notes"]) == ("1987", [note])
    assert (csl["walt1987"]["issued"], csl["walt1987"]["note"]) == ({"date-parts": [[1987]]}, note)


# ------------------------------------------------------------------ BibTeX

def test_bibtex_round_trips_through_pybtex(data: BibliographyData) -> None:
    back = parse_string(exports.to_bibtex(data), "bibtex")
    assert sorted(back.entries.keys()) == work_keys(data)
    for key, entry in back.entries.items():
        original = data.entries[key]
        assert not [f for f in entry.fields if f.lower().startswith("x-") or f.lower() == "crossref"], key
        for name, value in original.fields.items():
            if not name.lower().startswith("x-") and name.lower() not in ("crossref", "booktitle", "note"):
                assert entry.fields[name] == value, (key, name)
        assert {r: [str(p) for p in ps] for r, ps in entry.persons.items()} == \
            {r: [str(p) for p in ps] for r, ps in bibdata.resolve_entry(key, data).persons.items()}, key


@pytest.mark.parametrize("key, kind, inherited", [
    ("parsi2007a", "incollection", {"booktitle": "Treacherous Alliance: The Secret Dealings of {Israel}, {Iran}, and the {United States}",
                                    "publisher": "Yale University Press", "year": "2007", "address": "New Haven, CT"}),
    ("parsi2007b", "incollection", {"publisher": "Yale University Press"}),
    ("kaye2011", "incollection", {"booktitle": "{Israel} and {Iran}: A Dangerous Rivalry"}),
    ("anglosoviet1979", "incollection", {"booktitle": "The {Great Soviet Encyclopedia}"}),
    ("parsi2007", "book", {}),
])
def test_bibtex_records_stand_alone_in_types_classic_styles_know(data: BibliographyData, key: str, kind: str,
                                                                 inherited: dict[str, str]) -> None:
    entry = parse_string(exports.to_bibtex(data), "bibtex").entries[key]
    assert entry.type == kind and "crossref" not in entry.fields
    assert {name: entry.fields[name] for name in inherited} == inherited
    assert "booktitle" not in entry.fields or kind == "incollection"


# What a classic style prints of each field it knows, case aside (pybtex's port of unsrt.bst).
CLASSIC_FIELDS = ("title", "booktitle", "journal", "year", "pages", "volume", "edition", "school", "institution",
                  "howpublished", "note", "address")
CLASSIC_UNKNOWN = {"url", "doi", "day", "langid", "entrysubtype", "shortauthor", "shorttitle", "translator"}


def test_classic_bibtex_style_loses_no_field_it_knows(data: BibliographyData) -> None:
    text = exports.to_bibtex(data)
    assert "@inbook" not in text and "crossref" not in text
    back = parse_string(text, "bibtex")
    style, plain = find_plugin("pybtex.style.formatting", "unsrt")(), Backend()
    checked = 0
    for key, entry in back.entries.items():
        if not entry.persons.get("author"):
            continue  # pybtex's port refuses a record without author; BibTeX's unsrt.bst only warns
        out = style.format_entry(key, entry).text.render(plain).casefold()
        for name in CLASSIC_FIELDS + (("publisher",) if entry.type in ("book", "incollection") else ()):
            if name in entry.fields:
                assert latex_text(entry.fields[name]).casefold().replace("--", "–") in out.replace("--", "–"), (key, name, out)
        checked += 1
    assert checked == 96 - len(NO_AUTHOR)
    assert set(f for e in back.entries.values() for f in e.fields) - set(CLASSIC_FIELDS) - {
        "publisher", "number", "type", "month"} <= CLASSIC_UNKNOWN


@needs_node
def test_bibtex_read_by_citation_js(data: BibliographyData, csl: dict[str, dict[str, Any]]) -> None:
    read = {i["id"]: i for i in clients.citation_js(exports.to_bibtex(data), "bibtex")}
    assert sorted(read) == work_keys(data)
    for key, item in read.items():
        assert item["type"] == csl[key]["type"] or (item["type"], csl[key]["type"]) in {
            ("article-journal", "article-newspaper"), ("article-journal", "article-magazine"), ("chapter", "entry-encyclopedia"),
            ("document", "webpage")}, key
        day_less = [part[:2] for part in csl[key].get("issued", {}).get("date-parts", [])]  # BibTeX has no day
        assert [p[:2] for p in item.get("issued", {}).get("date-parts", [])] == day_less or key == "fragment1987", key
        assert [a.get("family", a.get("literal")) for a in item.get("author", [])] == \
            [a.get("family", a.get("literal")) for a in csl[key].get("author", [])], key
    assert read["parsi2007a"]["container-title"].startswith("Treacherous Alliance")  # the book, not lost


# ------------------------------------------------------------------ RIS

RIS_EXPECTED = {
    "gause2003": {"type_of_reference": "JOUR", "id": "gause2003", "authors": ["Gause, F. G., III"],
                  "title": "Balancing what? Threat perception and alliance choice in the Gulf",
                  "secondary_title": "Security Studies", "year": "2003", "volume": "13", "number": "2",
                  "start_page": "273", "end_page": "305", "doi": "10.1080/09636410490521271"},
    "parsi2007a": {"type_of_reference": "CHAP", "id": "parsi2007a", "authors": ["Parsi, Trita"],
                   "title": "An alliance of necessity: The secret friendship of the Shah",
                   "secondary_title": "Treacherous alliance: The secret dealings of Israel, Iran, and the United States",
                   "year": "2007", "start_page": "19", "end_page": "28", "publisher": "Yale University Press",
                   "place_published": "New Haven, CT"},
    "turk2020": {"type_of_reference": "THES", "id": "turk2020", "authors": ["Türk, K."],
                 "title": "İttifak perspektifinden \"direnış eksenini\" söylemi: Tehdit dengesi kuramı ve Suriye iç savaşı",
                 "year": "2020", "accession_number": "660083", "publisher": "TOBB Ekonomi ve Teknoloji Üniversitesi",
                 "type_of_work": "Yüksek Lisans Tezi", "name_of_database": "YÖK Tez Merkezi", "language": "tr"},
    "departmentofstate2008": {
        "type_of_reference": "ELEC", "id": "departmentofstate2008",
        "authors": ["Department of State. The Office of Electronic Information; Bureau of Public Affairs"],
        "title": "The Baghdad Pact (1955) and the Central Treaty Organization (CENTO)", "year": "2008",
        "date": "2008/01/07/", "urls": ["https://2001-2009.state.gov/r/pa/ho/time/lw/98683.htm"]},
    "hersh1991": {"type_of_reference": "NEWS", "id": "hersh1991", "authors": ["Hersh, Seymour M."],
                  "title": "The Iran pipeline: A hidden chapter/a special report.; U.S. said to have allowed Israel to sell arms to Iran",
                  "secondary_title": "The New York Times", "year": "1991", "date": "1991/12/08/"},
    "fragment1987": {"type_of_reference": "JOUR", "id": "fragment1987", "secondary_title": "The Journal of Foreign Policy",
                     "year": "1987", "date": "1987///July-September", "volume": "1", "number": "3",
                     "start_page": "5", "end_page": "8"},
}


@pytest.mark.parametrize("key", sorted(RIS_EXPECTED))
def test_ris_exact_records(ris: dict[str, dict[str, Any]], key: str) -> None:
    assert ris[key] == RIS_EXPECTED[key]


def test_ris_lines_are_well_formed(data: BibliographyData) -> None:
    text = exports.to_ris(data)
    lines = [line for line in text.splitlines() if line]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - \S.*", line) or line == "ER  - " for line in lines)
    assert text.count("ER  - \n") == text.count("TY  - ") == 96
    assert "{" not in text and "\\" not in text


@needs_node
def test_ris_read_by_citation_js(data: BibliographyData, ris: dict[str, dict[str, Any]]) -> None:
    read = {i["id"]: i for i in clients.citation_js(exports.to_ris(data), "ris")}
    assert sorted(read) == work_keys(data)
    for key, item in read.items():
        assert item.get("title", "") == ris[key].get("title", ""), key
        # Citation.js reads a newspaper's AU as its (single, unparsed) reporter
        names = item.get("author", []) or ([item["reporter"]] if "reporter" in item else [])
        assert len(names) == len(ris[key].get("authors", [])), key
    # a corporate author stays one name (readers split a name at its comma): not family and given
    assert read["departmentofstate2008"]["author"] == [
        {"literal": "Department of State. The Office of Electronic Information; Bureau of Public Affairs"}]
    assert read["elnur2013"]["author"] == [{"family": "Ismayilov", "given": "Elnur"}]


# ------------------------------------------------------------------ CSL-JSON

CSL_EXPECTED = {
    "parsi2007a": {"id": "parsi2007a", "type": "chapter", "author": [{"family": "Parsi", "given": "Trita"}],
                   "title": "An alliance of necessity: The secret friendship of the Shah",
                   "container-title": "Treacherous alliance: The secret dealings of Israel, Iran, and the United States",
                   "page": "19-28", "issued": {"date-parts": [[2007]]}, "publisher": "Yale University Press",
                   "publisher-place": "New Haven, CT"},
    "turk2020": {"id": "turk2020", "type": "thesis", "author": [{"family": "Türk", "given": "K."}], "language": "tr",
                 "title": "İttifak perspektifinden \"direnış eksenini\" söylemi: Tehdit dengesi kuramı ve Suriye iç savaşı",
                 "genre": "Yüksek Lisans Tezi", "publisher": "TOBB Ekonomi ve Teknoloji Üniversitesi",
                 "archive": "YÖK Tez Merkezi", "number": "660083", "issued": {"date-parts": [[2020]]}},
    "haddad1965": {"id": "haddad1965", "type": "article-journal", "author": [{"family": "Haddad", "given": "G. M."}],
                   "title": "Revolutions and coups d'etat in the Middle East: A comparative study",
                   "container-title": "Die Welt <span class=\"nocase\">des</span> Islams", "volume": "10", "issue": "1/2",
                   "page": "17-32", "issued": {"date-parts": [[1965]]}, "DOI": "10.2307/1569613"},
    "cossa1990": {"id": "cossa1990", "type": "report", "author": [{"family": "Cossa", "given": "R. A."}],
                  "title": "Iran: Soviet interests, US concerns", "publisher": "Defense Technical Information Center",
                  "issued": {"date-parts": [[1990]]}, "DOI": "10.21236/ADA271341"},
    "abrahamian1983": {"id": "abrahamian1983", "type": "book", "author": [{"family": "Abrahamian", "given": "E."}],
                       "title": "Iran: Between two revolutions", "edition": "2nd ed., with corrections",
                       "publisher": "Princeton University Press", "issued": {"date-parts": [[1983]]}},
}


@pytest.mark.parametrize("key", sorted(CSL_EXPECTED))
def test_csl_json_exact_items(csl: dict[str, dict[str, Any]], key: str) -> None:
    assert csl[key] == CSL_EXPECTED[key]


@pytest.mark.parametrize("key, ris_type, csl_type", [
    ("ramazani1978", "JOUR", "article-journal"), ("hersh1991", "NEWS", "article-newspaper"),
    ("lake2019", "NEWS", "article-newspaper"), ("orkaby2015", "MGZN", "article-magazine"),
    ("parsi2007c", "MGZN", "article-magazine"), ("miglietta2002", "BOOK", "book"), ("kaye2011", "CHAP", "chapter"),
    ("anglosoviet1979", "ENCYC", "entry-encyclopedia"), ("piccoli1999", "THES", "thesis"),
    ("barrett2008", "RPRT", "report"), ("aldasam2013", "RPRT", "report"), ("cossa1990", "RPRT", "report"),
    ("cascon1999", "ELEC", "webpage"), ("dekel2013", "GEN", "document"), ("walt1987", "BOOK", "book"),
])
def test_type_mapping(ris: dict[str, dict[str, Any]], csl: dict[str, dict[str, Any]], key: str, ris_type: str, csl_type: str) -> None:
    assert (ris[key]["type_of_reference"], csl[key]["type"]) == (ris_type, csl_type)


@pytest.mark.parametrize("key", ["abrahamian2009", "halliday1992", "ozcan2019", "sen2016", "turk2020"])
def test_turkish_records_say_so(ris: dict[str, dict[str, Any]], csl: dict[str, dict[str, Any]], key: str) -> None:
    assert (ris[key]["language"], csl[key]["language"]) == ("tr", "tr")


@pytest.mark.parametrize("key", NO_AUTHOR)
def test_works_without_author_export_without_author(data: BibliographyData, ris: dict[str, dict[str, Any]],
                                                    csl: dict[str, dict[str, Any]], key: str) -> None:
    assert "authors" not in ris[key] and "author" not in csl[key]
    assert "AU  - \n" not in exports.to_ris(data)


def test_editorial_fields_never_leave_the_edition(data: BibliographyData) -> None:
    for text in (exports.to_bibtex(data), exports.to_ris(data), exports.to_csl_json(data)):
        assert "x-" not in text.replace("x-ray", "")  # no x- field names
        assert "Union of the two printings" not in text and "Lost-entry" not in text
        assert "RAND National Defense" not in text  # paper B's own form stays in its list
        assert "with corrections" in text and "C. 41" in text and "Rev. and updated ed." in text


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
        "TY  - JOUR", "ID  - t1", "AU  - Özcan, Gül", "AU  - Ministry of Foreign Affairs; Ankara",
        "TI  - <Script>alert(\"x\")</script> Özcan's Doğu Şehir", "T2  - J & K", "PY  - 2020", "DA  - 2020/03//",
        "SP  - 101", "EP  - 109", "ER  - ", ""])
    assert json.loads(csl_text) == [{
        "id": "t1", "type": "article-journal",
        "author": [{"family": "Özcan", "given": "Gül"}, {"literal": "Ministry of Foreign Affairs, Ankara"}],
        "title": "<Script>alert(\"x\")</script> Özcan's Doğu Şehir", "container-title": "J & K",
        "issued": {"date-parts": [[2020, 3]]}, "page": "101-109"}]
    assert "</script>" in csl_text and "&lt;" not in csl_text + ris_text
    assert parse_string(exports.to_bibtex(small), "bibtex").entries["t1"].fields["title"] == small.entries["t1"].fields["title"]


# ------------------------------------------------------------------ made work by work

def test_csl_json_is_the_text_json_writes(data: BibliographyData) -> None:
    """The CSL-JSON download is put together item by item (``all_formats``): it is the very text
    ``json.dumps`` writes for what it holds (indent 1, keys sorted), and for no works an empty array."""
    text = exports.to_csl_json(data)
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert exports.to_csl_json(BibliographyData()) == "[]\n"


def test_all_formats_are_the_three_downloads(data: BibliographyData, tmp_path: Path) -> None:
    made = exports.all_formats(data, "a digest", tmp_path)
    assert made == {"bibtex": exports.to_bibtex(data), "ris": exports.to_ris(data), "csl": exports.to_csl_json(data)}
    assert exports.cached("a digest", tmp_path) == made  # kept as made, and read back


def _generated(works: int) -> BibliographyData:
    return parse_string("".join(
        f"@article{{w{i},\n  author = {{Family{i % 97}, Given and Second{i % 13}, Other}},\n"
        f"  title = {{A Study of Alliances Number {i}}},\n  journal = {{Journal {i % 40}}},\n  volume = {{{i % 50}}},\n"
        f"  pages = {{{i % 300 + 1}--{i % 300 + 20}}},\n  year = {{{1950 + i % 70}}},\n}}\n" for i in range(works)), "bibtex")


def test_the_downloads_are_made_work_by_work() -> None:
    """``all_formats`` drops what a work's texts are made from before the next work: its peak of memory
    is the texts it makes, about twice over (as pieces, then joined), not every work's values held at
    once. Holding them, as it did, peaked at 8.7 times the texts' size (17 MiB for 2 MB of texts; at
    8,000 works 54 MiB, in the process that makes them while the pages are read); now 3 times."""
    import tracemalloc

    data = _generated(1000)
    exports.all_formats(data)  # what is imported and cached on first use is not the peak's
    tracemalloc.start()
    try:
        made = exports.all_formats(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    texts = sum(len(text.encode("utf-8")) for text in made.values())
    assert texts > 500_000 and peak < 4 * texts
