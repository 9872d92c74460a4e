"""Metadata in a page's head for reference managers and search engines: Highwire ``citation_*``
tags and schema.org JSON-LD (``site/paragraph_citations.py`` says what they hold)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from markupsafe import Markup

from ..site import paragraph_citations
from . import render


def _json(data: object) -> Markup:
    """JSON safe inside <script>: no '<' can end the element early."""
    return Markup(json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"))


def head_html(work: paragraph_citations.Work, abstract: str, home: str, cite: bool = True) -> Markup:
    """Highwire citation_* tags, schema.org JSON-LD and the paragraph-citation templates of a page.

    The page's own reference list holds its references (and is what Google Scholar reads); which
    works a chapter cites is said in the unified bibliography's JSON-LD (``works_head_html``)."""
    templates = _json(paragraph_citations.templates(work)) if cite else ""
    return Markup(render.fragment("head.html", work=work, abstract=abstract,
                                  json_ld=_json(paragraph_citations.json_ld(work, abstract, home)), cite_templates=templates))


def works_head_html(works: Sequence[tuple[str, str, Sequence[str]]]) -> Markup:
    """The unified bibliography's JSON-LD: every work, by its entry's address, and the chapters citing it."""
    return Markup('<script type="application/ld+json">{}</script>').format(_json(paragraph_citations.works_json_ld(works)))
