"""What a journal page shows above an article: who wrote it (or that the source does not say), where it
was first published, its licence, a Cite button and its citation to download; and the reading-mode
switch. Only what the chapter's front matter (``citation:``) states; nothing is invented."""

from __future__ import annotations

import re

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from ..site import paragraph_citations
from ..sources.chapters import Chapter, directory_url
from . import render

DOWNLOADS = {"bib": ("bibtex", "BibTeX"), "ris": ("ris", "RIS")}  # extension -> (format, its name)
_CC = re.compile(r"^https?://creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/([0-9.]+)/?")


def licence_name(url: str) -> str:
    """'CC BY-NC 4.0' for a Creative Commons licence's address; any other address as it is."""
    m = _CC.match(url)
    if m is None:
        return url
    return "CC0 " + m.group(3) if m.group(2) == "zero" else f"CC {m.group(2).upper()} {m.group(3)}"


def download_path(chapter: Chapter, extension: str) -> str:
    """'downloads/strategic-alignments.bib': where the chapter's citation is published in a format."""
    return f"downloads/{directory_url(chapter.page).strip('/') or 'index'}.{extension}"


def downloads(chapter: Chapter, work: paragraph_citations.Work) -> dict[str, str]:
    """The chapter's citation as files, by path: the citation the Cite button shows."""
    citations = paragraph_citations.chapter(work)
    return {download_path(chapter, ext): citations[fmt] + "\n" for ext, (fmt, _) in DOWNLOADS.items()}


def block_html(chapter: Chapter, page_url: str) -> Markup:
    """The block placed under the chapter's title."""
    meta = chapter.citation
    files = [dict(href=get_relative_url(download_path(chapter, ext), page_url), name=name, ext=ext)
             for ext, (_, name) in DOWNLOADS.items()]
    return Markup(render.fragment("about.html", chapter=chapter, authors=meta.authors, journal=meta.journal, date=meta.date,
                                  licence=meta.license, licence_name=licence_name(meta.license or ""), files=files))


def insert(content: str, block: str) -> str:
    """The page's content with ``block`` after its title (its first level-one heading)."""
    end, block = content.find("</h1>"), str(block)  # plain strings: Markup would escape the page's HTML
    return content[: end + 5] + block + content[end + 5:] if end >= 0 else block + content
