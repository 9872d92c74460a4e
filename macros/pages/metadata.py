"""Metadata in a page's head for reference managers, search engines and link previews: Highwire
``citation_*`` tags and schema.org JSON-LD for a chapter (``site/paragraph_citations.py`` says what
they hold), the edition as a collection on its home page, and a description and OpenGraph tags on
every page."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence

from markupsafe import Markup

from ..site import paragraph_citations
from . import render

_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _json(data: object) -> Markup:
    """JSON safe inside <script>: no '<' can end the element early."""
    return Markup(json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"))


def head_html(work: paragraph_citations.Work, abstract: str, home: str, cite: bool = True) -> Markup:
    """Highwire citation_* tags, schema.org JSON-LD and the citation templates of a chapter (a
    paragraph's and the whole chapter's).

    The page's own reference list holds its references (and is what Google Scholar reads); which
    works a chapter cites is said in the unified bibliography's JSON-LD (``works_head_html``)."""
    templates = _json({"paragraph": paragraph_citations.templates(work),
                       "chapter": paragraph_citations.templates(work, locator=False)}) if cite else ""
    return Markup(render.fragment("head.html", work=work, abstract=abstract,
                                  json_ld=_json(paragraph_citations.json_ld(work, abstract, home)), cite_templates=templates))


def works_head_html(works: Sequence[tuple[str, str, Sequence[str]]]) -> Markup:
    """The unified bibliography's JSON-LD: every work, by its entry's address, and the chapters citing it."""
    return Markup('<script type="application/ld+json">{}</script>').format(_json(paragraph_citations.works_json_ld(works)))


def collection_head_html(name: str, description: str, home: str, chapters: Sequence[tuple[str, str]]) -> Markup:
    """The home page: the edition as a collection of its chapters ((address, title), in order), not as an article."""
    data = {"@context": "https://schema.org", "@type": "Collection", "@id": home, "url": home, "name": name,
            "description": description, "inLanguage": "en",
            "hasPart": [{"@type": "ScholarlyArticle", "@id": url, "name": title} for url, title in chapters]}
    return Markup('<script type="application/ld+json">{}</script>').format(_json(data))


def opengraph_html(title: str, description: str, url: str, site_name: str, article: bool, language: str = "en") -> Markup:
    """What a link preview shows: the page's title, description and address."""
    return Markup(render.fragment("opengraph.html", title=title, description=description, url=url, site_name=site_name,
                                  type="article" if article else "website", locale=language.replace("-", "_")))


def description(text: str, limit: int = 300) -> str:
    """A description of at most ``limit`` characters, cut at a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def first_paragraph(content: str) -> str:
    """The text of the first non-empty paragraph of a page's HTML."""
    for m in _PARAGRAPH.finditer(content):
        text = html.unescape(_TAG.sub("", m.group(1))).strip()
        if text:
            return text
    return ""
