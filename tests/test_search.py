"""Search: the chapters are indexed from their document tree, as the theme's own parser would index
their HTML, less the editor's controls; list pages get one entry per item (macros/pages/search_entries.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests import edition_facts
from tests.conftest import ROOT

CHAPTERS = ("clandestine-cooperation/", "strategic-alignments/")
# What the edition leaves out of a chapter's index: the editor's controls and marks, not words of the text.
NOT_TEXT = ".ed-pnum, .ed-mark, .ed-ref, .ed-backref, .ed-alias, .footnote-backref"


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Each chapter's content as converted, before the edition fills in its list's entries and its block
    under the title (the chapters' text as the theme's search would parse it), and the index the build writes."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import BasePlugin, event_priority

    seen: dict[str, str] = {}

    class Capture(BasePlugin):  # type: ignore[type-arg]
        @event_priority(-200)  # after the edition has converted the page (its list's entries are filled in on_env)
        def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
            seen[page.url] = html
            return html

    site = tmp_path_factory.mktemp("search") / "site"
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
    config.plugins["capture"] = Capture()
    build(config)
    return seen, json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def _theme_sections(content: str, url: str, title: str) -> list[dict[str, str]]:
    """What Material's search plugin makes of the chapter once the editor's controls are taken out."""
    from material.plugins.search.plugin import Parser

    soup = BeautifulSoup(content, "html.parser")
    for element in soup.select(NOT_TEXT):
        element.decompose()
    parser = Parser()
    parser.feed(str(soup))
    parser.close()
    return [{"location": url + (f"#{s.id}" if s.id else ""), "title": "".join(s.title).strip() or title,
             "text": "".join(s.text).strip()} for s in parser.data]


NOTES = "div.footnote li[id], section.ed-notes li[id]"  # each note is a search entry of its own


def _without(content: str, selector: str) -> str:
    soup = BeautifulSoup(content, "html.parser")
    for element in soup.select(selector):
        element.decompose()
    return str(soup)


@pytest.mark.parametrize("url", CHAPTERS)
def test_a_chapter_is_indexed_as_the_theme_would_index_it(indexed, url: str) -> None:
    """The text outside the notes in the theme's sections; each note, as the theme would index it
    alone, an entry of its own that lands on the note."""
    seen, docs = indexed
    page = BeautifulSoup(seen[url], "html.parser")
    items = {li["id"] for li in page.select("div.references li[id]")}
    notes = {li["id"]: li for li in page.select(NOTES)}
    ours = [d for d in docs if d["location"].split("#")[0] == url and d["location"].partition("#")[2] not in items | set(notes)]
    title = ours[0]["title"]
    assert ours == _theme_sections(_without(seen[url], NOTES), url, title)
    assert len(ours) >= 10
    entries = {d["location"].partition("#")[2]: d for d in docs if d["location"].split("#")[0] == url and d["location"].partition("#")[2] in notes}
    assert list(entries) == list(notes) and len(notes) >= 9
    for ident, li in notes.items():
        number = li["value"]
        expected = _theme_sections(str(li), url, "")[0]
        assert entries[ident] == {"location": f"{url}#{ident}", "title": f"Editor’s note {number}" if ident.startswith("ed-") else f"Note {number}",
                                  "text": expected["text"]}


def test_a_word_found_only_in_a_note_finds_that_note(indexed) -> None:
    """A title's word: in the note citing the work, and at the work's bibliography entry (paper A's
    list prints it in the same words, so its entry there is found by its label)."""
    _, docs = indexed
    found = [(d["location"], d["title"]) for d in docs if "Shahanshah" in d["text"]]
    assert found == [("clandestine-cooperation/#fn-a20", "Note 20"), ("bibliography/#richards1975", "Richards, 1975")]
    assert [d["title"] for d in docs if d["location"] == "clandestine-cooperation/#a-bib29"] == ["Richards, 1975"]


def _printed(li: Any) -> str:
    """A list item's reference as readers see it, without the editor's marks and places."""
    for element in li.select(f"{NOT_TEXT}, .ed-cited"):
        element.decompose()
    return " ".join(li.get_text().split())


def test_each_list_entry_is_found_and_its_words_are_indexed_once(indexed, site: Path) -> None:
    """Every entry of a chapter's list is found by its label and lands on its item. Its reference is
    indexed there too, unless the bibliography page indexes the very same words for the work: then
    they are found at the work's entry, which links to the item."""
    import html

    seen, docs = indexed
    by_location = {d["location"]: d for d in docs}
    bibliography = BeautifulSoup((site / "bibliography/index.html").read_text(encoding="utf-8"), "html.parser")
    left_to_bibliography = kept = 0
    for url in CHAPTERS:
        built = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        for item in BeautifulSoup(seen[url], "html.parser").select("div.references li[id]"):
            key = re.search(r"<!--edition-ref:([^>]+?)-->", str(item)).group(1)
            entry, printed = by_location[f"{url}#{item['id']}"], _printed(built.select_one(f"[id='{item['id']}']"))
            work = by_location.get(f"bibliography/#{key}")
            assert entry["title"] and entry["title"] == (work or entry)["title"]  # the work's label, as on the bibliography page
            on_bibliography = html.unescape(work["text"].split("</p>")[0].removeprefix("<p>")) if work else None
            if entry["text"]:
                kept += 1
                assert html.unescape(entry["text"]) == f"<p>{printed}</p>" != f"<p>{on_bibliography}</p>"
            else:
                left_to_bibliography += 1
                assert on_bibliography == printed
                links = bibliography.select_one(f"li[id='{key}']").select(f"a[href='../{url}#{item['id']}']")
                assert links, (key, item["id"])
    assert left_to_bibliography and kept  # both cases occur: paper A prints as the bibliography does, paper B in APA


@pytest.mark.parametrize("url, absent", [("strategic-alignments/", "¶"), ("strategic-alignments/", "Ed. 1"),
                                         ("clandestine-cooperation/", "†"), ("clandestine-cooperation/", "↩")])
def test_the_editors_controls_are_not_indexed(indexed, url: str, absent: str) -> None:
    _, docs = indexed
    text = " ".join(d["title"] + " " + d["text"] for d in docs if d["location"].startswith(url))
    assert absent not in text
    assert "Kerem TÜRK" in text or url != "strategic-alignments/"  # the byline, no longer glued to "¶ 1"


def test_each_reference_list_entry_is_found_where_the_chapter_prints_it(indexed) -> None:
    _, docs = indexed
    entry = next(d for d in docs if d["location"] == "strategic-alignments/#b-ref64")
    assert entry == {"location": "strategic-alignments/#b-ref64", "title": "Walt, 1987",
                     "text": "<p>Walt, S. M. (1987). The origins of alliance. Cornell University Press.</p>"}  # paper B's own title


def test_the_theme_does_not_parse_the_chapters_or_the_list_pages(indexed) -> None:
    seen, docs = indexed
    assert "<!--edition-ref:walt1987-->" in seen["strategic-alignments/"]  # entries come after indexing
    assert 'data-edition-slot="bibliography"' in seen["bibliography/"]
    bibliography = [d for d in docs if d["location"].startswith("bibliography/")]
    assert bibliography[0]["location"] == "bibliography/" and "Every work that either paper cites" in bibliography[0]["text"]
    bib = edition_facts.bibliography(ROOT)
    works = [key for key, entry in bib.entries.items() if "x-printing-of" not in entry.fields]
    assert len(bibliography) == 1 + len(works)  # the page's introduction, then each work


def test_each_concordance_topic_is_found_by_its_name_and_lands_on_its_row(indexed) -> None:
    """The topics read from the data file; the rows' paragraph numbers are not indexed."""
    import yaml

    topics = yaml.safe_load((ROOT / "docs/_data/concordance.yml").read_text(encoding="utf-8"))
    _, docs = indexed
    entries = {d["location"]: d for d in docs if d["location"].startswith("concordance/")}
    for topic in topics:
        entry = entries[f"concordance/#{topic['id']}"]
        assert entry["title"] == " ".join(topic["topic"].split()).replace("&", "&amp;")
        note = " ".join((topic.get("note") or "").split())
        assert entry["text"].startswith(f"<p>{note[:20]}" if note else "")  # the editor's note, not the row's "Paper A: ¶ 31, …"
    assert {"concordance/#topics", "concordance/#shared-works"} <= set(entries)
    assert len(entries) == 1 + 2 + len(topics)  # the page's introduction, its two headings, each topic


def test_the_source_audit_is_found_by_its_headings(indexed, site: Path) -> None:
    """Each section of the audit page, as the built page heads it, is an entry landing on it; its long
    lists are not indexed (their notes are found in the chapters, their works on the bibliography page)."""
    doc = BeautifulSoup((site / "source-audit/index.html").read_text(encoding="utf-8"), "html.parser")
    sections = {f"source-audit/#{h['id']}": h.get_text() for h in doc.select("article :is(h2, h3)[id]")
                if h.find_parent(class_="audit-kinds") or h.find_parent(class_="audit-chapter")}
    _, docs = indexed
    entries = {d["location"]: d for d in docs if d["location"].startswith("source-audit/#")}
    assert sections and {loc: e["title"].replace("&amp;", "&") for loc, e in entries.items()} == sections
    assert all(e["text"] == "" for e in entries.values())


@pytest.mark.parametrize("index", [
    '{"config":{"lang":["en"],"separator":"[\\\\s\\\\-]+"},"docs":[{"location":"","title":"Home","text":""}]}',  # Material's
    '{"config":{},"docs":[]}',
    '{"docs": [{"location": "", "title": "Home", "text": ""}], "config": {"lang": ["en"]}}',  # another shape: parsed
    '{"config":{"x":"],\\"docs\\":["},"docs":[]}',  # a config string that looks like the docs key
])
def test_entries_are_appended_to_any_search_index(index: str, tmp_path: Path) -> None:
    from macros.pages.search_entries import SearchEntry, add, append_to_file

    entries = [SearchEntry("bibliography/#walt1987", "Walt, 1987", "<p>Walt, Stephen M. The Origins of Alliances.</p>")]
    before, after = json.loads(index), json.loads(add(index, entries))
    assert after["config"] == before["config"]
    assert after["docs"] == before["docs"] + [{"location": "bibliography/#walt1987", "title": "Walt, 1987",
                                                "text": "<p>Walt, Stephen M. The Origins of Alliances.</p>"}]
    assert add(index, []) == index
    written = tmp_path / "search_index.json"  # the same, on the file the theme wrote
    written.write_text(index, encoding="utf-8")
    append_to_file(written, entries)
    assert json.loads(written.read_text(encoding="utf-8")) == after


def test_a_list_entry_keeps_its_words_unless_the_bibliography_indexes_the_same() -> None:
    """Without a bibliography page (nothing indexed there) or where the chapter prints the work in
    other words, the entry's own reference is indexed; printed alike, it is found by its label."""
    from macros.pages.search_entries import list_items
    from macros.styles import Formatted

    formatted = {"w": Formatted("w", "<em>T</em>.", "Walt. T."), "v": Formatted("v", "U.", "Vance. U.")}
    labels, listed = {"w": "Walt, 1987", "v": "Vance, 1990"}, {"w": "c-ref1", "v": "c-ref2"}
    entries = [[(e.location, e.title, e.text) for e in list_items("c/", listed, labels, formatted, bibliography)]
               for bibliography in ({}, {"w": "Walt. T.", "v": "Vance. U, other words."})]
    assert entries == [
        [("c/#c-ref1", "Walt, 1987", "<p>Walt. T.</p>"), ("c/#c-ref2", "Vance, 1990", "<p>Vance. U.</p>")],
        [("c/#c-ref1", "Walt, 1987", ""), ("c/#c-ref2", "Vance, 1990", "<p>Vance. U.</p>")]]
