"""Everything the edition renders from the whole site once all pages are read (in ``on_env``):
the slot pages, each page's hover-cards and its metadata for reference managers.

While pages are read it also answers what the Markdown extension asks of the whole edition: a
work's formatted entry in a chapter's style, the emendation marks of a chapter, the editor's links
after a verbatim note.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from .markdown_ext import note_citations
from .markdown_ext.reference_lists import PLACEHOLDER
from .pages import apparatus, audit, bibliography, cards, chapter_about, emendations, metadata, search_entries, skipped_lists, slots
from .problems import DataError, Problem
from .site import paragraph_citations, works
from .site.index import SiteIndex
from .site.places import Places
from .sources import emendations as emendation_records
from .sources import latex, markdown_source
from .sources.edition_data import EditionData
from .styles import EntryError, Formatted, pairs
from .styles.cache import FormattedEntries, Options
from .styles.pairs import ChosenStyle, CitationStyle
from .styles.referencing import InTextStyle

EXPORTS = {
    "bibtex": ("downloads/iran-alliances-edition.bib", "BibTeX"),
    "ris": ("downloads/iran-alliances-edition.ris", "RIS"),
    "csl": ("downloads/iran-alliances-edition.json", "CSL-JSON"),
}


@dataclass
class Publisher:
    data: EditionData
    config: Any  # the plugin's configuration
    index: SiteIndex
    styles: dict[str, ChosenStyle]  # chapter key -> its citation style as it uses it
    default_style: ChosenStyle  # for pages that are not chapters
    formatted_in: FormattedEntries
    preset_of: dict[tuple[str, Options], Problem] = field(default_factory=dict)  # (style, options) -> where they were chosen
    sources: dict[str, str] = field(default_factory=dict)  # page -> its Markdown
    mentions: list[tuple[str, str, str]] = field(default_factory=list)  # (index entry, page, block)
    page_terms: dict[str, list[str]] = field(default_factory=dict)  # page -> glossary terms linked on it
    deferred: dict[str, tuple[str, Callable[[Page], str]]] = field(default_factory=dict)  # page -> (slot, its maker), filled when written
    in_pieces: dict[str, Callable[[], Iterator[str]]] = field(default_factory=dict)  # page -> its list's pieces (pages/pieces.py)
    _site: tuple[Any, str] = (None, "")  # the MkDocs configuration, the bibliography page's address
    _filled: set[str] = field(default_factory=set)  # the pages whose text is whole (``fill_content``)
    search_entries: list[search_entries.SearchEntry] = field(default_factory=list)  # the deferred slots' own search entries
    _places: Places | None = None  # where each work is cited, made once all pages are read
    _works: list[works.Work] | None = None
    _labels: dict[tuple[int, str], Markup] = field(default_factory=dict)  # (id of an in-text form, key) -> label
    _notes_citing: dict[str, dict[str, list[str]]] | None = None  # chapter -> note number -> keys (x-note-<chapter>)

    @classmethod
    def create(cls, data: EditionData, config: Any, index: SiteIndex, registered: Mapping[str, CitationStyle],
               cache_dir: Path) -> Publisher:
        """The publisher of an edition whose chapters ``index`` holds: each chapter's style chosen with its preset
        (a preset's in-text options its style refuses are a DataError naming the chapter); chapters of one style
        and preset share one in-text form, and so its labels (40-chapter corpus: 4,800 a build became 1,560)."""
        styles, preset_of, own_forms = {}, {}, data.bibliography.chapters_with_own_forms()
        forms: dict[tuple[str, str], InTextStyle] = {}
        for chapter in index.chapters.values():
            preset = data.presets.get(chapter.preset)
            try:
                chosen = pairs.choose(registered[chapter.style], preset.reference_list if preset else (),
                                      preset.in_text if preset else (), chapter.key if chapter.key in own_forms else "")
            except (TypeError, ValueError) as exc:
                raise DataError(Problem(chapter.file, chapter.line, f"chapter '{chapter.key}': {exc}")) from None
            styles[chapter.key] = chosen = dataclasses.replace(chosen, in_text=forms.setdefault((chapter.style, chapter.preset), chosen.in_text))
            if preset is not None:
                preset_of[chosen.reference_list] = Problem(preset.file, preset.line, f"preset '{preset.id}'")
        bib = data.bibliography
        return cls(data, config, index, styles, pairs.choose(registered[config.style]),
                   FormattedEntries(bib.data, bib.digest, cache_dir), preset_of)

    def chapter_downloads(self, config: Any) -> list[File]:
        """Each chapter's citation as files to download (BibTeX, RIS)."""
        return [File.generated(config, path, content=text) for ch in self.index.chapters.values() for path, text in chapter_about.downloads(
            ch, paragraph_citations.work_of(ch, config.site_name, (config.site_url or "") + ch.url)).items()]

    # ----- while pages are read
    def style_of(self, page: str) -> ChosenStyle:
        chapter = self.index.chapters_by_src().get(page)
        return self.styles[chapter.key] if chapter is not None else self.default_style

    def entries(self, style: str, options: Options = ()) -> dict[str, Formatted]:
        """Every entry formatted in ``style`` with ``options``; options a style refuses stop the build
        naming the preset that chose them."""
        try:
            return self.formatted_in(style, options)
        except EntryError as exc:
            file, line = self.data.bibliography.where.get(exc.key, ("bibliography", 1))
            raise PluginError(f"{file}:{line}: {exc}") from None
        except ValueError as exc:
            where = self.preset_of.get((style, options))
            raise PluginError(f"{where.file}:{where.line}: {where.message}: {exc}" if where else f"edition: {exc}") from None

    def marks(self, chapter: str, target: str) -> dict[str, list[tuple[str, str]]]:
        """Daggers on emended blocks, each linking to its record on the emendations page (at ``target``)."""
        marks: dict[str, list[tuple[str, str]]] = {}
        for rec in self.data.emendations:
            if rec.chapter == chapter:
                label = f"Emendation: {emendation_records.KINDS[rec.kind]}"  # its record's id is in its address (and card)
                marks.setdefault(rec.place, []).append((f"{target}#{rec.id}", label))
        return marks

    def note_links(self, markdown: str, chapter: str, cite_href: Callable[[str], str]) -> dict[str, str]:
        """'[Ed.: cites …]' after each verbatim note of a chapter, naming its work(s), "Ibid." resolved."""
        if self._notes_citing is None:  # one pass over the bibliography per build, not one per chapter
            self._notes_citing = note_citations.notes_citing(self.data.bibliography.data.entries)
        return note_citations.note_links(markdown, chapter, self._notes_citing.get(chapter, {}), self.data.entries,
                                         self.styles[chapter].in_text, cite_href, self.index.separator)

    # ----- once all pages are read
    def fill(self, files: Files, config: Any) -> None:
        """Collect the search entries of the pages made from data (their slots) and of each reference
        list. What a page shows beside its own text — its slot, its list's entries, its cards and
        metadata — is made when that page is written
        (``fill_page``), once the theme has indexed it, and not held for every page at once: on a large
        edition that was most of the build's memory."""
        url = {path: (f.url if (f := files.get_file_from_path(path)) else "") for path in (
            self.config.bibliography_page, self.config.index_page, self.config.glossary_page)}
        bib_url = url[self.config.bibliography_page]
        chapter_of = self.index.chapter_of_id()
        label_text = self.default_style.in_text.label_text
        # The audit's sections are found by their headings, so its HTML is needed for its search entries
        # and again when the page is written: made once (the theme parsing it took 0.3 s of a 2 s build
        # of the 40-chapter corpus, and its lists of findings were most of the search index there).
        audit_page = functools.lru_cache(maxsize=1)(
            lambda page_url: audit.audit_html(self.index, self.data.entries, page_url, bib_url, self.data.ednotes))
        fragments: dict[str, tuple[str, Callable[[Page], str], Callable[[Page], list[search_entries.SearchEntry]]]] = {
            self.config.emendations_page: ("emendations", lambda p: emendations.emendations_html(
                self.data.emendations, self.index, p.url, lambda key: label_text(key, self.data.entries[key])),
                                           lambda p: search_entries.emendations(p.url, self._known_emendations())),
            self.config.bibliography_page: ("bibliography", lambda p: bibliography.bibliography_html(
                # Raw HTML in a slot is not rewritten by MkDocs: links are relative to the page's URL.
                self.index, self.works(), [dict(href=get_relative_url(name, p.url), label=label) for name, label in EXPORTS.values()],
                self._display_styles()),
                lambda p: search_entries.bibliography(p.url, self.works(), {k: label_text(k, e) for k, e in self.data.entries.items()},
                                                      self._display_styles()[0].formatted)),
            self.config.audit_page: ("audit", lambda p: audit_page(p.url), lambda p: search_entries.headings(p.url, audit_page(p.url))),
            self.config.index_page: ("index", lambda p: apparatus.index_html(self.index, self.data.names, self.mentions, p.url),
                                     lambda p: search_entries.names(p.url, self.data.names, apparatus.plain_named(self.index))),
            self.config.glossary_page: ("glossary", lambda p: apparatus.glossary_html(self.data.terms, self.page_terms, self.index, p.url),
                                        lambda p: search_entries.terms(p.url, self.data.terms)),
            self.config.timeline_page: ("timeline", lambda p: apparatus.timeline_html(
                self.index, self.data.timeline, chapter_of, p.url, url[self.config.index_page]),
                lambda p: search_entries.timeline(p.url, self.data.timeline, apparatus.plain_named(self.index))),
            self.config.concordance_page: ("concordance", lambda p: apparatus.concordance_html(
                self.index, self.data.concordance, works.membership(self.works()), p.url, bib_url),
                lambda p: search_entries.concordance(p.url, self.data.concordance, apparatus.CONCORDANCE_HEADINGS,
                                                     apparatus.plain_named(self.index))),
        }
        self.deferred, self._site, self._filled = {}, (config, bib_url), set()
        for path, (slot, make, search) in fragments.items():
            target = files.get_file_from_path(path)
            if target is not None and target.page is not None:
                slots.check(target.page, slot)
                self.deferred[target.page.file.src_uri] = (slot, make)
                self.search_entries += search(target.page)
                if slot == "bibliography":  # its list, made as the page is written (pages/pieces.py)
                    self.in_pieces[target.page.file.src_uri] = lambda: bibliography.works_html(
                        self.index, self.works(), self._display_styles(), bib_url, self.places(),
                        {key: style.pair.list_name for key, style in self.styles.items()})
        # What the bibliography page indexes for each work: a list's entry in the same words is found by its label.
        on_bibliography: dict[str, str] = {}
        if "bibliography" in {slot for slot, _ in self.deferred.values()}:
            first_style = self._display_styles()[0].formatted
            on_bibliography = {w.key: first_style[w.key].text for w in self.works()}
        for file in files.documentation_pages():
            listed = self._listed(file.page) if file.page is not None and file.page.content is not None else {}
            if file.page is not None and listed:  # each entry of the page's own list is a search result of its own
                style = self.style_of(file.page.file.src_uri)
                self.search_entries += search_entries.list_items(
                    file.page.url, listed, {k: style.in_text.label_text(k, self.data.entries[k]) for k in listed},
                    self.entries(*style.reference_list), on_bibliography)

    def fill_page(self, page: Page) -> None:
        """What a page shows beside its own text, made as it is written, once the theme has indexed it: a
        slot with search entries of its own, its list's entries and where each work is cited, its cards
        and its metadata (cards go to the template, not page.content: search never parses them)."""
        config, bib_url = self._site
        self.fill_content(page)
        listed, style = self._listed(page), self.style_of(page.file.src_uri)
        page.meta["edition_cards"] = Markup(self._cards(page, bib_url, listed, style))
        page.meta["edition_head"] = self._head(page, config, bib_url)

    def fill_content(self, page: Page) -> None:
        """The page's own text made whole, once a build: its slot; its list's entries with where each work
        is cited; a chapter's block under its title (``chapter_about``); its lists of notes and references
        marked for a phone to skip (``skipped_lists``). ``fill_page`` does it as the page is written; the
        plugin, for a chapter, earlier."""
        src = page.file.src_uri
        if src in self._filled:
            return
        self._filled.add(src)
        if src in self.deferred:
            slot, make = self.deferred.pop(src)
            slots.fill(page, slot, make(page))
        listed = self._listed(page)
        if listed and page.content is not None:
            formatted, places = self.entries(*self.style_of(src).reference_list), self.places()
            items = {**{("ref", key): Markup(formatted[key].html) for key in listed},
                     **{("cited", key): Markup('<span class="ed-cited">%s</span>') % places.line(key, page.url, src) for key in listed}}
            page.content = PLACEHOLDER.sub(lambda m: items.get((m.group(1), m.group(2)), m.group(0)), page.content)
        if (chapter := self.index.chapters_by_src().get(src)) is not None:
            page.content = chapter_about.insert(page.content or "", chapter_about.block_html(chapter, page.url))
        if page.content is not None:  # last: the estimates measure the lists as they are shown
            page.content = skipped_lists.mark(page.content)

    def styles_to_format(self) -> list[tuple[str, Options]]:
        """Every (style, options) a build formats the bibliography in: each chapter's own (with its preset),
        the unified bibliography's and that of pages that are not chapters."""
        chosen = [style.reference_list for style in self.styles.values()] + [self.default_style.reference_list]
        return list(dict.fromkeys(chosen + [(pair.reference_list, ()) for pair in self.display_pairs()]))

    def display_pairs(self) -> list[CitationStyle]:
        """The unified bibliography's styles: each style a chapter uses, in chapter order (the default
        style's when there is no chapter)."""
        chosen = [self.styles[ch.key] for ch in self.index.ordered_chapters()] or [self.default_style]
        return list({style.pair.name: style.pair for style in chosen}.values())

    def _display_styles(self) -> list[bibliography.DisplayStyle]:
        """Each display style's entries, without presets: the editor's list is consistent where each
        paper's own list follows its author."""
        return [bibliography.DisplayStyle(pair.name, pair.label, self.entries(pair.reference_list)) for pair in self.display_pairs()]

    def _known_emendations(self) -> list[emendation_records.Emendation]:
        return [r for r in self.data.emendations if r.chapter in self.index.chapters]

    def _listed(self, page: Page) -> dict[str, str]:
        """Work -> its item in the page's own reference list (the list the page's cards are styled after)."""
        return {x.key: x.item for x in self.index.by("listings", "page").get(page.file.src_uri, [])}

    def _cards(self, page: Page, bibliography_url: str, listed: dict[str, str], style: ChosenStyle) -> str:
        """The page's hover-cards: one per work it cites but does not list, in the style of its own list."""
        keys = [k for k in dict.fromkeys(c.key for c in self.index.by("citations", "page").get(page.file.src_uri, [])) if k not in listed]
        if not keys:
            return ""

        def label(key: str) -> Markup:
            memo = (id(style.in_text), key)
            if memo not in self._labels:
                self._labels[memo] = style.in_text.label(key, self.data.entries[key])
            return self._labels[memo]

        return cards.cards_html(self.data.entries, self.entries(*style.reference_list), label, keys, page.url,
                                bibliography_url, self.places())

    def places(self) -> Places:
        """Where each work is cited (once all pages are read)."""
        if self._places is None:
            self._places = Places(self.index, works.groups(self.works()))
        return self._places

    def works(self) -> list[works.Work]:
        """Every work once, in bibliography order, with the chapters citing it (made once per build)."""
        if self._works is None:
            self._works = works.works(self.data.entries, self.index)
        return self._works

    def _head(self, page: Page, config: Any, bibliography_url: str) -> Markup:
        """Each page's description and OpenGraph tags; a chapter's citation metadata; the edition as a
        collection on its home page; the bibliography's works."""
        home, chapter = config.site_url or "", self.index.chapters_by_src().get(page.file.src_uri)
        head, text = Markup(""), page.meta.get("description") or ""
        if chapter is not None:
            abstract = markdown_source.block_text(self.sources.get(chapter.page, ""), chapter.citation.abstract or "") \
                if chapter.citation.abstract else ""
            head = metadata.head_html(paragraph_citations.work_of(chapter, config.site_name, home + page.url), abstract, home)
            text = text or abstract
        elif page.is_homepage:
            text = text or config.site_description or ""
            head = metadata.collection_head_html(config.site_name, text, home, [(home + ch.url, ch.title) for ch in self.index.ordered_chapters()])
        elif page.url == bibliography_url:
            head = metadata.works_head_html([
                (f"{home}{bibliography_url}#{work.key}", latex.latex_text(self.data.entries[work.key].fields.get("title", "")),
                 [home + self.index.chapters[key].url for key in work.chapters]) for work in self.works()])
        text = metadata.description(text or metadata.first_paragraph(page.content or ""))
        page.meta["description"] = str(escape(text))  # the theme's template does not escape it
        title = chapter.title if chapter is not None else config.site_name if page.is_homepage else str(page.title)
        return metadata.opengraph_html(title, text, page.canonical_url or home + page.url, config.site_name,
                                       chapter is not None, chapter.citation.language if chapter is not None else "en") + head
