"""The unified bibliography is written in pieces (macros/pages/pieces.py): the file must be exactly
the page MkDocs would have written whole, with every id the list gives known to MkDocs' link checks."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError

from macros.pages import pieces
from macros.plugin import EditionPlugin
from tests.conftest import TINY_CONFIG

LIST = ['<li id="a1">one</li>\n', "<li\nid=", '"a2">two', "</li>\n  <li", ' id="a3" class="x">', "thr", "ee é — ¶</li>\n",
        "\n" * 3, '<span id="a4"></span>', "<li id=\"a5\">" + "long line " * 40 + "</li>\n"]


@pytest.mark.parametrize("chunk", [1, 5, 16, 100, 1 << 16])
def test_the_file_is_the_page_with_the_list_in_place_of_the_mark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(pieces, "CHUNK", chunk)
    page = f'<html><head><title>B</title></head><body id="top">\n<ol>\n{pieces.MARK}</ol>\n</body></html>\n'
    path = tmp_path / "bibliography" / "index.html"  # its folder does not exist yet, as MkDocs finds it
    ids = pieces.write(str(path), page, iter(LIST), "docs/bibliography.md")
    whole = "".join(LIST)
    assert path.read_bytes() == page.replace(pieces.MARK, whole).encode("utf-8")
    assert ids == {"a1", "a2", "a3", "a4", "a5"}  # each whole, none cut in two; the page's own (top) are MkDocs'


def test_a_character_utf8_cannot_take_is_written_as_mkdocs_writes_it(tmp_path: Path) -> None:
    page = f"<p>\ud800</p>{pieces.MARK}<p>end</p>"
    path = tmp_path / "index.html"
    pieces.write(str(path), page, ["<li>\udfff</li>"], "docs/bibliography.md")
    assert path.read_bytes() == page.replace(pieces.MARK, "<li>\udfff</li>").encode("utf-8", errors="xmlcharrefreplace")


def test_a_page_whose_template_drops_its_content_stops_the_build_naming_it(tmp_path: Path) -> None:
    with pytest.raises(PluginError, match=r"^docs/bibliography\.md: the page's template does not show the page's content"):
        pieces.write(str(tmp_path / "index.html"), "<html></html>", ["<li></li>"], "docs/bibliography.md")
    assert not (tmp_path / "index.html").exists()  # nothing half-written


def test_a_list_without_line_breaks_is_written_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pieces, "CHUNK", 64)
    one_line = ['<span id="s%d">x</span>' % n for n in range(2000)]
    path = tmp_path / "index.html"
    ids = pieces.write(str(path), pieces.MARK, one_line, "docs/bibliography.md")
    assert path.read_text(encoding="utf-8") == "".join(one_line)
    assert ids == {f"s{n}" for n in range(2000)}


@pytest.mark.parametrize("message, kept", [
    ("Page skipped: 'bibliography.md'. Generated empty output.", False),  # the edition wrote it
    ("Page skipped: 'other.md'. Generated empty output.", True),  # a page some other plugin emptied
    ("Building page bibliography.md", True),
])
def test_mkdocs_says_it_skipped_only_pages_that_nobody_wrote(message: str, kept: bool) -> None:
    plugin = EditionPlugin()
    plugin.written_here = {"bibliography.md"}
    record = logging.LogRecord("mkdocs.commands.build", logging.INFO, __file__, 1, message, None, None)
    assert plugin._not_skipped(record) is kept


VALIDATED = TINY_CONFIG + "validation:\n  anchors: warn\n"
BIB_PAGE = '# Bibliography\n\nEvery work.\n\n<div data-edition-slot="bibliography"></div>\n\nAfter the list.\n'


def test_the_written_page_is_whole_and_links_to_its_works_are_checked(tiny_site) -> None:
    build = tiny_site({"index.md": "# Home\n\nSee [Walt](bibliography.md#walt1987).\n", "bibliography.md": BIB_PAGE}, VALIDATED)
    assert build.returncode == 0, build.output  # the link to #walt1987 is found: the list's ids reached MkDocs
    assert "Page skipped" not in build.output
    text = (build.site / "bibliography" / "index.html").read_text(encoding="utf-8")
    assert pieces.MARK not in text and text.rstrip().endswith("</html>")
    doc = BeautifulSoup(text, "html.parser")
    assert [li["id"] for li in doc.select("ol.bib-unified > li")] == ["walt1987"]
    assert "(1987). The origins of alliances" in doc.select_one("ol.bib-unified li#walt1987 .bib-entry").get_text()
    assert re.search(r"Every work\..*walt1987.*After the list\.", doc.get_text(" "), re.S)  # the list is where the slot was


def test_a_link_to_a_work_the_bibliography_lacks_still_fails_the_strict_build(tiny_site) -> None:
    build = tiny_site({"index.md": "# Home\n\nSee [nobody](bibliography.md#nobody1999).\n", "bibliography.md": BIB_PAGE}, VALIDATED)
    assert build.returncode != 0
    assert any("nobody1999" in w for w in build.warnings()), build.output
