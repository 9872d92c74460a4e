"""The engine beyond two papers: a synthetic edition of three chapters in three citation styles
(``tests/editions/three``), built strictly, every apparatus feature checked for N chapters; a fourth
chapter added by the README's steps; bad declarations stopped with ``file:line``.

Expectations are read from the edition's own files (``tests/edition_facts.py``: its chapters, the
works each cites or lists), never counted by hand. Labels, style names and the exact strings a
style must produce are stated.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from macros import offline
from macros.site import fidelity_check
from macros.sources import emendations
from macros.styles import pairs
from tests import edition_facts
from tests.conftest import ROOT, Build, mkdocs_build, serving
from tests.html import article, authors_text

THREE = ROOT / "tests/editions/three"
CHAPTERS = edition_facts.chapters(THREE)  # in the order of the navigation
BY_KEY = {c.key: c for c in CHAPTERS}
MEMBERSHIP = edition_facts.membership(THREE)  # work -> the chapters citing or listing it
BIB = edition_facts.bibliography(THREE)
PRINTINGS = {key for key, entry in BIB.entries.items() if "x-printing-of" in entry.fields}
SITE_URL = yaml.safe_load((THREE / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
STYLE_LABELS = {"apa": "APA 7", "chicago-notes": "Chicago", "chicago-author-date": "Chicago author-date"}
SKIP = "h1, h2, h3, h4, h5, h6, sup, code, span.citation, a.cite, .headerlink, [class^='ed-'], [class*=' ed-']"


def data(root: Path, name: str) -> list[dict]:
    return yaml.safe_load((root / "docs/_data" / name).read_text(encoding="utf-8")) or []


def slug(chapter: edition_facts.ChapterFacts) -> str:
    return chapter.page.removesuffix(".md")


def copy_edition(dest: Path) -> Path:
    """The three-chapter edition with the real edition's assets (its CSS and scripts are not duplicated)."""
    shutil.copytree(THREE, dest, ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(ROOT / "docs/assets", dest / "docs/assets")
    return dest


@pytest.fixture(scope="session")
def three(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Build]:
    """The three-chapter edition, copied with the assets and built once with --strict."""
    project = copy_edition(tmp_path_factory.mktemp("three") / "project")
    build = mkdocs_build(project, project.parent / "site")
    assert build.returncode == 0, build.output
    yield build


@pytest.fixture(scope="session")
def three_project(three: Build) -> Path:
    return three.site.parent / "project"


def chapter_page(three: Build, chapter: edition_facts.ChapterFacts) -> Tag:
    return article(three.site, f"{slug(chapter)}/index.html")


def block_labels(doc: Tag) -> dict[str, str]:
    """Block id -> how the apparatus names it ("¶ 2", "note 1"), read from its margin number (a note's is
    its printed number, "1.")."""
    return {a["href"][1:]: re.sub(r"^(\d+)\.$", r"note \1", a.get_text()) for a in doc.select("a.ed-pnum")}


def shown(citation: Tag) -> str:
    """A citation as a reader sees it, with its italics: 'Walt, <em>Origins of Alliances</em>, 183.'"""
    return re.sub(r"</?(?!em\b)[a-z][^>]*>", "", citation.decode_contents())


def listed_items(chapter: edition_facts.ChapterFacts) -> dict[str, str]:
    """Key -> id of its item in the chapter's list, read from the Markdown (``- @key`` + ``{: #id }``)."""
    text = (THREE / "docs" / chapter.page).read_text(encoding="utf-8")
    return dict(re.findall(r"^- @([\w:-]+)\n  \{: #([\w-]+) \}$", text, flags=re.M))


# ---------------------------------------------------------------- the build


def test_the_edition_has_three_chapters_in_three_styles() -> None:
    assert [(c.key, c.label, c.style) for c in CHAPTERS] == [
        ("al", "Chapter Alpha", "apa"), ("be", "Chapter Beta", "chicago-notes"), ("ga", "Chapter Gamma", "chicago-author-date")]


def test_the_strict_build_has_no_warnings(three: Build) -> None:
    assert three.returncode == 0 and three.warnings() == []


def test_every_declared_id_is_registered_as_published() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts/register_ids.py"), "--check", "--project", str(THREE)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ---------------------------------------------------------------- citations and lists, each in its chapter's style

# (chapter, block, the citation as shown): the in-text form of each chapter's style, with its cases.
CITATIONS = [
    ("al", "al-p2", "(Walt, 1987, p. 22)"),  # APA 7: a locator
    ("al", "al-p3", "(Kaye et al., 2011; Ramazani, 1978, p. 414)"),  # a group; three authors: et al.
    ("al", "al-p3", "(Walt, 1987; 1988)"),  # [@walt1987; -@walt1988]: the author suppressed
    ("al", "al-p4", "(<em>The Eisenhower Doctrine, 1957</em>, 2017)"),  # a title as author, italic as in the list
    ("al", "al-p2", "(“Baghdad Pact,” 1956)"),  # an article's title as author, quoted
    ("be", "fn-be1", "Walt, <em>Origins of Alliances</em>, 183."),  # Chicago notes: a printing, short form
    ("be", "fn-be3", "Sobhani, <em>Pragmatic Entente</em>, 231."),
    ("be", "fn-be5", "Parsi, <em>Treacherous Alliance</em>, 19–28."),
    ("ga", "ga-p2", "(Walt 1987, 22)"),  # Chicago author-date
    ("ga", "ga-p2", "(Dekel and Guzansky 2013)"),  # two authors
    ("ga", "ga-p2", "(Kaye, Nader, and Roshan 2011, 9)"),  # three authors
    ("ga", "ga-p7", "(Alvandi 2014a, 2014b)"),  # one author's two works of a year
    ("ga", "ga-p7", "(“Baghdad Pact” 1956, 212)"),
    ("ga", "ga-p8", "(Sobhani 1989; Parsi 2007a, 19–20)"),  # a chapter of a book
]


@pytest.mark.parametrize("key, block, expected", CITATIONS)
def test_each_chapter_cites_in_its_own_in_text_form(three: Build, key: str, block: str, expected: str) -> None:
    doc = chapter_page(three, BY_KEY[key])
    assert expected in [shown(c) for c in doc.select(f"[id='{block}'] span.citation")]


def test_a_notes_chapter_cites_only_in_its_notes_and_links_its_verbatim_notes(three: Build) -> None:
    beta = BY_KEY["be"]
    doc = chapter_page(three, beta)
    citations = doc.select("span.citation")
    assert citations and all(c.find_parent("div", class_="footnote") for c in citations)
    verbatim = {key: entry.fields["x-note-be"] for key, entry in BIB.entries.items() if "x-note-be" in entry.fields}
    assert verbatim  # notes printed as prose, linked to their works by the editor
    for key, number in verbatim.items():
        cites = doc.select_one(f"#fn-be{number} .ed-note-cites")
        assert cites.select_one("a.cite")["href"].endswith(f"#{key}")
    assert doc.select_one("#fn-be2 .ed-note-cites").get_text() == " [Ed.: cites Ramazani, 1978, p. 414]"


# (chapter, key, its entry in the chapter's list): each list in its chapter's style and preset.
REFERENCES = [
    ("al", "ramazani1978",  # its preset: a hyphen in page ranges
     "Ramazani, R. K. (1978). Iran and the Arab-Israeli conflict. Middle East Journal, 32(4), 413-428."),
    ("al", "eisenhowerdoctrine2017", "The Eisenhower Doctrine, 1957. (2017, May). The Historian of the U.S. Department of State. "
                                     "https://history.state.gov/milestones/1953-1960/eisenhower-doctrine"),
    ("be", "walt2013", "Walt, Stephen M. The Origins of Alliances. Ithaca, NY: Cornell University Press, 2013."),
    ("be", "hersh1991", "Hersh, Seymour M. “The Iran Pipeline: A Hidden Chapter/A Special Report.; U.S. Said to Have Allowed "
                        "Israel to Sell Arms to Iran.” The New York Times, December 8, 1991."),
    ("ga", "dekel2013", "Dekel, Udi, and Yoel Guzansky. 2013. “Israel and Saudi Arabia: Is the Enemy of My Enemy My Friend?” "
                        "The Institute for National Security Studies."),
    ("ga", "piccoli1999", "Piccoli, W. 1999. “Alliance Theory: The Case of Turkey and Israel.” Doctoral dissertation, Bilkent "
                          "University. http://repository.bilkent.edu.tr/handle/11693/18172."),
]


@pytest.mark.parametrize("key, work, expected", REFERENCES)
def test_each_reference_list_is_in_its_chapters_style(three: Build, key: str, work: str, expected: str) -> None:
    chapter = BY_KEY[key]
    doc = chapter_page(three, chapter)
    assert len(doc.select("div.references li")) == len(chapter.listed)
    item = doc.select_one(f"div.references li#{listed_items(chapter)[work]}")
    assert " ".join(authors_text(item).split()) == expected


# ---------------------------------------------------------------- the unified bibliography


def bibliography_page(three: Build) -> Tag:
    return article(three.site, "bibliography/index.html")


def test_the_filter_has_one_radio_per_chapter_with_its_count(three: Build) -> None:
    radios = bibliography_page(three).select("input[name='bib-paper']")
    labels = {label["for"]: label.get_text() for label in bibliography_page(three).select(".bib-controls label")}
    assert [r["id"] for r in radios] == ["bib-paper-all", *(f"bib-paper-{c.key}" for c in CHAPTERS), "bib-paper-shared"]
    assert labels["bib-paper-all"] == f"all chapters ({len(BIB.entries) - len(PRINTINGS)})"
    for chapter in CHAPTERS:
        assert labels[f"bib-paper-{chapter.key}"] == f"{chapter.label} ({sum(chapter.key in keys for keys in MEMBERSHIP.values())})"
    assert labels["bib-paper-shared"] == f"more than one ({sum(len(keys) > 1 for keys in MEMBERSHIP.values())})"


def test_each_work_is_classed_by_the_chapters_citing_or_listing_it(three: Build) -> None:
    works = bibliography_page(three).select("ol.bib-unified > li")
    assert {li["id"] for li in works} == set(BIB.entries) - PRINTINGS
    for li in works:
        chapters = MEMBERSHIP[li["id"]]
        assert {c[3:] for c in li["class"] if c.startswith("in-")} == set(chapters) | ({"shared"} if len(chapters) > 1 else set())
    assert any(len(keys) == len(CHAPTERS) for keys in MEMBERSHIP.values())  # one work in every chapter
    assert {frozenset(keys) for keys in MEMBERSHIP.values() if len(keys) == 2} == {
        frozenset(pair) for pair in (("al", "be"), ("al", "ga"), ("be", "ga"))}  # and each pair shares some


def test_the_style_switch_offers_the_chapters_styles_and_each_work_in_all(three: Build) -> None:
    page = bibliography_page(three)
    styles = list(dict.fromkeys(c.style for c in CHAPTERS))  # in chapter order
    radios = page.select("input[name='bib-style']")
    assert [r["id"] for r in radios] == [f"bib-style-{s}" for s in styles] and radios[0].has_attr("checked")
    assert [page.select_one(f"label[for='{r['id']}']").get_text() for r in radios] == [STYLE_LABELS[s] for s in styles]
    assert [STYLE_LABELS[s] for s in styles] == ["APA 7", "Chicago", "Chicago author-date"]
    for li in page.select("ol.bib-unified > li"):
        assert all(li.select_one(f".bib-{s}").get_text().strip() for s in styles), li["id"]
    # A preset is its chapter's: the editor's list keeps APA's en dash where chapter Alpha prints a hyphen.
    assert page.select_one("#ramazani1978 .bib-apa").get_text().endswith("32(4), 413–428.")


def test_the_bibliographys_json_ld_names_the_chapters_citing_each_work(three: Build) -> None:
    doc = BeautifulSoup((three.site / "bibliography/index.html").read_text(encoding="utf-8"), "lxml")
    graph = json.loads(doc.select_one("script[type='application/ld+json']").string)["@graph"]
    citing = {work["@id"].rpartition("#")[2]: {c["@id"] for c in work["@reverse"]["citation"]} for work in graph}
    assert citing == {work: {f"{SITE_URL}{slug(BY_KEY[key])}/" for key in keys} for work, keys in MEMBERSHIP.items()}


# ---------------------------------------------------------------- concordance and shared sources


def test_each_concordance_topic_lists_the_places_of_each_chapter_it_names(three: Build) -> None:
    page = article(three.site, "concordance/index.html")
    slugs = {slug(c): c.key for c in CHAPTERS}
    for topic in data(THREE, "concordance.yml"):
        dd = page.select_one(f"dt#{topic['id']}").find_next_sibling("dd")
        linked: dict[str, list[str]] = {}
        for a in dd.select("a"):
            where, _, block = a["href"].partition("/#")
            linked.setdefault(slugs[where.strip("./")], []).append(block)
        assert linked == topic["paragraphs"]
        assert [label for label in re.findall(r"(?:^|; )([^;:]+): ", dd.get_text())] == [
            BY_KEY[key].label for key in topic["paragraphs"]]


def _intersections(page: Tag) -> dict[frozenset[str], list[str]]:
    """The concordance's text alternative of its picture: the chapters of each group -> its works."""
    return {frozenset(dt["id"].removeprefix("shared-").split("-")): [c.get_text() for c in dt.find_next_sibling("dd").select("code")]
            for dt in page.select("dl.shared-works dt")}


def test_the_shared_works_are_grouped_by_exactly_the_chapters_citing_them(three: Build) -> None:
    page = article(three.site, "concordance/index.html")
    groups = _intersections(page)
    assert groups == {keys: sorted(w for w, k in MEMBERSHIP.items() if k == keys) for keys in set(MEMBERSHIP.values())}
    assert any(len(keys) == 3 for keys in groups) and any(len(keys) == 2 for keys in groups)
    svg = page.select_one("svg#sources-svg")
    assert [a["href"] for a in svg.select("a")] == [f"#{dt['id']}" for dt in page.select("dl.shared-works dt")]
    assert [t.get_text() for t in svg.select("text.label")] == [c.label for c in CHAPTERS]  # a row per chapter, in order
    assert svg.select_one("title").get_text().strip() and svg.select_one("desc").get_text().strip()


# ---------------------------------------------------------------- audit and emendations


def test_the_audit_has_a_section_per_chapter_and_reports_the_unlisted_work(three: Build) -> None:
    page = article(three.site, "source-audit/index.html")
    assert [h["id"] for h in page.select("h2[id^='audit-']")] == [f"audit-{c.key}" for c in CHAPTERS]
    for chapter in CHAPTERS:
        assert page.select_one(f"h2#audit-{chapter.key}").get_text().startswith(f"{chapter.label}: ")
        reported = {c.get_text() for c in page.select(f"#audit-{chapter.key}-cited-unlisted + ul code")}
        assert reported == chapter.cited - set(chapter.listed)
    marked = {key for key, entry in BIB.entries.items() if "x-unlisted" in entry.fields}
    assert marked and {c.get_text() for c in page.select("#audit-ga-cited-unlisted + ul code")} == marked
    notes = data(THREE, "editors-notes.yml")
    for chapter in CHAPTERS:
        assert len(page.select(f"#audit-{chapter.key}-annotated + ol > li")) == sum(n["chapter"] == chapter.key for n in notes)


def test_the_emendations_link_their_places_and_the_chapters_show_daggers(three: Build) -> None:
    records = data(THREE, "emendations.yml")
    page = article(three.site, "emendations/index.html")
    assert {r["chapter"] for r in records} == {"al", "ga"}
    for record in records:
        chapter = BY_KEY[record["chapter"]]
        link = page.select_one(f"li#{record['id']} .emendation-head a")
        assert link["href"] == f"../{slug(chapter)}/#{record['place']}"
        mark = chapter_page(three, chapter).select_one(f"[id='{record['place']}'] a.ed-mark")
        assert mark["href"] == f"../emendations/#{record['id']}" and mark.get_text() == "†"
    for chapter in CHAPTERS:
        assert len(chapter_page(three, chapter).select("a.ed-mark")) == sum(r["chapter"] == chapter.key for r in records)


# ---------------------------------------------------------------- timeline and index of names


def places(item: Tag) -> dict[str, list[str]]:
    """'Chapter Alpha' -> ['¶ 2', 'note 1']: the labelled places of a timeline event or index entry."""
    found: dict[str, list[str]] = {}
    for line in item.decode_contents().split("<br/>")[1:]:
        text = BeautifulSoup(line, "lxml").get_text()
        label, _, links = text.partition(": ")
        found[label] = links.strip().split(", ")
    return found


def expected_places(three: Build, blocks_of: Callable[[Tag], list[str]]) -> dict[str, list[str]]:
    """Chapter label -> the labels of the blocks ``blocks_of`` finds in its page, in reading order."""
    found: dict[str, list[str]] = {}
    for chapter in CHAPTERS:
        doc = chapter_page(three, chapter)
        labels = block_labels(doc)
        if blocks := [b for b in labels if b in blocks_of(doc)]:
            found[chapter.label] = [labels[b] for b in blocks]
    return found


def test_the_timeline_links_every_chapters_places_by_label(three: Build) -> None:
    page = article(three.site, "timeline/index.html")
    named: set[str] = set()
    for event in data(THREE, "timeline.yml"):
        shown_places = places(page.select_one(f"li#{event['id']}"))
        assert shown_places == expected_places(three, lambda doc: event["paragraphs"])
        named |= set(shown_places)
    assert named == {c.label for c in CHAPTERS}
    assert "Chapter Alpha: ¶ 2" in page.select_one("li#baghdad-pact-1955").get_text()


def mentioning(doc: Tag, variants: list[str]) -> list[str]:
    """Ids of the numbered blocks whose authors' text names the entry, found here independently."""
    copy = BeautifulSoup(str(doc), "lxml")
    numbered = list(block_labels(copy))
    for el in copy.select(SKIP):
        el.decompose()
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True)) + r")(?!\w)")
    return [b for b in numbered if (el := copy.select_one(f"[id='{b}']")) is not None and pattern.search(el.get_text())]


def test_the_index_of_names_links_every_mention_in_every_chapter_by_label(three: Build) -> None:
    page = article(three.site, "index-of-names/index.html")
    for entry in data(THREE, "index.yml"):
        variants = entry.get("variants") or [entry["name"]]
        shown_places = places(page.select_one(f"dt#{entry['id']}").find_next_sibling("dd"))
        assert shown_places == expected_places(three, lambda doc: mentioning(doc, variants))
        assert set(shown_places) == {c.label for c in CHAPTERS}, entry["id"]  # each name is in all three


# ---------------------------------------------------------------- cards and "Cited in"


def test_a_work_cited_but_not_listed_gets_a_card_titled_in_the_pages_in_text_form(three: Build) -> None:
    fold = edition_facts.work_of(BIB)
    for chapter in CHAPTERS:
        doc = chapter_page(three, chapter)
        unlisted = chapter.cited - set(chapter.listed)
        assert {card["id"] for card in doc.select(".cite-card[id^='card-']")} == {f"card-{k}" for k in unlisted}
    gamma = chapter_page(three, BY_KEY["ga"])
    assert gamma.select_one("#card-baghdadpact1956 .card-title").get_text() == "“Baghdad Pact” 1956"  # Chicago author-date
    cited = gamma.select_one("#card-baghdadpact1956 .card-cited").get_text()
    assert cited.startswith("Cited in ") and re.findall(r"(Chapter \w+): ", cited) == [
        c.label for c in CHAPTERS if c.key in MEMBERSHIP[fold["baghdadpact1956"]]]  # its own chapter too: it has no list item here


def test_cited_in_lines_name_the_other_chapters_by_label(three: Build) -> None:
    fold = edition_facts.work_of(BIB)
    citing = {work: [c for c in CHAPTERS if work in {fold[k] for k in c.cited}] for work in MEMBERSHIP}
    for chapter in CHAPTERS:
        doc = chapter_page(three, chapter)
        for key, item in listed_items(chapter).items():
            line = doc.select_one(f"li#{item} .ed-cited").get_text()
            others = [c.label for c in citing[fold[key]] if c.key != chapter.key]
            assert re.findall(r"(Chapter \w+): ", line) == others, (chapter.key, key, line)
    walt = chapter_page(three, BY_KEY["ga"]).select_one(f"li#{listed_items(BY_KEY['ga'])['walt1987']} .ed-cited")
    assert walt.get_text() == "Cited in ¶ 2; Chapter Alpha: ¶ 2, ¶ 3; Chapter Beta: note 1."


# ---------------------------------------------------------------- fidelity


@pytest.mark.parametrize("key", [c.key for c in CHAPTERS])
def test_each_chapter_reproduces_its_source_up_to_its_emendations(three: Build, three_project: Path, key: str) -> None:
    chapter = next(c for c in offline.chapters(three_project) if c.key == key)
    label = "docs/_data/emendations.yml"
    records = emendations.load(three_project / label, label)
    result = fidelity_check.check(chapter, records, three_project, three.site)
    assert result.problems == [] and [str(d) for d in result.differences] == []
    assert result.emendations == sum(r.chapter == key for r in records) and result.words > 100


# ---------------------------------------------------------------- in a browser


@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False])
def test_filtering_by_chapter_gamma_in_chicago_author_date(three: Build, browser_context, javascript: bool) -> None:
    in_gamma = {work for work, keys in MEMBERSHIP.items() if "ga" in keys}
    with serving(three.site) as server:
        tab = browser_context(javascript=javascript).new_page()
        tab.goto(f"{server}/bibliography/")
        tab.check("#bib-paper-ga")
        tab.check("#bib-style-chicago-author-date")
        visible = tab.evaluate("[...document.querySelectorAll('.bib-work')].filter(li => li.offsetParent !== null).map(li => li.id)")
        assert set(visible) == in_gamma
        for work in visible:
            assert tab.locator(f"#{work} .bib-chicago-author-date").is_visible()
            assert not tab.locator(f"#{work} .bib-apa").is_visible() and not tab.locator(f"#{work} .bib-chicago-notes").is_visible()
        assert tab.locator("#walt1987 .bib-chicago-author-date").inner_text() == (
            "Walt, Stephen M. 1987. The Origins of Alliances. Cornell University Press.")


# ---------------------------------------------------------------- adding a chapter, as the README says

DELTA = """\
---
title: "Small States and Their Patrons"
chapter:
  key: de
  label: Chapter Delta
  style: apa
  preset: delta-house
  source: sources/delta.txt
citation:
  title_sentence_case: "Small states and their patrons"
  authors:
    - family: Imaginary
      given: Eve
  journal: Journal of Synthetic Alliance Studies (fictitious)
  date: "2025"
  language: en
  abstract: de-p1
  license: https://creativecommons.org/licenses/by/4.0/
---

# Small States and Their Patrons {#de-title}

This synthetic chapter, added by the README's steps, asks what small states expect of their patrons. Its author, Eve Imaginary, is invented for the tests.
{: #de-p1 .abstract }

## A Patron's Promise {#de-promise}

Patrons promise more than they deliver [@imaginary2025, p. 5]. The Shah learned as much in 1962 [@alvandi2014b, p. 430], and the balance of threat explains why [@walt1987, p. 25].
{: #de-p2 }

## References {#de-references}

<div class="references" markdown>

- @alvandi2014b
  {: #de-ref1 }
- @imaginary2025
  {: #de-ref2 }
- @walt1987
  {: #de-ref3 }

</div>
"""

DELTA_SOURCE = """\
Small States and Their Patrons

This synthetic chapter, added by the README's steps, asks what small states expect of their patrons. Its author, Eve Imaginary, is invented for the tests.

A Patron's Promise

Patrons promise more than they deliver (Imaginary, 2025, p. 5). The Shah learned as much in 1962 (Alvandi, 2014b, p. 430), and the balance of threat explains why (Walt, 1987, p. 25).

References

- Alvandi, R. (2014b). The Shah's Détente with Khrushchev: Iran's 1962 Missile Base Pledge to the Soviet Union. *Cold War History*, 14(3), 423–444. <https://doi.org/10.1080/14682745.2014.890591>
- Imaginary, E. (2025). *Patrons and clients in alliance politics*. Synthetic Press.
- Walt, S. M. (1987). *The origins of alliances*. Cornell University Press.
"""

DELTA_BIB = """\
@book{imaginary2025,
  author = {Imaginary, Eve},
  title = {Patrons and Clients in Alliance Politics},
  publisher = {Synthetic Press},
  year = {2025},
}
"""

DELTA_PRESET = """
- id: delta-house
  style: apa
  about: Chapter Delta keeps the headline case of article and chapter titles.
  reference_list:
    roman_title_case: as-is
    volume: roman
"""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def script(name: str, project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / name), "--project", str(project)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def four(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Build]]:
    """A copy of the three-chapter edition with a fourth chapter added by the README's steps, with
    content and configuration only."""
    project = copy_edition(tmp_path_factory.mktemp("four") / "project")
    # 1. Write the chapter (front matter, ids on every block, citations, its list), and its source.
    (project / "docs/delta.md").write_text(DELTA, encoding="utf-8")
    (project / "sources/delta.txt").write_text(DELTA_SOURCE, encoding="utf-8")
    # 2. Add the works it cites to a .bib file in bibliography/ (here a new one).
    (project / "bibliography/delta.bib").write_text(DELTA_BIB, encoding="utf-8")
    # 3. Its consistent departure from its style: a preset, named in its front matter.
    with (project / "docs/_data/presets.yml").open("a", encoding="utf-8") as presets:
        presets.write(DELTA_PRESET)
    # 4. Add the page to nav: its place there is its place among the chapters.
    edit(project / "mkdocs.yml", '  - "Chapter Gamma": gamma.md\n', '  - "Chapter Gamma": gamma.md\n  - "Chapter Delta": delta.md\n')
    # 5. Register its ids.
    registered = script("register_ids.py", project)
    assert registered.returncode == 0, registered.stderr
    # 6. Link it from the apparatus data where it belongs.
    edit(project / "docs/_data/concordance.yml", "    ga: [ga-p7, ga-p9]\n", "    ga: [ga-p7, ga-p9]\n    de: [de-p2]\n")
    edit(project / "docs/_data/timeline.yml", "paragraphs: [al-p6, ga-p7]", "paragraphs: [al-p6, ga-p7, de-p2]")
    # 7. Build strictly (and check fidelity, below).
    build = mkdocs_build(project, project.parent / "site")
    yield project, build


def test_adding_a_fourth_chapter_by_the_readme_steps(four: tuple[Path, Build]) -> None:
    project, build = four
    assert build.returncode == 0 and build.warnings() == [], build.output
    chapters = edition_facts.chapters(project)
    membership = edition_facts.membership(project)
    delta = chapters[-1]
    assert [c.label for c in chapters] == ["Chapter Alpha", "Chapter Beta", "Chapter Gamma", "Chapter Delta"]
    published = yaml.safe_load((project / "docs/_data/published-ids.yml").read_text(encoding="utf-8"))["published"]
    assert {"de-p1", "de-p2", "de-ref1"} <= set(published["delta.md"]) and "alpha.md" in published
    # The bibliography: a filter radio with its computed count, the new work, the JSON-LD.
    bib = article(build.site, "bibliography/index.html")
    count = sum("de" in keys for keys in membership.values())
    assert bib.select_one("label[for='bib-paper-de']").get_text() == f"Chapter Delta ({count})" and count == len(delta.listed)
    assert "in-de" in bib.select_one("li#imaginary2025")["class"] and "in-shared" not in bib.select_one("li#imaginary2025")["class"]
    doc = BeautifulSoup((build.site / "bibliography/index.html").read_text(encoding="utf-8"), "lxml")
    graph = json.loads(doc.select_one("script[type='application/ld+json']").string)["@graph"]
    citing_delta = {w["@id"].rpartition("#")[2] for w in graph if f"{SITE_URL}delta/" in {c["@id"] for c in w["@reverse"]["citation"]}}
    assert citing_delta == {work for work, keys in membership.items() if "de" in keys}
    # The concordance, the timeline, the index of names (found by itself), the audit.
    concordance = article(build.site, "concordance/index.html")
    assert "Chapter Delta: ¶ 2" in concordance.select_one("dt#hedging").find_next_sibling("dd").get_text()
    assert _intersections(concordance) == {keys: sorted(w for w, k in membership.items() if k == keys) for keys in set(membership.values())}
    assert "Chapter Delta" in [t.get_text() for t in concordance.select("svg#sources-svg text.label")]
    assert "Chapter Delta: ¶ 2" in article(build.site, "timeline/index.html").select_one("li#missile-pledge-1962").get_text()
    assert "Chapter Delta: ¶ 2" in article(build.site, "index-of-names/index.html").select_one("dt#shah").find_next_sibling("dd").get_text()
    audit = article(build.site, "source-audit/index.html")
    assert [h["id"] for h in audit.select("h2[id^='audit-']")] == [f"audit-{c.key}" for c in chapters]
    # Its style and its own preset: APA in-text form, headline-case article titles in its list.
    page = article(build.site, "delta/index.html")
    assert [c.get_text() for c in page.select("#de-p2 span.citation")] == [
        "(Imaginary, 2025, p. 5)", "(Alvandi, 2014b, p. 430)", "(Walt, 1987, p. 25)"]
    assert authors_text(page.select_one("#de-ref1")).startswith("Alvandi, R. (2014b). The Shah's Détente with Khrushchev:")
    # And it reproduces its source.
    fidelity = script("check_fidelity.py", project)
    assert fidelity.returncode == 0, fidelity.stdout + fidelity.stderr
    assert "docs/delta.md: " in fidelity.stdout and "0 unrecorded difference(s)" in fidelity.stdout


def test_cited_in_lines_follow_the_chapter_order_of_the_navigation(four: tuple[Path, Build]) -> None:
    project, build = four
    alpha = article(build.site, "alpha/index.html")
    line = alpha.select_one(f"li#{listed_items(BY_KEY['al'])['walt1987']} .ed-cited").get_text()
    assert re.findall(r"(Chapter \w+): ", line) == ["Chapter Beta", "Chapter Gamma", "Chapter Delta"]


# ---------------------------------------------------------------- bad declarations stop the build with file:line


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line holding ``text``."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


REGISTERED = ", ".join(sorted(pairs.registered()))

# (file, old text, new text, how MkDocs reports it, the message: made from the edited copy, whose
#  lines it finds). A broken declaration stops the build (ERROR); a content problem is a WARNING.
BAD = [
    pytest.param("docs/gamma.md", "style: chicago-author-date", "style: harvard", "ERROR",
                 lambda p: f"docs/gamma.md:{line_of(p / 'docs/gamma.md', 'style: harvard')}: chapter: unknown citation style "
                           f"'harvard' (registered: {REGISTERED})", id="unknown style"),
    pytest.param("docs/gamma.md", "key: ga", "key: al", "ERROR",
                 lambda p: f"docs/gamma.md:{line_of(p / 'docs/gamma.md', 'chapter:')}: chapter key 'al' is also the key of "
                           f"docs/alpha.md:{line_of(p / 'docs/alpha.md', 'chapter:')}", id="duplicate chapter key"),
    pytest.param("docs/_data/concordance.yml", "    ga: [ga-p8]\n", "    zz: [ga-p8]\n", "WARNING",
                 lambda p: f"edition: docs/_data/concordance.yml:{line_of(p / 'docs/_data/concordance.yml', 'id: periphery')}: "
                           f"topic 'periphery': 'zz' is not a chapter (chapters: {', '.join(BY_KEY)}); a typo, or did a "
                           "chapter's key change or its 'chapter:' block go?", id="concordance names no chapter"),
    pytest.param("docs/beta.md", "the long life of the partnership.", "the long life of the partnership [@walt2013, 183].", "WARNING",
                 lambda p: f"edition: docs/beta.md:{line_of(p / 'docs/beta.md', 'the long life of the partnership [@walt2013')}: "
                           "citation of 'walt2013' outside a note: the chapter's style (chicago-notes) cites in notes; "
                           "put it in a footnote ([^n]: [@key, p. 3])", id="notes chapter cites in its text"),
]


@pytest.mark.parametrize("file, old, new, level, message", BAD)
def test_a_bad_declaration_fails_the_strict_build_naming_file_and_line(
        tmp_path: Path, file: str, old: str, new: str, level: str, message: Callable[[Path], str]) -> None:
    project = copy_edition(tmp_path / "project")
    edit(project / file, old, new)
    if file == "docs/beta.md":  # a change to the chapter's text, not to what it reproduces: its source is not compared
        edit(project / file, "  source: sources/beta.txt\n", "")
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 1
    reported = [line.split(" -  ", 1)[1] for line in build.output.splitlines() if line.startswith(level)]
    assert reported[0] == message(project)
    if level == "WARNING":
        assert build.warnings() == [message(project)]  # the only problem
    assert not (tmp_path / "site/index.html").exists()  # no half-right site left behind


# ---------------------------------------------------------------- the notes form's punctuation

# (old note, new note, the note's text as CMOS 17 wants it).
NOTES_FORM = [
    pytest.param("[^be3]: [@sobhani1989, 231]", "[^be3]: On the entente, see [@sobhani1989, 231] and the works it cites.",
                 "On the entente, see Sobhani, Pragmatic Entente, 231 and the works it cites.",
                 id="a citation inside a note's prose takes no period"),
    pytest.param("[^be3]: [@sobhani1989, 231]", "[^be3]: [@sobhani1989, 231].",
                 "Sobhani, Pragmatic Entente, 231.", id="the author's own period is not doubled"),
    pytest.param("[^be5]: [@parsi2007, 19–28]", "[^be5]: [@hersh1991]",
                 "Hersh, “Iran Pipeline.”", id="the period goes inside a quoted short title (CMOS 6.9)"),
]


@pytest.mark.parametrize("old, new, expected", NOTES_FORM)
def test_a_notes_citation_is_punctuated_as_its_note_needs(tmp_path: Path, old: str, new: str, expected: str) -> None:
    project = copy_edition(tmp_path / "project")
    edit(project / "docs/beta.md", old, new)
    edit(project / "docs/beta.md", "  source: sources/beta.txt\n", "")  # new note texts: no longer its source's
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    number = re.search(r"\[\^be(\d+)\]", new).group(1)
    note = article(build.site, "beta/index.html").select_one(f"#fn-be{number}")
    assert " ".join(authors_text(note).split()) == expected
