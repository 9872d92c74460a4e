"""What an edition's sources say, read here independently of the plugin, for tests to derive their
expectations from: its chapters (front matter), the works each cites or lists (its Markdown and
the ``x-note-<chapter>`` fields of the BibTeX), folded into works as a reader counts them.

Deliberately simple regular expressions over the files an editor writes: if the plugin and this
reading disagree, one of them is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pybtex.database import BibliographyData, parse_file

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_GROUP = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*?-?@[^\[\]]*)\]")  # [@a, p. 3; -@b]
_KEY = re.compile(r"-?@([\w:.+/-]*[\w])")
_ITEM = re.compile(r"^[ \t]*[-*+][ \t]+@([\w:.+/-]+)[ \t]*$", re.M)
_FENCE = re.compile(r"^```.*?^```", re.M | re.S)


@dataclass(frozen=True)
class ChapterFacts:
    key: str
    label: str
    page: str  # "clandestine-cooperation.md"
    style: str
    cited: frozenset[str]  # keys cited in its text or notes
    listed: tuple[str, ...]  # keys of its reference list, in order


def bibliography(root: Path) -> BibliographyData:
    merged = BibliographyData()
    for path in sorted((root / "bibliography").glob("*.bib")):
        for key, entry in parse_file(str(path)).entries.items():
            merged.entries[key] = entry
    return merged


def chapters(root: Path, docs: str = "docs") -> list[ChapterFacts]:
    """The chapters of the edition at ``root``, in the order of its navigation."""
    bib = bibliography(root)
    nav = _nav_order(root)
    found = []
    for path in sorted((root / docs).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        m = _FRONT.match(text)
        meta = yaml.safe_load(m.group(1)) if m else None
        if not isinstance(meta, dict) or not isinstance(meta.get("chapter"), dict):
            continue
        declared = meta["chapter"]
        body = _FENCE.sub("", text[m.end():] if m else text)
        cited = {key for group in _GROUP.findall(body) for key in _KEY.findall(group)}
        field = f"x-note-{declared['key']}"
        cited |= {key for key, entry in bib.entries.items() if entry.fields.get(field, "").strip()}
        page = path.relative_to(root / docs).as_posix()
        found.append(ChapterFacts(declared["key"], declared["label"], page, declared["style"], frozenset(cited),
                                  tuple(_ITEM.findall(body))))
    return sorted(found, key=lambda ch: nav.index(ch.page) if ch.page in nav else len(nav))


def work_of(bib: BibliographyData) -> dict[str, str]:
    """Key -> its work: a printing record is its work."""
    return {key: entry.fields.get("x-printing-of", key) for key, entry in bib.entries.items()}


def membership(root: Path) -> dict[str, frozenset[str]]:
    """Work -> the keys of the chapters citing or listing it (or a printing of it)."""
    fold = work_of(bibliography(root))
    found: dict[str, set[str]] = {}
    for chapter in chapters(root):
        for key in chapter.cited | set(chapter.listed):
            found.setdefault(fold.get(key, key), set()).add(chapter.key)
    return {work: frozenset(keys) for work, keys in found.items()}


def _nav_order(root: Path) -> list[str]:
    """The pages of mkdocs.yml's nav, in order (its Python tags ignored)."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    return re.findall(r"^\s*-.*?([\w./-]+\.md)\s*$", text[text.find("\nnav:"):], re.M)
