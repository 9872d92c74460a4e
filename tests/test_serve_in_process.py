"""Rebuilds under `mkdocs serve`, in this process: the cyclic collector waits for each rebuild to end
(macros/collector.py), a page's source facts are kept while its text is unchanged (site/checks.py), and
the bibliography while its files are (sources/bibliography.py)."""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Iterator
from typing import Any

import pytest

from macros import collector


class Cycle:
    """Garbage only the cyclic collector frees: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    yield
    if collector._idle is not None:
        collector._idle.cancel()
        collector._idle.join()
        collector._idle = None
    gc.enable()


def _garbage() -> weakref.ref[Any]:
    return weakref.ref(Cycle())


def test_the_collector_is_off_during_a_rebuild_and_runs_once_it_is_over() -> None:
    collector.serve_rebuild_starts()
    assert not gc.isenabled()
    left = _garbage()
    for _ in range(100_000):  # allocations that would set off collections
        [[]]
    assert left() is not None  # not collected during the rebuild
    collector.serve_rebuild_ends()
    assert not gc.isenabled() and left() is not None  # nor at once: the server may still be answering
    deadline = time.monotonic() + 10
    while left() is not None and time.monotonic() < deadline:
        time.sleep(collector.IDLE_SECONDS / 4)
    assert left() is None  # collected when idle
    assert collector._idle is not None
    collector._idle.join()
    assert gc.isenabled()


def test_a_rebuild_that_starts_before_the_idle_collection_collects_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "IDLE_SECONDS", 60.0)
    collector.serve_rebuild_starts()
    left = _garbage()
    collector.serve_rebuild_ends()
    collector.serve_rebuild_starts()  # the next rebuild, at once
    assert left() is None  # the last rebuild's garbage does not outlive this start
    assert not gc.isenabled()


def test_a_failed_rebuild_that_ends_twice_sets_one_collection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "IDLE_SECONDS", 60.0)
    collector.serve_rebuild_starts()
    collector.serve_rebuild_ends()
    first = collector._idle
    collector.serve_rebuild_ends()  # on_post_build, then on_build_error
    assert collector._idle is first


@pytest.mark.parametrize("command", ["serve", "build"])
def test_the_plugin_defers_the_collector_only_under_serve(command: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real build of a tiny edition, in this process: under serve the collector is off while the
    pages are read and comes back when idle; a build reads them with it on (its own pauses are
    ``collector_paused``'s)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from macros.site import checks

    project = _tiny_project(tmp_path, {"docs/index.md": "# Home\n\nText [@walt1987].\n"})
    seen: list[bool] = []  # whether the collector was on as each page was read
    checked = checks.page_problems

    def page_problems(*args: Any) -> list[Any]:
        seen.append(gc.isenabled())
        return checked(*args)

    monkeypatch.setattr(checks, "page_problems", page_problems)
    monkeypatch.chdir(project)
    for _ in range(2):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        edition: Any = config.plugins["edition"]
        edition.command = command
        build(config, serve_url="http://127.0.0.1:8000/" if command == "serve" else None)
    assert seen == [command != "serve"] * 2
    assert (collector._idle is not None) == (command == "serve")


def _tiny_project(tmp_path: Any, pages: dict[str, str]) -> Any:
    from tests.conftest import TINY_BIB, TINY_CONFIG

    project = tmp_path / "project"
    files = {"mkdocs.yml": TINY_CONFIG, "bibliography/tiny.bib": TINY_BIB, **pages}
    files |= {f"docs/_data/{name}.yml": "[]\n" for name in ("emendations", "editors-notes", "index", "glossary", "timeline",
                                                             "concordance", "presets")}
    files["docs/_data/published-ids.yml"] = "published: {}\nretired: []\n"
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    return project


def test_kept_facts_are_those_of_the_text_as_it_is() -> None:
    from macros.site import checks

    kept = checks.KeptFacts()
    text = "# T\n\nA [@walt1987] and [@nokey, p. 3] and [@bad key].[^1]\n{: #p-one }\n"
    first = kept(text, "docs/t.md", 1, "-")
    assert first == checks.source_facts(text, "docs/t.md", 1, "-")
    assert [key for key, _ in first.cited] == ["walt1987", "nokey"] and first.malformed and first.footnotes and first.ids
    assert kept(str(text), "docs/t.md", 1, "-") is first  # the same text: not scanned again
    changed = text.replace("[@walt1987]", "[@walt1987] [@other]")
    assert [key for key, _ in kept(changed, "docs/t.md", 1, "-").cited] == ["walt1987", "other", "nokey"]
    assert kept(changed, "docs/t.md", 3, "-").cited[0][1] == first.cited[0][1] + 2  # front matter moved it down


def test_what_spans_pages_is_checked_again_on_every_rebuild(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept facts are the page's own: a duplicate id across pages and an unknown key are reported on
    every rebuild, and a fix in another page or in the BibTeX clears them."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = _tiny_project(tmp_path, {"docs/index.md": "# Home\n\nText [@walt1987] [@gause2009].\n{: #same }\n",
                                       "docs/other.md": "# Other\n\nMore.\n{: #same }\n"})
    monkeypatch.chdir(project)
    plugin: Any = None
    try:
        for step in ("first", "again", "fixed"):
            if step == "fixed":
                (project / "docs/other.md").write_text("# Other\n\nMore.\n{: #different }\n", encoding="utf-8")
                (project / "bibliography/tiny.bib").write_text((project / "bibliography/tiny.bib").read_text(encoding="utf-8")
                                                                + "@book{gause2009, author = {Gause, F. Gregory}, title = {T},"
                                                                  " publisher = {P}, year = {2009}}\n", encoding="utf-8")
            config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
            if plugin is not None:  # MkDocs keeps a plugin that has on_startup for the process's next builds
                assert config.plugins["edition"] is plugin
            plugin = config.plugins["edition"]
            if step == "first":
                plugin.on_startup(command="serve", dirty=False)
            build(config, serve_url="http://127.0.0.1:8000/")
            reported = [str(p) for p in plugin.problems]  # the edition's own, whatever the log level
            found = [p for p in reported if "duplicate id 'same'" in p or "unknown citation key 'gause2009'" in p]
            assert len(found) == (0 if step == "fixed" else 2), (step, reported)
    finally:
        if plugin is not None:  # the process's next in-process builds get the plugin as a build does
            plugin.on_startup(command="build", dirty=False)


def test_the_bibliography_is_kept_while_its_files_hold_the_same_bytes(tmp_path: Any) -> None:
    from macros.sources import bibliography

    project = _tiny_project(tmp_path, {})
    bib = project / "bibliography/tiny.bib"
    kept = bibliography.KeptBibliography()
    first = kept([bib], project, None)
    assert kept([bib], project, None) is first  # not read again
    assert first.data.entries.keys() == bibliography.load([bib], project).data.entries.keys()
    bib.write_text(bib.read_text(encoding="utf-8") + "@book{gause2009, author = {Gause, F. Gregory}, title = {T}, year = {2009}}\n",
                   encoding="utf-8")
    changed = kept([bib], project, None)
    assert changed is not first and "gause2009" in changed.data.entries
    bib.write_text(bib.read_text(encoding="utf-8") + "@book{broken,\n", encoding="utf-8")
    with pytest.raises(bibliography.BibliographyError, match="tiny.bib"):
        kept([bib], project, None)
    bib.unlink()
    with pytest.raises(bibliography.BibliographyError, match="not found"):
        kept([bib], project, None)


def test_a_rebuild_with_the_kept_bibliography_writes_the_site_a_first_build_writes(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a build does changes the records it was given: the third rebuild, on the bibliography kept
    since the first, writes every file as the first did."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from macros.sources.bibliography import KeptBibliography

    project = _tiny_project(tmp_path, {"docs/index.md": "# Home\n\nText [@walt1987, p. 3] and [@walt1987].\n",
                                       "docs/bibliography.md": '# Bibliography\n\n<div data-edition-slot="bibliography"></div>\n'})
    monkeypatch.chdir(project)
    plugin: Any = None
    sites = []
    try:
        for n in range(3):
            config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / f"site{n}"))
            plugin = config.plugins["edition"]
            if n == 0:
                plugin.on_startup(command="serve", dirty=False)
            build(config, serve_url="http://127.0.0.1:8000/")
            sites.append({p.relative_to(tmp_path / f"site{n}"): p.read_bytes() for p in (tmp_path / f"site{n}").rglob("*") if p.is_file()})
        assert isinstance(plugin.load_bibliography, KeptBibliography)
    finally:
        if plugin is not None:
            plugin.on_startup(command="build", dirty=False)
    assert sites[2].keys() == sites[0].keys() and len(sites[0]) > 10
    assert [name for name in sites[0] if sites[0][name] != sites[2][name]] == []
