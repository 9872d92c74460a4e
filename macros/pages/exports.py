"""Export the edition's bibliography as BibTeX, RIS and CSL-JSON.

Pure functions of a pybtex ``BibliographyData``: same data in, byte-identical text out.
Editorial ``x-`` fields never leave the edition. BibTeX keeps ``crossref`` (parents after
their children); RIS and CSL-JSON resolve it, so each record stands alone. RIS and
CSL-JSON values are decoded from LaTeX to Unicode with case-protection braces removed;
they are data formats, so nothing is HTML-escaped here.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from pybtex.bibtex.utils import split_name_list
from pybtex.database import BibliographyData, Entry, Person

from ..sources.bibliography import resolve_entry
from ..sources import latex
from ..sources.latex import latex_text

PERSON_ROLES = ("author", "editor")
BIBTEX_ORDER = ("translator", "title", "booktitle", "journal", "howpublished", "edition", "volume",
                "number", "pages", "type", "school", "institution", "publisher", "address",
                "year", "month", "day", "urldate", "doi", "url", "note")
BIBTEX_RANK = {name: i for i, name in enumerate(BIBTEX_ORDER)}
RIS_TYPES = {"misc-url": "ELEC", "article": "JOUR", "book": "BOOK", "inbook": "CHAP", "incollection": "CHAP",
             "phdthesis": "THES", "mastersthesis": "THES", "techreport": "RPRT"}
CSL_TYPES = {"misc-url": "webpage", "article": "article-journal", "book": "book", "inbook": "chapter", "incollection": "chapter",
             "phdthesis": "thesis", "mastersthesis": "thesis", "techreport": "report"}
CHAPTERS = {"inbook", "incollection"}
THESES = {"phdthesis", "mastersthesis"}
MONTHS = {name: i for i, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}


# ----------------------------------------------------------------------------- shared helpers

def _keys(data: BibliographyData) -> list[str]:
    return sorted(data.entries.keys(), key=lambda k: (k.lower(), k))


def _resolved(entry: Entry, data: BibliographyData) -> tuple[dict[str, str], dict[str, list[Person]]]:
    """The entry's fields and persons, completed from its crossref chain, lower-cased, x- fields dropped."""
    whole = resolve_entry(entry.key, data)
    fields = {k.lower(): v for k, v in whole.fields.items() if not k.lower().startswith("x-") and k.lower() != "crossref"}
    return fields, {role.lower(): people for role, people in whole.persons.items()}




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


def _people(fields: dict[str, str], persons: dict[str, list[Person]], role: str) -> list[dict[str, str]]:
    if role in persons:
        return [_name(p) for p in persons[role]]
    if role in fields:  # a plain field in pybtex, e.g. translator
        return [_name(Person(n)) for n in split_name_list(fields[role])]
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


# ----------------------------------------------------------------------------- BibTeX

def _bibtex_order(data: BibliographyData) -> list[str]:
    """Keys sorted, except that each crossref parent moves to just after its last child."""
    order = _keys(data)
    parent_of = {k: data.entries[k].fields.get("crossref", "") for k in order}
    for _ in range(len(order)):
        moved = False
        for parent in sorted({p for p in parent_of.values() if p in data.entries}):
            at = next(i for i, k in enumerate(order) if k.lower() == parent.lower())
            last = max(i for i, k in enumerate(order) if parent_of[k].lower() == parent.lower())
            if last > at:
                order.insert(last, order.pop(at))
                moved = True
        if not moved:
            break
    return order


def to_bibtex(data: BibliographyData) -> str:
    """Every entry as BibTeX, x- fields dropped, crossref kept with parents after children."""
    records = []
    for key in _bibtex_order(data):
        entry = data.entries[key]
        lines = [f"@{entry.type.lower()}{{{key},"]
        for role in PERSON_ROLES + tuple(sorted(r.lower() for r in entry.persons if r.lower() not in PERSON_ROLES)):
            if role in entry.persons:
                lines.append(f"  {role} = {{{' and '.join(str(p) for p in entry.persons[role])}}},")
        fields = {k.lower(): v for k, v in entry.fields.items() if not k.lower().startswith("x-")}
        for name in sorted(fields, key=lambda n: (BIBTEX_RANK.get(n, len(BIBTEX_ORDER)), n == "crossref", n)):
            lines.append(f"  {name} = {{{fields[name]}}},")
        records.append("\n".join(lines) + "\n}\n")
    return "\n".join(records)


# ----------------------------------------------------------------------------- RIS and CSL-JSON

def _common(entry: Entry, data: BibliographyData) -> dict[str, Any]:
    """The decoded values that RIS and CSL-JSON share, crossref resolved; empty values dropped."""
    kind = entry.type.lower()
    fields, persons = _resolved(entry, data)
    thesis_with_school = kind in THESES and "school" in fields  # the publisher then names the repository
    container = fields.get("journal", "") if kind == "article" else fields.get("booktitle", "") if kind in CHAPTERS else ""
    first_page, last_page = _split_pages(latex_text(fields.get("pages", "")))
    values: dict[str, Any] = {
        "title": fields.get("title", ""), "container": container, "volume": fields.get("volume", ""),
        "number": fields.get("number", ""), "edition": fields.get("edition", ""),
        "publisher": fields.get("school") or fields.get("institution") or fields.get("publisher") or fields.get("howpublished", ""),
        "place": fields.get("address", ""), "genre": fields.get("type", ""), "note": fields.get("note", ""),
        "archive": fields.get("publisher", "") if thesis_with_school else "", "year": fields.get("year", ""),
        "urldate": fields.get("urldate", ""),
    }
    record: dict[str, Any] = {k: latex_text(v) for k, v in values.items() if latex_text(v)}
    record.update({"first_page": first_page, "last_page": last_page, "doi": fields.get("doi", "").strip(),
                   "url": fields.get("url", "").strip(), "ris_date": _ris_date(fields), "date": _date(fields)})
    record.update({role: _people(fields, persons, role) for role in ("author", "editor", "translator")})
    record["kind"] = "misc-url" if kind == "misc" and "url" in fields else kind
    return {k: v for k, v in record.items() if v}


def _ris_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return name["literal"]
    return ", ".join(name[k] for k in ("family", "given", "suffix") if k in name)


def _ris_date(fields: dict[str, str]) -> str:
    """RIS DA (YYYY/MM/DD/other), only where a month is given; a month range goes to 'other'."""
    if not fields.get("month"):
        return ""
    parts, _ = _date(fields)
    if len(parts) == 1 and len(parts[0]) > 1:
        return "/".join([str(parts[0][0])] + [f"{p:02d}" for p in parts[0][1:]] + [""] * (3 - len(parts[0]))) + "/"
    return f"{latex_text(fields.get('year', ''))}///{latex_text(fields['month'])}"


RIS_TAGS = (("title", "TI"), ("container", "T2"), ("year", "PY"), ("ris_date", "DA"), ("volume", "VL"),
            ("number", "IS"), ("first_page", "SP"), ("last_page", "EP"), ("edition", "ET"), ("publisher", "PB"),
            ("place", "CY"), ("genre", "M3"), ("archive", "DB"), ("doi", "DO"), ("url", "UR"),
            ("urldate", "Y2"), ("note", "N1"))


def to_ris(data: BibliographyData) -> str:
    """One RIS record per entry, crossref resolved, ordered by key."""
    records = []
    for key in _keys(data):
        record = _common(data.entries[key], data)
        ty = RIS_TYPES.get(record["kind"], "GEN")
        lines = [("TY", ty), ("ID", key)]
        for role, tag in (("author", "AU"), ("editor", "A2"), ("translator", "A4")):
            lines += [(tag, _ris_name(n)) for n in record.get(role, [])]
        number_tag = {"RPRT": "SN", "THES": "AN"}.get(ty, "IS")  # report number; thesis record number in DB
        lines += [(number_tag if tag == "IS" else tag, record[name]) for name, tag in RIS_TAGS if name in record]
        records.append("".join(f"{tag}  - {' '.join(value.split())}\n" for tag, value in lines if value.strip()) + "ER  - \n")
    return "\n".join(records)


# ----------------------------------------------------------------------------- CSL-JSON

CSL_VARIABLES = (("title", "title"), ("container", "container-title"), ("volume", "volume"), ("number", "issue"),
                 ("edition", "edition"), ("publisher", "publisher"), ("place", "publisher-place"),
                 ("genre", "genre"), ("archive", "archive"), ("note", "note"), ("doi", "DOI"), ("url", "URL"),
                 ("author", "author"), ("editor", "editor"), ("translator", "translator"))


def _csl_item(key: str, entry: Entry, data: BibliographyData) -> dict[str, Any]:
    record = _common(entry, data)
    item: dict[str, Any] = {"id": key, "type": CSL_TYPES.get(record["kind"], "document")}
    item.update({var: record[name] for name, var in CSL_VARIABLES if name in record})
    if "number" in record and item["type"] in {"report", "thesis"}:
        del item["issue"]
        item["archive_location" if "archive" in record else "number"] = record["number"]
    if "first_page" in record:
        item["page"] = "-".join(p for p in (record["first_page"], record.get("last_page", "")) if p)
    parts, other = record.get("date", ([], ""))
    if parts or other:
        item["issued"] = {"date-parts": parts} if parts else {"literal": other}
    if "urldate" in record:
        accessed = [int(p) for p in re.findall(r"\d+", record["urldate"])[:3]]
        item["accessed"] = {"date-parts": [accessed]} if accessed else {"literal": record["urldate"]}
    return item


def to_csl_json(data: BibliographyData) -> str:
    """A CSL-JSON array, one item per entry, crossref resolved, sorted by id."""
    items = [_csl_item(key, data.entries[key], data) for key in _keys(data)]
    return json.dumps(items, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


FORMATS = {"bibtex": to_bibtex, "ris": to_ris, "csl": to_csl_json}
_CODE = hashlib.sha256(b"".join(Path(m).read_bytes() for m in (__file__, latex.__file__))).hexdigest()


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
    out = {kind: export(data) for kind, export in FORMATS.items()}
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return out
