"""Bad input fails `mkdocs build --strict` with the file, the line and what is wrong."""

from __future__ import annotations

import pytest

CHAPTER = "---\nchapter: {key: t, label: Tiny, style: apa}\ntitle: Tiny\n---\n\n"


@pytest.mark.parametrize("files, expected", [
    pytest.param(
        {"index.md": "# Home\n\nText with a note.[^x1]\n{: #t-p1 }\n"},
        ["edition: docs/index.md:3: footnote reference '[^x1]' has no definition "
         "(add a line '[^x1]: …' or remove the reference)"],
        id="undefined footnote"),
    pytest.param(
        {"index.md": "# Home\n\nText.\n{: #t-p1 }\n\n[^x2]: A note nobody cites.\n"},
        ["edition: docs/index.md:6: footnote '[^x2]' is defined but never referenced "
         "(reference it in the text or remove the definition)"],
        id="unreferenced footnote"),
    pytest.param(
        {"index.md": "# Home\n\nOne.\n{: #t-p1 }\n\nTwo.\n{: #t-p1 }\n"},
        ["edition: docs/index.md:7: duplicate id 't-p1' (also declared at docs/index.md:4); "
         "ids must be unique across the edition"],
        id="duplicate id on one page"),
    pytest.param(
        {"index.md": "# Home\n\nOne.\n{: #t-p1 }\n", "other.md": "# Other\n\nTwo.\n{: #t-p1 }\n"},
        ["edition: docs/other.md:4: duplicate id 't-p1' (also declared at docs/index.md:4); "
         "ids must be unique across the edition"],
        id="duplicate id across pages"),
    pytest.param(
        {"ch.md": CHAPTER + "# Chapter\n\nHas an id.\n{: #t-p1 }\n\nForgot its id here.\n", "index.md": "# Home\n"},
        ["edition: docs/ch.md:11: block without an id: 'Forgot its id here.…' "
         "(add '{: #<id> }' on the line after it)"],
        id="chapter paragraph without id"),
    pytest.param(
        {"ch.md": CHAPTER + "# Chapter\n\nText [@walt1987].\n{: #t-p1 }\n\n<div class=\"references\" markdown>\n\n"
                            "- @walt1987\n\n</div>\n", "index.md": "# Home\n",
         "bibliography.md": "# Bibliography\n\n<div data-edition-slot=\"bibliography\"></div>\n"},
        ["edition: docs/ch.md:13: block without an id: '@walt1987…' (add '{: #<id> }' on the line after it)"],
        id="reference-list item without id"),
    pytest.param(
        {"ch.md": CHAPTER + "# Chapter\n\nText.\n{: #t-p1 }\n", "index.md": "# Home\n",
         "_data/emendations.yml": "- id: t-e01\n  chapter: t\n  place: t-p9\n  kind: correct\n"
                                  "  before: a\n  after: b\n  reason: c\n"},
        ["edition: docs/_data/emendations.yml:1: emendation t-e01: place '#t-p9' is not an id in docs/ch.md"],
        id="emendation pointing at a missing place"),
])
def test_bad_content_is_a_warning_that_fails_the_strict_build(tiny_site, files, expected) -> None:
    build = tiny_site(files)
    assert build.returncode == 1
    assert build.warnings() == expected
    assert "edition: strict build failed with" in build.output
    assert list(build.site.iterdir()) == []  # nothing half-written is left as if it were a good site


@pytest.mark.parametrize("emendations, expected", [
    ("- id: a-e01\n  chapter: [\n", "docs/_data/emendations.yml:3: malformed YAML: expected the node content, but found '<stream end>'"),
    ("- id: a-e01\n  chapter: a\n", "docs/_data/emendations.yml:1: emendation 'a-e01': missing field 'place'"),
    ("{}\n", "docs/_data/emendations.yml:1: expected a list of emendations"),
])
def test_unusable_emendation_data_stops_the_build(tiny_site, emendations, expected) -> None:
    build = tiny_site({"index.md": "# Home\n", "_data/emendations.yml": emendations})
    assert build.returncode == 1
    assert f"ERROR   -  {expected}" in build.output
    assert not (build.site / "index.html").exists()  # nothing half-written left as a good site
    # The other process is at work by then (it starts once the bibliography is read): stopped cleanly.
    assert "Traceback" not in build.output and "Exception ignored" not in build.output


def test_citation_like_text_in_code_is_left_alone(tiny_site) -> None:
    build = tiny_site({"index.md": "# Home\n\nWrite `[^x9]` for a note.\n{: #t-p1 }\n\n```\n[^y]: not a note\n```\n"})
    assert build.returncode == 0, build.output


def test_a_clean_tiny_site_builds(tiny_site) -> None:
    build = tiny_site({"index.md": "# Home\n\nA note.[^t1]\n{: #t-p1 }\n\n[^t1]: The note.\n"})
    assert build.returncode == 0, build.output
    assert build.warnings() == []


EDNOTE = "- id: ed-t1\n  chapter: t\n  anchor: {anchor}\n  after: \"{after}\"\n  text: \"A note.\"\n"


@pytest.mark.parametrize("anchor, after, expected", [
    ("t-p9", "", "edition: docs/_data/editors-notes.yml:1: editor's note ed-t1: anchor '#t-p9' is not an id in this chapter"),
    ("t-p1", "absent words", "edition: docs/_data/editors-notes.yml:1: editor's note ed-t1: the words 'absent words' are not in '#t-p1'"),
])
def test_an_editors_note_without_its_anchor_fails_the_build(tiny_site, anchor: str, after: str, expected: str) -> None:
    build = tiny_site({"ch.md": CHAPTER + "# C\n\nText here.\n{: #t-p1 }\n", "index.md": "# Home\n",
                       "_data/editors-notes.yml": EDNOTE.format(anchor=anchor, after=after)})
    assert build.returncode == 1
    assert build.warnings() == [expected]


def test_an_editors_note_is_a_separate_numbered_layer(tiny_site) -> None:
    build = tiny_site({"ch.md": CHAPTER + "# C\n\nText here.[^t1]\n{: #t-p1 }\n\n[^t1]: An author's note.\n", "index.md": "# Home\n",
                       "_data/editors-notes.yml": EDNOTE.format(anchor="t-p1", after="Text")})
    assert build.returncode == 0, build.output
    html = (build.site / "ch" / "index.html").read_text(encoding="utf-8")
    assert '<sup class="ed-ref"><a aria-describedby="ed-t1" class="ed-noteref" href="#ed-t1" id="edref-ed-t1">Ed. 1</a></sup> here.' in html
    assert '<section aria-labelledby="t-ednotes" class="ed-notes"><h2 id="t-ednotes">Editor\'s notes</h2>' in html
    assert 'class="footnote"' in html and "An author's note." in html  # the authors' notes stay their own list


@pytest.mark.parametrize("name, data, expected", [
    ("timeline.yml", "- id: ev1\n  date: \"1953\"\n  label: A coup\n  paragraphs: [t-p1, t-p9]\n",
     "edition: docs/_data/timeline.yml:1: event 'ev1' points to '#t-p9', which is not a paragraph id of any chapter"),
    ("concordance.yml", "- id: top1\n  topic: A topic\n  paragraphs: {t: [t-p7]}\n",
     "edition: docs/_data/concordance.yml:1: topic 'top1' points to '#t-p7', which is not an id of chapter 't'"),
    ("concordance.yml", "- id: top1\n  topic: A topic\n  paragraphs: {c: [t-p1]}\n",
     "edition: docs/_data/concordance.yml:1: topic 'top1': 'c' is not a chapter (chapters: t); a typo, or did a chapter's key change or its 'chapter:' block go?"),
])
def test_apparatus_data_pointing_at_a_missing_paragraph_fails(tiny_site, name: str, data: str, expected: str) -> None:
    build = tiny_site({"ch.md": CHAPTER + "# C\n\nText.\n{: #t-p1 }\n", "index.md": "# Home\n", f"_data/{name}": data})
    assert build.returncode == 1
    assert build.warnings() == [expected]


@pytest.mark.parametrize("name, data, expected", [
    ("index.yml", "- id: x\n  kind: person\n  name: [\n", "docs/_data/index.yml:4: malformed YAML"),
    ("index.yml", "- id: x\n  kind: planet\n  name: X\n  gloss: Y\n", "docs/_data/index.yml:2: entry 'x': 'kind': must be one of: event, organisation, person, place"),
    ("timeline.yml", "- id: ev1\n  date: \"Spring 1953\"\n  label: A coup\n", "docs/_data/timeline.yml:1: event 'ev1': date 'Spring 1953' is not YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_malformed_apparatus_data_stops_the_build(tiny_site, name: str, data: str, expected: str) -> None:
    build = tiny_site({"index.md": "# Home\n", f"_data/{name}": data})
    assert build.returncode == 1
    assert f"ERROR   -  {expected}" in build.output
    assert not (build.site / "index.html").exists()


def test_a_missing_part_of_the_edition_script_stops_the_build(tiny_site) -> None:
    from tests.conftest import TINY_CONFIG

    config = TINY_CONFIG + "extra_javascript:\n  - path: assets/edition.js\n    defer: true\n"
    build = tiny_site({"index.md": "# Home\n", "assets/cards.js": "(() => {})();\n"}, config=config)
    assert build.returncode == 1
    assert "ERROR   -  edition: script_parts: docs/assets/permalinks.js does not exist" in build.output
    assert not (build.site / "index.html").exists()


def test_the_edition_script_is_its_parts_in_order(tiny_site) -> None:
    from tests.conftest import TINY_CONFIG

    config = TINY_CONFIG + "extra_javascript:\n  - path: assets/edition.js\n    defer: true\n"
    parts = {f"assets/{name}.js": f"(() => {{ /* {name} */ window.{name} = 1; }})()\n" for name in ("cards", "permalinks", "place", "reading")}
    build = tiny_site({"index.md": "# Home\n", **parts}, config=config)
    assert build.returncode == 0, build.output
    assert (build.site / "assets/edition.js").read_text(encoding="utf-8") == \
        "(()=>{window.cards=1})();\n(()=>{window.permalinks=1})();\n(()=>{window.place=1})();\n(()=>{window.reading=1})();\n"
    assert sorted(p.name for p in (build.site / "assets").iterdir()) == ["edition.js"]
