"""Citations of one paragraph of a chapter, and the chapter's metadata for reference managers.

A chapter's front matter says what the source states (authors, journal, date, licence) and
nothing more; where the source is silent the citation is silent too.  Strings are built here,
in Python, with placeholders for the paragraph (``⟨n⟩``) and its permalink (``⟨url⟩``), so the
browser only substitutes two values and every format is unit-tested.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..sources.chapters import Chapter

N = "⟨n⟩"  # the paragraph's locator: "¶ 14", "para. 14", "par. 14" or "n. 34"
URL = "⟨url⟩"  # the paragraph's permalink


@dataclass(frozen=True)
class Author:
    family: str
    given: str
    orcid: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class Work:
    title: str
    title_sentence_case: str
    authors: tuple[Author, ...]
    journal: str
    date: str
    language: str
    license: str
    edition: str  # the site's name: "Iran's Alliances: A Digital Edition"
    edition_sentence_case: str
    url: str  # the chapter's absolute URL
    key: str = ""  # the chapter's key: its citations' BibTeX keys begin with it ("b-para14")


def work_of(chapter: Chapter, edition: str, url: str) -> Work:
    """The chapter as a work: what its front matter's ``citation`` block says, and nothing more."""
    meta = chapter.citation
    authors = tuple(Author(a.family, a.given, a.orcid, a.affiliation) for a in meta.authors)
    head, _, tail = edition.partition(": ")
    return Work(chapter.title, meta.title_sentence_case or chapter.title, authors, meta.journal or "", meta.date or "",
                meta.language, meta.license or "", edition,
                f"{head[:1]}{head[1:].lower()}: {tail[:1]}{tail[1:].lower()}" if tail else edition, url, chapter.key)


def _names(authors: Sequence[Author], first_inverted: bool) -> str:
    names = [f"{a.family}, {a.given}" if i == 0 and first_inverted else f"{a.given} {a.family}" for i, a in enumerate(authors)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", and " + names[-1]


def _initials(given: str) -> str:
    return " ".join(f"{part[0]}." for part in given.replace(".", " ").split())


def _quoted(title: str) -> str:
    """Chicago and MLA put the period inside the closing quotation mark, unless the title ends in ? or !"""
    return f"“{title}”" if title[-1:] in "?!" else f"“{title}.”"


def templates(work: Work, locator: bool = True) -> dict[str, str]:
    """Every format of a paragraph citation, with ⟨n⟩, ⟨url⟩ and ⟨key⟩ to fill in; without ``locator``,
    of the whole chapter (⟨url⟩ only)."""
    journal = f" {work.journal}." if work.journal else ""
    date = work.date or "n.d."
    at, apa_at = (f", {N}", f" ({N})") if locator else ("", "")
    if work.authors:
        chicago = f"{_names(work.authors, True)}. {_quoted(work.title)}{journal} In {work.edition}{at}. {URL}."
        apa_author = ", ".join(f"{a.family}, {_initials(a.given)}" for a in work.authors)
        apa = f"{apa_author} ({date}). {work.title_sentence_case}.{journal} In {work.edition_sentence_case}{apa_at}. {URL}"
        mla = f"{_names(work.authors, True)}. {_quoted(work.title)}{journal.rstrip('.') + ',' if journal else ''} " \
              f"{work.edition}{at}, {URL}."
    else:
        chicago = f"{_quoted(work.title)}{journal} In {work.edition}{at}. {URL}."
        apa = f"{work.title_sentence_case} ({date}).{journal} In {work.edition_sentence_case}{apa_at}. {URL}"
        mla = f"{_quoted(work.title)}{journal.rstrip('.') + ',' if journal else ''} {work.edition}{at}, {URL}."
    mla = " ".join(mla.split())
    published = f"first published in {work.journal}" if work.journal else ""
    note = "; ".join(filter(None, (N if locator else "", published)))
    key = (work.key or "edition") + ("-⟨key⟩" if locator else "-chapter")
    bibtex_lines = ["@incollection{" + key + ","]
    if work.authors:
        bibtex_lines.append("  author = {" + " and ".join(f"{a.family}, {a.given}" for a in work.authors) + "},")
    bibtex_lines += ["  title = {{" + work.title + "}},", "  booktitle = {{" + work.edition + "}},"]
    if work.date:
        bibtex_lines.append("  year = {" + work.date + "},")
    bibtex_lines += (["  note = {" + note + "},"] if note else []) + ["  url = {" + URL + "},", "}"]
    ris_lines = ["TY  - CHAP", *(f"AU  - {a.family}, {a.given}" for a in work.authors), f"TI  - {work.title}", f"T2  - {work.edition}"]
    if work.date:
        ris_lines.append(f"PY  - {work.date}")
    ris_lines += [f"LA  - {work.language}", *([f"N1  - {note}"] if note else []), f"UR  - {URL}", "ER  - "]
    return {"chicago": chicago, "apa": apa, "mla": mla, "bibtex": "\n".join(bibtex_lines), "ris": "\n".join(ris_lines)}


LOCATORS = {"chicago": "¶ {n}", "apa": "para. {n}", "mla": "par. {n}", "bibtex": "¶ {n}", "ris": "¶ {n}"}


def paragraph(work: Work, number: int | str, ident: str, note: bool = False) -> dict[str, str]:
    """The citations of one paragraph (or note) — what the browser's substitution must produce.
    ``ident``: the address cited, the one that names the number ('para-14', or a note's 'fn-a34')."""
    url = f"{work.url}#{ident}"
    out = {}
    for fmt, text in templates(work).items():
        locator = f"n. {number}" if note else LOCATORS[fmt].format(n=number)
        out[fmt] = text.replace(N, locator).replace(URL, url).replace("⟨key⟩", f"note{number}" if note else f"para{number}")
    return out


def chapter(work: Work) -> dict[str, str]:
    """The citations of the whole chapter: the Cite button's, and its downloads'."""
    return {fmt: text.replace(URL, work.url) for fmt, text in templates(work, locator=False).items()}


def json_ld(work: Work, abstract: str, home: str) -> dict[str, Any]:
    """schema.org ScholarlyArticle: only what the source states. The works it cites are said once for
    the whole edition, on the unified bibliography's page (``works_json_ld``), where they are described."""
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "ScholarlyArticle", "@id": work.url, "name": work.title,
                            "headline": work.title[:110], "inLanguage": work.language, "url": work.url}
    if work.authors:
        data["author"] = [{"@type": "Person", "name": f"{a.given} {a.family}", "givenName": a.given, "familyName": a.family,
                           **({"identifier": f"https://orcid.org/{a.orcid}"} if a.orcid else {}),
                           **({"affiliation": {"@type": "Organization", "name": a.affiliation}} if a.affiliation else {})}
                          for a in work.authors]
    else:
        data["creditText"] = "The source does not name its author."
    if work.date:
        data["datePublished"] = work.date
    if abstract:
        data["abstract"] = abstract
    parts: list[dict[str, Any]] = [{"@type": "Collection", "name": work.edition, "url": home}]
    if work.journal:
        parts.insert(0, {"@type": "Periodical", "name": work.journal})
    data["isPartOf"] = parts
    if work.license:
        data["license"] = work.license
    return data


def works_json_ld(works: Sequence[tuple[str, str, Sequence[str]]]) -> dict[str, Any]:
    """Each work of the bibliography, ``(its entry's address, its title, the chapters citing it)``, as
    schema.org: the chapters' ``citation`` of it, stated from the work's side (JSON-LD ``@reverse``)."""
    return {"@context": "https://schema.org", "@graph": [
        {"@id": address, "@type": "CreativeWork", "name": title, "@reverse": {"citation": [{"@id": url} for url in chapters]}}
        for address, title, chapters in works]}
