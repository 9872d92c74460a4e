"""Every data file of the edition, loaded once per build; an unusable file stops the build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pybtex.database import Entry

from . import timeline_concordance
from . import bibliography as bibdata
from . import editors_notes
from . import emendations
from . import names as mentions
from . import registry
from ..problems import DataError, Problem


@dataclass(frozen=True)
class EditionData:
    emendations: tuple[emendations.Emendation, ...]
    registry: registry.Registry
    ednotes: tuple[editors_notes.EdNote, ...]
    names: tuple[mentions.Entry, ...]
    terms: tuple[mentions.Entry, ...]
    timeline: tuple[timeline_concordance.TimelineEvent, ...]
    concordance: tuple[timeline_concordance.Topic, ...]
    bibliography: bibdata.Bibliography
    entries: dict[str, Entry]  # crossrefs resolved


def load(root: Path, config: Any) -> EditionData:
    """``config`` is the plugin's configuration (paths relative to ``root``)."""
    def path(label: str) -> Path:
        return root / label

    paths = sorted(root.glob(config.bibliography))
    if not paths:
        raise bibdata.BibliographyError(Problem(config.bibliography, 1, "no BibTeX file matches this pattern"))
    bibliography = bibdata.load(paths, root, root / ".cache/edition")
    return EditionData(
        emendations=emendations.load(path(config.emendations), config.emendations),
        registry=registry.load(path(config.published_ids), config.published_ids),
        ednotes=editors_notes.load(path(config.editors_notes), config.editors_notes),
        names=mentions.load(path(config.index), config.index),
        terms=mentions.load(path(config.glossary), config.glossary, glossary=True),
        timeline=timeline_concordance.load_timeline(path(config.timeline), config.timeline),
        concordance=timeline_concordance.load_concordance(path(config.concordance), config.concordance),
        bibliography=bibliography,
        entries=bibliography.resolved(),
    )


__all__ = ["DataError", "EditionData", "load"]
