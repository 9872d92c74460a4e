"""A chapter's citable blocks: each needs an id; body blocks get a margin number (¶ 12) linking to
it, notes theirs (the authors' printed number, 34.), and a retired id lands on its successor through
an alias anchor.

A block's id is its permanent address, but ids were given before some blocks were split or joined,
so ¶ 42 may be ``#a-p39``. Each number is therefore an address too: ``#para-42`` is the id of ¶ 42's
number, so a reader who sees "¶ 42" reaches it by that number (the registry keeps the numbering, see
``sources/registry.py``)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markdown.util import HTML_PLACEHOLDER_RE

_CONTAINERS = {"div", "figure", "section"}
_EDITORIAL = re.compile(r"(^|\s)(ed-[\w-]+|footnote)(\s|$)")


@dataclass
class Blocks:
    """What the audit of a chapter's blocks found."""

    numbered: list[str] = field(default_factory=list)  # ids of body blocks in reading order: ¶ 1, ¶ 2 …
    missing_ids: list[str] = field(default_factory=list)  # text snippets of blocks without id


def audit(container: etree.Element, stash: Sequence[object], found: Blocks, numbered: bool = True) -> None:
    """Every paragraph, quotation and list item of the body (not the editor's layer or the notes) in
    reading order; reference-list items have ids (permalinks) but no paragraph numbers."""
    for child in container:
        if _EDITORIAL.search(child.get("class", "")):
            continue
        if child.tag in {"p", "blockquote"}:
            _require(child, stash, found, numbered)
        elif child.tag in {"ul", "ol"}:
            for li in child.findall("li"):
                _require(li, stash, found, numbered)
        elif child.tag in _CONTAINERS:
            audit(child, stash, found, numbered and "references" not in child.get("class", "").split())


def _require(elem: etree.Element, stash: Sequence[object], found: Blocks, numbered: bool) -> None:
    ident = elem.get("id")
    if ident:  # the usual case: no need to read the block's text
        if numbered:
            found.numbered.append(ident)
        return
    text = " ".join("".join(elem.itertext()).split())
    stashed = HTML_PLACEHOLDER_RE.fullmatch(text)
    if stashed:  # a raw HTML block: its id is in the stashed markup (and in the source)
        m = re.search(r'\sid="([^"]+)"', str(stash[int(stashed.group(1))]))
        ident = m.group(1) if m else None
    else:
        found.missing_ids.append(text[:80])
    if ident and numbered:
        found.numbered.append(ident)


def number_id(number: int) -> str:
    """The address that names a paragraph's number: 'para-42' for ¶ 42."""
    return f"para-{number}"


NUMBER_ID = re.compile(r"^para-[0-9]+$")  # reserved: an id a chapter declares may not look like one


def number(root: etree.Element, numbered: Sequence[str], aliases: Mapping[str, list[str]]) -> None:
    """The margin number of each numbered block and note (a link to its own id), and retired ids' aliases."""
    numbers = {ident: n for n, ident in enumerate(numbered, 1)}
    for div in root.iter("div"):
        if div.get("class") == "footnote":
            for li in div.iter("li"):
                if li.get("value") and li.get("id") and len(li):
                    link = etree.Element("a", {"class": "ed-pnum", "href": f"#{li.get('id')}", "aria-label": f"Note {li.get('value')}"})
                    link.text = f"{li.get('value')}."  # the authors' number, once: the list's own marker is not shown
                    host = li[0]
                    link.tail, host.text = host.text, None
                    host.insert(0, link)
    for elem in list(root.iter()):  # not the links added below, whose ids are numbers' addresses
        ident = elem.get("id")
        if ident in numbers:
            link = etree.Element("a", {"class": "ed-pnum", "href": f"#{ident}", "id": number_id(numbers[ident]),
                                       "aria-label": f"Paragraph {numbers[ident]}"})
            link.text = f"¶ {numbers[ident]}"
            host = elem[0] if elem.tag == "blockquote" and len(elem) and elem[0].tag == "p" else elem
            link.tail, host.text = host.text, None
            host.insert(0, link)
        for old in aliases.get(ident or "", []):
            alias = etree.Element("span", {"id": old, "class": "ed-alias", "data-successor": ident or ""})
            alias.tail, elem.text = elem.text, None
            elem.insert(0, alias)
