"""When one cause breaks many things, say the cause once, first, and hold back what follows from it.

Two causes break a chapter as a whole: its page stops being that chapter (renamed, deleted, its
front matter's ``chapter`` block or key changed) or it loses most of its published ids (emptied or
replaced). Every emendation, editor's note, concordance topic, timeline event and published id
that named the chapter then fails too; reported one by one they bury the cause. Such problems carry
the chapter (``Problem.about``); ``first`` reports the cause and drops them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..markdown_ext import note_citations
from ..problems import Problem
from ..sources.edition_data import EditionData
from ..sources.registry import Registry
from .index import SiteIndex


def causes(registry: Registry, index: SiteIndex, named: Mapping[str, Sequence[tuple[str, int, str]]]) -> list[Problem]:
    """The lost chapters, each one problem. ``named``: chapter key -> where data names it ((file, line, what), …)."""
    found: list[Problem] = []
    pages = {ch.page: ch for ch in index.ordered_chapters()}
    keys = ", ".join(index.chapters) or "none"
    for page, ids in registry.published.items():
        chapter = pages.get(page)
        now = index.ids.get(chapter.key, {}) if chapter is not None else {}
        lost = [ident for ident in ids if ident not in now and ident not in registry.retired]
        if not lost:
            continue
        line = ids[lost[0]]
        if chapter is None:
            found.append(Problem(registry.label, line, f"'{page}' published {len(ids)} id(s) as a chapter, but no page "
                                 f"'{page}' declares a chapter now (chapters: {keys}): was it renamed, deleted, or its "
                                 f"front matter's 'chapter:' block changed? (its {len(lost)} lost ids are not listed one by one)", page))
        elif len(lost) > max(3, len(ids) // 2):
            found.append(Problem(chapter.file, chapter.line, f"chapter '{chapter.key}' no longer declares {len(lost)} of the "
                                 f"{len(ids)} ids it published (the first: '{lost[0]}', {registry.label}:{line}): was it emptied "
                                 "or replaced? Restore its text, or retire each id with a successor", page))
    for key, places in named.items():
        if key not in index.chapters and places:
            file, line, what = places[0]
            more = f" (and {len(places) - 1} more record(s))" if len(places) > 1 else ""
            found.append(Problem(file, line, f"{what}: '{key}' is not a chapter (chapters: {keys}){more}; a typo, or "
                                 "did a chapter's key change or its 'chapter:' block go?", key))
    return found


def first(problems: Sequence[Problem], found: Sequence[Problem], index: SiteIndex) -> list[Problem]:
    """The root causes, then every problem that does not follow from one of them."""
    lost = {p.about for p in found}
    lost |= {ch.key for ch in index.chapters.values() if ch.page in lost}  # a lost page's chapter key, and the reverse
    lost |= {ch.page for ch in index.chapters.values() if ch.key in lost}
    return [*found, *(p for p in problems if not (p.about and p.about in lost))]


def named(data: EditionData, config: Any) -> dict[str, list[tuple[str, int, str]]]:
    """Chapter key -> where the data names it (file, line, what): emendations, editor's notes, concordance
    topics, x-note-<key> fields. ``config``: the plugin's, for the data files' names."""
    found: dict[str, list[tuple[str, int, str]]] = {}
    for rec in data.emendations:
        found.setdefault(rec.chapter, []).append((config.emendations, rec.line, f"emendation {rec.id}"))
    for note in data.ednotes:
        found.setdefault(note.chapter, []).append((config.editors_notes, note.line, f"editor's note {note.id}"))
    for topic in data.concordance:
        for key, _ in topic.paragraphs:
            found.setdefault(key, []).append((config.concordance, topic.line, f"topic '{topic.id}'"))
    for key, notes in note_citations.notes_citing(data.bibliography.data.entries).items():
        work = next(iter(notes.values()))[0]
        found.setdefault(key, []).append((*data.bibliography.where.get(work, ("bibliography", 1)), f"entry '{work}': field x-note-{key}"))
    return found
