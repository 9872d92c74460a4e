"""The edition read without MkDocs, for the scripts and the tests: its chapters and their styles.

Paths are the plugin's defaults (``macros/config.py``), relative to the project's root.
"""

from __future__ import annotations

from pathlib import Path

from .sources import chapters as chapter_pages
from .sources import presets as preset_records
from .sources.chapters import Chapter
from .sources.presets import Preset
from .styles import pairs

PRESETS = "docs/_data/presets.yml"


def presets(root: Path) -> dict[str, Preset]:
    return preset_records.load(root / PRESETS, PRESETS, pairs.registered())


def chapters(root: Path, docs: str = "docs") -> list[Chapter]:
    """Every chapter of the edition at ``root``, in file order."""
    styles = {name: preset.style for name, preset in presets(root).items()}
    return chapter_pages.discover(root / docs, pairs.registered(), styles)

