"""Every citable block has a stable id from the Markdown source, unique across the edition."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from macros.sources import markdown_source as mdsource
from tests.conftest import ROOT
from tests.html import article, page

CHAPTERS = {"clandestine-cooperation": "a", "strategic-alignments": "b"}


def _citable(doc):
    editorial = re.compile(r"ed-|footnote")
    for el in doc.select("p, li, blockquote"):
        if any(editorial.search(" ".join(p.get("class", []))) for p in [el, *el.parents] if p.name in ("div", "section") or p is el):
            continue
        if el.find_parent(["li", "blockquote", "figcaption"]) is not None and el.name == "p":
            continue
        yield el


def _declared_counts(slug: str) -> tuple[int, int, int]:
    """Paragraphs, quotations and reference-list items the chapter's Markdown gives an id."""
    prefix, text = CHAPTERS[slug], (ROOT / "docs" / f"{slug}.md").read_text(encoding="utf-8")
    return tuple(len(set(re.findall(pattern, text))) for pattern in (
        fr"\{{:[^}}\n]*#({prefix}-p\d+)\b", fr'id="({prefix}-q\d+)"', fr"\{{:[^}}\n]*#({prefix}-(?:bib|ref)\d+)\b"))


@pytest.mark.parametrize("slug", ["clandestine-cooperation", "strategic-alignments"])
def test_every_citable_block_has_an_id(site: Path, slug: str) -> None:
    expected = _declared_counts(slug)
    assert expected[0] > 50
    doc = article(site, f"{slug}/index.html")
    blocks = list(_citable(doc))
    missing = [el.get_text()[:60] for el in blocks if not el.get("id")]
    assert missing == []
    prefix = CHAPTERS[slug]
    ids = [el["id"] for el in blocks]
    counts = (sum(bool(re.fullmatch(fr"{prefix}-p\d+", i)) for i in ids),
              sum(bool(re.fullmatch(fr"{prefix}-q\d+", i)) for i in ids),
              sum(bool(re.fullmatch(fr"{prefix}-(bib|ref)\d+", i)) for i in ids))
    assert counts == expected
    notes = doc.select("div.footnote li[id]")
    assert all(re.fullmatch(fr"fn-{prefix}\d+", li["id"]) for li in notes)


def test_ids_are_unique_across_the_edition(site: Path) -> None:
    ids: Counter[str] = Counter()
    for html in site.rglob("*.html"):
        for el in page(site, str(html.relative_to(site))).select("article [id]"):
            ids[el["id"]] += 1
    ours = {i: n for i, n in ids.items() if re.match(r"[ab]-|fn-|fnref-", i)}
    assert len(ours) >= 390  # every block, heading and note of both chapters
    assert {i: n for i, n in ours.items() if n > 1} == {}


@pytest.mark.parametrize("slug", CHAPTERS)
def test_ids_are_written_in_the_markdown_source(site: Path, slug: str) -> None:
    declared = {i for i, _ in mdsource.declared_ids((ROOT / "docs" / f"{slug}.md").read_text(encoding="utf-8"))}
    built = {el["id"] for el in _citable(article(site, f"{slug}/index.html"))}
    assert built <= declared
