"""Export the edition's bibliography as BibTeX, RIS and CSL-JSON.

Pure functions of a pybtex ``BibliographyData``: same data in, byte-identical text out. Each holds
one record per work, standing alone (``export_records``: printings folded in, crossref resolved).
Editorial ``x-`` fields never leave the edition. Each format is written for the readers that use
it: BibTeX for classic styles too (a chapter is ``@incollection``, the type whose ``booktitle``
every classic style prints); RIS and CSL-JSON with titles in sentence case, proper nouns kept, the
record's language, and the types reference managers distinguish (newspaper and magazine articles,
encyclopedia entries, reports, web pages). RIS and CSL-JSON values are Unicode; they are data
formats, so nothing is HTML-escaped here.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Person

from . import export_records
from .export_records import Record, book_title, cased, title
from ..sources import latex
from ..sources.latex import latex_text

PERSON_ROLES = ("author", "editor")
BIBTEX_ORDER = ("translator", "title", "booktitle", "journal", "entrysubtype", "howpublished", "edition", "volume",
                "number", "pages", "type", "school", "institution", "publisher", "address",
                "year", "month", "day", "urldate", "doi", "url", "langid", "note")
BIBTEX_RANK = {name: i for i, name in enumerate(BIBTEX_ORDER)}
# Classic BibTeX styles know @incollection (booktitle printed); @inbook's title is the book's.
BIBTEX_TYPES = {"inbook": "incollection", "inreference": "incollection"}
RIS_TYPES = {"misc-url": "ELEC", "article": "JOUR", "article-newspaper": "NEWS", "article-magazine": "MGZN",
             "book": "BOOK", "inbook": "CHAP", "incollection": "CHAP", "inreference": "ENCYC",
             "phdthesis": "THES", "mastersthesis": "THES", "techreport": "RPRT"}
CSL_TYPES = {"misc-url": "webpage", "article": "article-journal", "article-newspaper": "article-newspaper",
             "article-magazine": "article-magazine", "book": "book", "inbook": "chapter", "incollection": "chapter",
             "inreference": "entry-encyclopedia", "phdthesis": "thesis", "mastersthesis": "thesis", "techreport": "report"}
CHAPTERS = {"inbook", "incollection", "inreference"}
THESES = {"phdthesis", "mastersthesis"}
MONTHS = {name: i for i, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}


# ----------------------------------------------------------------------------- shared helpers

def _wrapped(part: str) -> bool:
    """True if the whole string is one brace group, e.g. ``{Department of State}``."""
    if not (part.startswith("{") and part.endswith("}")):
        return False
    depth = 0
    for i, char in enumerate(part):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and i < len(part) - 1:
            return False
    return True


def _name(person: Person) -> dict[str, str]:
    """A person as CSL name parts: literal for a corporate name in braces, else family/given/suffix."""
    last = person.prelast_names + person.last_names
    if len(last) == 1 and _wrapped(last[0]) and not (person.first_names or person.middle_names or person.lineage_names):
        return {"literal": latex_text(last[0])}
    parts = {"family": latex_text(" ".join(last)), "given": latex_text(" ".join(person.first_names + person.middle_names)),
             "suffix": latex_text(" ".join(person.lineage_names))}
    return {k: v for k, v in parts.items() if v}


def _people(record: Record, role: str) -> list[dict[str, str]]:
    if role in record.persons:
        return [_name(p) for p in record.persons[role]]
    if role in record.fields:  # a plain field in pybtex, e.g. translator
        return [_name(Person(n)) for n in split_name_list(record.fields[role])]
    return []


def _split_pages(value: str) -> tuple[str, str]:
    """First and last page; an abbreviated last page (Chicago 659--80) is expanded (680)."""
    parts = [p.strip() for p in re.split(r"-+|–", value.strip(), maxsplit=1)]
    first, last = parts[0], (parts[1] if len(parts) > 1 else "")
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        full = first[: len(first) - len(last)] + last
        if int(full) > int(first):
            last = full
    return first, last


def _date(fields: dict[str, str]) -> tuple[list[list[int]], str]:
    """CSL date-parts and the unparsed remainder (a month range like July-September gives two parts)."""
    year = latex_text(fields.get("year", ""))
    if not year.isdigit():
        return [], year
    months = [MONTHS.get(m.strip().lower().rstrip("."), 0) if not m.strip().isdigit() else int(m)
              for m in re.split(r"-+|–|/", latex_text(fields.get("month", ""))) if m.strip()]
    day = latex_text(fields.get("day", ""))
    if not months or 0 in months or any(not 1 <= m <= 12 for m in months):
        return [[int(year)]], latex_text(fields.get("month", ""))
    if len(months) > 1:
        return [[int(year), m] for m in months], ""
    return [[int(year), months[0]] + ([int(day)] if day.isdigit() else [])], ""


def _kind(record: Record) -> str:
    """The record's kind for RIS and CSL: its type, refined by ``entrysubtype`` and a web page's URL."""
    subtype = latex_text(record.fields.get("entrysubtype", "")).lower()
    if record.type == "article" and subtype in ("newspaper", "magazine"):
        return f"article-{subtype}"
    return "misc-url" if record.type == "misc" and "url" in record.fields else record.type


# ----------------------------------------------------------------------------- BibTeX

def to_bibtex(data: BibliographyData) -> str:
    """Every work as a BibTeX record that stands alone, x- fields dropped, sorted by key."""
    return "\n".join(_bibtex_record(record) for record in export_records.works(data))


def _bibtex_record(record: Record) -> str:
    lines = [f"@{BIBTEX_TYPES.get(record.type, record.type)}{{{record.key},"]
    for role in PERSON_ROLES + tuple(sorted(r for r in record.persons if r not in PERSON_ROLES)):
        if role in record.persons:
            lines.append(f"  {role} = {{{' and '.join(str(p) for p in record.persons[role])}}},")
    for name in sorted(record.fields, key=lambda n: (BIBTEX_RANK.get(n, len(BIBTEX_ORDER)), n)):
        lines.append(f"  {name} = {{{record.fields[name]}}},")
    return "\n".join(lines) + "\n}\n"


# ----------------------------------------------------------------------------- RIS and CSL-JSON

def _common(record: Record) -> dict[str, Any]:
    """The decoded values that RIS and CSL-JSON share; empty values dropped."""
    kind, fields = record.type, record.fields
    thesis_with_school = kind in THESES and "school" in fields  # the publisher then names the repository
    periodical = latex_text(fields.get("journal", "")) if kind == "article" else ""
    first_page, last_page = _split_pages(latex_text(fields.get("pages", "")))
    values: dict[str, Any] = {
        "title": title(record), "container": periodical or book_title(record), "volume": fields.get("volume", ""),
        "number": fields.get("number", ""), "edition": fields.get("edition", ""),
        "publisher": fields.get("school") or fields.get("institution") or fields.get("publisher") or
        (fields.get("howpublished", "") if _kind(record) != "misc-url" else ""),
        "site": fields.get("howpublished", "") if _kind(record) == "misc-url" else "",
        "place": fields.get("address", ""), "genre": fields.get("type", ""), "note": fields.get("note", ""),
        "archive": fields.get("publisher", "") if thesis_with_school else "", "year": fields.get("year", ""),
        "urldate": fields.get("urldate", ""),
    }
    out: dict[str, Any] = {k: (v if k in ("title", "container") else latex_text(v)) for k, v in values.items()}
    out["csl_container"] = (cased(fields.get("journal", ""), sentence=False, nocase=True) if periodical else out["container"])
    out.update({"first_page": first_page, "last_page": last_page, "doi": fields.get("doi", "").strip(),
                "url": fields.get("url", "").strip(), "ris_date": _ris_date(fields), "date": _date(fields),
                "language": record.language, "kind": _kind(record)})
    out.update({role: _people(record, role) for role in ("author", "editor", "translator")})
    return {k: v for k, v in out.items() if v}


def _ris_name(name: dict[str, str]) -> str:
    """'Family, Given, Suffix'; a corporate name without its commas ('; ' instead), because RIS readers
    take the text before a comma for a family name (Zotero) or split at every comma (Citation.js),
    and a name without a comma for an institution's."""
    if "literal" in name:
        return name["literal"].replace(", ", "; ").replace(",", ";")
    return ", ".join(name[k] for k in ("family", "given", "suffix") if k in name)


def _ris_date(fields: dict[str, str]) -> str:
    """RIS DA (YYYY/MM/DD/other), only where a month is given; a month range goes to 'other'."""
    if not fields.get("month"):
        return ""
    parts, _ = _date(fields)
    if len(parts) == 1 and len(parts[0]) > 1:
        return "/".join([str(parts[0][0])] + [f"{p:02d}" for p in parts[0][1:]] + [""] * (3 - len(parts[0]))) + "/"
    return f"{latex_text(fields.get('year', ''))}///{latex_text(fields['month'])}"


RIS_TAGS = (("title", "TI"), ("container", "T2"), ("site", "T2"), ("year", "PY"), ("ris_date", "DA"), ("volume", "VL"),
            ("number", "IS"), ("first_page", "SP"), ("last_page", "EP"), ("edition", "ET"), ("publisher", "PB"),
            ("place", "CY"), ("genre", "M3"), ("archive", "DB"), ("doi", "DO"), ("url", "UR"),
            ("urldate", "Y2"), ("language", "LA"), ("note", "N1"))


def to_ris(data: BibliographyData) -> str:
    """One RIS record per work, ordered by key."""
    return "\n".join(_ris_record(record, _common(record)) for record in export_records.works(data))


def _ris_record(record: Record, values: dict[str, Any]) -> str:
    """A work's RIS record, from its values (``_common``)."""
    ty = RIS_TYPES.get(values["kind"], "GEN")
    lines = [("TY", ty), ("ID", record.key)]
    for role, tag in (("author", "AU"), ("editor", "A2"), ("translator", "A4")):
        lines += [(tag, _ris_name(n)) for n in values.get(role, [])]
    number_tag = {"RPRT": "SN", "THES": "AN"}.get(ty, "IS")  # report number; thesis record number in DB
    lines += [(number_tag if tag == "IS" else tag, values[name]) for name, tag in RIS_TAGS if name in values]
    return "".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines if value.strip()) + "ER  - \n"


# ----------------------------------------------------------------------------- CSL-JSON

CSL_VARIABLES = (("title", "title"), ("csl_container", "container-title"), ("site", "container-title"), ("volume", "volume"),
                 ("number", "issue"), ("edition", "edition"), ("publisher", "publisher"), ("place", "publisher-place"),
                 ("genre", "genre"), ("archive", "archive"), ("note", "note"), ("doi", "DOI"), ("url", "URL"),
                 ("language", "language"), ("author", "author"), ("editor", "editor"), ("translator", "translator"))


def _csl_item(record: Record, values: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": record.key, "type": CSL_TYPES.get(values["kind"], "document")}
    item.update({var: values[name] for name, var in CSL_VARIABLES if name in values})
    if "number" in values and item["type"] not in {"article-journal", "article-magazine", "article-newspaper"}:
        del item["issue"]  # a report's, thesis's or book's own number
        item["number"] = values["number"]
    if "first_page" in values:
        item["page"] = "-".join(p for p in (values["first_page"], values.get("last_page", "")) if p)
    parts, other = values.get("date", ([], ""))
    if parts or other:
        item["issued"] = {"date-parts": parts} if parts else {"literal": other}
    if "urldate" in values:
        accessed = [int(p) for p in re.findall(r"\d+", values["urldate"])[:3]]
        item["accessed"] = {"date-parts": [accessed]} if accessed else {"literal": values["urldate"]}
    return item


def to_csl_json(data: BibliographyData) -> str:
    """A CSL-JSON array, one item per work, sorted by id."""
    return _csl_array([_csl_text(record, _common(record)) for record in export_records.works(data)])


def _csl_text(record: Record, values: dict[str, Any]) -> str:
    """A work's CSL-JSON item as its text in the array (``_csl_array``)."""
    item = json.dumps(_csl_item(record, values), ensure_ascii=False, indent=1, sort_keys=True)
    return " " + item.replace("\n", "\n ")  # one level in; a JSON string holds no raw line break


def _csl_array(items: list[str]) -> str:
    """The items' texts (``_csl_text``) as the array ``json.dumps(items, indent=1)`` would write."""
    return ("[\n" + ",\n".join(items) + "\n]" if items else "[]") + "\n"


FORMATS = {"bibtex": to_bibtex, "ris": to_ris, "csl": to_csl_json}
_CODE = hashlib.sha256(b"".join(Path(m).read_bytes() for m in (__file__, latex.__file__, export_records.__file__))).hexdigest()


def _kept(digest: str, cache_dir: Path | None) -> Path | None:
    return cache_dir / f"exports-{hashlib.sha256((digest + _CODE).encode()).hexdigest()[:24]}.json" if cache_dir and digest else None


def cached(digest: str, cache_dir: Path | None) -> dict[str, str] | None:
    """The exports kept in ``cache_dir`` for this bibliography (its digest) and this code, if any."""
    path = _kept(digest, cache_dir)
    if path is not None and path.exists():
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(found, dict) and set(found) == set(FORMATS):
                return {k: str(v) for k, v in found.items()}
        except (OSError, ValueError):
            pass  # a damaged cache is only a slower build
    return None


def all_formats(data: BibliographyData, digest: str = "", cache_dir: Path | None = None) -> dict[str, str]:
    """Every export of the bibliography; kept in ``cache_dir`` under the bibliography's digest and this code's."""
    found = cached(digest, cache_dir)
    if found is not None:
        return found
    path = _kept(digest, cache_dir)
    # Work by work, each made into its three texts at once: what a work's texts are made from is
    # dropped before the next. (All works' values held until every format was made, and the CSL items
    # written as one array, peaked at 54 MiB of objects for 8,000 works, where the texts are 6 MB.)
    bibtex: list[str] = []
    ris: list[str] = []
    csl: list[str] = []
    for record in export_records.works(data):
        values = _common(record)  # what RIS and CSL-JSON share, most of their cost
        bibtex.append(_bibtex_record(record))
        ris.append(_ris_record(record, values))
        csl.append(_csl_text(record, values))
    out = {"bibtex": "\n".join(bibtex), "ris": "\n".join(ris), "csl": _csl_array(csl)}  # FORMATS' kinds
    del bibtex, ris, csl  # the pieces, before the cache is written
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as kept:  # written as it is encoded, not as one more copy of the three
            json.dump(out, kept, ensure_ascii=False, sort_keys=True)
    return out
