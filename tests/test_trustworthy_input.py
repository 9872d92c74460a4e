"""Trustworthy input (DESIGN C12): each way an editor's input can be wrong, as the issue measured them,
fails the strict build with one message naming the file and the line — or, where the input is
valid Pandoc or Markdown, builds it right. No traceback, no half-written site, no raw syntax published."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import TINY_BIB, mkdocs_build
from tests.html import page as article  # tiny sites use MkDocs' own theme: the whole page

CHAPTER = "---\nchapter: {key: t, label: Tiny, style: apa}\ntitle: Tiny\n---\n\n"  # the body starts on line 6
BIB_PAGE = {"bibliography.md": "# Bibliography\n\n<div data-edition-slot=\"bibliography\"></div>\n"}
SECOND_BIB = "@book{david1991,\n  author = {David, Steven R.},\n  title = {Choosing Sides},\n  publisher = {Johns Hopkins},\n  year = {1991},\n}\n"


def _page(body: str) -> dict[str, str]:
    return {"ch.md": CHAPTER + body, "index.md": "# Home\n", **BIB_PAGE}


# ---------------------------------------------------------------- 1. strict whatever the verbosity

@pytest.mark.parametrize("flag", ["-q", "-v", "--quiet", "--verbose"])
def test_strict_is_strict_at_any_verbosity(tiny_site, tmp_path: Path, flag: str) -> None:
    files = {**_page("# T\n\nOne.\n{: #t-p1 }\n"), "_data/published-ids.yml": "published:\n  ch.md: [t-p1, t-p2]\nretired: []\n"}
    tiny_site(files)  # writes the project
    build = mkdocs_build(tmp_path / "project", tmp_path / "site2", flag)
    assert build.returncode == 1
    assert "strict build failed with 1 problem(s)" in build.output
    assert "docs/_data/published-ids.yml:2: published id 't-p2' no longer exists in docs/ch.md" in build.output
    assert not (tmp_path / "site2" / "index.html").exists()


# ---------------------------------------------------------------- 2. citations as Pandoc writes them

@pytest.mark.parametrize("source, rendered", [
    ("Text [@walt1987,\np. 83].", "(Walt, 1987, p. 83)"),  # across a line break
    ("Text [@walt1987;\n@david1991].", "(Walt, 1987; David, 1991)"),  # a group wrapped at ";"
    ("Text [see @walt1987, p. 3].", "(see Walt, 1987, p. 3)"),  # a prefix
    ("Text [@walt1987, p. 3, emphasis added].", "(Walt, 1987, p. 3, emphasis added)"),  # a suffix
    ("As @walt1987 [p. 87] argues.", "Walt (1987, p. 87)"),  # in the text
    ("As @walt1987 argues.", "Walt (1987)"),
])
def test_pandoc_citations_are_rendered_and_never_published_raw(tiny_site, source: str, rendered: str) -> None:
    body = f"# T\n\n{source}\n{{: #t-p1 }}\n\n<div class=\"references\" markdown>\n\n- @walt1987\n  {{: #t-r1 }}\n- @david1991\n  {{: #t-r2 }}\n\n</div>\n"
    build = tiny_site({**_page(body), "bibliography/tiny.bib": TINY_BIB + SECOND_BIB})
    assert build.returncode == 0, build.output
    paragraph = article(build.site, "ch/index.html").select_one("#t-p1")
    assert rendered in " ".join(paragraph.get_text().split())
    assert "@" not in paragraph.get_text() and "[" not in paragraph.get_text()
    assert {a["href"].split("#")[1] for a in paragraph.select("a.cite")} <= {"walt1987", "david1991"}


@pytest.mark.parametrize("source, message", [
    ("Text [@walt1987 p. 3].", "docs/ch.md:8: unexpected text after '@walt1987': 'p. 3' (separate a locator with a comma)"),
    ("Text [@walt1987, p. 3.", "docs/ch.md:8: unclosed citation bracket '[@…' (add the closing ']' before the paragraph ends)"),
    ("Text [@walt1978].", "docs/ch.md:8: unknown citation key 'walt1978' (did you mean 'walt1987'?)"),
    ("As @walt1978 argues.", "docs/ch.md:8: unknown citation key 'walt1978' (did you mean 'walt1987'?)"),
])
def test_an_unusable_citation_fails_with_its_line(tiny_site, source: str, message: str) -> None:
    build = tiny_site(_page(f"# T\n\n{source}\n{{: #t-p1 }}\n"))
    assert build.returncode == 1
    assert f"edition: {message}" in build.warnings()


# ---------------------------------------------------------------- 3. BibTeX

@pytest.mark.parametrize("bibs, message", [
    ({"bibliography/a.bib": TINY_BIB, "bibliography/b.bib": TINY_BIB.replace("walt1987", "Walt1987")},
     "bibliography/b.bib:1: duplicate citation key 'Walt1987' (first defined at bibliography/a.bib:1 as 'walt1987' "
     "(keys differ only in case, which BibTeX does not tell apart))"),
    ({"bibliography/a.bib": TINY_BIB + "\n" + SECOND_BIB + "\n" + TINY_BIB},
     "bibliography/a.bib:15: duplicate citation key 'walt1987' (first defined at bibliography/a.bib:1)"),
    ({"bibliography/a.bib": TINY_BIB + "\n@inbook{walt1987a,\n  title = {A Chapter},\n  pages = {1--9},\n  crossref = {walt1897},\n}\n"},
     "bibliography/a.bib:8: entry 'walt1987a': crossref 'walt1897' is not a key of the bibliography (did you mean 'walt1987'?)"),
    ({"bibliography/a.bib": TINY_BIB + "\n@misc{empty2020,\n  year = {2020},\n}\n"},
     "bibliography/a.bib:8: entry 'empty2020' names no author, editor or title (nor journal, booktitle or howpublished): what work is it?"),
    ({"bibliography/a.bib": TINY_BIB + "\n@article{short1990,\n  author = {Short, A.},\n  title = {T},\n  year = {1990},\n}\n"},
     "bibliography/a.bib:8: entry 'short1990' (@article) lacks the field 'journal', which the edition-apa style requires for it"),
])
def test_a_bibliography_problem_names_its_file_and_line(tiny_site, bibs: dict[str, str], message: str) -> None:
    body = "# T\n\nText [@walt1987].\n{: #t-p1 }\n\n<div class=\"references\" markdown>\n\n- @walt1987\n  {: #t-r1 }\n"
    body += "- @short1990\n  {: #t-r2 }\n\n</div>\n" if "short1990" in message else "\n</div>\n"
    build = tiny_site({**_page(body), **bibs})
    assert build.returncode == 1
    assert f"ERROR   -  {message}" in build.output


def test_a_listed_bibliography_file_that_is_gone_is_named(tiny_site) -> None:
    config = "\n".join(line for line in __import__("tests.conftest", fromlist=["TINY_CONFIG"]).TINY_CONFIG.splitlines()
                       if line.strip() != "- edition") + "\n  - edition:\n      bibliography: [bibliography/tiny.bib, bibliography/gone.bib]\n"
    build = tiny_site(_page("# T\n\nText.\n{: #t-p1 }\n"), config=config)
    assert build.returncode == 1
    assert "ERROR   -  bibliography/gone.bib:1: bibliography file not found (mkdocs.yml lists it: plugins: edition: bibliography)" in build.output


def test_many_unknown_keys_are_reported_once_with_their_likely_cause(tiny_site) -> None:
    keys = [f"lost{n:02d}" for n in range(12)]
    body = "# T\n\n" + "".join(f"Text [@{k}].\n{{: #t-p{n} }}\n\n" for n, k in enumerate(keys, 1))
    build = tiny_site(_page(body))
    assert build.returncode == 1
    [message] = build.warnings()
    assert message.startswith("edition: docs/ch.md:8: 12 cited keys are in no BibTeX file (lost00, lost01,")
    assert message.endswith("the files read were bibliography/tiny.bib: is one missing, or not listed in mkdocs.yml?")


# ---------------------------------------------------------------- 4. YAML data files

@pytest.mark.parametrize("data, text, message", [
    ("timeline.yml", "- id: ev\n  date: \"1953\"\n  label: A coup\n  paragrahs: [t-p1]\n",
     "docs/_data/timeline.yml:4: event 'ev': unknown field 'paragrahs' (allowed: id, date, label, paragraphs, index, note)"),
    ("editors-notes.yml", "- id: ed-t1\n  chapter: t\n  anchor: t-p1\n  afer: \"Text\"\n  text: A note.\n",
     "docs/_data/editors-notes.yml:4: editor's note 'ed-t1': unknown field 'afer' (allowed: id, chapter, anchor, text, after, kind)"),
    ("timeline.yml", "- id: ev\n  date: \"1925-13-45\"\n  label: A coup\n",
     "docs/_data/timeline.yml:1: event 'ev': date '1925-13-45' is not a day of the calendar (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ("timeline.yml", "- id: ev\n  date: \"1953\"\n", "docs/_data/timeline.yml:1: event 'ev': missing field 'label'"),
    ("index.yml", "- id: x\n  kind: person\n  name: X\n  gloss: Y\n  variants: [X, \"\"]\n",
     "docs/_data/index.yml:5: entry 'x': 'variants[1]': expected text matching \\w"),
    ("glossary.yml", "- id: x\n  term: X\n  term: Y\n  definition: Z\n",
     "docs/_data/glossary.yml:3: malformed YAML: key 'term' given twice in one mapping (first at line 2)"),
    ("emendations.yml", "- id: t-e01\n  chapter: t\n  place: t-p1\n  kind: typo\n  before: a\n  after: b\n  reason: c\n",
     "docs/_data/emendations.yml:4: emendation 't-e01': 'kind': must be one of: citation, correct, figure, list, reference, "
     "rejoin, split, supply"),
    ("presets.yml", "- id: house\n  style: apa\n  in_text: {yearsep: \" \"}\n",
     "docs/_data/presets.yml:1: preset 'house': unknown in-text option(s) of apa: yearsep (known: close, cite_sep, "
     "comma_in_quotes, et_al, last_names_sep, locator_sep, max_names, names_sep, open, open_quote, close_quote, "
     "page_labels, same_author_sep, two_authors, year_sep)"),
])
def test_a_data_file_problem_names_its_file_and_line(tiny_site, data: str, text: str, message: str) -> None:
    build = tiny_site({**_page("# T\n\nText.\n{: #t-p1 }\n"), f"_data/{data}": text})
    assert build.returncode == 1
    expected = re.escape(f"ERROR   -  {message}").replace("close\\,\\ cite_sep", "[a-z_, ]+")
    if data == "presets.yml":  # the list of known options: every one, in order
        assert f"ERROR   -  {message.split(' (known:')[0]}" in build.output
    else:
        assert re.search(expected, build.output), build.output


def test_a_timeline_event_naming_a_missing_index_entry_fails(tiny_site) -> None:
    build = tiny_site({**_page("# T\n\nText.\n{: #t-p1 }\n"),
                       "_data/timeline.yml": "- id: ev\n  date: \"1953\"\n  label: A coup\n  index: nobody\n"})
    assert build.returncode == 1
    assert "edition: docs/_data/timeline.yml:1: event 'ev': index 'nobody' is not an entry of docs/_data/index.yml" in build.warnings()


def test_a_data_file_that_is_not_utf8_is_named_with_its_line(tiny_site, tmp_path: Path) -> None:
    tiny_site(_page("# T\n\nText.\n{: #t-p1 }\n"))  # writes the project
    project = tmp_path / "project"
    (project / "docs/_data/glossary.yml").write_bytes(b"- id: x\n  term: X\n  definition: caf\xe9\n")
    build = mkdocs_build(project, tmp_path / "site2")
    assert build.returncode == 1
    assert "ERROR   -  docs/_data/glossary.yml:3: the file is not UTF-8 text (byte 0xe9 at offset 35); save it as UTF-8" in build.output


# ---------------------------------------------------------------- 5. editorial text is text

SCRIPT = "<script>alert(1)</script> and <img src=x onerror=alert(2)>"


def test_editorial_text_is_markdown_with_raw_html_shown_as_text(tiny_site) -> None:
    files = {**_page("# T\n\nText with an entente.\n{: #t-p1 }\n"),
             "glossary.md": "# Glossary\n\n<div data-edition-slot=\"glossary\"></div>\n",
             "source-audit.md": "# Audit\n\n<div data-edition-slot=\"audit\"></div>\n",
             "_data/glossary.yml": f"- id: entente\n  term: entente\n  definition: \"An *understanding*. {SCRIPT}\"\n",
             "_data/editors-notes.yml": f"- id: ed-t1\n  chapter: t\n  anchor: t-p1\n  text: \"A note. {SCRIPT} <b>unclosed\"\n"}
    build = tiny_site(files)
    assert build.returncode == 0, build.output
    for page in ("ch/index.html", "glossary/index.html", "source-audit/index.html"):
        html = (build.site / page).read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>unclosed" not in html, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page
    assert article(build.site, "glossary/index.html").select_one("dd em").get_text() == "understanding"  # Markdown still works
    terms = json.loads((build.site / "glossary/terms.json").read_text(encoding="utf-8"))
    assert terms["entente"][1] == "An understanding. <script>alert(1)</script> and <img src=x onerror=alert(2)>"  # text, for textContent
    script = (build.site / "assets/edition.js").read_text(encoding="utf-8") if (build.site / "assets/edition.js").exists() else ""
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script


def test_the_scripts_never_insert_data_as_html() -> None:
    from tests.conftest import ROOT

    for script in (ROOT / "docs/assets").glob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", text), script.name


# ---------------------------------------------------------------- 6. no traceback for these either

def test_a_chapter_that_is_not_utf8_is_named_with_its_line(tiny_site, tmp_path: Path) -> None:
    tiny_site(_page("# T\n\nText.\n{: #t-p1 }\n"))
    project = tmp_path / "project"
    (project / "docs/ch.md").write_bytes((CHAPTER + "# T\n\nCaf").encode() + b"\xe9.\n{: #t-p1 }\n")
    build = mkdocs_build(project, tmp_path / "site2")
    assert build.returncode == 1
    assert "ERROR   -  docs/ch.md:8: the page is not UTF-8 text" in build.output


def test_a_reference_list_naming_its_style_is_told_where_the_style_goes(tiny_site) -> None:
    body = "# T\n\nText [@walt1987].\n{: #t-p1 }\n\n<div class=\"references\" data-style=\"harvard\" markdown>\n\n- @walt1987\n  {: #t-r1 }\n\n</div>\n"
    build = tiny_site(_page(body))
    assert build.returncode == 1
    assert build.warnings() == ["edition: docs/ch.md:11: reference list: data-style='harvard' is not read; a chapter's style "
                                "and preset are declared in its front matter (chapter: {style: …, preset: …})"]


# ---------------------------------------------------------------- 7. the root cause first, once

def test_an_emptied_chapter_is_one_message_not_one_per_id(tiny_site) -> None:
    ids = [f"t-p{n}" for n in range(1, 11)]
    files = {**_page("# T\n\nOnly this is left.\n{: #t-p1 }\n"),
             "_data/published-ids.yml": "published:\n  ch.md: [" + ", ".join(ids) + "]\nretired: []\n",
             "_data/timeline.yml": "- id: ev\n  date: \"1953\"\n  label: A coup\n  paragraphs: [t-p5]\n"}
    build = tiny_site(files)
    assert build.returncode == 1
    assert build.warnings() == ["edition: docs/ch.md:2: chapter 't' no longer declares 9 of the 10 ids it published (the "
                                "first: 't-p2', docs/_data/published-ids.yml:2): was it emptied or replaced? Restore its "
                                "text, or retire each id with a successor"]


def test_a_changed_chapter_key_is_one_message(tiny_site) -> None:
    files = {**_page("# T\n\nText.\n{: #t-p1 }\n"),
             "_data/editors-notes.yml": "- id: ed-1\n  chapter: a\n  anchor: t-p1\n  text: A note.\n",
             "_data/concordance.yml": "- id: top\n  topic: A topic\n  paragraphs: {a: [t-p1]}\n"}
    build = tiny_site(files)
    assert build.returncode == 1
    assert build.warnings() == ["edition: docs/_data/editors-notes.yml:1: editor's note ed-1: 'a' is not a chapter (chapters: t) "
                                "(and 1 more record(s)); a typo, or did a chapter's key change or its 'chapter:' block go?"]


def test_broken_front_matter_stops_the_build_at_its_line(tiny_site) -> None:
    build = tiny_site({"ch.md": "---\nchapter: {key: t, label: Tiny, style: apa\ntitle: Tiny\n---\n\n# T\n", "index.md": "# Home\n"})
    assert build.returncode == 1
    assert re.search(r"ERROR   -  docs/ch\.md:\d+: malformed front matter: ", build.output)


# ---------------------------------------------------------------- 8. checked in the build, not only outside it

def test_an_emendation_whose_before_is_not_in_the_source_fails_the_build(tiny_site, tmp_path: Path) -> None:
    files = {"ch.md": "---\nchapter: {key: t, label: Tiny, style: apa, source: source.txt}\ntitle: Tiny\n---\n\n# Tiny\n\nOne word.\n{: #t-p1 }\n",
             "index.md": "# Home\n", "emendations.md": "# Emendations\n\n<div data-edition-slot=\"emendations\"></div>\n",
             "_data/emendations.yml": "- id: t-e01\n  chapter: t\n  place: t-p1\n  kind: correct\n  before: Won\n  after: One\n  reason: A typo.\n"}
    (tmp_path / "project").mkdir(parents=True, exist_ok=True)
    (tmp_path / "project" / "source.txt").write_text("Tiny\nOne word.\n", encoding="utf-8")
    build = tiny_site(files)
    assert build.returncode == 1
    assert "edition: docs/_data/emendations.yml:1: emendation t-e01: 'before' text does not occur in the source" in build.warnings()


def test_an_unrecorded_change_to_a_chapter_fails_the_build(tiny_site, tmp_path: Path) -> None:
    (tmp_path / "project").mkdir(parents=True, exist_ok=True)
    (tmp_path / "project" / "source.txt").write_text("Tiny\nOne word.\n", encoding="utf-8")
    build = tiny_site({"ch.md": "---\nchapter: {key: t, label: Tiny, style: apa, source: source.txt}\ntitle: Tiny\n---\n\n"
                                "# Tiny\n\nOne other word.\n{: #t-p1 }\n", "index.md": "# Home\n"})
    assert build.returncode == 1
    [message] = build.warnings()
    assert message.startswith("edition: docs/ch.md:9: differs from its source source.txt (line 2), and no emendation records it:")
    assert "[source: ∅] [edition: other]" in message


def test_a_chapter_changed_by_another_plugin_as_it_is_written_is_checked_as_changed(tiny_site, tmp_path: Path) -> None:
    """The edition checks each chapter ahead, before the pages are written; a plugin that changes a
    chapter's text later (its on_page_context runs before the edition's) is still caught."""
    (tmp_path / "project").mkdir(parents=True, exist_ok=True)
    (tmp_path / "project" / "source.txt").write_text("Tiny\nOne word.\n", encoding="utf-8")
    (tmp_path / "project" / "hooks.py").write_text(
        "def on_page_context(context, page, config, nav):\n"
        "    if page.file.src_uri == 'ch.md':\n"
        "        page.content += '<p id=\"t-p2\">Words no source has.</p>'\n"
        "    return context\n", encoding="utf-8")
    config = __import__("tests.conftest", fromlist=["TINY_CONFIG"]).TINY_CONFIG + "hooks:\n  - hooks.py\n"
    files = {"ch.md": "---\nchapter: {key: t, label: Tiny, style: apa, source: source.txt}\ntitle: Tiny\n---\n\n"
                      "# Tiny\n\nOne word.\n{: #t-p1 }\n", "index.md": "# Home\n"}
    build = tiny_site(files, config=config)
    assert build.returncode == 1
    assert build.warnings() == ["edition: docs/ch.md:2: differs from its source source.txt (not in it), and no emendation "
                                "records it: edition: Words no source has."]


def test_a_link_to_a_missing_anchor_fails_and_the_editions_own_ids_are_known(tiny_site) -> None:
    config = __import__("tests.conftest", fromlist=["TINY_CONFIG"]).TINY_CONFIG + "validation:\n  anchors: warn\n"
    files = {**_page("# T\n\nSee [the note](#ed-t1) and [nothing](#t-p9).\n{: #t-p1 }\n"),
             "_data/editors-notes.yml": "- id: ed-t1\n  chapter: t\n  anchor: t-p1\n  text: A note.\n"}
    build = tiny_site(files, config=config)
    assert build.returncode == 1
    warnings = [w for w in build.output.splitlines() if "anchor" in w]
    assert warnings == ["WARNING -  Doc file 'ch.md' contains a link '#t-p9', but there is no such anchor on this page."]


# ---------------------------------------------------------------- 9. also

def test_a_work_listed_twice_fails(tiny_site) -> None:
    body = "# T\n\nText [@walt1987].\n{: #t-p1 }\n\n<div class=\"references\" markdown>\n\n- @walt1987\n  {: #t-r1 }\n- @walt1987\n  {: #t-r2 }\n\n</div>\n"
    build = tiny_site(_page(body))
    assert build.returncode == 1
    assert build.warnings() == ["edition: docs/ch.md:15: reference list: '@walt1987' is listed twice (remove one of the items)"]


def test_an_indented_code_block_is_not_read_for_notes_or_citations(tiny_site) -> None:
    build = tiny_site(_page("# T\n\nText.\n{: #t-p1 }\n\n    [^nowhere] and [@nokey] are code here\n"))
    assert build.returncode == 0, build.output


def test_a_citation_in_a_heading_is_named_by_the_heading(tiny_site) -> None:
    body = "# T\n\n## Walt's theory [@walt1987] {#t-walt}\n\nText [@walt1987].\n{: #t-p1 }\n\n<div class=\"references\" markdown>\n\n- @walt1987\n  {: #t-r1 }\n\n</div>\n"
    build = tiny_site(_page(body))
    assert build.returncode == 0, build.output
    cited = article(build.site, "bibliography/index.html").select_one("li#walt1987 .bib-places").get_text()
    assert "§ Walt's theory" in cited and "#t-walt" not in cited
