"""A Python-Markdown extension that keeps the authors' printed note numbers and audits ids.

Python-Markdown numbers footnotes 1, 2, 3 … in order, but paper A skips note 33, so its
34th note would be shown as 33.  Footnote labels carry the printed number (``[^a34]``);
this tree processor shows that number in the reference, in the note list (``<li value>``)
and in the back link's title.  On chapter pages it also records which citable blocks lack
an id and marks emended blocks with a link to their emendation record.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from typing import Any
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE, STX
from pybtex.database import Entry

from ..sources.citation_syntax import Cite
from .citation_inline import CitationInlineProcessor
from .final_hrefs import FINAL_HREF, FinalHrefTreeprocessor, final_hrefs
from ..styles.referencing import InTextStyle
from ..styles.referencing.author_date import AuthorDate
from ..sources.editors_notes import EdNote, body_html, insert_mark
from .mention_links import Linker
from . import search_sections
from .reference_lists import ReferenceListTreeprocessor, ReferenceState, placeholder

_PRINTED = re.compile(r"^[a-z]+(\d+)$")

_CONTAINERS = {"div", "figure", "section"}
_TEXT_BLOCKS = {"p", "figcaption", "blockquote", "li", "div"}
_EDITORIAL = re.compile(r"(^|\s)(ed-[\w-]+|footnote)(\s|$)")


@dataclass
class PageState:
    """What the current page asks of the tree processor, and what it found."""

    require_ids: bool = False
    in_text: InTextStyle = field(default_factory=AuthorDate)  # how the page's citations read
    in_notes: bool = False  # a notes style: citations belong in the notes
    outside_notes: list[str] = field(default_factory=list)  # keys cited outside a note where they belong in one
    marks: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # id -> [(href, label)]
    cited: list[tuple[str, str, str]] = field(default_factory=list)  # (key, id of the citing block, locator)
    missing_ids: list[str] = field(default_factory=list)  # text snippets of blocks without id
    numbered: list[str] = field(default_factory=list)  # ids of body blocks in reading order: ¶ 1, ¶ 2 …
    note_links: dict[str, str] = field(default_factory=dict)  # note li id -> editorial HTML naming its works
    aliases: dict[str, list[str]] = field(default_factory=dict)  # successor id -> retired ids that land on it
    ednotes: tuple[EdNote, ...] = ()  # the editor's notes of this chapter
    ednote_problems: list[tuple[EdNote, str]] = field(default_factory=list)  # (note, what is wrong)
    linker: Linker | None = None  # index and glossary mentions (chapters only)
    search: list[tuple[str, str, str]] | None = None  # (id, title, text) of each search section (chapters only)
    citations: dict[int, tuple[Cite, ...]] = field(default_factory=dict)  # stash index -> cites of a group still to render


def printed_number(label: str) -> str | None:
    m = _PRINTED.match(label)
    return m.group(1) if m else None


def _collect_citations(root: etree.Element, state: PageState, listed: Mapping[str, str], stash: list[Any],
                       render: Callable[[tuple[Cite, ...], Callable[[str], str]], str], note_prefix: str) -> None:
    """Record (key, id of the nearest enclosing element with an id, locator) for every citation, and
    render each group left as a placeholder. A work the page's own reference list prints is
    described to screen readers by that list's item, any other by its card."""
    def describe(key: str) -> str:
        return listed.get(key, f"card-{key}-ref")

    def found(text: str | None, owner: str) -> None:
        for m in HTML_PLACEHOLDER_RE.finditer(text) if text and STX in text else ():
            cites = state.citations.get(int(m.group(1)))
            if cites is not None:
                state.cited += [(cite.key, owner, cite.locator) for cite in cites]
                if state.in_notes and not owner.startswith(note_prefix):
                    state.outside_notes += [cite.key for cite in cites]
                stash[int(m.group(1))] = render(cites, describe)

    def walk(elem: etree.Element, owner: str) -> None:
        owner = elem.get("id") or owner
        found(elem.text, owner)
        for child in elem:
            if child.tag == "a" and child.get("class") == "cite":  # paper A's notes name their works with links
                key = (child.get(FINAL_HREF) or child.get("href") or "").rpartition("#")[2]  # the address's fragment is the key
                locator = child.find("span")  # cite_link's: the link's last words
                state.cited.append((key, owner, (locator.text or "") if locator is not None else ""))
                child.set("aria-describedby", describe(key))
            walk(child, owner)
            found(child.tail, owner)
    walk(root, "")


def _editors_notes(root: etree.Element, state: PageState) -> None:
    """Marks 'Ed. n' in reading order, and the list of editor's notes at the end of the chapter."""
    order = {elem.get("id"): i for i, elem in enumerate(root.iter()) if elem.get("id")}
    placed: list[tuple[int, EdNote]] = []
    for note in sorted(state.ednotes, key=lambda n: order.get(n.anchor, len(order))):
        block = next((e for e in root.iter() if e.get("id") == note.anchor), None)
        if block is None:
            state.ednote_problems.append((note, f"anchor '#{note.anchor}' is not an id in this chapter"))
            continue
        number = len(placed) + 1
        sup = etree.Element("sup", {"class": "ed-ref"})
        link = etree.SubElement(sup, "a", {"class": "ed-noteref", "id": f"edref-{note.id}", "href": f"#{note.id}",
                                           "aria-describedby": note.id})
        link.text = f"Ed. {number}"
        if not insert_mark(block, note.after, sup):
            state.ednote_problems.append((note, f"the words '{note.after}' are not in '#{note.anchor}'"))
            continue
        placed.append((number, note))
    if not placed:
        return
    chapter = placed[0][1].chapter
    section = etree.SubElement(root, "section", {"class": "ed-notes", "aria-labelledby": f"{chapter}-ednotes"})
    heading = etree.SubElement(section, "h2", {"id": f"{chapter}-ednotes"})
    heading.text = "Editor's notes"
    items = etree.SubElement(section, "ol")
    for number, note in placed:
        li = etree.SubElement(items, "li", {"id": note.id, "value": str(number)})
        body = etree.fromstring(f"<p>{body_html(note.text)} </p>")
        back = etree.SubElement(body, "a", {"class": "ed-backref", "href": f"#edref-{note.id}", "aria-label": f"Back to Ed. {number} in the text"})
        back.text = "↩"
        li.append(body)


def _before_backref(block: etree.Element, new: etree.Element) -> None:
    """Insert ``new`` before the note's back-link or the heading's permalink (or at the end), so that link stays last."""
    for index, child in enumerate(block):
        if child.tag == "a" and child.get("class") in ("footnote-backref", "headerlink"):
            block.insert(index, new)
            return
    block.append(new)


def _last_text_block(elem: etree.Element) -> etree.Element:
    """The innermost last block of ``elem``, so a mark follows the text, not a new line."""
    while len(elem) and elem[-1].tag in _TEXT_BLOCKS:
        elem = elem[-1]
    return elem


class _NotesTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, ext: EditionMarkdown) -> None:
        super().__init__(md)
        self.ext = ext

    def _separator(self) -> str:
        for found in self.md.registeredExtensions:
            if isinstance(found, FootnoteExtension):
                return str(found.getConfig("SEPARATOR"))
        return ":"

    def run(self, root: etree.Element) -> None:
        sep = self._separator()
        for sup in root.iter("sup"):
            a = sup.find("a")
            if a is not None and a.get("class") == "footnote-ref":
                number = printed_number(a.get("href", "")[len(f"#fn{sep}"):])
                if number:
                    a.text = number
                a.set("aria-describedby", a.get("href", "#")[1:])  # the note is the reference's description
        for div in root.iter("div"):
            if div.get("class") != "footnote":
                continue
            for li in div.iter("li"):
                number = printed_number(li.get("id", "")[len(f"fn{sep}"):])
                if number:
                    li.set("value", number)
                    for back in li.iter("a"):
                        if back.get("class") == "footnote-backref":
                            back.set("title", f"Back to the reference to note {number}")
                    links = self.ext.state.note_links.get(li.get("id", ""))
                    if links:
                        _before_backref(_last_text_block(li), final_hrefs(etree.fromstring(links)))
        state = self.ext.state
        entries, cite_href = self.ext.entries, self.ext.cite_href
        _collect_citations(root, state, dict(self.ext.references.listed), self.md.htmlStash.rawHtmlBlocks,
                           lambda cites, describe: str(state.in_text.render(cites, entries, cite_href, describe)), f"fn{sep}")
        if state.require_ids:
            self._audit(root, state)
            self._number(root, state)
        if state.ednotes:  # before the index links, so a mark never lands inside a link
            _editors_notes(root, state)
        if state.linker is not None:
            state.linker.run(root)
        for elem in list(root.iter()) if state.marks else ():
            ident = elem.get("id")
            if ident and ident in state.marks:
                host = _last_text_block(elem)
                for href, label in state.marks[ident]:
                    # Its label is what a screen reader says and what its card shows on hover or focus
                    # (cards.js), which a title's tooltip never did for the keyboard.
                    link = etree.Element("a", {"class": "ed-mark", "href": href, "aria-label": label})
                    link.text = "†"
                    _before_backref(host, final_hrefs(link))
        items = {item: key for key, item in self.ext.references.listed}
        for li in (li for li in root.iter("li") if li.get("id") in items) if items else ():
            # The entry, and after every mark the item gets, where its work is cited: the plugin fills both in.
            li.text = None  # "@key"
            li.insert(0, placeholder("ref", items[li.get("id", "")]))
            li.append(placeholder("cited", items[li.get("id", "")]))
        if state.require_ids:  # a chapter: its search sections, from this tree (see macros/search_sections.py)
            state.search = search_sections.sections(root, self.md.htmlStash.rawHtmlBlocks)

    @staticmethod
    def _number(root: etree.Element, state: PageState) -> None:
        """The margin number of each numbered block (a link to its own id) and retired ids' aliases."""
        numbers = {ident: n for n, ident in enumerate(state.numbered, 1)}
        for div in root.iter("div"):
            if div.get("class") == "footnote":
                for li in div.iter("li"):
                    if li.get("value") and li.get("id") and len(li):
                        link = etree.Element("a", {"class": "ed-pnum", "href": f"#{li.get('id')}", "aria-label": f"Note {li.get('value')}"})
                        link.text = f"n. {li.get('value')}"
                        host = li[0]
                        link.tail, host.text = host.text, None
                        host.insert(0, link)
        for elem in root.iter():
            ident = elem.get("id")
            if ident in numbers:
                link = etree.Element("a", {"class": "ed-pnum", "href": f"#{ident}",
                                           "aria-label": f"Paragraph {numbers[ident]}"})
                link.text = f"¶ {numbers[ident]}"
                host = elem[0] if elem.tag == "blockquote" and len(elem) and elem[0].tag == "p" else elem
                link.tail, host.text = host.text, None
                host.insert(0, link)
            for old in state.aliases.get(ident or "", []):
                alias = etree.Element("span", {"id": old, "class": "ed-alias", "data-successor": ident or ""})
                alias.tail, elem.text = elem.text, None
                elem.insert(0, alias)

    def _audit(self, container: etree.Element, state: PageState, numbered: bool = True) -> None:
        for child in container:
            if _EDITORIAL.search(child.get("class", "")):
                continue
            if child.tag in {"p", "blockquote"}:
                self._require(child, state, numbered)
            elif child.tag in {"ul", "ol"}:
                for li in child.findall("li"):
                    self._require(li, state, numbered)
            elif child.tag in _CONTAINERS:
                # Reference-list entries have ids (permalinks) but no paragraph numbers.
                self._audit(child, state, numbered and "references" not in child.get("class", "").split())

    def _require(self, elem: etree.Element, state: PageState, numbered: bool) -> None:
        ident = elem.get("id")
        if ident:  # the usual case: no need to read the block's text
            if numbered:
                state.numbered.append(ident)
            return
        text = " ".join("".join(elem.itertext()).split())
        stashed = HTML_PLACEHOLDER_RE.fullmatch(text)
        if stashed:  # a raw HTML block: its id is in the stashed markup (and in the source)
            found = re.search(r'\sid="([^"]+)"', str(self.md.htmlStash.rawHtmlBlocks[int(stashed.group(1))]))
            ident = found.group(1) if found else None
        elif not ident:
            state.missing_ids.append(text[:80])
        if ident and numbered:
            state.numbered.append(ident)


class EditionMarkdown(Extension):
    """Registered by the plugin; the plugin sets ``state`` before each page is converted."""

    def __init__(self) -> None:
        super().__init__()
        self.state = PageState()
        self.references = ReferenceState()
        self.entries: Mapping[str, Entry] = {}
        self.cite_href: Callable[[str], str] = lambda key: f"#{key}"

    def extendMarkdown(self, md: Markdown) -> None:
        # Before links (160) and after footnote references (175), so '[^a1]' stays a footnote.
        md.inlinePatterns.register(
            CitationInlineProcessor(md, lambda: self.entries, lambda: self.state.citations), "edition-citation", 172)
        # After attr_list (8), so list items have their ids; before the audit below.
        md.treeprocessors.register(ReferenceListTreeprocessor(md, lambda: self.references), "edition-references", 7)
        # After attr_list (8) and toc (5) have run, so ids and headings are final.
        md.treeprocessors.register(_NotesTreeprocessor(md, self), "edition-notes", 4)
        # After MkDocs' link rewriting (0): the edition's own links get their addresses back.
        md.treeprocessors.register(FinalHrefTreeprocessor(md), "edition-final-hrefs", -1)
