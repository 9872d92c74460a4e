"""The plugin's options in ``mkdocs.yml`` (``plugins: - edition: …``), one documented attribute each.

Chapters are not declared here but in their own front matter (``macros/sources/chapters.py``).
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class EditionConfig(base.Config):  # type: ignore[no-untyped-call]  # mkdocs' __init_subclass__
    """Every path is relative to ``mkdocs.yml``; every page is relative to ``docs/``."""

    bibliography = c.Type((str, list), default="bibliography/*.bib")
    """The BibTeX files: a list of paths (a missing one stops the build, naming it) or a glob."""
    emendations = c.Type(str, default="docs/_data/emendations.yml")
    """The emendation list."""
    editors_notes = c.Type(str, default="docs/_data/editors-notes.yml")
    """The editor's notes."""
    published_ids = c.Type(str, default="docs/_data/published-ids.yml")
    """The registry of published ids."""
    index = c.Type(str, default="docs/_data/index.yml")
    """Persons, organisations, places and events."""
    glossary = c.Type(str, default="docs/_data/glossary.yml")
    """Terms and acronyms."""
    timeline = c.Type(str, default="docs/_data/timeline.yml")
    """Dated events and the paragraphs discussing them."""
    concordance = c.Type(str, default="docs/_data/concordance.yml")
    """Topics more than one chapter treats, with each chapter's paragraphs."""
    presets = c.Type(str, default="docs/_data/presets.yml")
    """Each paper's consistent deviations from its citation style, as options of that style."""
    style = c.Type(str, default="apa")
    """The citation style of pages that are not chapters (a registered style's name)."""
    emendations_page = c.Type(str, default="emendations.md")
    bibliography_page = c.Type(str, default="bibliography.md")
    audit_page = c.Type(str, default="source-audit.md")
    index_page = c.Type(str, default="index-of-names.md")
    glossary_page = c.Type(str, default="glossary.md")
    timeline_page = c.Type(str, default="timeline.md")
    concordance_page = c.Type(str, default="concordance.md")
    """Each page holds its slot, e.g. ``<div data-edition-slot="bibliography"></div>``."""
    script = c.Type(str, default="assets/edition.js")
    """The one script readers download (list it in ``extra_javascript``): the parts below, minified, in order."""
    script_parts = c.Type(list, default=["assets/cards.js", "assets/permalinks.js", "assets/place.js", "assets/reading.js"])
    """The edition's scripts as written, each a self-contained function (one file each, to be read)."""
