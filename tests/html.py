"""Small helpers to read our own fragments out of built pages (never whole-page snapshots)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")


def article(site: Path, path: str) -> Tag:
    found = page(site, path).select_one("article.md-content__inner")
    assert found is not None
    return found


def authors_only(el: Tag) -> BeautifulSoup:
    """A copy of the element without the editor's layer (margin numbers, marks, notes, cards)."""
    copy = BeautifulSoup(str(el), "lxml")
    for editorial in copy.select("[class^='ed-'], [class*=' ed-'], .headerlink, .footnote-backref"):
        editorial.decompose()
    return copy


def authors_text(el: Tag) -> str:
    """The element's text without the editor's layer."""
    return authors_only(el).get_text()
