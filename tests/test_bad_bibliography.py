"""Bad bibliographic input stops or fails the strict build with the file, the line and the key."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

PAGE = "# Home\n\nA claim [@walt1987, p. 3].\n{: #t-p1 }\n"
BIB_PAGE = {"bibliography.md": '# Bibliography\n\n<div data-edition-slot="bibliography"></div>\n'}


@pytest.mark.parametrize("bib, expected", [
    pytest.param({"bibliography/a.bib": "@book{x1,\n  title = {Unclosed,\n  year = 2001\n}\n@book{x2, title={y}}\n"},
                 "bibliography/a.bib:5: malformed BibTeX in entry 'x1' (which starts at line 1): '}' expected",
                 id="malformed entry"),
    pytest.param({"bibliography/a.bib": "@book{walt1987, title={A}, year={1987}}\n",
                  "bibliography/b.bib": "\n\n@book{walt1987, title={B}, year={1987}}\n"},
                 "bibliography/b.bib:3: duplicate citation key 'walt1987' (first defined at bibliography/a.bib:1)",
                 id="duplicate key across files"),
    pytest.param({"bibliography/a.bib": "% only a comment\n"},
                 "bibliography/a.bib:1: bibliography file holds no entries",
                 id="empty file"),
    pytest.param({"bibliography/notes.txt": "not BibTeX\n"},
                 "bibliography/*.bib:1: no BibTeX file matches this pattern",
                 id="missing bibliography"),
])
def test_unusable_bibliography_stops_the_build(tiny_site, bib, expected) -> None:
    build = tiny_site({"index.md": PAGE, **bib})
    assert build.returncode == 1
    assert f"ERROR   -  {expected}" in build.output
    assert not (build.site / "index.html").exists()


@pytest.mark.parametrize("markdown, expected", [
    pytest.param("# H\n\nText [@walt1978, p. 3].\n{: #t-p1 }\n",
                 "edition: docs/index.md:3: unknown citation key 'walt1978' (did you mean 'walt1987'?)", id="unknown key"),
    pytest.param("# H\n\nText [@walt1987, p. 3.\n{: #t-p1 }\n",
                 "edition: docs/index.md:3: unclosed citation bracket '[@…' (add the closing ']' before the paragraph ends)", id="unclosed bracket"),
    pytest.param("# H\n\nText [@].\n{: #t-p1 }\n",
                 "edition: docs/index.md:3: empty citation key '@' (write '@key')", id="empty key"),
    pytest.param("# H\n\nText [@walt1987 p. 3].\n{: #t-p1 }\n",
                 "edition: docs/index.md:3: unexpected text after '@walt1987': 'p. 3' (separate a locator with a comma)",
                 id="locator without comma"),
])
def test_bad_citation_fails_the_strict_build_with_file_line_and_key(tiny_site, markdown, expected) -> None:
    build = tiny_site({"index.md": markdown, **BIB_PAGE})
    assert build.returncode == 1
    assert build.warnings() == [expected]


def test_citation_like_text_in_code_is_left_alone(tiny_site) -> None:
    build = tiny_site({**BIB_PAGE, "index.md": "# H\n\nWrite `[@nokey]` to cite.\n{: #t-p1 }\n\n```\n[@other, p. 1]\n```\n"})
    assert build.returncode == 0, build.output
    html = (build.site / "index.html").read_text(encoding="utf-8")
    assert "<code>[@nokey]</code>" in html and "[@other, p. 1]" in html


def test_a_cited_work_listed_nowhere_must_be_marked(tiny_site) -> None:
    build = tiny_site({"index.md": PAGE, **BIB_PAGE})
    assert build.returncode == 1
    assert build.warnings() == ["edition: bibliography/tiny.bib:1: 'walt1987' is cited but listed in no paper's "
                                "reference list; mark it with an x-unlisted field saying why"]


def test_a_marked_unlisted_work_may_be_cited(tiny_site) -> None:
    bib = "@book{walt1987, author={Walt, Stephen M.}, title={The Origins of Alliances}, year={1987},\n" \
          "  x-unlisted = {cited in a note only}}\n"
    build = tiny_site({"index.md": PAGE, "bibliography/tiny.bib": bib, **BIB_PAGE})
    assert build.returncode == 0, build.output
    doc = BeautifulSoup((build.site / "index.html").read_text(encoding="utf-8"), "lxml")
    citation = doc.select_one("span.citation")
    assert citation.get_text() == "(Walt, 1987, p. 3)"
    link = citation.select_one("a.cite")
    assert (link["href"], link.select_one("span").get_text()) == ("bibliography/#walt1987", "p. 3")


def test_fields_are_escaped_and_latex_accents_decoded(tiny_site) -> None:
    bib = ("@article{ozcan2019, author={{\\\"O}zcan, G{\\\"o}khan and {\\c{S}}en, G{\\\"u}l}, "
           "title={{\\c{C}}evreleme <script>alert(1)</script> Politikas{\\i}}, journal={J}, year={2019},\n"
           "  x-unlisted = {test}}\n")
    page = "# H\n\nText [@ozcan2019].\n{: #t-p1 }\n\n<div class=\"references\" markdown>\n\n- @ozcan2019\n  {: #t-r1 }\n\n</div>\n"
    build = tiny_site({"index.md": page, "bibliography/tiny.bib": bib, **BIB_PAGE})
    assert build.returncode == 0, build.output
    html = (build.site / "index.html").read_text(encoding="utf-8")
    doc = BeautifulSoup(html, "lxml")
    assert doc.select_one("span.citation").get_text() == "(Özcan & Şen, 2019)"
    entry = doc.select_one("li#t-r1")
    assert entry.select_one(".ed-cited").extract().get_text() == "Cited in #t-p1."  # the editor's line, then the entry
    assert entry.get_text() == "Özcan, G., & Şen, G. (2019). Çevreleme <script>alert(1)</script> politikası. J."  # text …
    assert entry.find("script") is None and "<script>alert(1)" not in html  # … never as markup
