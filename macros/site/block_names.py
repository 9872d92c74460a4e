"""Editorial text names a chapter's blocks by their ids ("(a-p26)", "b-p19–b-p23"); readers see the
blocks numbered, "¶ 26", "note 36". On a page, each id in such a text reads as the block is shown
and links to it; when the text names blocks of more than one chapter, each says its chapter."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from markupsafe import Markup, escape

_TOKEN = re.compile(r"(?<![\w#/-])([A-Za-z][\w.:-]*[A-Za-z0-9])")  # an id as attribute lists allow it, not inside an address


def linked(text: str, chapter_of: Mapping[str, str], label: Callable[[str, str], str], href: Callable[[str, str], str],
           chapter_label: Callable[[str], str]) -> Markup:
    """``text`` escaped, each id of a chapter's block (``chapter_of``: id -> chapter page) a link to it
    (``href(page, id)``) reading as its block is labelled (``label(page, id)``: "¶ 26")."""
    escaped = str(escape(text))
    pages = {chapter_of[m.group(1)] for m in _TOKEN.finditer(escaped) if m.group(1) in chapter_of}
    if not pages:
        return Markup(escaped)
    several = len(pages) > 1

    def name(m: re.Match[str]) -> str:
        ident = m.group(1)
        page = chapter_of.get(ident)
        if page is None:
            return m.group(0)
        shown = f"{chapter_label(page)} {label(page, ident)}" if several else label(page, ident)
        return f'<a href="{escape(href(page, ident))}">{escape(shown)}</a>'

    return Markup(_TOKEN.sub(name, escaped))


def plain(text: str, chapter_of: Mapping[str, str], label: Callable[[str, str], str], chapter_label: Callable[[str], str]) -> str:
    """The same text without links (for search entries)."""
    pages = {chapter_of[m.group(1)] for m in _TOKEN.finditer(text) if m.group(1) in chapter_of}
    several = len(pages) > 1
    return _TOKEN.sub(lambda m: (f"{chapter_label(chapter_of[m.group(1)])} " if several else "") + label(chapter_of[m.group(1)], m.group(1))
                      if m.group(1) in chapter_of else m.group(0), text)
