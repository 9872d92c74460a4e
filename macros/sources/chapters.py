"""The edition's chapters, each declared once, in its own front matter.

A page is a chapter when its front matter has a ``chapter`` block:

    chapter:
      key: b                # its ids start with it (b-p12), emendation records name it
      label: Paper B        # how the apparatus pages name it
      style: apa            # its citation style: a pair registered under edition.citation_styles
      preset: paper-b       # optional: its consistent deviations from the style (docs/_data/presets.yml)
      source: tests/sources/paper-b.txt  # optional: the source text the fidelity check compares
    citation:               # what reference managers read; only what the source states
      authors: [{family: Türk, given: Kerem, orcid: …, affiliation: …}]
      …

The chapters' order is the order of the site's navigation. ``read`` validates one page's front
matter; every problem names the file, the line and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import msgspec
import yaml

from ..problems import DataError, Problem
from . import schema, yamlfile

KEY = r"^[a-z]([a-z0-9]*[a-z])?$"  # ends in a letter: the digits after it in a note label are the note's number
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


class Author(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    family: str
    given: str
    orcid: str = ""
    affiliation: str = ""


class CitationMeta(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The chapter as a work, for citation managers: only what its source states (``null`` where silent)."""

    title_sentence_case: str | None = None
    authors: tuple[Author, ...] = ()
    journal: str | None = None
    date: str | None = None
    language: str = "en"
    abstract: str | None = None  # the id of the block holding the abstract
    keywords: str | None = None  # the id of the block holding the keywords
    license: str | None = None


class Declaration(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    key: Annotated[str, msgspec.Meta(pattern=KEY)]
    label: Annotated[str, msgspec.Meta(min_length=1)]
    style: Annotated[str, msgspec.Meta(min_length=1)]
    preset: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Chapter:
    """One chapter of the edition: its declaration, where it lives, and its citation metadata."""

    key: str  # "a"
    label: str  # "Paper A"
    title: str
    style: str  # the name of its citation style
    preset: str  # "" when it follows its style exactly
    source: str  # "" when there is no source text to compare with
    page: str  # its path in docs/: "clandestine-cooperation.md"
    file: str  # how messages name it: "docs/clandestine-cooperation.md"
    url: str  # its address in the site: "clandestine-cooperation/"
    line: int  # the line of its ``chapter:`` block
    citation: CitationMeta

    def note_id(self, number: int | str, separator: str = "-") -> str:
        """The id of the author's note with this printed number: 'fn-a34'."""
        return f"fn{separator}{self.key}{number}"


def front_matter(text: str) -> tuple[yaml.Node | None, dict[str, Any], int]:
    """(the front matter's node, its data, the line it starts on); nothing when the page has none."""
    m = _FRONT.match(text)
    if m is None or not m.group(1):
        return None, {}, 1
    node, data = yamlfile.parse(m.group(1))
    return node, data if isinstance(data, dict) else {}, 2


def body(text: str) -> str:
    """The page's Markdown after its front matter."""
    return _FRONT.sub("", text, count=1)


def read(text: str, page: str, file: str, url: str, styles: Mapping[str, object], presets: Mapping[str, str]) -> Chapter | None:
    """The chapter a page declares, or None for a page that is not a chapter.

    ``styles``: the registered citation styles by name; ``presets``: preset name -> the style it is for.
    A declaration that does not fit raises DataError with the file, the line and what is allowed."""
    try:
        node, meta, first = front_matter(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(Problem(file, (mark.line + 2) if mark else 1, f"malformed front matter: {getattr(exc, 'problem', exc)}")) from None
    if "chapter" not in meta:
        return None
    shift = first - 1

    def at(name: str) -> yaml.Node | None:
        return next((v for k, v in node.value if k.value == name), None) if isinstance(node, yaml.MappingNode) else None

    declared = _convert(meta["chapter"], Declaration, at("chapter"), file, shift, "chapter")
    citation = _convert(meta.get("citation") or {}, CitationMeta, at("citation"), file, shift, "citation")
    line = _line(node, "chapter", shift)
    if declared.style not in styles:
        raise DataError(Problem(file, _line(at("chapter"), "style", shift), f"chapter: unknown citation style "
                                f"'{declared.style}' (registered: {', '.join(sorted(styles)) or 'none'})"))
    if declared.preset is not None:
        if declared.preset not in presets:
            raise DataError(Problem(file, _line(at("chapter"), "preset", shift), f"chapter: unknown preset "
                                    f"'{declared.preset}' (defined: {', '.join(sorted(presets)) or 'none'})"))
        if presets[declared.preset] != declared.style:
            raise DataError(Problem(file, _line(at("chapter"), "preset", shift), f"chapter: preset '{declared.preset}' "
                                    f"is for the style '{presets[declared.preset]}', not '{declared.style}'"))
    title = meta.get("title") if isinstance(meta.get("title"), str) else _heading(text)
    if not title or not title.strip():
        raise DataError(Problem(file, line, "chapter: the page needs a title (a 'title' in its front matter, or a '# heading')"))
    return Chapter(declared.key, declared.label, title, declared.style, declared.preset or "", declared.source or "",
                   page, file, url, line, citation)


_H1 = re.compile(r"^# +(.+?)(?: +#+)?(?: *\{[^}]*\})? *$", re.M)


def _heading(text: str) -> str:
    """The text of the page's first level-one heading, as MkDocs takes a title from it."""
    m = _H1.search(text)
    return m.group(1).strip() if m else ""


def _convert(data: Any, record: type[schema.T], node: yaml.Node | None, file: str, shift: int, what: str) -> schema.T:
    try:
        return schema.convert(data, record, node, file, what)
    except DataError as exc:  # the node's lines count from the front matter's first line
        problem = exc.problem
        raise DataError(Problem(problem.file, problem.line + shift, problem.message)) from None


def _line(node: yaml.Node | None, name: str, shift: int) -> int:
    """The line of ``name``'s key in the mapping ``node`` (or of the mapping itself)."""
    found = next((k for k, _ in node.value if k.value == name), None) if isinstance(node, yaml.MappingNode) else None
    target = found if found is not None else node
    return target.start_mark.line + 1 + shift if target is not None else 1


def declared(pages: Iterable[tuple[str, str, str]], docs: str, styles: Mapping[str, object],
             presets: Mapping[str, str]) -> dict[str, Chapter]:
    """The chapters among ``pages`` ((path in docs/, text, address)), by key; a key used twice is a DataError."""
    found: dict[str, Chapter] = {}
    for page, text, url in pages:
        chapter = read(text, page, f"{docs}/{page}", url, styles, presets)
        if chapter is None:
            continue
        if chapter.key in found:
            other = found[chapter.key]
            raise DataError(Problem(chapter.file, chapter.line, f"chapter key '{chapter.key}' is also the key of "
                                    f"{other.file}:{other.line}"))
        found[chapter.key] = chapter
    return found


def discover(docs: Path, styles: Mapping[str, object], presets: Mapping[str, str]) -> list[Chapter]:
    """Every chapter of ``docs`` in file order, for the scripts that work without MkDocs."""
    found = []
    for path in sorted(docs.rglob("*.md")):
        page = path.relative_to(docs).as_posix()
        chapter = read(path.read_text(encoding="utf-8-sig"), page, f"{docs.name}/{page}", directory_url(page), styles, presets)
        if chapter is not None:
            found.append(chapter)
    return found


def directory_url(page: str) -> str:
    """A page's address with MkDocs' directory URLs: 'clandestine-cooperation/' ('' for the home page)."""
    stem = page[: -len(".md")]
    return "" if stem in ("index", "README") else f"{stem.removesuffix('/index')}/"


def built_page(chapter: Chapter) -> str:
    """Where a build with directory URLs writes the chapter: 'clandestine-cooperation/index.html'."""
    return f"{directory_url(chapter.page)}index.html"
