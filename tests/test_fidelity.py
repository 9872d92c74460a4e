"""The built chapters reproduce the source texts, up to the recorded emendations."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from macros import offline
from macros.problems import Problem
from macros.site import fidelity_check
from macros.sources import chapters
from macros.sources import emendations
from tests.conftest import ROOT

RECORDS = emendations.load(ROOT / "docs/_data/emendations.yml", "docs/_data/emendations.yml")
CHAPTERS = {c.key: c for c in offline.chapters(ROOT)}


def test_both_papers_are_chapters_with_their_sources() -> None:
    assert {k: (c.file, c.source) for k, c in CHAPTERS.items()} == {
        "a": ("docs/clandestine-cooperation.md", "tests/sources/paper-a.txt"),
        "b": ("docs/strategic-alignments.md", "tests/sources/paper-b.txt"),
    }


def test_repository_sources_are_the_published_seeds() -> None:
    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.exists():
        pytest.skip("../shared/seeds is not beside this clone; the repository copies are used")
    assert (ROOT / "tests/sources/paper-a.txt").read_bytes() == (seeds / "000_622b885584587da3.txt").read_bytes()
    assert (ROOT / "tests/sources/paper-b.txt").read_bytes() == (seeds / "003_0841485fb8e132c9.txt").read_bytes()


@pytest.mark.parametrize("key, min_words", [("a", 8500), ("b", 9900)])
def test_chapter_has_no_unrecorded_difference(site: Path, key: str, min_words: int) -> None:
    result = fidelity_check.check(CHAPTERS[key], RECORDS, ROOT, site)
    assert result.problems == []
    assert [str(d) for d in result.differences] == []
    assert result.words >= min_words  # the whole text was compared, not an empty extract


def _mutated(site: Path, tmp_path: Path, html_file: str, old: str, new: str) -> Path:
    copy = tmp_path / "site"
    copy.mkdir()
    (copy / html_file).parent.mkdir(parents=True)
    text = (site / html_file).read_text(encoding="utf-8")
    assert text.count(old) >= 1
    (copy / html_file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return copy


@pytest.mark.parametrize("key, old, new, expected", [
    ("a", "The devastating war ended", "The war ended",
     "[source: devastating] [edition: ∅]"),
    ("a", 'href="#fn-a34">34<', 'href="#fn-a34">33<',
     "[source: ⟦34⟧] [edition: ⟦33⟧]"),
    ("a", ", is has a significant", ", has a significant",
     "[source: is] [edition: ∅]"),
    ("b", "İran Çalışmaları Dergisi bilginin", "Iran Calismalari Dergisi bilginin",
     "[source: İran Çalışmaları] [edition: Iran Calismalari]"),
    ("b", "Princeton University Press.<span class=\"ed-cited\">", "Princeton University Press, 1983.<span class=\"ed-cited\">",
     "[source: Press.] [edition: Press, 1983.]"),
    # Emphasis, where the source marks it: a title that lost its italics, a volume set in italics.
    ("b", "<em>The origins of alliance</em>", "The origins of alliance",
     "[source: alliance⟩.] [edition: alliance.]"),
    ("b", "<em>Cold War History</em>, 14(3)", "<em>Cold War History</em>, <em>14</em>(3)",
     "[source: 14(3),] [edition: ⟨14⟩(3),]"),
])
def test_an_unrecorded_change_is_reported_with_place_and_both_versions(
        site: Path, tmp_path: Path, key: str, old: str, new: str, expected: str) -> None:
    chapter = CHAPTERS[key]
    mutated = _mutated(site, tmp_path, chapters.built_page(chapter), old, new)
    differences = fidelity_check.check(chapter, RECORDS, ROOT, mutated).differences
    assert len(differences) == 1
    assert expected in str(differences[0])
    assert " ≠ edition #" in str(differences[0])


def test_a_repair_without_its_record_is_reported(site: Path) -> None:
    without = tuple(r for r in RECORDS if r.id != "b-e01")  # the first rejoined paragraph
    differences = fidelity_check.check(CHAPTERS["b"], without, ROOT, site).differences
    assert len(differences) == 2  # two source lines against one edition paragraph
    assert differences[0].source is not None and differences[0].source.where == "line 54"


def test_every_record_applies_exactly_once() -> None:
    for key, chapter in CHAPTERS.items():
        source = (ROOT / chapter.source).read_text(encoding="utf-8")
        _, problems = emendations.apply(source, tuple(r for r in RECORDS if r.chapter == key), "x")
        assert problems == []
    assert {r.chapter for r in RECORDS} <= set(CHAPTERS)  # every record belongs to a chapter whose source it changes


def test_a_chapter_checked_ahead_is_checked_again_only_if_its_text_changed() -> None:
    """The build hands each chapter's check over once its text is whole (``ahead``); as the page is
    written (``written``) it is checked again only if something changed that text since."""
    handed: list[tuple[str, str]] = []

    def run(work: object, chapter: chapters.Chapter, article: str, *rest: object) -> list[Problem]:
        assert work is fidelity_check.in_build
        handed.append((chapter.key, article))
        return [Problem(chapter.file, len(handed), article)]

    a, b, c = (CHAPTERS["a"], CHAPTERS["b"], dataclasses.replace(CHAPTERS["a"], key="c"))
    checks = fidelity_check.InBuild(run, ROOT, RECORDS, "emendations.yml", {}, ROOT)
    checks.ahead(a, "<p>A</p>")
    checks.ahead(b, "<p>B</p>")
    checks.written(a, "".join(["<p>", "A</p>"]))  # the same text (another string): not checked again
    checks.written(b, "<p>B</p><p>Added as the page was written.</p>")
    checks.written(c, "<p>C</p>")  # never handed over: checked as it is written
    article = '<article class="md-content__inner">{}</article>'.format
    assert handed == [("a", article("<p>A</p>")), ("b", article("<p>B</p>")),
                      ("b", article("<p>B</p><p>Added as the page was written.</p>")), ("c", article("<p>C</p>"))]
    # Reported in the order handed over, each chapter by its last check.
    assert [(p.line, p.message) for p in checks.problems()] == [(1, handed[0][1]), (3, handed[2][1]), (4, handed[3][1])]
