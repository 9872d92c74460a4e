"""Unit tables for the pure functions: Markdown scanning, emendations, text extraction."""

from __future__ import annotations

import random
import re

import pytest

from macros import fidelity
from macros.sources import emendations, latex, names
from macros.sources import markdown_source as mdsource
from macros.markdown_ext.note_numbers import printed_number
from macros.problems import Problem


@pytest.mark.parametrize("text, masked", [
    ("a `[^x]` b", "a " + " " * len("`[^x]`") + " b"),
    ("``[^x] ` y`` z", " " * len("``[^x] ` y``") + " z"),
    ("```\n[^y]: no\n```\nafter", "   \n        \n   \nafter"),
    ("no code [^z]", "no code [^z]"),
])
def test_mask_code_blanks_code_and_keeps_lines(text: str, masked: str) -> None:
    assert mdsource.mask_code(text) == masked


@pytest.mark.parametrize("text, expected", [
    ("A.[^a1]\n\n[^a1]: N.\n", []),
    ("A.[^a1]\n", [Problem("f.md", 1, "footnote reference '[^a1]' has no definition (add a line '[^a1]: …' or remove the reference)")]),
    ("A.\n\n[^a2]: N.\n", [Problem("f.md", 3, "footnote '[^a2]' is defined but never referenced (reference it in the text or remove the definition)")]),
    ("`[^a3]`\n", []),
])
def test_footnote_problems(text: str, expected: list[Problem]) -> None:
    assert mdsource.footnote_problems(text, "f.md") == expected


def test_footnote_problems_report_file_lines_after_front_matter() -> None:
    assert mdsource.footnote_problems("x[^q]\n", "f.md", first_line=6)[0].line == 6


def test_declared_ids_in_attribute_lists_raw_html_and_footnotes() -> None:
    text = "# T {#t-title}\n\nPara.\n{: #t-p1 .lead }\n\n<p id=\"t-p2\">x</p>\n\n[^t1]: note\n\n`{: #not-an-id }`\n"
    assert list(mdsource.declared_ids(text)) == [("t-title", 1), ("t-p1", 4), ("t-p2", 6), ("fn-t1", 8)]


@pytest.mark.parametrize("label, number", [("a34", "34"), ("b1", "1"), ("note", None), ("a3b", None)])
def test_printed_number_comes_from_the_label(label: str, number: str | None) -> None:
    assert printed_number(label) == number


def _record(before: str, after: str, ident: str = "a-e01") -> emendations.Emendation:
    return emendations.Emendation(ident, "a", "a-p1", "correct", before, after, "why", 7)


@pytest.mark.parametrize("source, records, result, problems", [
    ("ab\n\ncd", (_record("ab\n\ncd", "ab cd"),), "ab cd", []),
    ("x y x", (_record("x", "z"),), "x y x", ["f:7: emendation a-e01: 'before' text occurs 2 times in the source"]),
    ("x", (_record("q", "z"),), "x", ["f:7: emendation a-e01: 'before' text does not occur in the source"]),
    ("fig", (_record("fig", "fig"),), "fig", []),
])
def test_apply_emendations(source: str, records: tuple, result: str, problems: list[str]) -> None:
    text, found = emendations.apply(source, records, "f")
    assert (text, [str(p) for p in found]) == (result, problems)


@pytest.mark.parametrize("source, body, notes", [
    ("Title\n\nText.[1] More.\n\n[1] A note.\n", ["Title", "Text. ⟦1⟧ More."], ["⟦1⟧ A note."]),
    ("- *Iran*. <https://doi.org/x>\n", ["Iran. https://doi.org/x"], []),
    ("century.¹ The\n\n¹ While\n", ["century. ⟦1⟧ The"], ["⟦1⟧ While"]),
    ("[it did not] believe\n", ["[it did not] believe"], []),
])
def test_source_streams(source: str, body: list[str], notes: list[str]) -> None:
    got_body, got_notes = fidelity.source_streams(source)
    assert ([b.text for b in got_body], [b.text for b in got_notes]) == (body, notes)


@pytest.mark.parametrize("text, emphasis, words", [
    ("a ⟨b⟩ ⟪c⟫ *d*  e", False, "a b c d e"),  # without emphasis: every mark and asterisk dropped, spaces collapsed
    ("⟪⟨x⟩⟫ y", False, "x y"),
    ("a ⟨ b⟩ ⟪c ⟫d ⟨⟩", True, "a ⟨b⟩ ⟪c⟫ d"),  # with emphasis: spaces moved outside the marks, empty ones dropped
])
def test_normalize_keeps_the_words_and_only_with_emphasis_the_marks(text: str, emphasis: bool, words: str) -> None:
    assert fidelity.normalize(text, emphasis) == words


def test_edition_streams_skip_the_editorial_layer_and_number_lists() -> None:
    html = (
        '<article class="md-content__inner"><h1 id="t">Title<a class="headerlink" href="#t">#</a></h1>'
        '<p id="p1">One<sup id="fnref-a2"><a class="footnote-ref" href="#fn-a2">2</a></sup> two'
        '<sup class="ed-mark"><a href="#e">†</a></sup></p><div class="ed-note">Ed. note</div>'
        '<ol><li id="l1">First</li><li id="l2">Second</li></ol><p id="p2">Line<br>break</p>'
        '<div class="footnote"><ol><li id="fn-a2" value="2"><p>Note.<a class="footnote-backref">↩</a></p></li></ol></div>'
        '</article>')
    body, notes = fidelity.edition_streams(html)
    assert [(b.text, b.where) for b in body] == [
        ("Title", "#t"), ("One ⟦2⟧ two", "#p1"), ("1. First", "#l1"), ("2. Second", "#l2"), ("Line", "#p2"), ("break", "#p2")]
    assert [(b.text, b.where) for b in notes] == [("⟦2⟧ Note.", "#fn-a2")]


def _random_strings(alphabet: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(count)]


def _random_tokens(extra: list[str], count: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    tokens = list(_ALPHABET) + extra
    return [[rng.choice(tokens) for _ in range(rng.randint(1, 10))] for _ in range(count)]


# Near-misses of LaTeX markup (single dash, quote, backquote, !, ?, <, ,) and the whitespace latexcodec rewrites.
_ALPHABET = "-'`\"!?<>,.;: aZ1é\n\t/()[]*+=@|ŞıİçÖ"


def test_latex_fast_paths_agree_with_latexcodec_and_pybtex() -> None:
    """What the fast paths pass through unchanged, latexcodec (decoding) and pybtex (text) leave unchanged too."""
    import codecs

    import latexcodec  # noqa: F401
    from pybtex.backends.plaintext import Backend
    from pybtex.markup import LaTeXParser

    decode_fast = dashes = text_fast = 0
    escapes = [r"\&", r"\%", r"\#", r"\_", r"\$", "--", "---", "1--21"]
    for value in _random_strings(_ALPHABET + "\\~$%&^#_{}", 40000, 7) + ["".join(p) for p in _random_tokens(escapes, 20000, 8)]:
        if (simple := latex._decode_simply(value)) is not None:
            decode_fast += 1
            dashes += "--" in value
            assert simple == codecs.decode(value, "ulatex"), repr(value)
        if not latex._MARKUP.search(value):
            text_fast += 1
            slow = " ".join(LaTeXParser(codecs.decode(value, "ulatex")).parse().render(Backend()).split())
            assert latex.latex_text(value) == slow, repr(value)
    assert decode_fast > 3000 and dashes > 1000 and text_fast > 3000  # both paths were exercised, dashes too


@pytest.mark.parametrize("value, text", [
    ("Iran--Israel", "Iran–Israel"), ("a,,b''", "a„b”"), ("{\\c{S}}en", "Şen"), ("50\\%", "50%"), ("x~y", "x y"),
    ("Iran-Israel", "Iran-Israel"), ("it's", "it's"),
])
def test_latex_text_decodes_what_needs_it(value: str, text: str) -> None:
    assert latex.latex_text(value) == text


def _listed_longest_first(variants: list[str]) -> "re.Pattern[str]":
    """The plain form of the mention pattern: every variant in turn, longest first."""
    ordered = sorted(variants, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(v) for v in ordered) + r")(?!\w)")


@pytest.mark.parametrize("data", ["docs/_data/index.yml", "docs/_data/glossary.yml"])
def test_the_mention_pattern_finds_what_the_variants_listed_longest_first_find(data: str) -> None:
    """The trie-shaped pattern against the plain one, on both papers and on every variant of the data
    alone, run together with the next, followed by a letter, a hyphen, a possessive or a plural."""
    from tests.conftest import ROOT

    entries = names.load(ROOT / data, data, glossary=data.endswith("glossary.yml"))
    pattern, owner = names.matcher(entries)
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
    text += " ".join(v + end for v in owner for end in ("", "s", "'s", "-x", "x", ".")) + "".join(owner)
    plain = _listed_longest_first(list(owner))
    found = [(m.start(), m.group(1)) for m in pattern.finditer(text)]
    assert found == [(m.start(), m.group(1)) for m in plain.finditer(text)]
    assert len({v for _, v in found}) == len(owner)  # every variant is found somewhere


@pytest.mark.parametrize("text, found", [
    ("Mohammad Reza Shah and Reza Shah", ["Mohammad Reza Shah", "Reza Shah"]),  # the longer one, then the shorter
    ("the Iran-Iraq War, Iranian oil, Iran's army", ["Iran-Iraq War", "Iranian", "Iran"]),
    ("Irani Iranx Iraqi", []),  # a variant inside a longer word is no mention
    ("Iranian Revolutionary", ["Iranian"]),  # the longest variant that ends a word
])
def test_the_mention_pattern_prefers_the_longest_variant_that_ends_a_word(text: str, found: list[str]) -> None:
    variants = ["Iran", "Iranian", "Iranian Revolution", "Iran-Iraq War", "Reza Shah", "Mohammad Reza Shah", "Iraq"]
    entries = [names.Entry(f"e{n}", v, (v,), "", "person", n) for n, v in enumerate(variants, 1)]
    pattern, _ = names.matcher(entries)
    assert [m.group(1) for m in pattern.finditer(text)] == found
    assert found == [m.group(1) for m in _listed_longest_first(variants).finditer(text)]


_NOTES = ('<p>Text.</p><div class="footnote"><hr><ol><li id="fn:1"><p>A note &amp; <em>its</em> words.'
          '<div class="x"><div>nested</div></div></p></li><li id="fn:2"><p>Two.</p></li></ol></div><p>After.</p>')


def test_each_list_of_notes_or_references_is_marked_with_its_own_estimate() -> None:
    from macros.pages import skipped_lists

    ednotes = ('<section class="ed-notes" aria-labelledby="a-ednotes"><h2 id="a-ednotes">Editor’s notes</h2>'
               '<ol><li id="ed-1"><p>So printed.</p></li></ol></section>')
    refs = '<div class="references"><ul><li id="r1">' + "Walt, Stephen M. " * 40 + "</li></ul></div>"
    marked = skipped_lists.mark(_NOTES + ednotes + refs)
    sizes = [int(s) for s in re.findall(r' data-edition-skip style="--ed-height: (\d+)em"', marked)]
    # Each list's own text (not "After.", nor the editor's notes' heading) at 16 characters an em, an em an
    # item and two the list's: the notes end at their </div>, past the nested ones ("A note &amp; its
    # words.nestedTwo.", 33 characters: 2 + 2 + 2); one short note (11 characters: 1 + 1 + 2); 680 characters, one item (42 + 1 + 2).
    assert sizes == [6, 4, 45]
    assert '<h2 id="a-ednotes">Editor’s notes</h2><ol data-edition-skip' in marked  # the list, not its section
    assert re.sub(r' data-edition-skip style="[^"]*"', "", marked) == _NOTES + ednotes + refs  # nothing else changes


@pytest.mark.parametrize("page", [
    "<p>No list here.</p>",
    '<div class="references compact"><ul><li>x</li></ul></div>',  # a list the edition did not make: never skipped
    '<section class="ed-about"><h2>About</h2><ol><li>x</li></ol></section>',
    '<section class="ed-notes"><h2>Editor’s notes</h2><p>No list.</p></section><ol><li>x</li></ol>',  # not its list
])
def test_what_is_not_a_list_of_notes_or_references_is_left_alone(page: str) -> None:
    from macros.pages import skipped_lists

    assert skipped_lists.mark(page) == page


def test_a_longer_list_is_estimated_taller() -> None:
    from macros.pages import skipped_lists

    one = skipped_lists.estimated_height("<ol><li>" + "word " * 50 + "</li></ol>")
    assert skipped_lists.estimated_height("<ol><li>" + "word " * 100 + "</li></ol>") > one
    assert skipped_lists.estimated_height("<ol>" + "<li>word</li>" * 20 + "</ol>") > skipped_lists.estimated_height("<ol><li>word</li></ol>")
