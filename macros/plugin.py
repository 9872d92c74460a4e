"""The edition's MkDocs plugin: thin hooks that call the rest of the package, the only module that
knows MkDocs' events or logs.

    on_config       read every data file (sources/), set up the Markdown extension (markdown_ext/)
    on_files        find the chapters (their front matter), their styles (styles/); bundle the scripts; exports
    on_nav          the chapters' order is the navigation's
    on_page_markdown / on_page_content
                    per page: check the source, convert it with the edition's extension, collect what
                    it cites, lists, numbers and mentions into the site index (site/)
    on_env          site-wide: check what spans pages, render the apparatus pages, cards and metadata (pages/);
                    hand each chapter's fidelity check to the other process
    on_page_context / on_post_page / on_post_build
                    fill what waits for the theme's search index; write the unified bibliography, its list
                    in pieces (pages/pieces.py); append the edition's search entries; report the fidelity checks

Content problems are warnings naming ``file:line`` (so ``mkdocs build --strict`` fails); unusable
data files and chapter declarations raise ``PluginError``.
"""

from __future__ import annotations

import logging
import posixpath
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from .background import Background
from .collector import collector_paused, serve_rebuild_ends, serve_rebuild_starts
from .config import EditionConfig
from .markdown_ext.extension import EditionMarkdown, PageState
from .markdown_ext.mention_links import Linker
from .markdown_ext.reference_lists import ReferenceState
from .pages import apparatus, assets, bibliography, pieces, render, search_entries, slots
from .problems import DataError, Problem
from .publisher import EXPORTS, Publisher
from .site import checks, fidelity_check
from .site.index import SiteIndex, address
from .sources import chapters, edition_data, latex, markdown_source, names, yamlfile
from .sources.bibliography import BibliographyError, KeptBibliography, Loader, load as load_bibtex
from .sources.chapters import Chapter
from .styles import pairs

log = get_plugin_logger("edition")
APPARATUS_CSS = "assets/apparatus.css"  # the apparatus pages' styles (theme/main.html links them)
MKDOCS_BUILD_LOG = "mkdocs.commands.build"  # the logger of MkDocs' "Page skipped" (pages/pieces.py)


class EditionPlugin(BasePlugin[EditionConfig]):  # type: ignore[no-untyped-call]  # mkdocs' __init_subclass__
    command = "build"
    source_facts: Callable[[str, str, int, str], checks.SourceFacts] = staticmethod(checks.source_facts)
    load_bibliography: Loader = staticmethod(load_bibtex)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        # Under serve the plugin lives across rebuilds: a page's facts are kept (checks.py), and so is the bibliography.
        self.source_facts = checks.KeptFacts() if command == "serve" else checks.source_facts
        self.load_bibliography = KeptBibliography() if command == "serve" else load_bibtex

    @event_priority(50)  # before the theme's search plugin, which compiles its language's templates: the other process starts meanwhile
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # MkDocs aborts a strict build only after writing every page; count warnings so a failed
        # build can be emptied instead of left looking like a good site (see on_post_build).
        self.warnings = CountHandler(level=logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self.warnings)
        self.written_here: set[str] = set()  # the pages the edition writes itself (on_post_page)
        logging.getLogger(MKDOCS_BUILD_LOG).addFilter(self._not_skipped)
        if self.command == "serve":
            serve_rebuild_starts()  # the cyclic collector waits until the rebuild is over (collector.py)
        self.root = Path(config.config_file_path).parent
        latex.install_fast_decoding()
        render.keep_compiled(self.root / ".cache/edition" / render.FRAGMENTS_KEPT)
        yamlfile.keep_parsed(self.root / ".cache/edition")
        self.citation_styles = pairs.registered()
        if self.config.style not in self.citation_styles:
            raise PluginError(f"edition: style: unknown citation style '{self.config.style}' "
                              f"(registered: {', '.join(self.citation_styles)})")
        render.add_theme_dirs(config.theme)  # main.html: the metadata block, around a site's own
        try:
            with collector_paused(self.command == "build"):
                bib = edition_data.read_bibliography(self.root, self.config, self.load_bibliography)
            # From now on another process compiles the theme and works on the bibliography, all it needs (background.py).
            self.background = Background.start(bib, config.theme, self.root / ".cache/edition", self.command == "build")
            with collector_paused(self.command == "build"):
                self.data = edition_data.load(self.root, self.config, self.citation_styles, bib)
        except (DataError, BibliographyError) as exc:
            raise PluginError(str(exc)) from None
        self.markdown = EditionMarkdown()
        self.markdown.entries = self.data.entries
        config.markdown_extensions.append(self.markdown)  # type: ignore[arg-type]
        self.index = SiteIndex(separator=str(config.mdx_configs.get("footnotes", {}).get("SEPARATOR", ":")))
        self.matchers = (names.matcher(self.data.names), names.matcher(self.data.terms))
        self.ids: dict[str, tuple[str, int]] = {}
        self.problems: list[Problem] = []  # the edition's own, counted here whatever the log level (see on_post_build)
        self.unknown_keys: list[Problem] = []
        return config

    def _report(self, problem: Problem) -> None:
        """A content problem: a warning, and one more reason for a strict build to fail."""
        self.problems.append(problem)
        log.warning(str(problem))

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self.index.chapters = self._chapters(files, config)
        self.publisher = self._publisher()
        rules = bibliography.filter_css(list(self.index.chapters), [p.name for p in self.publisher.display_pairs()])
        scripts = {s if isinstance(s, str) else s.path for s in config.extra_javascript}
        assets.prepare(files, config, {APPARATUS_CSS: rules}, self.config.script if self.config.script in scripts else None,
                       self.config.script_parts)
        if (glossary := files.get_file_from_path(self.config.glossary_page)) is not None:
            files.append(File.generated(config, posixpath.join(posixpath.dirname(glossary.dest_uri), "terms.json"),
                                        content=apparatus.glossary_terms(self.data.terms)))
        self.background.format(self.publisher)  # by the other process, while this one reads the pages (needed in on_env)
        self.fidelity = fidelity_check.InBuild(self.background.run, self.root, self.data.emendations, self.config.emendations,
                                               self.index.ids, self.root / ".cache/edition")
        self.downloads = {kind: File.generated(config, path, content="") for kind, (path, _) in EXPORTS.items()}
        for file in [*self.downloads.values(), *self.publisher.chapter_downloads(config)]:  # and each chapter's citation
            files.append(file)
        return files

    def _chapters(self, files: Files, config: MkDocsConfig) -> dict[str, Chapter]:
        """Every page that declares itself a chapter, by key; a declaration that does not fit stops the build."""
        docs = Path(config.docs_dir).name
        pages = []
        for file in files.documentation_pages():
            try:
                pages.append((file.src_uri, file.content_string, file.url))
            except UnicodeDecodeError as exc:
                raise PluginError(f"{docs}/{file.src_uri}:{markdown_source.line_of_byte(file.abs_src_path, exc.start)}: "
                                  "the page is not UTF-8 text") from None
        try:
            return chapters.declared(pages, docs, self.citation_styles,
                                     {name: preset.style for name, preset in self.data.presets.items()})
        except DataError as exc:
            raise PluginError(str(exc)) from None

    def _publisher(self) -> Publisher:
        try:
            return Publisher.create(self.data, self.config, self.index, self.citation_styles, self.root / ".cache/edition")
        except DataError as exc:
            raise PluginError(str(exc)) from None

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.index.order([page.file.src_uri for page in nav.pages])  # the chapters' order is the one readers see
        return nav

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        file, src = f"{Path(config.docs_dir).name}/{page.file.src_uri}", page.file.src_uri
        first = markdown_source.first_line(page.file.abs_src_path, markdown)
        index = self.index
        facts = self.source_facts(markdown, file, first, index.separator)
        for problem in checks.page_problems(facts, file, self.data.entries, self.ids):
            if problem.about == checks.UNKNOWN_KEY:
                self.unknown_keys.append(problem)  # reported once all pages are read: many have one cause
            else:
                self._report(problem)
        href = {name: address(path, page, files) for name, path in (("bib", self.config.bibliography_page),
                                                                    ("index", self.config.index_page), ("glossary", self.config.glossary_page))}
        self.markdown.cite_href = lambda key: f"{href['bib']}#{key}"
        style = self.publisher.style_of(src)
        state = PageState(in_text=style.in_text)
        chapter = index.chapters_by_src().get(src)
        if chapter is not None:
            ids = dict(facts.ids)
            ids |= {n.id: n.line for n in self.data.ednotes if n.chapter == chapter.key}  # the editor's notes are published too
            index.ids[chapter.key] = ids
            state = PageState(require_ids=True, in_text=style.in_text, in_notes=style.pair.in_notes,
                              marks=self.publisher.marks(chapter.key, address(self.config.emendations_page, page, files)),
                              note_links=self.publisher.note_links(markdown, chapter.key, self.markdown.cite_href),
                              aliases=self.data.registry.aliases(src),
                              ednotes=tuple(n for n in self.data.ednotes if n.chapter == chapter.key),
                              linker=Linker(*self.matchers, index_href=lambda k: f"{href['index']}#{k}",
                                            glossary_href=lambda k: f"{href['glossary']}#{k}"))
        self.markdown.state = state
        self.markdown.references = ReferenceState(known=self.data.entries.__contains__)
        self._page_source = (file, markdown, first)
        self.publisher.sources[src] = markdown
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        file, markdown, first = self._page_source
        state, references, src = self.markdown.state, self.markdown.references, page.file.src_uri
        publisher, index = self.publisher, self.index
        for problem in checks.converted_page_problems(state, references, markdown, file, first, self.config.editors_notes,
                                                      self.data.entries, publisher.style_of(src).pair.name):
            if problem.about == checks.UNKNOWN_KEY:
                self.unknown_keys.append(problem)
            else:
                self._report(problem)
        index.add_page(src, state.cited, references.listed, state.numbered, page.toc)
        if state.search is not None:  # the chapter is indexed from its tree, not re-parsed by the theme
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
            title = str(page.meta.get("title", page.title))
            publisher.search_entries += [search_entries.SearchEntry(f"{page.url}#{ident}" if ident else page.url, heading or title, text)
                                         for ident, heading, text in state.search]
        if state.linker is not None:
            publisher.mentions += [(key, src, block) for key, block in state.linker.mentions]
            publisher.page_terms[src] = state.linker.terms
        if page.present_anchor_ids is not None:  # MkDocs collected ids before the edition added its own
            page.present_anchor_ids |= set(slots.ID_ATTR.findall(html))
        self.markdown.state, self.markdown.references = PageState(), ReferenceState()
        return html

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        render.keep_compiled(self.root / ".cache/edition" / render.THEME_KEPT, env)  # the theme's templates, before any is loaded
        render.wrap_site_main(env, config.theme.custom_dir)
        assets.add_inline_scripts(env)
        self.background.take_back()
        if not any(chapter.source for chapter in self.index.chapters.values()):  # no check to hand over (below): it ends
            self.background.let_go()  # now, and its memory with it, not while this one fills the site (4x corpus: 250 -> 234 MiB)
        cited = len({c.key for c in self.index.citations} | {x.key for x in self.index.listings})
        for problem in checks.unknown_keys(self.unknown_keys, sorted(self.data.bibliography.files), cited + len(self.unknown_keys)):
            self._report(problem)
        for problem in checks.site_problems(self.data, self.config, self.index):
            self._report(problem)
        with collector_paused(self.command == "build"):  # the pages just read, and what is made of them now, live until the build ends
            self.publisher.fill(files, config)
        for kind, text in self.background.exports().items():  # last: the other process may still be making them (background.py)
            self.downloads[kind].content_string = text
        for chapter in self.index.ordered_chapters():  # each chapter's text made whole, and its check begun (InBuild)
            if chapter.source and (written := files.get_file_from_path(chapter.page)) is not None and written.page is not None:
                self.publisher.fill_content(written.page)
                self.fidelity.ahead(chapter, written.page.content)
        self.background.let_go()  # nothing more for the other process: it ends once it has checked them
        return env

    @event_priority(-100)  # after the theme's search plugin has indexed the page, and every other plugin has filled it
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        self.publisher.fill_page(page)
        chapter = self.index.chapters_by_src().get(page.file.src_uri)
        if chapter is not None and chapter.source:  # the page's text as readers get it, if another plugin changed it
            self.fidelity.written(chapter, page.content)
        return context

    @event_priority(-100)  # after every other plugin has seen the page
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.command == "build":  # MkDocs keeps every page's HTML to the end; written, it is not needed
            page.content = None
        if (list_pieces := self.publisher.in_pieces.pop(page.file.src_uri, None)) is not None:  # pages/pieces.py
            pieces.write_page(page, output, list_pieces(), Path(config.docs_dir).name)
            self.written_here.add(page.file.src_uri)
            return ""  # written here: MkDocs writes nothing over it
        return output

    def _not_skipped(self, record: logging.LogRecord) -> bool:
        """MkDocs' "Page skipped" is wrong for a page the edition wrote itself: a filter of its log."""
        return record.getMessage() not in {f"Page skipped: '{src}'. Generated empty output." for src in self.written_here}

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        index = Path(config.site_dir) / search_entries.INDEX
        if index.is_file():
            search_entries.append_to_file(index, self.publisher.search_entries)
        for problem in self.fidelity.problems():  # each chapter's page against its source, in the chapters' order
            self._report(problem)
        self.background.close()
        if self.command == "serve":
            serve_rebuild_ends()
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        logging.getLogger(MKDOCS_BUILD_LOG).removeFilter(self._not_skipped)
        # MkDocs counts warnings only at the log levels it shows, so `--quiet` (and, upstream, some
        # `--verbose` runs) would let a strict build pass over them (mkdocs#4126, #3991): the
        # edition's own problems are counted here instead, and fail a strict build at any verbosity.
        failed = sum(n for level, n in self.warnings.counts.items() if level >= logging.WARNING)
        if not (config.strict and (failed or self.problems) and self.command == "build"):
            return
        site = Path(config.site_dir)
        for child in site.iterdir() if site.is_dir() else []:
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        shown = "" if log.isEnabledFor(logging.WARNING) else "".join(f"\n  {p}" for p in self.problems[:40])
        raise Abort(f"edition: strict build failed with {max(failed, len(self.problems))} problem(s): {site} was emptied, "
                    f"so no half-right site is mistaken for a good one{shown}")

    def on_build_error(self, *, error: Exception) -> None:
        logging.getLogger(MKDOCS_BUILD_LOG).removeFilter(self._not_skipped)
        if hasattr(self, "background"):  # its tasks are of a build that has stopped
            self.background.close()
        if self.command == "serve":
            serve_rebuild_ends()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # Chapters and docs/_data/ are watched already (they live in docs_dir); the BibTeX files' folders are not.
        names = self.config.bibliography if isinstance(self.config.bibliography, list) else [self.config.bibliography]
        for folder in sorted({str(self.root / Path(str(name)).parent) for name in names}):
            server.watch(folder)
        return server
