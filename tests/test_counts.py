"""Every count the edition shows agrees with the others and with the sources read independently
(``tests/edition_facts.py``): the bibliography's works, its filter, its downloads, the concordance's
picture and its text. One work, one record, everywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rispy

from tests import edition_facts
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def expected() -> dict[str, int]:
    membership = edition_facts.membership(ROOT)
    return {"all": len(membership), "a": sum("a" in c for c in membership.values()),
            "b": sum("b" in c for c in membership.values()), "shared": sum(len(c) > 1 for c in membership.values()),
            "a only": sum(c == {"a"} for c in membership.values()), "b only": sum(c == {"b"} for c in membership.values())}


def test_the_sources_count_as_the_papers_print(expected: dict[str, int]) -> None:
    # paper B lists 65 entries; paper A's 35 printed entries, Gruen (note 1, unlisted) and the book
    # whose 2013 printing it cites make 36 works; five works are shared (bibliography/README.md).
    assert expected == {"all": 96, "a": 36, "b": 65, "shared": 5, "a only": 31, "b only": 60}


def _text(site: Path, page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", (site / page).read_text(encoding="utf-8")))


def test_the_bibliography_page_counts_agree(site: Path, expected: dict[str, int]) -> None:
    html = (site / "bibliography/index.html").read_text(encoding="utf-8")
    text = _text(site, "bibliography/index.html")
    assert f"all chapters ({expected['all']})" in text and f"Paper A ({expected['a']})" in text
    assert f"Paper B ({expected['b']})" in text and f"more than one ({expected['shared']})" in text
    assert f"Download the whole bibliography ({expected['all']} works)" in text
    entries = re.findall(r'<li id="[^"]+" class="[^"]*\bin-[^"]*"', html)
    assert len(entries) == expected["all"]
    assert len(re.findall(r'<li id="[^"]+" class="[^"]*\bin-a\b', html)) == expected["a"]
    assert len(re.findall(r'<li id="[^"]+" class="[^"]*\bin-b\b', html)) == expected["b"]
    assert len(re.findall(r'<li id="[^"]+" class="[^"]*\bin-shared\b', html)) == expected["shared"]


def test_the_downloads_hold_each_work_once(site: Path, expected: dict[str, int]) -> None:
    downloads = site / "downloads"
    bibtex = (downloads / "iran-alliances-edition.bib").read_text(encoding="utf-8")
    ris = rispy.loads((downloads / "iran-alliances-edition.ris").read_text(encoding="utf-8"))
    csl = json.loads((downloads / "iran-alliances-edition.json").read_text(encoding="utf-8"))
    keys = sorted(edition_facts.membership(ROOT))
    assert sorted(re.findall(r"^@\w+\{([^,]+),", bibtex, re.M)) == keys
    assert sorted(r["id"] for r in ris) == keys and sorted(i["id"] for i in csl) == keys
    assert len(keys) == expected["all"]


def test_the_concordance_counts_agree(site: Path, expected: dict[str, int]) -> None:
    text = _text(site, "concordance/index.html")
    assert f"{expected['all']} works in all" in text
    assert f"Paper A {expected['a']}, Paper B {expected['b']}" in text
    assert f"Paper A and Paper B, {expected['shared']}; Paper B only, {expected['b only']}; Paper A only, {expected['a only']}" in text
    assert f"Paper A and Paper B ({expected['shared']} works)" in text
