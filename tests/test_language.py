"""Turkish passages are marked lang="tr"; transliterated Persian is italic and marked fa-Latn."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.html import article, authors_text

PAPER_B = "strategic-alignments/index.html"


def _lang(el) -> str:
    for node in [el, *el.parents]:
        if node.get("lang"):
            return node["lang"]
    return "en"


@pytest.mark.parametrize("selector, starts", [
    ("#b-title-tr", "Ateş Altındaki Stratejik Uyumlar"),
    ("#b-abstract-tr", "Öz"),
    ("#b-p8", "Bu çalışma, İran'ın 1925-1979"),
    ("#b-p9", "Anahtar Kelimeler:"),
    ("#b-p10", "* Doktora Öğrencisi"),
    ("#b-p6", "İran Çalışmaları Dergisi bilginin"),
    ("#b-beyan", "Beyan"),
    ("#b-abstract", "Öz"),
])
def test_turkish_text_is_marked_turkish(site: Path, selector: str, starts: str) -> None:
    el = article(site, PAPER_B).select_one(selector)
    assert el is not None and authors_text(el).strip().startswith(starts)
    assert _lang(el) == "tr"


def test_the_beyan_statement_is_turkish_and_the_disclosure_english(site: Path) -> None:
    doc = article(site, PAPER_B)
    beyan = doc.select_one("#b-beyan").find_next_sibling("p")
    disclosure = doc.select_one("#b-disclosure").find_next_sibling("p")
    assert (_lang(beyan), authors_text(beyan)[:20]) == ("tr", "Bu makale etik kurul")
    assert (_lang(disclosure), authors_text(disclosure)[:20]) == ("en", "The article is exemp")


@pytest.mark.parametrize("selector", ["#b-p2", "#b-p3", "#b-p4", "#b-title", "#b-introduction"])
def test_english_text_is_not_marked_turkish(site: Path, selector: str) -> None:
    assert _lang(article(site, PAPER_B).select_one(selector)) == "en"


def test_english_terms_inside_the_turkish_abstract_are_marked_english(site: Path) -> None:
    spans = article(site, PAPER_B).select(".translation span[lang=en]")
    assert [s.get_text() for s in spans] == ["hedging", "omnibalancing", "hedging", "Omnibalancing&Hedging"]


def test_transliterated_persian_is_italic_and_marked(site: Path) -> None:
    marked = article(site, PAPER_B).select("[lang=fa-Latn]")
    assert [(el.name, el.get_text()) for el in marked] == [
        ("em", "Na Sharq, na Gharb, faqat Jumhuri-ye Islami"),
        ("em", "Enghelab-e Mashrutiyat"),  # in footnote 1, which the page places after the body
    ]
