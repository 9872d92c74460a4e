"""Problems in a page's Markdown source and in the site as a whole, as values with lines."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from pybtex.database import Entry

from ..sources import citation_syntax
from ..sources import emendations
from ..sources import markdown_source
from ..problems import Problem
from ..markdown_ext.reference_lists import suggest
from .index import SiteIndex


def page_problems(markdown: str, file: str, first: int, keys: Collection[str], separator: str,
                  seen: dict[str, tuple[str, int]]) -> list[Problem]:
    """Footnotes, duplicate ids (``seen`` collects ids across pages) and citations of one page."""
    problems = markdown_source.footnote_problems(markdown, file, first)
    for ident, line in markdown_source.declared_ids(markdown, separator, first):
        if ident in seen:
            other_file, other_line = seen[ident]
            problems.append(Problem(file, line, f"duplicate id '{ident}' (also declared at {other_file}:{other_line}); "
                                                "ids must be unique across the edition"))
        else:
            seen[ident] = (file, line)
    groups, malformed = citation_syntax.parse(markdown_source.mask_code(markdown))
    problems += [Problem(file, markdown_source.line_at(markdown, bad.start) + first - 1, bad.message) for bad in malformed]
    for group in groups:
        line = markdown_source.line_at(markdown, group.start) + first - 1
        problems += [Problem(file, line, f"unknown citation key '{cite.key}'{suggest(cite.key, keys)}")
                     for cite in group.cites if cite.key not in keys]
    return problems


def emendation_problems(records: tuple[emendations.Emendation, ...], index: SiteIndex, label: str) -> list[Problem]:
    problems = []
    for rec in records:
        chapter = index.chapters.get(rec.chapter)
        if chapter is None:
            problems.append(Problem(label, rec.line, f"emendation {rec.id}: unknown chapter '{rec.chapter}'"))
        elif rec.place not in index.ids.get(chapter.key, {}):
            problems.append(Problem(label, rec.line, f"emendation {rec.id}: place '#{rec.place}' is not an id in {chapter.file}"))
    return problems


def unlisted_problems(index: SiteIndex, entries: Mapping[str, Entry], where: Mapping[str, tuple[str, int]]) -> list[Problem]:
    """A work cited somewhere but listed in no paper's list must be marked ``x-unlisted``."""
    listed = {x.key for x in index.listings}
    problems = []
    for key in sorted({c.key for c in index.citations} - listed):
        if "x-unlisted" not in entries[key].fields:
            file, line = where.get(key, ("bibliography", 1))
            problems.append(Problem(file, line, f"'{key}' is cited but listed in no paper's reference list; "
                                                "mark it with an x-unlisted field saying why"))
    return problems
