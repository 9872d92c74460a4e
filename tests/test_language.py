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


# Every Turkish string of paper B's reference list, as its source prints it (tests/sources/paper-b.txt).
TURKISH_STRINGS = [
    "Modern İran tarihi", "Türkiye İş Bankası Kültür Yayınları", "İran Devrimi: Eşitsiz Gelişme ve Dinci Popülizm",
    "İran Devrimi: Din, Anti-emperyalizm ve Sol", "Belge Yayınları", "Çevreleme Politikası",
    "Güvenlik Portalı Güvenlik Yazıları Serisi", "Devrim'den Günümüze İran'ın ABD Politikası: Tarihsel Sosyolojik Bir Analiz",
    "ODTÜ Yayıncılık", "İttifak perspektifinden \"direnış eksenini\" söylemi: Tehdit dengesi kuramı ve Suriye iç savaşı",
    "Kayıt No: 660083", "Yüksek Lisans Tezi", "TOBB Ekonomi ve Teknoloji Üniversitesi", "YÖK Tez Merkezi",
]


def test_the_turkish_strings_are_the_sources() -> None:
    source = (Path(__file__).parent / "sources" / "paper-b.txt").read_text(encoding="utf-8")
    assert all(text in source for text in TURKISH_STRINGS)


@pytest.mark.parametrize("page, minimum", [(PAPER_B, 1), ("bibliography/index.html", 1)])
@pytest.mark.parametrize("text", TURKISH_STRINGS)
def test_every_turkish_string_of_the_references_is_marked(site: Path, page: str, minimum: int, text: str) -> None:
    """In paper B's list and on the bibliography page (in each display style that shows the string)."""
    doc = article(site, page)
    found = [node for node in doc.find_all(string=lambda s: s is not None and text in s)]
    if page != PAPER_B and text == "Kayıt No: 660083":
        found = found or [None]  # the unified list prints APA's own "Publication No."
        return
    assert len(found) >= minimum
    assert all(_lang(node.parent) == "tr" for node in found), [str(n.parent)[:120] for n in found if _lang(n.parent) != "tr"]


def test_the_style_words_around_turkish_titles_stay_english(site: Path) -> None:
    item = article(site, PAPER_B).select_one("#b-ref31")  # Halliday: "In S. Üşür (Ed.), …"
    assert item is not None and "Halliday" in item.get_text()
    assert _lang(item) == "en"
