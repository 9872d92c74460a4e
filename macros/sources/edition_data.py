"""Every data file of the edition, loaded once per build; an unusable file stops the build."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pybtex.database import Entry

from ..problems import DataError, Problem
from . import bibliography, editors_notes, emendations, names, presets, registry, timeline_concordance
from .bibliography import Bibliography, BibliographyError
from .editors_notes import EdNote
from .emendations import Emendation
from .names import Entry as Name
from .presets import Preset
from .registry import Registry
from .timeline_concordance import TimelineEvent, Topic


@dataclass(frozen=True)
class EditionData:
    emendations: tuple[Emendation, ...]
    registry: Registry
    ednotes: tuple[EdNote, ...]
    names: tuple[Name, ...]
    terms: tuple[Name, ...]
    timeline: tuple[TimelineEvent, ...]
    concordance: tuple[Topic, ...]
    presets: dict[str, Preset]
    bibliography: Bibliography
    entries: dict[str, Entry]  # crossrefs resolved


def read_bibliography(root: Path, config: Any, load_bibliography: bibliography.Loader = bibliography.load) -> Bibliography:
    """The BibTeX files ``config`` (the plugin's configuration) names, relative to ``root``, as
    ``load_bibliography`` reads them: ``bibliography.load``, or under serve one that keeps it (``KeptBibliography``)."""
    if isinstance(config.bibliography, list):  # named one by one: a file that went missing is named
        paths = [root / str(name) for name in config.bibliography]
        for name, listed in zip(config.bibliography, paths):
            if not listed.is_file():
                raise BibliographyError(Problem(str(name), 1, "bibliography file not found (mkdocs.yml lists it: "
                                                "plugins: edition: bibliography)"))
    else:
        paths = sorted(root.glob(config.bibliography))
    if not paths:
        raise BibliographyError(Problem(str(config.bibliography), 1, "no BibTeX file matches this pattern"))
    return load_bibliography(paths, root, root / ".cache/edition")


def load(root: Path, config: Any, styles: Mapping[str, Any], bib: Bibliography) -> EditionData:
    """Every data file ``config`` (the plugin's configuration) names, relative to ``root``, with the
    bibliography ``bib`` (``read_bibliography``); ``styles``: the registered citation styles."""
    def path(label: str) -> Path:
        return root / label

    return EditionData(
        emendations=emendations.load(path(config.emendations), config.emendations),
        registry=registry.load(path(config.published_ids), config.published_ids),
        ednotes=editors_notes.load(path(config.editors_notes), config.editors_notes),
        names=names.load(path(config.index), config.index),
        terms=names.load(path(config.glossary), config.glossary, glossary=True),
        timeline=timeline_concordance.load_timeline(path(config.timeline), config.timeline),
        concordance=timeline_concordance.load_concordance(path(config.concordance), config.concordance),
        presets=presets.load(path(config.presets), config.presets, styles),
        bibliography=bib,
        entries=bib.resolved(),
    )


__all__ = ["DataError", "EditionData", "load"]
