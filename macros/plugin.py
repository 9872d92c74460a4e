"""The edition's MkDocs plugin: thin hooks that call the pure functions of this package.

Per page it scans the Markdown (footnotes, ids) and converts it with the edition's
Markdown extension; site-wide, in ``on_env``, it checks ids across pages, resolves the
emendation records to their places and renders the emendations page.  Content problems
are warnings naming ``file:line`` (so ``mkdocs build --strict`` fails); unusable data
files raise ``PluginError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from markupsafe import Markup
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import bibdata, citations, emendations, exports, mdsource, notecites, reflists, render, styles, unified
from .reflists import ReferenceState
from .notes import EditionMarkdown, PageState
from .problems import Problem

log = get_plugin_logger("edition")

# How each paper prints its own list (see macros/styles): chosen in the chapter with data-preset.
PRESETS = {"paper-a": styles.PAPER_A, "paper-b": styles.PAPER_B}
EXPORTS = {
    "bibtex": ("downloads/iran-alliances-edition.bib", "BibTeX"),
    "ris": ("downloads/iran-alliances-edition.ris", "RIS"),
    "csl": ("downloads/iran-alliances-edition.json", "CSL-JSON"),
}
SLOT = '<div data-edition-slot="{}"></div>'
_ID_ATTR = re.compile(r'\sid="([^"]+)"')


class EditionConfig(base.Config):
    emendations = c.Type(str, default="docs/_data/emendations.yml")
    """The emendation list (YAML), relative to ``mkdocs.yml``."""
    bibliography = c.Type(str, default="bibliography/*.bib")
    """Glob of the BibTeX files, relative to ``mkdocs.yml``."""
    emendations_page = c.Type(str, default="emendations.md")
    bibliography_page = c.Type(str, default="bibliography.md")
    """The unified bibliography; it holds the slot ``<div data-edition-slot="bibliography"></div>``."""
    """The page that lists the emendations; it holds the slot ``<div data-edition-slot="emendations"></div>``."""


@dataclass
class _Chapter:
    key: str
    title: str
    url: str
    file: str
    ids: dict[str, int] = field(default_factory=dict)


class EditionPlugin(BasePlugin[EditionConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path).parent
        self.markdown = EditionMarkdown()
        config.markdown_extensions.append(self.markdown)  # type: ignore[arg-type]
        label = self.config.emendations
        try:
            self.emendations = emendations.load(self.root / label, label)
        except emendations.DataError as exc:
            raise PluginError(str(exc)) from None
        try:
            self.bibliography = bibdata.load(sorted(self.root.glob(self.config.bibliography)), self.root)
        except bibdata.BibliographyError as exc:
            raise PluginError(str(exc)) from None
        self.markdown.entries = self.bibliography.resolved()
        self.cited: list[tuple[str, str, str]] = []  # (key, page src_uri, block id)
        self.listed: list[tuple[str, str, str]] = []  # (key, page src_uri, list item id)
        self.numbers: dict[str, dict[str, int]] = {}  # page src_uri -> {block id: ¶ number}
        self.formatted: dict[tuple[str, tuple[tuple[str, str], ...]], dict[str, styles.Formatted]] = {}
        self.chapters: dict[str, _Chapter] = {}
        self.ids: dict[str, tuple[str, int]] = {}
        self.separator = _footnote_separator(config)
        return config

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        file = f"{config.docs_dir.rsplit('/', 1)[-1]}/{page.file.src_uri}"
        first = _first_line(page, markdown)
        for problem in mdsource.footnote_problems(markdown, file, first):
            log.warning(str(problem))
        for ident, line in mdsource.declared_ids(markdown, self.separator, first):
            if ident in self.ids:
                other_file, other_line = self.ids[ident]
                log.warning(str(Problem(file, line, f"duplicate id '{ident}' (also declared at {other_file}:{other_line}); ids must be unique across the edition")))
            else:
                self.ids[ident] = (file, line)
        groups, malformed = citations.parse(mdsource.mask_code(markdown))
        for bad in malformed:
            log.warning(str(Problem(file, mdsource.line_at(markdown, bad.start) + first - 1, bad.message)))
        for group in groups:
            for cite in group.cites:
                if cite.key not in self.bibliography.data.entries:
                    hint = reflists.suggest(cite.key, self.bibliography.entries)
                    line = mdsource.line_at(markdown, group.start) + first - 1
                    log.warning(str(Problem(file, line, f"unknown citation key '{cite.key}'{hint}")))
        bib_page = self.config.bibliography_page
        self.markdown.cite_href = lambda key: f"{get_relative_url(bib_page, page.file.src_uri)}#{key}"
        chapter = page.meta.get("chapter")
        state = PageState(require_ids=chapter is not None)
        if chapter is not None:
            key = str(chapter)
            self.chapters[key] = _Chapter(key, page.title or key, page.url, file,
                                          {i: ln for i, ln in mdsource.declared_ids(markdown, self.separator, first)})
            target = files.get_file_from_path(self.config.emendations_page)
            if target is not None:
                base_href = get_relative_url(target.src_uri, page.file.src_uri)
                for rec in self.emendations:
                    if rec.chapter == key:
                        label = f"Emendation {rec.id}: {emendations.KINDS[rec.kind]}"
                        state.marks.setdefault(rec.place, []).append((f"{base_href}#{rec.id}", label))
        if chapter is not None:
            state.note_links = self._note_links(markdown, str(chapter))
        self.markdown.state = state
        self.markdown.references = ReferenceState(format=self._format_reference)
        self._page_source = (file, markdown, first)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        file, markdown, first = self._page_source
        for snippet in self.markdown.state.missing_ids:
            line = mdsource.locate(markdown, snippet, first)
            log.warning(str(Problem(file, line, f"block without an id: '{snippet[:40]}…' (add '{{: #<id> }}' on the line after it)")))
        self.cited += [(key, page.file.src_uri, block) for key, block in self.markdown.state.cited]
        self.listed += [(key, page.file.src_uri, item) for key, item in self.markdown.references.listed]
        self.numbers[page.file.src_uri] = {ident: n for n, ident in enumerate(self.markdown.state.numbered, 1)}
        for key in self.markdown.references.unknown:
            line = mdsource.locate(markdown, f"@{key}", first)
            hint = reflists.suggest(key, self.bibliography.entries)
            log.warning(str(Problem(file, line, f"unknown citation key '{key}'{hint}")))
        self.markdown.state = PageState()
        self.markdown.references = ReferenceState()
        return html

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # Chapters and docs/_data/ are watched already (they live in docs_dir).
        server.watch(str(self.root / Path(self.config.bibliography).parent))
        return server

    def _block_label(self, src: str, block: str) -> str:
        """'¶ 14' for a numbered body block, 'note 34' for a note."""
        prefix = f"fn{self.separator}"
        if block.startswith(prefix):
            return f"note {block[len(prefix):].lstrip('abcdefghijklmnopqrstuvwxyz')}"
        number = self.numbers.get(src, {}).get(block)
        return f"¶ {number}" if number else f"#{block}"

    def _note_links(self, markdown: str, chapter: str) -> dict[str, str]:
        """Editorial links after each verbatim note to the work(s) it cites ("Ibid." resolved)."""
        entries = self.markdown.entries
        out = {}
        for number, found in notecites.cites(markdown, chapter, self.bibliography.data.entries).items():
            parts = []
            for cite in found:
                label = self.markdown.intext.label(cite.key, entries[cite.key])
                link = Markup('<a class="cite" href="{}" data-key="{}">{}</a>').format(self.markdown.cite_href(cite.key), cite.key, label)
                parts.append(Markup("{}{}{}").format("Ibid. = " if cite.ibid else "cites ", link, f", {cite.locator}" if cite.locator else ""))
            out[f"fn{self.separator}{chapter}{number}"] = str(
                Markup('<span class="ed-note-cites"> [<span class="ed-label">Ed.:</span> {}]</span>').format(Markup("; ").join(parts)))
        return out

    def _format_reference(self, key: str, style: str, options: tuple[tuple[str, str], ...]) -> str | None:
        if key not in self.bibliography.data.entries:
            return None
        if (style, options) not in self.formatted:
            chosen = dict(options)
            preset = chosen.pop("preset", None)
            if preset is not None:
                if preset not in PRESETS:
                    raise PluginError(f"unknown reference-list preset '{preset}' (one of: {', '.join(PRESETS)})")
                chosen = {**PRESETS[preset], **chosen}
            keys = sorted(self.bibliography.data.entries)
            self.formatted[(style, options)] = styles.format_entries(self.bibliography.data, keys, style, **chosen)
        return self.formatted[(style, options)][key].html

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        label = self.config.emendations
        for rec in self.emendations:
            chapter = self.chapters.get(rec.chapter)
            if chapter is None:
                log.warning(str(Problem(label, rec.line, f"emendation {rec.id}: unknown chapter '{rec.chapter}'")))
            elif rec.place not in chapter.ids:
                log.warning(str(Problem(label, rec.line, f"emendation {rec.id}: place '#{rec.place}' is not an id in {chapter.file}")))
        target = files.get_file_from_path(self.config.emendations_page)
        if target is not None and target.page is not None:
            _fill_slot(target.page, "emendations", self._emendations_html(target.page))
        target = files.get_file_from_path(self.config.bibliography_page)
        if target is not None and target.page is not None:
            _fill_slot(target.page, "bibliography", self._bibliography_html(target.page, files))
        return env

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        data = self.bibliography.data
        for name, text in ((EXPORTS["bibtex"][0], exports.to_bibtex(data)), (EXPORTS["ris"][0], exports.to_ris(data)),
                           (EXPORTS["csl"][0], exports.to_csl_json(data))):
            files.append(File.generated(config, name, content=text))
        return files

    def _bibliography_html(self, page: Page, files: Files) -> str:
        entries = self.bibliography.resolved()
        found = unified.works(entries)
        keys = sorted(entries)
        chicago = styles.format_entries(self.bibliography.data, keys, "chicago")
        apa = styles.format_entries(self.bibliography.data, keys, "apa")
        src_to_url = {f.src_uri: f.url for f in files.documentation_pages()}

        def places(key: str) -> list[unified.Place]:
            out = []
            for ch in sorted(self.chapters.values(), key=lambda c: c.key):
                src = next((s for s, u in src_to_url.items() if u == ch.url), "")
                href = get_relative_url(ch.url, page.url)
                label = f"Paper {ch.key.upper()}"
                blocks = [b for k, s, b in self.cited if k == key and s == src]
                cited = [unified.Link(f"{href}#{b}", self._block_label(src, b)) for b in dict.fromkeys(blocks)]
                if cited:
                    out.append(unified.Place(f"Cited in {label}", tuple(cited)))
                items = [unified.Link(f"{href}#{i}", "entry") for k, s, i in self.listed if k == key and s == src]
                if items:
                    out.append(unified.Place(f"Listed in {label}'s {'bibliography' if ch.key == 'a' else 'references'}", tuple(items)))
            return out

        rows = []
        for work in found:
            group = [work.key, *work.printings]
            merged: dict[str, list[unified.Link]] = {}
            for k in group:
                for place in places(k):
                    merged.setdefault(place.label, []).extend(place.links)
            rows.append(dict(key=work.key, papers=work.papers, flags=work.flags,
                             chicago=Markup(chicago[work.key].html), apa=Markup(apa[work.key].html),
                             places=[unified.Place(label, tuple(links)) for label, links in merged.items()]))
        downloads = [dict(href=get_relative_url(name, page.file.src_uri), label=label) for name, label in EXPORTS.values()]
        return render.fragment("bibliography.html", works=rows, counts=unified.counts(found), exports=downloads)

    def _emendations_html(self, page: Page) -> str:
        def href(key: str, place: str = "") -> str:
            return get_relative_url(self.chapters[key].url, page.url) + (f"#{place}" if place else "")

        known = [r for r in self.emendations if r.chapter in self.chapters]
        items = [dict(record=r, kind_label=emendations.KINDS[r.kind], href=href(r.chapter, r.place),
                      chapter_title=self.chapters[r.chapter].title) for r in known]
        chapters = [dict(title=ch.title, href=href(ch.key), count=sum(r.chapter == ch.key for r in known))
                    for ch in sorted(self.chapters.values(), key=lambda ch: ch.key)]
        return render.fragment("emendations.html", records=known, items=items, chapters=chapters)


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


def _footnote_separator(config: MkDocsConfig) -> str:
    options: Any = config.mdx_configs.get("footnotes", {})
    return str(options.get("SEPARATOR", ":"))
