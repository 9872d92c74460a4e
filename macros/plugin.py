"""The edition's MkDocs plugin: thin hooks that call the pure functions of this package.

Per page it checks the Markdown source (footnotes, ids, citations) and converts it with the
edition's Markdown extension, which renders citations and reference lists from the
bibliography; site-wide, in ``on_env``, it checks what spans pages and fills the slots of the
emendations, bibliography and source-audit pages.  Content problems are warnings naming
``file:line`` (so ``mkdocs build --strict`` fails); unusable data files raise ``PluginError``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import bibdata, checks, ednotes, emendations, exports, mdsource, notecites, pages, paracite, registry, styles
from .intext import cite_link
from .latex import latex_text
from .notes import EditionMarkdown, PageState
from .problems import DataError, Problem
from .reflists import ReferenceState, suggest
from .site import Chapter, Citation, Listing, SiteIndex

log = get_plugin_logger("edition")

SLOT = '<div data-edition-slot="{}"></div>'
_ID_ATTR = re.compile(r'\sid="([^"]+)"')
# How each paper prints its own list (see macros/styles): chosen in the chapter with data-preset.
PRESETS = {"paper-a": styles.PAPER_A, "paper-b": styles.PAPER_B}
EXPORTS = {
    "bibtex": ("downloads/iran-alliances-edition.bib", "BibTeX"),
    "ris": ("downloads/iran-alliances-edition.ris", "RIS"),
    "csl": ("downloads/iran-alliances-edition.json", "CSL-JSON"),
}


class EditionConfig(base.Config):
    emendations = c.Type(str, default="docs/_data/emendations.yml")
    """The emendation list (YAML), relative to ``mkdocs.yml``."""
    bibliography = c.Type(str, default="bibliography/*.bib")
    """Glob of the BibTeX files, relative to ``mkdocs.yml``."""
    editors_notes = c.Type(str, default="docs/_data/editors-notes.yml")
    """The editor's notes (YAML), relative to ``mkdocs.yml``."""
    published_ids = c.Type(str, default="docs/_data/published-ids.yml")
    """The registry of published ids, relative to ``mkdocs.yml``."""
    emendations_page = c.Type(str, default="emendations.md")
    """The page listing the emendations: it holds ``<div data-edition-slot="emendations"></div>``."""
    bibliography_page = c.Type(str, default="bibliography.md")
    """The unified bibliography: it holds ``<div data-edition-slot="bibliography"></div>``."""
    audit_page = c.Type(str, default="source-audit.md")
    """The source audit: it holds ``<div data-edition-slot="audit"></div>``."""


class EditionPlugin(BasePlugin[EditionConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).parent
        self.markdown = EditionMarkdown()
        config.theme.dirs.insert(0, str(Path(__file__).parent / "theme"))  # main.html: the metadata block
        config.markdown_extensions.append(self.markdown)  # type: ignore[arg-type]
        try:
            self.emendations = emendations.load(self.root / self.config.emendations, self.config.emendations)
            self.registry = registry.load(self.root / self.config.published_ids, self.config.published_ids)
            self.ednotes = ednotes.load(self.root / self.config.editors_notes, self.config.editors_notes)
            paths = sorted(self.root.glob(self.config.bibliography))
            if not paths:
                raise bibdata.BibliographyError(Problem(self.config.bibliography, 1, "no BibTeX file matches this pattern"))
            self.bibliography = bibdata.load(paths, self.root)
        except (DataError, bibdata.BibliographyError) as exc:
            raise PluginError(str(exc)) from None
        self.entries = self.bibliography.resolved()
        self.markdown.entries = self.entries
        options: Any = config.mdx_configs.get("footnotes", {})
        self.index = SiteIndex(separator=str(options.get("SEPARATOR", ":")))
        self.ids: dict[str, tuple[str, int]] = {}
        self.formatted: dict[tuple[str, tuple[tuple[str, str], ...]], dict[str, styles.Formatted]] = {}
        self.styles: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}  # page -> its reference-list style
        self.sources: dict[str, str] = {}  # page -> its Markdown
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        data = self.bibliography.data
        for kind, text in (("bibtex", exports.to_bibtex(data)), ("ris", exports.to_ris(data)), ("csl", exports.to_csl_json(data))):
            files.append(File.generated(config, EXPORTS[kind][0], content=text))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        file = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        first = _first_line(page, markdown)
        for problem in checks.page_problems(markdown, file, first, self.entries, self.index.separator, self.ids):
            log.warning(str(problem))
        bib_href = get_relative_url(self.config.bibliography_page, page.file.src_uri)
        self.markdown.cite_href = lambda key: f"{bib_href}#{key}"
        state = PageState()
        chapter = page.meta.get("chapter")
        if chapter is not None:
            key = str(chapter)
            ids = dict(mdsource.declared_ids(markdown, self.index.separator, first))
            ids |= {n.id: n.line for n in self.ednotes if n.chapter == key}  # the editor's notes are published too
            self.index.chapters[key] = Chapter(key, str(page.meta.get("title") or page.title or key), page.url, page.file.src_uri, file, ids)
            state = PageState(require_ids=True, marks=self._marks(key, page), note_links=self._note_links(markdown, key),
                              aliases=self.registry.aliases(page.file.src_uri),
                              ednotes=tuple(n for n in self.ednotes if n.chapter == key))
        self.markdown.state = state
        self.markdown.references = ReferenceState(format=self._format_reference)
        self._page_source = (file, markdown, first)
        self.sources[page.file.src_uri] = markdown
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        file, markdown, first = self._page_source
        state, references, src = self.markdown.state, self.markdown.references, page.file.src_uri
        for snippet in state.missing_ids:
            line = mdsource.locate(markdown, snippet, first)
            log.warning(str(Problem(file, line, f"block without an id: '{snippet[:40]}…' (add '{{: #<id> }}' on the line after it)")))
        for note, problem in state.ednote_problems:
            log.warning(str(Problem(self.config.editors_notes, note.line, f"editor's note {note.id}: {problem}")))
        for key in references.unknown:
            line = mdsource.locate(markdown, f"@{key}", first)
            log.warning(str(Problem(file, line, f"unknown citation key '{key}'{suggest(key, self.entries)}")))
        self.index.citations += [Citation(key, src, block, locator) for key, block, locator in state.cited]
        self.index.listings += [Listing(key, src, item) for key, item in references.listed]
        self.index.numbers[src] = {ident: n for n, ident in enumerate(state.numbered, 1)}
        if references.style is not None:
            self.styles[src] = references.style
        self.markdown.state, self.markdown.references = PageState(), ReferenceState()
        return html

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        problems = checks.emendation_problems(self.emendations, self.index, self.config.emendations)
        problems += checks.unlisted_problems(self.index, self.entries, self.bibliography.where)
        chapters = self.index.chapters.values()
        problems += self.registry.problems({ch.src: ch.ids for ch in chapters}, {ch.src: ch.file for ch in chapters})
        for problem in problems:
            log.warning(str(problem))
        keys = sorted(self.entries)
        bib_file = files.get_file_from_path(self.config.bibliography_page)
        bib_url = bib_file.url if bib_file else ""
        fill = {
            self.config.emendations_page: ("emendations", lambda p: pages.emendations_html(self.emendations, self.index, p.url)),
            self.config.bibliography_page: ("bibliography", lambda p: pages.bibliography_html(
                self.index, self.entries, styles.format_entries(self.bibliography.data, keys, "chicago"),
                styles.format_entries(self.bibliography.data, keys, "apa"), p.url,
                # Raw HTML in a slot is not rewritten by MkDocs: links are relative to the page's URL.
                [dict(href=get_relative_url(name, p.url), label=label) for name, label in EXPORTS.values()])),
            self.config.audit_page: ("audit", lambda p: pages.audit_html(self.index, self.entries, p.url, bib_url)),
        }
        for path, (slot, make) in fill.items():
            target = files.get_file_from_path(path)
            if target is not None and target.page is not None:
                _fill_slot(target.page, slot, make(target.page))
        for file in files.documentation_pages():
            if file.page is not None and file.page.content is not None:
                file.page.content += self._cards(file.page, bib_url)
                file.page.meta["edition_head"] = self._head(file.page, config)
        return env

    def _head(self, page: Page, config: MkDocsConfig) -> Markup | str:
        """Metadata for reference managers: each chapter, and the edition as a whole on its home page."""
        home = config.site_url or ""
        chapter = next((ch for ch in self.index.chapters.values() if ch.src == page.file.src_uri), None)
        if chapter is not None:
            work = paracite.work_from(page.meta, chapter.title, config.site_name, home + page.url)
            data = page.meta.get("citation") or {}
            abstract = mdsource.block_text(self.sources.get(chapter.src, ""), str(data.get("abstract", ""))) if data.get("abstract") else ""
            keys = dict.fromkeys([x.key for x in self.index.listed_in(chapter)] + [c.key for c in self.index.cited_in(chapter)])
            return pages.head_html(work, abstract, [self.entries[k] for k in keys], home, latex_text)
        if page.is_homepage:
            work = paracite.Work(config.site_name, config.site_name, (), "", "", "en", "", config.site_name, config.site_name, home)
            return pages.head_html(work, config.site_description or "", [], home, latex_text, cite=False)
        return ""

    def _cards(self, page: Page, bibliography_url: str) -> str:
        """The page's hover-cards: one per cited work, in the style of the page's own list."""
        keys = list(dict.fromkeys(c.key for c in self.index.citations if c.page == page.file.src_uri))
        if not keys:
            return ""
        style, options = self.styles.get(page.file.src_uri, ("chicago", ()))
        self._format_reference(keys[0], style, options)  # fills the cache for this style
        return pages.cards_html(self.index, self.entries, self.formatted[(style, options)],
                                lambda key: self.markdown.intext.label(key, self.entries[key]), keys, page.url, bibliography_url)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # Chapters and docs/_data/ are watched already (they live in docs_dir).
        server.watch(str(self.root / Path(self.config.bibliography).parent))
        return server

    def _marks(self, chapter: str, page: Page) -> dict[str, list[tuple[str, str]]]:
        """Daggers on emended blocks, each linking to its record on the emendations page."""
        target = get_relative_url(self.config.emendations_page, page.file.src_uri)
        marks: dict[str, list[tuple[str, str]]] = {}
        for rec in self.emendations:
            if rec.chapter == chapter:
                label = f"Emendation {rec.id}: {emendations.KINDS[rec.kind]}"
                marks.setdefault(rec.place, []).append((f"{target}#{rec.id}", label))
        return marks

    def _note_links(self, markdown: str, chapter: str) -> dict[str, str]:
        """'[Ed.: cites …]' after each verbatim note, naming its work(s), "Ibid." resolved."""
        out = {}
        for number, found in notecites.cites(markdown, chapter, self.bibliography.data.entries).items():
            parts = []
            for cite in found:
                label = self.markdown.intext.label(cite.key, self.entries[cite.key])
                link = cite_link(self.markdown.cite_href(cite.key), cite.key, cite.locator, label)
                parts.append(Markup("{}{}{}").format("Ibid. = " if cite.ibid else "cites ", link, f", {cite.locator}" if cite.locator else ""))
            out[f"fn{self.index.separator}{chapter}{number}"] = str(
                Markup('<span class="ed-note-cites"> [<span class="ed-label">Ed.:</span> {}]</span>').format(Markup("; ").join(parts)))
        return out

    def _format_reference(self, key: str, style: str, options: tuple[tuple[str, str], ...]) -> str | None:
        if key not in self.entries:
            return None
        if (style, options) not in self.formatted:
            chosen = dict(options)
            preset = chosen.pop("preset", None)
            if preset is not None:
                if preset not in PRESETS:
                    raise PluginError(f"unknown reference-list preset '{preset}' (one of: {', '.join(PRESETS)})")
                chosen = {**PRESETS[preset], **chosen}
            self.formatted[(style, options)] = styles.format_entries(self.bibliography.data, sorted(self.entries), style, **chosen)
        return self.formatted[(style, options)][key].html


def _fill_slot(page: Page, name: str, html: str) -> None:
    slot = SLOT.format(name)
    if page.content is None or slot not in page.content:
        raise PluginError(f"docs/{page.file.src_uri}: the page needs the slot {slot}")
    page.content = page.content.replace(slot, html, 1)
    # MkDocs validates links to anchors after on_env: tell it which ids the fragment adds.
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= set(_ID_ATTR.findall(html))


def _first_line(page: Page, markdown: str) -> int:
    """Line number, in the file, of the first line of ``markdown`` (after front matter)."""
    try:
        raw = Path(page.file.abs_src_path or "").read_text(encoding="utf-8-sig")
    except OSError:
        return 1
    at = raw.find(markdown)
    return raw.count("\n", 0, at) + 1 if at >= 0 else 1
