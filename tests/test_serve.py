"""Under `mkdocs serve`, editing a chapter, a .bib file or a YAML data file rebuilds the site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, free_port

def IGNORE(folder: str, names: list[str]) -> list[str]:  # noqa: N802 (shutil.copytree's ignore)
    """What a copy of the project leaves out: tools' folders anywhere, the built site only at the top
    (not macros/site/, the package's own)."""
    skip = {".venv", ".git", "node_modules", "test-artifacts", "__pycache__", ".pytest_cache", ".cache"}
    return [name for name in names if name in skip or (name == "site" and Path(folder).resolve() == ROOT)]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
        return response.read().decode("utf-8")


def _wait_for(url: str, text: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _get(url)
            if text in last:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{text!r} did not appear at {url} within {timeout} s")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    project = tmp_path_factory.mktemp("serve") / "edition"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(f"http://127.0.0.1:{port}/", "Iran's Alliances")
        yield project, f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    time.sleep(1.1)  # a new mtime for the watcher
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_editing_a_chapter_rebuilds_it(served: tuple[Path, str]) -> None:
    """An edit that leaves the authors' words as they are (the strict build compares them with the source)."""
    project, url = served
    _edit(project / "docs/strategic-alignments.md", "{: #b-p1 .byline }", "{: #b-p1 .byline .edited-live }")
    _wait_for(f"{url}/strategic-alignments/", "edited-live")


def test_editing_a_bib_file_rebuilds_the_pages(served: tuple[Path, str]) -> None:
    project, url = served
    # A work no chapter's own list prints (cited in a note of paper A): the chapters' texts stay as their sources.
    _edit(project / "bibliography/paper-a.bib", "title = {The {United States}, {Israel}, and the {Middle East}}",
          "title = {The {United States}, {Israel}, and the {Middle East} Edited}")
    _wait_for(f"{url}/bibliography/", "Middle East Edited")


def test_editing_a_data_file_rebuilds_the_pages(served: tuple[Path, str]) -> None:
    project, url = served
    _edit(project / "docs/_data/editors-notes.yml", "the author presumably meant “has”.", "the author presumably meant “has” (edited).")
    _wait_for(f"{url}/clandestine-cooperation/", "(edited)")
