"""Everything the edition renders from the whole site once all pages are read (in ``on_env``):
the slot pages, each page's hover-cards and its metadata for reference managers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .sources import timeline_concordance
from .pages import apparatus
from .site import checks
from .sources import emendations
from .styles import cache
from .sources import latex
from .sources import markdown_source
from .markdown_ext import note_citations
from .pages import bibliography as pages
from .site import paragraph_citations
from .pages import search_entries as searchindex
from . import styles
from .site import works as unified
from .sources.edition_data import EditionData
from .styles.referencing import cite_link
from .styles.referencing.author_date import AuthorDate
from .site.places import Places
from .markdown_ext.reference_lists import PLACEHOLDER
from .problems import Problem
from .site.index import Chapter, SiteIndex
from .styles import Formatted

SLOT = '<div data-edition-slot="{}"></div>'
_ID_ATTR = re.compile(r'\sid="([^"]+)"')
# How each paper prints its own list (see macros/styles): chosen in the chapter with data-preset.
PRESETS = {"paper-a": styles.PAPER_A, "paper-b": styles.PAPER_B}
EXPORTS = {
    "bibtex": ("downloads/iran-alliances-edition.bib", "BibTeX"),
    "ris": ("downloads/iran-alliances-edition.ris", "RIS"),
    "csl": ("downloads/iran-alliances-edition.json", "CSL-JSON"),
}
Options = tuple[tuple[str, str], ...]


@dataclass
class Publisher:
    data: EditionData
    config: Any  # the plugin's configuration
    index: SiteIndex
    intext: AuthorDate = field(default_factory=AuthorDate)
    sources: dict[str, str] = field(default_factory=dict)  # page -> its Markdown
    styles: dict[str, tuple[str, Options]] = field(default_factory=dict)  # page -> its reference-list style
    mentions: list[tuple[str, str, str]] = field(default_factory=list)  # (index entry, page, block)
    page_terms: dict[str, list[str]] = field(default_factory=dict)  # page -> glossary terms linked on it
    formatted: dict[tuple[str, Options], dict[str, Formatted]] = field(default_factory=dict)
    _places: Places | None = None  # where each work is cited, made once all pages are read
    labels: dict[str, Markup] = field(default_factory=dict)  # key -> in-text label, made once per build
    text_labels: dict[str, str] | None = None  # key -> in-text label as text
    _works: list[unified.Work] | None = None
    deferred_items: dict[str, dict[tuple[str, str], Markup]] = field(default_factory=dict)  # page -> (kind, key) -> list item part
    cache_dir: Path | None = None  # formatted entries kept between builds
    deferred: dict[str, tuple[str, str]] = field(default_factory=dict)  # page -> (slot, HTML) filled after search indexing
    search_entries: list[searchindex.SearchEntry] = field(default_factory=list)  # the deferred slots' own search entries
    notes_citing: dict[str, dict[str, list[str]]] | None = None  # chapter -> note number -> keys (x-note-<chapter>)

    # ----- while pages are read
    def format_reference(self, key: str, style: str, options: Options) -> str | None:
        if key not in self.data.entries:
            return None
        return self.formatted_in(style, options)[key].html

    def formatted_in(self, style: str, options: Options) -> dict[str, Formatted]:
        if (style, options) not in self.formatted:
            chosen = dict(options)
            preset = chosen.pop("preset", None)
            if preset is not None:
                if preset not in PRESETS:
                    raise PluginError(f"unknown reference-list preset '{preset}' (one of: {', '.join(PRESETS)})")
                chosen = {**PRESETS[preset], **chosen}
            bib = self.data.bibliography.data
            self.formatted[(style, options)] = cache.formatted(
                self.cache_dir, bib, sorted(self.data.entries), style, chosen,
                lambda keys: styles.format_entries(bib, keys, style, **chosen), whole=self.data.bibliography.digest)
        return self.formatted[(style, options)]

    def marks(self, chapter: str, page: Page, target: str) -> dict[str, list[tuple[str, str]]]:
        """Daggers on emended blocks, each linking to its record on the emendations page (at ``target``)."""
        marks: dict[str, list[tuple[str, str]]] = {}
        for rec in self.data.emendations:
            if rec.chapter == chapter:
                label = f"Emendation: {emendations.KINDS[rec.kind]}"  # its record's id is in its address (and card)
                marks.setdefault(rec.place, []).append((f"{target}#{rec.id}", label))
        return marks

    def note_links(self, markdown: str, chapter: str, cite_href: Callable[[str], str]) -> dict[str, str]:
        """'[Ed.: cites …]' after each verbatim note, naming its work(s), "Ibid." resolved."""
        out = {}
        if self.notes_citing is None:  # one pass over the bibliography per build, not one per chapter
            self.notes_citing = note_citations.notes_citing(self.data.bibliography.data.entries)
        for number, found in note_citations.cites(markdown, chapter, self.notes_citing.get(chapter, {})).items():
            parts = []
            for cite in found:
                label = self.intext.label(cite.key, self.data.entries[cite.key])
                link = cite_link(cite_href(cite.key), cite.key, cite.locator, label, self.intext.locator_sep)
                parts.append(Markup("{}{}").format("Ibid. = " if cite.ibid else "cites ", link))
            out[f"fn{self.index.separator}{chapter}{number}"] = str(
                Markup('<span class="ed-note-cites"> [<span class="ed-label">Ed.:</span> {}]</span>').format(Markup("; ").join(parts)))
        return out

    # ----- once all pages are read
    def problems(self) -> list[Problem]:
        chapters = self.index.chapters.values()
        ids = {i for ch in chapters for i in ch.ids}
        found = checks.emendation_problems(self.data.emendations, self.index, self.config.emendations)
        found += checks.unlisted_problems(self.index, self.data.entries, self.data.bibliography.where)
        found += self.data.registry.problems({ch.src: ch.ids for ch in chapters}, {ch.src: ch.file for ch in chapters})
        for event in self.data.timeline:
            found += timeline_concordance.missing_ids(self.config.timeline, {p: event.line for p in event.paragraphs}, ids, f"event '{event.id}'")
        for topic in self.data.concordance:
            found += timeline_concordance.missing_ids(self.config.concordance, {p: topic.line for p in topic.a + topic.b}, ids, f"topic '{topic.id}'")
        return found

    def fill(self, files: Files, config: Any) -> None:
        """Render every slot page and each page's cards and metadata. A slot with search entries of
        its own waits in ``deferred`` until the theme has indexed the rest of its page (``fill_deferred``)."""
        url = {path: (f.url if (f := files.get_file_from_path(path)) else "") for path in (
            self.config.bibliography_page, self.config.index_page, self.config.glossary_page)}
        bib_url = url[self.config.bibliography_page]
        chapter_of = {i: ch.src for ch in self.index.chapters.values() for i in ch.ids}
        fragments: dict[str, tuple[str, Callable[[Page], str], Callable[[Page], list[searchindex.SearchEntry]] | None]] = {
            self.config.emendations_page: ("emendations", lambda p: pages.emendations_html(self.data.emendations, self.index, p.url),
                                           lambda p: searchindex.emendations(p.url, self._known_emendations())),
            self.config.bibliography_page: ("bibliography", lambda p: pages.bibliography_html(
                self.index, self.works(), self.formatted_in("chicago", ()), self.formatted_in("apa", ()), p.url,
                # Raw HTML in a slot is not rewritten by MkDocs: links are relative to the page's URL.
                [dict(href=get_relative_url(name, p.url), label=label) for name, label in EXPORTS.values()], self.places()),
                lambda p: searchindex.bibliography(p.url, self.works(), self._labels(), self.formatted_in("chicago", ()))),
            self.config.audit_page: ("audit", lambda p: pages.audit_html(self.index, self.data.entries, p.url, bib_url, self.data.ednotes), None),
            self.config.index_page: ("index", lambda p: apparatus.index_html(self.index, self.data.names, self.mentions, p.url),
                                     lambda p: searchindex.names(p.url, self.data.names)),
            self.config.glossary_page: ("glossary", lambda p: apparatus.glossary_html(self.data.terms, self.page_terms, self.index, p.url),
                                        lambda p: searchindex.terms(p.url, self.data.terms)),
            self.config.timeline_page: ("timeline", lambda p: apparatus.timeline_html(
                self.index, self.data.timeline, chapter_of, p.url, url[self.config.index_page]),
                lambda p: searchindex.timeline(p.url, self.data.timeline)),
            self.config.concordance_page: ("concordance", lambda p: apparatus.concordance_html(
                self.index, self.data.concordance, chapter_of, *self._shared(), p.url, bib_url), None),
        }
        self.deferred = {}
        for path, (slot, make, search) in fragments.items():
            target = files.get_file_from_path(path)
            if target is not None and target.page is not None:
                _check_slot(target.page, slot)
                if search is None:
                    _fill_slot(target.page, slot, make(target.page))
                else:
                    self.deferred[target.page.file.src_uri] = (slot, make(target.page))
                    self.search_entries += search(target.page)
        for file in files.documentation_pages():
            if file.page is not None and file.page.content is not None:
                # Cards go to the template, not page.content: search never parses them (they are not text to find).
                listed = self._listed(file.page)
                if listed:  # the page's own list: each entry, and where its work is cited (filled after search indexing)
                    src = file.page.file.src_uri
                    formatted = self.formatted_in(*self.styles[src])
                    self.deferred_items[src] = {
                        **{("ref", key): Markup(formatted[key].html) for key in listed},
                        **{("cited", key): Markup('<span class="ed-cited">%s</span>') % self.places().line(key, file.page.url, src)
                           for key in listed}}
                    self.search_entries += searchindex.list_items(file.page.url, listed, self._labels(), formatted)
                file.page.meta["edition_cards"] = Markup(self._cards(file.page, bib_url, listed))
                file.page.meta["edition_head"] = self._head(file.page, config, bib_url)

    def fill_deferred(self, page: Page) -> None:
        """A list page's slot and reference-list items' places, once the theme has indexed the rest of the page."""
        if page.file.src_uri in self.deferred:
            _fill_slot(page, *self.deferred.pop(page.file.src_uri))
        items = self.deferred_items.pop(page.file.src_uri, None)
        if items and page.content is not None:
            page.content = PLACEHOLDER.sub(lambda m: items.get((m.group(1), m.group(2)), m.group(0)), page.content)

    def _labels(self) -> dict[str, str]:
        """Each work's in-text label as text: 'Walt, 1987' (made once per build)."""
        if self.text_labels is None:
            self.text_labels = {k: self.intext.label_text(k, e) for k, e in self.data.entries.items()}
        return self.text_labels

    def _known_emendations(self) -> list[emendations.Emendation]:
        return [r for r in self.data.emendations if r.chapter in self.index.chapters]

    def _works_by_chapter(self, fold: Callable[[str], str]) -> list[tuple[Chapter, list[str]]]:
        """Each chapter, in order, with the works it lists or cites (each key as ``fold`` gives it, once)."""
        return [(ch, list(dict.fromkeys(fold(k) for k in [x.key for x in self.index.listed_in(ch)] + [c.key for c in self.index.cited_in(ch)])))
                for ch in self.index.ordered_chapters()]

    def _shared(self) -> tuple[list[tuple[str, str]], dict[str, frozenset[str]]]:
        """The chapters as (key, label), and each work with the chapters citing or listing it (printings folded in)."""
        def work(key: str) -> str:
            """A printing or a chapter counts as its work (the book)."""
            fields = self.data.entries[key].fields
            return str(fields.get("x-printing-of") or fields.get("crossref") or key)

        membership: dict[str, set[str]] = {}
        for chapter, keys in self._works_by_chapter(work):
            for key in keys:
                membership.setdefault(key, set()).add(chapter.key)
        return [(ch.key, ch.label) for ch in self.index.ordered_chapters()], {k: frozenset(v) for k, v in membership.items()}

    def _listed(self, page: Page) -> dict[str, str]:
        """Work -> its item in the page's own reference list (the list the page's cards are styled after)."""
        return {x.key: x.item for x in self.index.by("listings", "page").get(page.file.src_uri, [])}

    def _cards(self, page: Page, bibliography_url: str, listed: dict[str, str]) -> str:
        """The page's hover-cards: one per work it cites but does not list, in the style of its own list."""
        keys = [k for k in dict.fromkeys(c.key for c in self.index.by("citations", "page").get(page.file.src_uri, [])) if k not in listed]
        if not keys:
            return ""
        style, options = self.styles.get(page.file.src_uri, ("chicago", ()))
        return pages.cards_html(self.data.entries, self.formatted_in(style, options), self._label, keys, page.url, bibliography_url,
                                self.places())

    def places(self) -> Places:
        """Where each work is cited (once all pages are read)."""
        if self._places is None:
            self._places = Places(self.index, pages.work_groups(self.works()))
        return self._places

    def works(self) -> list[unified.Work]:
        """Every work once, in bibliography order (made once per build)."""
        if self._works is None:
            self._works = unified.works(self.data.entries)
        return self._works

    def _label(self, key: str) -> Markup:
        if key not in self.labels:
            self.labels[key] = self.intext.label(key, self.data.entries[key])
        return self.labels[key]

    def _head(self, page: Page, config: Any, bibliography_url: str) -> Markup | str:
        """Metadata for reference managers: each chapter, and the edition as a whole on its home page."""
        home = config.site_url or ""
        chapter = next((ch for ch in self.index.chapters.values() if ch.src == page.file.src_uri), None)
        if chapter is not None:
            work = paragraph_citations.work_from(page.meta, chapter.title, config.site_name, home + page.url)
            meta = page.meta.get("citation") or {}
            abstract = markdown_source.block_text(self.sources.get(chapter.src, ""), str(meta["abstract"])) if meta.get("abstract") else ""
            return pages.head_html(work, abstract, home)
        if page.is_homepage:
            work = paragraph_citations.Work(config.site_name, config.site_name, (), "", "", "en", "", config.site_name, config.site_name, home)
            return pages.head_html(work, config.site_description or "", home, cite=False)
        if page.url == bibliography_url:
            work_of = {key: work.key for work in self.works() for key in (work.key, *work.printings)}  # a printing is its work
            citing: dict[str, list[str]] = {}  # work -> the chapters citing or listing it, in chapter order
            for chapter, keys in self._works_by_chapter(work_of.__getitem__):
                for key in keys:
                    citing.setdefault(key, []).append(home + chapter.url)
            return pages.works_head_html([(f"{home}{bibliography_url}#{work.key}", latex.latex_text(self.data.entries[work.key].fields.get("title", "")),
                                           citing.get(work.key, [])) for work in self.works()])
        return ""


def _check_slot(page: Page, name: str) -> None:
    if page.content is None or SLOT.format(name) not in page.content:
        raise PluginError(f"docs/{page.file.src_uri}: the page needs the slot {SLOT.format(name)}")


def _fill_slot(page: Page, name: str, html: str) -> None:
    _check_slot(page, name)
    page.content = (page.content or "").replace(SLOT.format(name), html, 1)
    # MkDocs validates links to anchors after on_env: tell it which ids the fragment adds.
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= set(_ID_ATTR.findall(html))
