"""The citation parser, the in-text style, and every citation in the built chapters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import Entry, Person

from macros.markdown_ext import note_citations as notecites
from macros.sources import citation_syntax as citations
from macros.styles.referencing import author_date as intext
from macros.sources.citation_syntax import Cite
from tests.conftest import ROOT
from tests.html import article, page


@pytest.mark.parametrize("text, expected", [
    ("[@walt1987]", [(Cite("walt1987"),)]),
    ("[@walt1987, pp. 22–23]", [(Cite("walt1987", "pp. 22–23"),)]),
    ("[@a; @b, p. 9]", [(Cite("a"), Cite("b", "p. 9"))]),
    ("[@walt1987; -@walt1988]", [(Cite("walt1987"), Cite("walt1988", suppress_author=True))]),
    ("[see @walt1987, p. 2]", [(Cite("walt1987", "p. 2", prefix="see"),)]),
    ("[see @walt1987, pp. 33–35, emphasis added; also @walt1988, chap. 1]",
     [(Cite("walt1987", "pp. 33–35", prefix="see", suffix=", emphasis added"), Cite("walt1988", "chap. 1", prefix="also"))]),
    ("[@turk2020, pp. 9–10, 39]", [(Cite("turk2020", "pp. 9–10, 39"),)]),  # a list of pages is one locator
    ("[@walt1987, a classic]", [(Cite("walt1987", suffix=", a classic"),)]),  # no locator: all of it is the suffix
    ("[@ramazani2013,\np. 83]", [(Cite("ramazani2013", "p. 83"),)]),  # across a line break
    ("[@walt1987;\n@walt1988]", [(Cite("walt1987"), Cite("walt1988"))]),
    ("@walt1987 says", [(Cite("walt1987", narrative=True),)]),  # in the text
    ("@walt1987 [p. 87] says", [(Cite("walt1987", "p. 87", narrative=True),)]),
    ("x [^a1] y [link](u) [@a] and [@b]", [(Cite("a"),), (Cite("b"),)]),
    ("mail krmturk@gmail.com, [a link @x](u)", []),  # an address; a link's text
    ("- @walt1987\n  {: #b-ref1 }", []),  # a reference list's item
    ("no citations [here]", []),
])
def test_parse_citation_groups(text: str, expected: list[tuple[Cite, ...]]) -> None:
    groups, bad = citations.parse(text)
    assert bad == []
    assert [g.cites for g in groups] == expected


@pytest.mark.parametrize("text, message", [
    ("[@walt1987, p. 3", "unclosed citation bracket '[@…' (add the closing ']' before the paragraph ends)"),
    ("[@walt1987\n\n]", "unclosed citation bracket '[@…' (add the closing ']' before the paragraph ends)"),
    ("[@]", "empty citation key '@' (write '@key')"),
    ("[@a; ]", "citation item without a key: ''"),
    ("[@a p. 3]", "unexpected text after '@a': 'p. 3' (separate a locator with a comma)"),
])
def test_malformed_citations_are_reported_with_their_offset(text: str, message: str) -> None:
    groups, bad = citations.parse("Text " + text)
    assert groups == []
    assert [(b.start, b.message) for b in bad] == [(5, message)]


def _entry(kind: str, authors: list[str], year: str, **fields: str) -> Entry:
    return Entry(kind, fields={"year": year, **fields}, persons={"author": [Person(a) for a in authors]} if authors else {})


ENTRIES = {
    "walt1987": _entry("book", ["Walt, Stephen M."], "1987", title="The Origins of Alliances"),
    "walt1988": _entry("article", ["Walt, Stephen M."], "1988", title="Testing"),
    "alvandi2014a": _entry("book", ["Alvandi, R."], "2014", title="Nixon"),
    "alvandi2014b": _entry("article", ["Alvandi, R."], "2014", title="Détente"),
    "chubin1974": _entry("book", ["Chubin, S.", "Zabih, S."], "1974", title="Foreign Relations"),
    "kaye2011": _entry("inbook", ["Kaye, D. D.", "Nader, A.", "Roshan, P."], "2011", title="History"),
    "gause2009": _entry("book", ["Gause, III, F. G."], "2009", title="Gulf"),
    "baghdadpact1956": _entry("article", [], "1956", title="{Baghdad Pact}"),
    "frus1943": _entry("book", [], "1943", title="Foreign Relations of the United States"),
    "egypt1964": _entry("article", [], "1964", title="Egypt and the Middle East: What Prospects?", shorttitle="{Egypt and The Middle East}"),
    "dos2008": _entry("misc", [], "2008", title="T", shortauthor="{Department of State}"),
    "sen2016": _entry("book", ["{\\c{S}}en, G."], "2016", title="Devrim"),
}


@pytest.mark.parametrize("source, text", [
    ("[@walt1987, pp. 22–23]", "(Walt, 1987, pp. 22–23)"),
    ("[@walt1987; -@walt1988]", "(Walt, 1987; 1988)"),
    ("[@alvandi2014a; @alvandi2014b]", "(Alvandi, 2014a, 2014b)"),
    ("[@alvandi2014a, p. 36; @alvandi2014b]", "(Alvandi, 2014a, p. 36; Alvandi, 2014b)"),
    ("[@chubin1974, Chapter 3]", "(Chubin & Zabih, 1974, Chapter 3)"),
    ("[@kaye2011, p. 9; @walt1987]", "(Kaye et al., 2011, p. 9; Walt, 1987)"),
    ("[@gause2009, p. 22]", "(Gause III, 2009, p. 22)"),
    ("[@baghdadpact1956; @frus1943]", "(“Baghdad Pact,” 1956; Foreign Relations of the United States, 1943)"),
    ("[@egypt1964]", "(“Egypt and The Middle East,” 1964)"),
    ("[@dos2008]", "(Department of State, 2008)"),
    ("[@sen2016, p. 69]", "(Şen, 2016, p. 69)"),
    ("[see @walt1987, p. 2]", "(see Walt, 1987, p. 2)"),  # Pandoc's prefix and suffix
    ("[@walt1987, pp. 33–35, emphasis added; cf. @walt1988]", "(Walt, 1987, pp. 33–35, emphasis added; cf. Walt, 1988)"),
    ("[@alvandi2014a, *passim*]", "(Alvandi, 2014a, passim)"),
    ("@walt1987 [p. 87]", "Walt (1987, p. 87)"),  # in the text
    ("@chubin1974", "Chubin & Zabih (1974)"),
    ("@frus1943", "Foreign Relations of the United States (1943)"),
])
def test_in_text_style_renders_the_printed_apa_text(source: str, text: str) -> None:
    groups, _ = citations.parse(source)
    html = intext.AuthorDate().render(groups[0].cites, ENTRIES, lambda key: f"bib/#{key}")
    assert re.sub(r"<[^>]+>", "", str(html)).replace("&amp;", "&") == text


def test_each_work_in_a_group_is_its_own_link() -> None:
    groups, _ = citations.parse("[@frus1943; @walt1987, p. 3]")
    html = str(intext.AuthorDate().render(groups[0].cites, ENTRIES, lambda key: f"bib/#{key}"))
    assert html == ('<span class="citation">(<a class="cite" href="bib/#frus1943" '
                    'aria-describedby="card-frus1943-ref"><em>Foreign Relations of the United States</em>, 1943</a>; '
                    '<a class="cite" href="bib/#walt1987" aria-describedby="card-walt1987-ref">'
                    'Walt, 1987, <span>p. 3</span></a>)</span>')


@pytest.mark.parametrize("note, locator", [
    ("Sohrab Sobhani, The Pragmatic Entente (New York: Praeger, 1989), 231.", "p. 231"),
    ("Ibid, 337.", "p. 337"),
    ("R. K. Ramazani, “Iran,” Middle East Journal 32, no. 4 (1978): 414-415. ", "pp. 414–415"),
    ("Lindenstrauss, “Israel-Azerbaijan,” 76.", "p. 76"),
    ("Seymour M. Hersch, “The Iran Pipeline,” The New York Times, December 8, 1991.", ""),
    ("Bulloch and Morris, The Gulf War.", ""),
])
def test_locator_is_read_from_a_verbatim_note(note: str, locator: str) -> None:
    assert notecites.locator(note) == locator


def test_every_citation_of_paper_b_is_linked_and_reproduces_the_print(site: Path) -> None:
    doc = article(site, "strategic-alignments/index.html")
    groups = doc.select("span.citation")
    assert len(groups) == 64
    source = (ROOT / "tests/sources/paper-b.txt").read_text(encoding="utf-8")
    text = source[: source.index("\nBeyan")]  # the body and footnote 1, not the reference list
    printed = [g.replace("*", "") for g in re.findall(r"\(([^()]*?(?:1[89]\d\d|20[0-2]\d)[a-z]?[^()]*?)\)", text)
               if "episodes" not in g and g != "1925–1979"]
    rendered = [g.get_text()[1:-1] for g in groups]
    # The body and footnote 1 are in different orders on the page: compare as multisets.
    exact = sum(min(rendered.count(t), printed.count(t)) for t in set(rendered))
    assert (exact, len(printed)) == (61, 64)  # the 3 others are recorded emendations b-e43…b-e45
    bibliography = page(site, "bibliography/index.html")
    for link in doc.select("a.cite"):
        assert link["href"].startswith("../bibliography/#")  # each work's key is its address's fragment
        assert bibliography.select_one(f"li#{link['href'].split('#')[1]}") is not None


def test_every_note_of_paper_a_names_its_work(site: Path) -> None:
    notes = article(site, "clandestine-cooperation/index.html").select("div.footnote li")
    assert len(notes) == 42
    for li in notes:
        cites = li.select(".ed-note-cites a.cite")
        assert cites, li["id"]
    ibid = article(site, "clandestine-cooperation/index.html").select_one("#fn-a3 .ed-note-cites")
    assert ibid.get_text() == " [Ed.: Ibid. = Sobhani, 1989, p. 231]"


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_a_label_as_text_is_the_label_without_its_markup(key: str) -> None:
    style = intext.AuthorDate()
    html = str(style.label(key, ENTRIES[key]))
    assert style.label_text(key, ENTRIES[key]) == re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").replace("&#39;", "'")


def test_a_form_works_out_each_works_label_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The search entries and the audit ask for a work's label once per list printing it: the form
    reads the record once, and every label of the work (HTML, text, narrative) says the same."""
    key = next(k for k in sorted(ENTRIES) if ENTRIES[k].persons.get("author"))
    fresh, style = intext.AuthorDate(), intext.AuthorDate()
    read: list[Entry] = []
    authors = intext.AuthorDate.authors
    monkeypatch.setattr(intext.AuthorDate, "authors", lambda self, entry: read.append(entry) or authors(self, entry))
    first = style.label_text(key, ENTRIES[key])
    assert [style.label_text(key, ENTRIES[key]) for _ in range(3)] == [first] * 3
    assert str(style.label(key, ENTRIES[key])) == str(fresh.label(key, ENTRIES[key]))
    narrative = style.render((citations.narrative(key, ""),), ENTRIES, lambda k: f"#{k}")
    assert narrative == fresh.render((citations.narrative(key, ""),), ENTRIES, lambda k: f"#{k}")
    assert [e is ENTRIES[key] for e in read] == [True, True]  # once for ``style``, once for ``fresh``, then never
    other = next(k for k in sorted(ENTRIES) if k != key)
    assert style.label_text(other, ENTRIES[other]) == fresh.label_text(other, ENTRIES[other])  # kept apart by key


def test_chapters_of_one_style_and_preset_share_one_in_text_form(tmp_path: Path) -> None:
    """So what a form works out once per work (AuthorDate's labels) serves every such chapter; a chapter
    of another style, or of its style without the preset, has a form of its own."""
    from dataclasses import replace

    from mkdocs.config import load_config

    from macros.publisher import Publisher
    from macros.site.index import SiteIndex
    from macros.sources import chapters, edition_data
    from macros.styles import pairs

    plugin, registered = load_config(str(ROOT / "mkdocs.yml")).plugins["edition"].config, pairs.registered()
    data = edition_data.load(ROOT, plugin, registered, edition_data.read_bibliography(ROOT, plugin))
    pages = [(p.name, p.read_text(encoding="utf-8"), f"{p.stem}/") for p in sorted((ROOT / "docs").glob("*.md"))]
    found = chapters.declared(pages, "docs", registered, {name: preset.style for name, preset in data.presets.items()})
    a, b = found["a"], found["b"]
    assert b.preset  # paper B's list and citations follow its preset
    index = SiteIndex(chapters={"a": a, "a2": replace(a, key="a2"), "b": b, "b2": replace(b, key="b2"),
                                "b-plain": replace(b, key="b-plain", preset="")})
    forms = {key: style.in_text for key, style in Publisher.create(data, plugin, index, registered, tmp_path).styles.items()}
    assert forms["a"] is forms["a2"] and forms["b"] is forms["b2"]
    assert len({id(forms[k]) for k in ("a", "b", "b-plain")}) == 3
