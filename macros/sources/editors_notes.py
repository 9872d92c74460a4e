"""The editor's notes: a layer of annotations distinct from the authors' notes.

Kept as data (``docs/_data/editors-notes.yml``) so the chapters stay the authors' text.  Each
note names the block it annotates (``anchor``) and, optionally, the exact words after which
its mark goes (``after``).  Marks read "Ed. 1", "Ed. 2" … in reading order, per chapter.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown

from . import yamlfile
from ..problems import DataError, Problem

_FIELDS = ("id", "chapter", "anchor", "text")


@dataclass(frozen=True)
class EdNote:
    id: str
    chapter: str
    anchor: str
    after: str
    text: str
    line: int


def load(path: Path, label: str) -> tuple[EdNote, ...]:
    notes, seen = [], set()
    for line, item in yamlfile.items(path, label, "editor's notes", "editor's notes not found"):
        if not isinstance(item, dict) or any(not isinstance(item.get(f), str) for f in _FIELDS):
            raise DataError(Problem(label, line, f"an editor's note needs text fields: {', '.join(_FIELDS)}"))
        if item["id"] in seen:
            raise DataError(Problem(label, line, f"duplicate editor's note id '{item['id']}'"))
        seen.add(item["id"])
        notes.append(EdNote(item["id"], item["chapter"], item["anchor"], str(item.get("after") or ""), item["text"], line))
    return tuple(notes)


@functools.lru_cache(maxsize=4096)
@functools.lru_cache(maxsize=None)  # a glossary definition shows on its page, in cards and in search
def body_html(text: str) -> str:
    """The note's own short Markdown (links, emphasis) as HTML, without the wrapping paragraph."""
    html = _MD.reset().convert(text)
    return re.sub(r"^<p>(.*)</p>$", r"\1", html.strip(), flags=re.S)


_MD = markdown.Markdown(extensions=[])  # one parser for every note: building one costs more than converting a note


def insert_mark(block: etree.Element, after: str, mark: etree.Element) -> bool:
    """Put ``mark`` right after the first occurrence of ``after`` in the block's text (or at its end)."""
    if not after:
        block.append(mark)
        return True
    for node in block.iter():
        for attr in ("text", "tail"):
            value = getattr(node, attr)
            if value and after in value:
                head, _, rest = value.partition(after)
                setattr(node, attr, head + after)
                mark.tail = rest + (mark.tail or "")
                if attr == "text":
                    node.insert(0, mark)
                else:
                    parent = _parent(block, node)
                    parent.insert(list(parent).index(node) + 1, mark)
                return True
    return False


def _parent(root: etree.Element, child: etree.Element) -> etree.Element:
    for node in root.iter():
        if child in list(node):
            return node
    return root
