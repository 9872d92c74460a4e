"""The edition read without MkDocs, for the scripts and the tests: its chapters and their styles.

Paths are the plugin's defaults (``macros/config.py``), relative to the project's root.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
from markdown.treeprocessors import Treeprocessor

from .markdown_ext import paragraph_numbers
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


def numbered(text: str) -> list[str]:
    """A chapter's numbered blocks in order, ¶ 1 first, read from its Markdown as the build numbers
    them (``markdown_ext/paragraph_numbers.py``), for the registry of published numbers."""
    found = paragraph_numbers.Blocks()

    class Audit(Treeprocessor):
        def run(self, root: etree.Element) -> None:
            paragraph_numbers.audit(root, self.md.htmlStash.rawHtmlBlocks, found)

    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "footnotes"])
    md.treeprocessors.register(Audit(md), "edition-audit", 4)  # after attr_list (8), as the edition's own
    md.convert(chapter_pages.body(text))
    return found.numbered
