"""Problems in a page's Markdown source and in the site as a whole, as values with lines."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pybtex.database import Entry

from ..sources import citation_syntax
from ..sources import emendations
from ..sources.editors_notes import KINDS, EdNote
from ..sources import markdown_source, timeline_concordance
from ..sources.edition_data import EditionData
from ..problems import Problem
from ..markdown_ext import paragraph_numbers
from ..markdown_ext.extension import PageState
from ..markdown_ext.reference_lists import KEY_ITEM, ReferenceState, suggest
from . import root_causes
from .index import SiteIndex


UNKNOWN_KEY = "unknown-key"  # the ``about`` of an unknown citation key: many at once have one cause (see below)


def unknown_keys(problems: Sequence[Problem], files: Sequence[str], cited: int) -> list[Problem]:
    """Unknown citation keys, one by one; or, when they are many (ten and a quarter of the keys cited),
    their likely cause once: a bibliography file that is missing or not read."""
    keys = {p.message.split("'")[1] for p in problems}
    if len(keys) < 10 or len(keys) * 4 < cited:
        return list(problems)
    sample = ", ".join(sorted(keys)[:8])
    return [Problem(problems[0].file, problems[0].line, f"{len(keys)} cited keys are in no BibTeX file ({sample}, …); "
                    f"the files read were {', '.join(files)}: is one missing, or not listed in mkdocs.yml?")]


@dataclass(frozen=True)
class SourceFacts:
    """What a page's Markdown says of itself, whatever the rest of the edition: its footnote and
    citation-syntax problems, the ids it declares and the keys it cites, each with its line."""

    footnotes: tuple[Problem, ...]
    ids: tuple[tuple[str, int], ...]
    malformed: tuple[Problem, ...]
    cited: tuple[tuple[str, int], ...]  # (key, line), in the text's order


def source_facts(markdown: str, file: str, first: int, separator: str) -> SourceFacts:
    groups, malformed = citation_syntax.parse(markdown_source.mask_code(markdown))
    return SourceFacts(tuple(markdown_source.footnote_problems(markdown, file, first)),
                       tuple(markdown_source.declared_ids(markdown, separator, first)),
                       tuple(Problem(file, markdown_source.line_at(markdown, bad.start) + first - 1, bad.message) for bad in malformed),
                       tuple((cite.key, markdown_source.line_at(markdown, group.start) + first - 1)
                             for group in groups for cite in group.cites))


class KeptFacts:
    """``source_facts``, kept for each page across the rebuilds of one ``mkdocs serve`` (the plugin
    lives that long): a page whose text has not changed is not scanned again. Scanning is 77 ms of a
    warm build of the 40-chapter corpus; kept, a rebuild of it in one process is 30-80 ms faster
    (medians of 7, two rounds). A build reads each page once and needs none of this."""

    def __init__(self) -> None:
        self._by_file: dict[str, tuple[bytes, int, str, SourceFacts]] = {}

    def __call__(self, markdown: str, file: str, first: int, separator: str) -> SourceFacts:
        digest = hashlib.blake2b(markdown.encode("utf-8")).digest()
        kept = self._by_file.get(file)
        if kept is None or kept[:3] != (digest, first, separator):
            kept = self._by_file[file] = (digest, first, separator, source_facts(markdown, file, first, separator))
        return kept[3]


def page_problems(facts: SourceFacts, file: str, keys: Collection[str], seen: dict[str, tuple[str, int]]) -> list[Problem]:
    """Footnotes, duplicate ids (``seen`` collects ids across pages) and citations of one page."""
    problems = list(facts.footnotes)
    for ident, line in facts.ids:
        if paragraph_numbers.NUMBER_ID.match(ident):
            problems.append(Problem(file, line, f"id '{ident}' is reserved: '#para-12' is the address of ¶ 12 "
                                                "(choose another id)"))
        if ident in seen:
            other_file, other_line = seen[ident]
            problems.append(Problem(file, line, f"duplicate id '{ident}' (also declared at {other_file}:{other_line}); "
                                                "ids must be unique across the edition"))
        else:
            seen[ident] = (file, line)
    problems += facts.malformed
    problems += [Problem(file, line, f"unknown citation key '{key}'{suggest(key, keys)}", UNKNOWN_KEY)
                 for key, line in facts.cited if key not in keys]
    return problems


def emendation_problems(records: tuple[emendations.Emendation, ...], index: SiteIndex, label: str) -> list[Problem]:
    problems = []
    for rec in records:
        chapter = index.chapters.get(rec.chapter)
        if chapter is None:
            problems.append(Problem(label, rec.line, f"emendation {rec.id}: unknown chapter '{rec.chapter}'", rec.chapter))
        elif rec.place not in index.ids.get(chapter.key, {}):
            problems.append(Problem(label, rec.line, f"emendation {rec.id}: place '#{rec.place}' is not an id in {chapter.file}",
                                    chapter.key))
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


def editors_note_problems(notes: Sequence[EdNote], index: SiteIndex, label: str) -> list[Problem]:
    """An editor's note of a chapter that does not exist would be silently left out."""
    found = [Problem(label, note.line, f"editor's note {note.id}: unknown chapter '{note.chapter}' "
                     f"(chapters: {', '.join(index.chapters) or 'none'})", note.chapter)
             for note in notes if note.chapter not in index.chapters]
    return found + [Problem(label, note.line, f"editor's note {note.id}: unknown kind '{note.kind}' (kinds: {', '.join(KINDS)})")
                    for note in notes if note.kind and note.kind not in KINDS]


def converted_page_problems(state: PageState, references: ReferenceState, markdown: str, file: str, first: int,
                            notes_label: str, keys: Collection[str], style: str) -> list[Problem]:
    """What the Markdown extension found wrong on a page (``state``, ``references``), each with its line."""
    problems = []
    for snippet in state.missing_ids:
        item = KEY_ITEM.match(snippet)  # a reference-list item, "@walt1987"
        line = markdown_source.locate_item(markdown, item.group(1), first) if item else markdown_source.locate(markdown, snippet, first)
        problems.append(Problem(file, line, f"block without an id: '{snippet[:40]}…' (add '{{: #<id> }}' on the line after it)"))
    for note, problem in state.ednote_problems:
        problems.append(Problem(notes_label, note.line, f"editor's note {note.id}: {problem}", note.chapter))
    for key in references.unknown:
        line = markdown_source.locate(markdown, f"@{key}", first)
        problems.append(Problem(file, line, f"unknown citation key '{key}'{suggest(key, keys)}", UNKNOWN_KEY))
    for key in references.duplicates:
        line = markdown_source.locate_item(markdown, key, first, occurrence=2)
        problems.append(Problem(file, line, f"reference list: '@{key}' is listed twice (remove one of the items)"))
    for attribute in references.attributes:
        line = markdown_source.locate(markdown, attribute.split("=")[0], first)
        problems.append(Problem(file, line, f"reference list: {attribute} is not read; a chapter's style and preset "
                                            "are declared in its front matter (chapter: {style: …, preset: …})"))
    for key in dict.fromkeys(state.outside_notes):
        line = markdown_source.locate(markdown, f"@{key}", first)
        problems.append(Problem(file, line, f"citation of '{key}' outside a note: the chapter's style ({style}) cites "
                                            "in notes; put it in a footnote ([^n]: [@key, p. 3])"))
    return problems


def site_problems(data: EditionData, config: Any, index: SiteIndex) -> list[Problem]:
    """What spans pages, once all are read, the root cause of a lost chapter first (``root_causes``).
    ``config``: the plugin's, for the data files' names."""
    chapters = index.ordered_chapters()
    ids = {i for key in index.ids.values() for i in key}
    published = data.registry.page_of()
    found = emendation_problems(data.emendations, index, config.emendations)
    found += editors_note_problems(data.ednotes, index, config.editors_notes)
    found += unlisted_problems(index, data.entries, data.bibliography.where)
    found += data.registry.problems({ch.page: index.ids.get(ch.key, {}) for ch in chapters}, {ch.page: ch.file for ch in chapters},
                                    {ch.page: list(index.numbers.get(ch.page, {})) for ch in chapters})
    names = {entry.id for entry in data.names}
    found += [Problem(config.timeline, event.line, f"event '{event.id}': index '{event.index}' is not an entry of "
                      f"{config.index}") for event in data.timeline if event.index and event.index not in names]
    for event in data.timeline:
        found += timeline_concordance.missing_ids(config.timeline, {p: event.line for p in event.paragraphs}, ids,
                                                  f"event '{event.id}'", published)
    found += timeline_concordance.concordance_problems(config.concordance, data.concordance,
                                                       {ch.key: index.ids.get(ch.key, {}) for ch in chapters})
    return root_causes.first(found, root_causes.causes(data.registry, index, root_causes.named(data, config)), index)
