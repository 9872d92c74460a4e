"""The source-audit page counts every problem by kind: the editor's notes by the kind each declares
(read here from the YAML), the computed findings by theirs; kinds the issue named are all there."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

NOTES = yaml.safe_load((ROOT / "docs/_data/editors-notes.yml").read_text(encoding="utf-8"))


def _table(site: Path) -> dict[str, list[int]]:
    html = (site / "source-audit/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="kind-([\w-]+)"><th scope="row">.*?</th>((?:<td>\d+</td>)+)</tr>', html)
    return {kind: [int(n) for n in re.findall(r"<td>(\d+)</td>", cells)] for kind, cells in rows}


@pytest.mark.parametrize("kind", sorted({n["kind"] for n in NOTES if n.get("kind")}))
def test_each_annotated_kind_is_counted_per_chapter(site: Path, kind: str) -> None:
    counts = Counter(n["chapter"] for n in NOTES if n.get("kind") == kind)
    assert _table(site)[kind] == [counts["a"], counts["b"], counts["a"] + counts["b"]]


@pytest.mark.parametrize("kind, a, b", [
    ("cited-unlisted", 1, 0), ("skipped-note", 1, 0), ("locator-outside", 0, 4), ("bibliography-order", 1, 2),
    ("roadmap", 2, 0), ("whole-work-without-page", 2, 0), ("first-citation-short", 1, 0), ("ibid-punctuation", 1, 0),
    ("citation-order", 0, 4), ("quotation-without-source", 7, 2),
])
def test_the_kinds_the_audit_found(site: Path, kind: str, a: int, b: int) -> None:
    assert _table(site)[kind] == [a, b, a + b]


def test_every_editors_note_about_a_problem_has_a_kind() -> None:
    assert all(n.get("kind") for n in NOTES)
