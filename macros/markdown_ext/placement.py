"""Where the editor's marks go in a block: after its last words, before its back-link or permalink."""

from __future__ import annotations

import xml.etree.ElementTree as etree

_TEXT_BLOCKS = {"p", "figcaption", "blockquote", "li", "div"}


def before_backref(block: etree.Element, new: etree.Element) -> None:
    """Insert ``new`` before the note's back-link or the heading's permalink (or at the end), so that link stays last."""
    for index, child in enumerate(block):
        if child.tag == "a" and child.get("class") in ("footnote-backref", "headerlink"):
            block.insert(index, new)
            return
    block.append(new)


def last_text_block(elem: etree.Element) -> etree.Element:
    """The innermost last block of ``elem``, so a mark follows the text, not a new line."""
    while len(elem) and elem[-1].tag in _TEXT_BLOCKS:
        elem = elem[-1]
    return elem
