"""Property: however an editor's inputs are broken, the build never ends in a traceback.

Hypothesis mutates a small but complete edition — a chapter's Markdown and front matter, a BibTeX
file, each YAML data file — by the kinds of edits editors make by mistake (a character lost or
doubled, a line deleted, moved or repeated, a stray bracket, quote, colon or brace, bytes that are
not UTF-8) and builds it strictly, in this process. Every failure must be one of MkDocs' own
(``PluginError``, ``Abort``, ``BuildError``, ``ConfigurationError``): a message, not a crash.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError

from tests.conftest import TINY_BIB, TINY_CONFIG

CHAPTER = """---
title: Tiny
chapter: {key: t, label: Tiny, style: apa}
citation:
  authors: [{family: Doe, given: Jane}]
---

# Tiny {#t-title}

First paragraph citing [see @walt1987, p. 3] and @walt1987 [p. 4].[^t1]
{: #t-p1 }

Second paragraph with an emended word.
{: #t-p2 }

## References {#t-references}

<div class="references" markdown>

- @walt1987
  {: #t-ref1 }

</div>

[^t1]: A note citing [@walt1987, pp. 5–6].
"""

FILES = {
    "docs/index.md": "# Home\n\nThe edition.\n",
    "docs/tiny.md": CHAPTER,
    "docs/bibliography.md": "# Bibliography\n\n<div data-edition-slot=\"bibliography\"></div>\n",
    "docs/concordance.md": "# Concordance\n\n<div data-edition-slot=\"concordance\"></div>\n",
    "docs/timeline.md": "# Timeline\n\n<div data-edition-slot=\"timeline\"></div>\n",
    "docs/index-of-names.md": "# Index\n\n<div data-edition-slot=\"index\"></div>\n",
    "bibliography/tiny.bib": TINY_BIB + "\n@article{ramazani1978,\n  author = {Ramazani, R. K.},\n  title = {{Iran} and the Conflict},\n"
                                        "  journal = {Middle East Journal},\n  volume = {32},\n  pages = {413--428},\n  year = {1978},\n}\n",
    "docs/_data/emendations.yml": "- id: t-e01\n  chapter: t\n  place: t-p2\n  kind: correct\n  before: emended\n  after: emended\n"
                                  "  reason: An example.\n",
    "docs/_data/editors-notes.yml": "- id: ed-t1\n  chapter: t\n  anchor: t-p1\n  after: \"First\"\n  text: \"A *note* with [a link](index.md).\"\n",
    "docs/_data/published-ids.yml": "published:\n  tiny.md: [t-title, t-p1, t-p2]\nretired: []\n",
    "docs/_data/index.yml": "- id: walt\n  kind: person\n  name: Walt\n  gloss: A scholar.\n  variants: [Walt]\n",
    "docs/_data/glossary.yml": "- id: entente\n  term: entente\n  definition: An understanding.\n",
    "docs/_data/timeline.yml": "- id: ev\n  date: \"1953-08\"\n  label: An event\n  paragraphs: [t-p1]\n  index: walt\n",
    "docs/_data/concordance.yml": "- id: top\n  topic: A topic\n  paragraphs: {t: [t-p1, t-p2]}\n",
    "docs/_data/presets.yml": "- id: house\n  style: apa\n  reference_list: {page_dash: \"-\"}\n",
}
STRAY = ["[", "]", "{", "}", ":", "\"", "'", "@", "-", "#", "*", "\n", "  ", "[^t1]", "[@", "{: #t-p1 }", "- ", "\t", "&", "<b>", "%"]


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """(file, kind of edit, the file's new bytes)."""
    name = draw(st.sampled_from(sorted(n for n in FILES if n.endswith((".md", ".bib", ".yml")))))
    text = FILES[name]
    lines = text.split("\n")
    kind = draw(st.sampled_from(["delete char", "insert", "delete line", "repeat line", "move line", "not utf-8", "empty", "swap"]))
    at = draw(st.integers(0, max(len(text) - 1, 0)))
    line = draw(st.integers(0, max(len(lines) - 1, 0)))
    if kind == "delete char":
        new = text[:at] + text[at + 1:]
    elif kind == "insert":
        new = text[:at] + draw(st.sampled_from(STRAY)) + text[at:]
    elif kind == "delete line":
        new = "\n".join(lines[:line] + lines[line + 1:])
    elif kind == "repeat line":
        new = "\n".join(lines[:line + 1] + lines[line:])
    elif kind == "move line":
        other = draw(st.integers(0, max(len(lines) - 1, 0)))
        moved = lines[:line] + lines[line + 1:]
        new = "\n".join(moved[:other] + [lines[line]] + moved[other:])
    elif kind == "swap":
        new = text.replace(draw(st.sampled_from(["t-p1", "walt1987", "apa", "t:", "chapter", "key"])), "x", 1)
    elif kind == "empty":
        new = ""
    else:
        data = text.encode("utf-8")
        return name, kind, data[:at] + b"\xff\xfe" + data[at:]
    return name, kind, new.encode("utf-8")


@pytest.fixture(scope="module")
def workspace() -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def _build(project: Path, site: Path) -> Exception | None:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    try:
        build(config)
    except MkDocsException as exc:  # a message for the editor: the build stopped as it should
        return exc
    return None


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "250")), deadline=None, derandomize=os.environ.get("FUZZ_RANDOM") is None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(change=mutation())
def test_broken_input_never_ends_in_a_traceback(workspace: Path, change: tuple[str, str, bytes]) -> None:
    name, kind, data = change
    project = workspace / "project"
    shutil.rmtree(project, ignore_errors=True)
    for path, text in FILES.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(TINY_CONFIG, encoding="utf-8")
    (project / name).write_bytes(data)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.CRITICAL)  # quiet: hundreds of builds
    stopped = _build(project, workspace / "site")  # anything but a MkDocs exception fails the test with its traceback
    if isinstance(stopped, PluginError):  # a file that cannot be used: its message names the file and the line
        assert re.match(r"^(edition: )?[\w./*-]+:\d+: \S", str(stopped)), str(stopped)


def test_the_unmutated_edition_builds(workspace: Path) -> None:
    project = workspace / "clean"
    for path, text in FILES.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(TINY_CONFIG, encoding="utf-8")
    assert _build(project, workspace / "clean-site") is None
