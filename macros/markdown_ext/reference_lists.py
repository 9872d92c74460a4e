"""Render a chapter's printed reference list from the bibliography data.

In the Markdown a reference list is a list of citation keys in the printed order, each
with its published id, inside ``<div class="references" markdown>``.  The tree processor
swaps each ``@key`` item for the entry formatted in the chapter's style (its front matter
names it; a page that is not a chapter uses the plugin's ``style``); an unknown key is
recorded for the plugin to report with its line and a suggestion.
"""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

KEY_ITEM = re.compile(r"^@([\w:.+-]+)$")
# What a reference-list item holds until the plugin fills it in: its entry and where its work is cited.
PLACEHOLDER = re.compile(r"<!--edition-(ref|cited):([\w:.+-]+?)-->")


def placeholder(kind: str, key: str) -> etree.Element:
    """``<!--edition-ref:walt1987-->`` (kind "ref" or "cited"): a comment costs the theme's search parser
    nothing. Only after the table of contents is made: its tree processor takes every node for an element."""
    comment: etree.Element = etree.Comment(f"edition-{kind}:{key}")  # type: ignore[assignment]  # a node whose tag is etree.Comment
    return comment



@dataclass
class ReferenceState:
    known: Callable[[str], bool] = lambda key: False  # whether the bibliography has the key
    unknown: list[str] = field(default_factory=list)
    listed: list[tuple[str, str]] = field(default_factory=list)  # (key, id of the list item)
    attributes: list[str] = field(default_factory=list)  # data-style and the like, which the front matter now says
    duplicates: list[str] = field(default_factory=list)  # keys listed twice


def suggest(key: str, known: Iterable[str]) -> str:
    """' (did you mean 'walt1987'?)' for a near miss, else ''."""
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class ReferenceListTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, state: Callable[[], ReferenceState]) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        state = self.state()
        seen = {key for key, _ in state.listed}
        for div in root.iter("div"):
            if "references" not in div.get("class", "").split():
                continue
            state.attributes += [f"{k}={div.attrib.pop(k)!r}" for k in list(div.attrib) if k in ("data-style", "data-preset")]
            for li in div.iter("li"):
                m = KEY_ITEM.match((li.text or "").strip())
                if not m or len(li):
                    continue
                if not state.known(m.group(1)):
                    state.unknown.append(m.group(1))
                    continue
                if m.group(1) in seen:
                    state.duplicates.append(m.group(1))
                seen.add(m.group(1))
                state.listed.append((m.group(1), li.get("id", "")))
                # The entry itself goes in once the theme has indexed the page (the plugin gives each
                # entry a search entry of its own): the edition's tree processor puts a placeholder
                # in place of "@key" once it has checked the item's id.
