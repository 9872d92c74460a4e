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
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import emendations, mdsource, render
from .notes import EditionMarkdown, PageState
from .problems import Problem

log = get_plugin_logger("edition")

SLOT = '<div data-edition-slot="{}"></div>'
_ID_ATTR = re.compile(r'\sid="([^"]+)"')


class EditionConfig(base.Config):
    emendations = c.Type(str, default="docs/_data/emendations.yml")
    """The emendation list (YAML), relative to ``mkdocs.yml``."""
    emendations_page = c.Type(str, default="emendations.md")
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
        self.markdown.state = state
        self._page_source = (file, markdown, first)
        return markdown

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        file, markdown, first = self._page_source
        for snippet in self.markdown.state.missing_ids:
            line = mdsource.locate(markdown, snippet, first)
            log.warning(str(Problem(file, line, f"block without an id: '{snippet[:40]}…' (add '{{: #<id> }}' on the line after it)")))
        self.markdown.state = PageState()
        return html

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
        return env

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
