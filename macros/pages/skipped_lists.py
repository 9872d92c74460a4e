"""The lists of notes and references, which a phone may leave unrendered until the reader nears them.

Below 1220 px the browser skips styling and laying out the blocks far from the viewport
(``content-visibility: auto``, edition.css), and counts each as its estimated height. A chapter's
lists of notes, references and editor's notes hold a third to a half of its elements: skipping them
halved paper A's style and layout work at load on a phone. Their estimate must not fall short: a tool
that measures a skipped list's contents before it renders (Lighthouse's accessibility checks do)
finds what overflows the estimate lying over what follows, Material's dark footer at the end of a
chapter. So each list is estimated from the length of its text, as it reads on the narrowest screen
WCAG asks a page to fit (320 px: an em of height for every 16 characters, and an em more for each
item's spacing); tests/test_loading.py measures both papers' lists against it.

The mark, ``data-edition-skip``, is what edition.css skips, and ``--ed-height`` the estimate it uses (a
custom property: the Nu Html Checker the tests run predates ``contain-intrinsic-block-size``).
"""

from __future__ import annotations

import re

# A list's opening tag up to its ">": Python-Markdown's notes, a reference list, the editor's notes' <ol>.
_LIST = re.compile(r'<div class="(?:footnote|references)"(?=>)|<section [^>]*\bclass="ed-notes"[^>]*><h2\b.*?</h2><ol(?=>)')
_OPEN_OR_CLOSE = {tag: re.compile(rf"<(/?){tag}\b") for tag in ("div", "ol")}
_TAG = re.compile(r"<[^>]+>")
CHARACTERS_PER_EM = 16  # of a list's height at 320 px: its lines are ~1.6 em apart and ~26 em long


def estimated_height(fragment: str) -> int:
    """A list's height in ems at 320 px, from its HTML: an overestimate of what a browser renders."""
    characters = len(_TAG.sub("", fragment))  # what is not a tag: the text (an entity counts as its code, over)
    return round(characters / CHARACTERS_PER_EM) + fragment.count("<li") + 2  # an em an item, two the list's margins


def _end(page: str, start: int, tag: str) -> int:
    """Where the element whose content begins at ``start`` closes (the Markdown's HTML is well formed)."""
    depth = 1
    for m in _OPEN_OR_CLOSE[tag].finditer(page, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.start()
    return len(page)


def mark(page: str) -> str:
    """The page's HTML with each list of notes or references marked skippable, with its estimated height."""
    def marked(m: re.Match[str]) -> str:
        content = m.end() + 1  # past the opening tag's ">"
        size = estimated_height(page[content:_end(page, content, "div" if m.group(0).startswith("<div") else "ol")])
        return f'{m.group(0)} data-edition-skip style="--ed-height: {size}em"'
    return _LIST.sub(marked, page)
