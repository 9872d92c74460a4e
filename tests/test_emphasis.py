"""Emphasis as printed, entry by entry (issue "records", item 3).

Paper B's source marks its italics in Markdown (``*…*``). Each entry of its reference list on the
built chapter page sets in italics exactly the runs the print sets in italics: titles of books and
journals, and nothing more (its volume numbers are roman, unlike APA 7's). Each citation in its text
italicises what the print italicises, except where an emendation records the difference. The
expectations are read from the source and from the emendation records, not written here.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import Tag

from tests import clients, html

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "sources" / "paper-b.txt"
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)([^*]+?)\*(?![*\w])")
_SPACE = re.compile(r"\s+")


def italics_in_source(text: str) -> list[str]:
    """The runs a Markdown line sets in italics (its <…> autolinks are never emphasis)."""
    return [_SPACE.sub(" ", run).strip() for run in _ITALIC.findall(re.sub(r"<[^>\s]+>", "", text))]


def italics_on_page(element: Tag) -> list[str]:
    return [_SPACE.sub(" ", em.get_text()).strip() for em in element.find_all("em")]


@pytest.fixture(scope="module")
def reference_items(site: Path) -> list[Tag]:
    article = html.article(site, "strategic-alignments/index.html")
    return [html.authors_only(li) for li in article.select("li[id^='b-ref']")]


def test_source_marks_italics_in_its_list() -> None:
    """The check below is not vacuous: the printed list sets most of its entries partly in italics."""
    printed = clients.printed_references(SOURCE)
    assert sum(bool(italics_in_source(line)) for line in printed) > len(printed) / 2


def test_each_reference_entry_sets_in_italics_what_the_print_does(reference_items: list[Tag]) -> None:
    """As printed; where an emendation replaces an entry (its letter case, say), as its record's 'after'."""
    printed = clients.printed_references(SOURCE)
    emended = {r["place"]: r["after"] for r in _emendations() if r["kind"] == "reference"}
    assert len(reference_items) == len(printed)
    wrong = []
    for item, line in zip(reference_items, printed):  # the list keeps the printed order
        family = re.match(r"[^\s,.(]+", line)
        assert family is not None and item.get_text().startswith(family.group(0)), (item.get_text()[:60], line[:60])
        li = item.find("li")
        expected = italics_in_source(emended.get(str(li["id"]) if li else "", line))
        if italics_on_page(item) != expected:
            wrong.append((line[:50], expected, italics_on_page(item)))
    assert not wrong, "\n".join(map(repr, wrong))


def _emendations() -> list[dict[str, str]]:
    """Paper B's emendation records."""
    records = yaml.safe_load((ROOT / "docs" / "_data" / "emendations.yml").read_text(encoding="utf-8"))
    return [r for r in records if r["chapter"] == "b"]


def _emphasis_emendations() -> dict[str, tuple[str, str]]:
    """Paper B's emendations of its text (not of its list) that move, add or remove italics: id -> (before, after)."""
    return {r["id"]: (r["before"], r["after"]) for r in _emendations()
            if r["kind"] != "reference" and italics_in_source(r["before"]) != italics_in_source(r["after"])}


def test_citations_italicise_what_the_print_does_or_say_why(site: Path) -> None:
    """Every italic run in paper B's text (citations and the author's notes included) is the print's, or
    an emendation's 'after' (whose 'before', the print's, is then missing): the differences are exactly
    the recorded ones."""
    source = SOURCE.read_text(encoding="utf-8")
    body = source[:source.index("\nReferences\n")]
    printed = [run for line in body.split("\n") for run in italics_in_source(line)]
    article = html.article(site, "strategic-alignments/index.html")
    for listed in article.select("li[id^='b-ref']"):
        listed.decompose()
    shown = italics_on_page(html.authors_only(article))
    recorded = _emphasis_emendations()
    assert recorded, "paper B records its emphasis emendations"
    added = [run for after in (a for _, a in recorded.values()) for run in italics_in_source(after)]
    removed = [run for before in (b for b, _ in recorded.values()) for run in italics_in_source(before)]
    expected = sorted(printed + added)
    for run in removed:
        expected.remove(run)
    shown = sorted(run for run in shown if run)
    assert shown == expected, (Counter(shown) - Counter(expected), Counter(expected) - Counter(shown))
