"""The edition's Python-Markdown extension: what turns one chapter's Markdown into its HTML.

Its one tree processor runs, in this order, over the tree Python-Markdown made of the page:
the authors' printed note numbers (``note_numbers``), the citations (rendered in the page's
in-text form, ``citation_inline``), the ids and margin numbers of citable blocks
(``paragraph_numbers``), the editor's notes and emendation marks (``editors_layer``), index and
glossary links (``mention_links``), the reference list's entries (placeholders the plugin fills),
and the chapter's search sections (``search_sections``). The plugin sets ``state`` and
``references`` before each page and reads what they found after it.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.extensions.footnotes import FootnoteExtension
from markdown.treeprocessors import Treeprocessor
from pybtex.database import Entry

from ..sources.citation_syntax import Cite
from ..sources.editors_notes import EdNote
from ..styles.referencing import InTextStyle
from ..styles.referencing.author_date import AuthorDate
from . import editors_layer, note_numbers, paragraph_numbers, search_sections
from .citation_inline import CitationInlineProcessor, NarrativeInlineProcessor, collect_citations
from .final_hrefs import FinalHrefTreeprocessor
from .mention_links import Linker
from .reference_lists import ReferenceListTreeprocessor, ReferenceState, placeholder

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


class _EditionTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, ext: EditionMarkdown) -> None:
        super().__init__(md)
        self.ext = ext

    def _separator(self) -> str:
        for found in self.md.registeredExtensions:
            if isinstance(found, FootnoteExtension):
                return str(found.getConfig("SEPARATOR"))
        return ":"

    def run(self, root: etree.Element) -> None:
        sep, state, stash = self._separator(), self.ext.state, self.md.htmlStash.rawHtmlBlocks
        note_numbers.show_printed_numbers(root, sep, state.note_links)
        entries, cite_href = self.ext.entries, self.ext.cite_href
        cited, outside = collect_citations(
            root, state.citations, dict(self.ext.references.listed), stash,
            lambda cites, describe, ends_note: str(state.in_text.render(cites, entries, cite_href, describe, ends_note)),
            f"fn{sep}" if state.in_notes else None)
        state.cited += cited
        state.outside_notes += outside
        if state.require_ids:
            blocks = paragraph_numbers.Blocks()
            paragraph_numbers.audit(root, stash, blocks)
            state.numbered, state.missing_ids = blocks.numbered, blocks.missing_ids
            paragraph_numbers.number(root, state.numbered, state.aliases)
        if state.ednotes:  # before the index links, so a mark never lands inside a link
            state.ednote_problems += editors_layer.editors_notes(root, state.ednotes)
        if state.linker is not None:
            state.linker.run(root)
        editors_layer.emendation_marks(root, state.marks)
        items = {item: key for key, item in self.ext.references.listed}
        for li in (li for li in root.iter("li") if li.get("id") in items) if items else ():
            # The entry, and after every mark the item gets, where its work is cited: the plugin fills both in.
            li.text = None  # "@key"
            li.insert(0, placeholder("ref", items[li.get("id", "")]))
            li.append(placeholder("cited", items[li.get("id", "")]))
        if state.require_ids:  # a chapter: its search sections, from this tree (see search_sections.py)
            state.search = search_sections.sections(root, stash)


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
        # After the groups, so "@key" inside one is already taken; before links (160).
        md.inlinePatterns.register(
            NarrativeInlineProcessor(md, lambda: self.entries, lambda: self.state.citations), "edition-narrative", 171)
        # After attr_list (8), so list items have their ids; before the audit below.
        md.treeprocessors.register(ReferenceListTreeprocessor(md, lambda: self.references), "edition-references", 7)
        # After attr_list (8) and toc (5) have run, so ids and headings are final.
        md.treeprocessors.register(_EditionTreeprocessor(md, self), "edition-notes", 4)
        # After MkDocs' link rewriting (0): the edition's own links get their addresses back.
        md.treeprocessors.register(FinalHrefTreeprocessor(md), "edition-final-hrefs", -1)
