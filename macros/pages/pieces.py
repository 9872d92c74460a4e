"""Pages written in pieces: a page whose HTML grows with the edition is not held whole.

The unified bibliography is the one page whose size grows with the bibliography: 7.6 MB of HTML at
8,000 works. MkDocs renders a page as one string and writes it whole, so that page was held several
times over at once (the page's content, the theme's output around it, its UTF-8 bytes): the main
process's peak on the 160-chapter corpus, 236 MiB (written in pieces, 209). Instead the page goes
through the theme and every plugin with ``MARK`` where its list goes, and the edition writes the
file itself (``write``), the list's HTML a piece at a time as jinja2 makes it. MkDocs, handed an
empty output for that page, writes nothing and would say it skipped the page: the plugin keeps that
line out of the log (``EditionPlugin._not_skipped``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from . import slots

MARK = "<!-- edition: the list written in pieces -->"
CHUNK = 1 << 16  # characters written at once: ~0.1 % of the 8,000-work page


def write_page(page: Page, output: str, pieces: Iterable[str], docs: str) -> None:
    """``write`` the page MkDocs made (``output``), and add the list's ids to those MkDocs checks links
    against once every page is written."""
    ids = write(page.file.abs_dest_path, output, pieces, f"{docs}/{page.file.src_uri}")
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= ids


def write(path: str, page: str, pieces: Iterable[str], name: str) -> set[str]:
    """Write ``page`` to ``path`` with ``pieces`` in place of its ``MARK``, as MkDocs writes a page
    (UTF-8, a character UTF-8 cannot take as a character reference, parent folders made); return
    the ids the pieces give elements (MkDocs checks links to them once every page is written)."""
    before, mark, after = page.partition(MARK)
    if not mark:
        raise PluginError(f"{name}: the page's template does not show the page's content, so its list has nowhere to go")
    ids: set[str] = set()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", errors="xmlcharrefreplace", newline="") as out:
        out.write(before)
        for chunk in _whole_lines(pieces):
            ids.update(slots.ID_ATTR.findall(chunk))
            out.write(chunk)
        out.write(after)
    return ids


def _whole_lines(pieces: Iterable[str]) -> Iterator[str]:
    """The pieces joined into chunks of about ``CHUNK`` characters, each cut just before a line break:
    an id attribute holds no line break, so none is cut in two (the break before it, which the
    pattern's ``\\s`` may be, starts the next chunk with it)."""
    held: list[str] = []
    size, limit = 0, CHUNK
    for piece in pieces:
        held.append(piece)
        size += len(piece)
        if size >= limit:
            text = "".join(held)
            cut = text.rfind("\n")
            if cut > 0:
                yield text[:cut]
                text, limit = text[cut:], CHUNK
            else:
                limit = 2 * size  # no line break yet: wait for twice as much, not join again at each piece
            held, size = [text], len(text)
    if held:
        yield "".join(held)
