"""Formatted entries (macros/styles/cache.py): formatted by a second process while the pages are read,
taken back when that process has not begun them, kept between builds and reused only while current.
Whatever path an entry takes, it is the entry ``format_entries`` makes."""

from __future__ import annotations

import multiprocessing
import shutil
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from macros.sources import bibliography
from macros.styles import cache, format_entries
from tests.conftest import TINY_CONFIG, mkdocs_build

ROOT = Path(__file__).resolve().parent.parent
STYLES = [("edition-chicago", (("edition", "paper-a"), ("variant", "a"))), ("edition-apa", (("variant", "b"),)), ("edition-apa", ())]


class NeverRuns(Executor):
    """A pool whose worker never starts anything: every task can be taken back."""

    def __init__(self) -> None:
        self.submitted: list[Future[Any]] = []
        self.names: list[str] = []  # of the functions handed over, in order

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.submitted.append(future)
        self.names.append(fn.__name__)
        return future


def _bib(root: Path) -> bibliography.Bibliography:
    return bibliography.load(sorted((root / "bibliography").glob("*.bib")), root)


def _direct(bib: bibliography.Bibliography) -> dict[tuple[str, Any], dict[str, Any]]:
    keys = sorted(bib.data.entries)
    return {(s, o): format_entries(bib.data, keys, s, **dict(o)) for s, o in STYLES}


@pytest.fixture(scope="module")
def bib() -> bibliography.Bibliography:
    return _bib(ROOT)


def test_formatted_by_another_process_as_here(bib: bibliography.Bibliography, tmp_path: Path) -> None:
    entries = cache.FormattedEntries(bib.data, bib.digest, tmp_path)
    assert entries.lacks(STYLES)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        entries.prefetch(STYLES, pool)
        got = {style: entries(*style) for style in STYLES}
    assert got == _direct(bib)


def test_what_the_other_process_has_not_begun_is_formatted_here(bib: bibliography.Bibliography, tmp_path: Path) -> None:
    entries, pool = cache.FormattedEntries(bib.data, bib.digest, tmp_path), NeverRuns()
    entries.prefetch(STYLES, pool)
    keys = sorted(bib.data.entries)
    assert len(pool.submitted) == sum(len(cache._chunks(keys, *style)) for style in STYLES) >= len(STYLES) * cache.MIN_CHUNKS
    taken = 0
    while entries.take_back_one():  # the last handed over first
        taken += 1
        assert [f.cancelled() for f in pool.submitted[::-1]][:taken + 1] == [True] * taken + [False] * (taken < len(pool.submitted))
    assert taken == len(pool.submitted) and all(f.cancelled() for f in pool.submitted)
    assert {style: entries(*style) for style in STYLES} == _direct(bib)


class RunsFirst(Executor):
    """A pool whose worker has finished its first ``n`` tasks and not begun the rest."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.submitted: list[Future[Any]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        if len(self.submitted) < self.n:
            future.set_running_or_notify_cancel()
            future.set_result(fn(*args, **kwargs))
        self.submitted.append(future)
        return future


def test_chunks_finished_there_and_taken_back_make_the_same_entries(bib: bibliography.Bibliography, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Handed over in chunks, a style's entries come back whole, whichever process formatted each chunk."""
    monkeypatch.setattr(cache, "CHUNK", 20)
    per_style = -(-len(bib.data.entries) // 20)
    entries, pool = cache.FormattedEntries(bib.data, bib.digest, tmp_path), RunsFirst(per_style + 2)
    entries.prefetch(STYLES, pool)
    assert len(pool.submitted) == per_style * len(STYLES) > per_style + 2
    while entries.take_back_one():
        pass
    assert [f.cancelled() for f in pool.submitted] == [False] * (per_style + 2) + [True] * (len(pool.submitted) - per_style - 2)
    assert {style: entries(*style) for style in STYLES} == _direct(bib)


def test_a_style_that_assigns_year_suffixes_among_its_entries_is_one_chunk(bib: bibliography.Bibliography) -> None:
    keys = sorted(bib.data.entries)
    assert len(cache._chunks(keys, "edition-apa", (("year_suffix", "title"),))) == 1
    assert len(cache._chunks(keys, "edition-apa", ())) == max(cache.MIN_CHUNKS, -(-len(keys) // cache.CHUNK))


def test_kept_between_builds_and_reformatted_only_where_a_record_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "bibliography", project / "bibliography")
    first = _bib(project)
    made = cache.FormattedEntries(first.data, first.digest, tmp_path / "cache")
    before = {style: made(*style) for style in STYLES}
    assert not cache.FormattedEntries(first.data, first.digest, tmp_path / "cache").lacks(STYLES)

    # One record changes: only it is formatted again; every other entry comes from the cache.
    bib_file = next(p for p in sorted((project / "bibliography").glob("*.bib")) if "@" in p.read_text(encoding="utf-8"))
    changed = _bib(project)
    key = next(k for k, e in changed.data.entries.items() if changed.where[k][0].endswith(bib_file.name) and "title" in e.fields)
    text = bib_file.read_text(encoding="utf-8")
    title = changed.data.entries[key].fields["title"]
    bib_file.write_text(text.replace(title, title + " Revised", 1), encoding="utf-8")
    second = _bib(project)
    asked: list[list[str]] = []

    def counting(data: Any, keys: list[str], style: str, **options: Any) -> Any:
        asked.append(list(keys))
        return format_entries(data, keys, style, **options)

    monkeypatch.setattr(cache, "format_entries", counting)
    again = cache.FormattedEntries(second.data, second.digest, tmp_path / "cache")
    after = {style: again(*style) for style in STYLES}
    assert asked == [[key]] * len(STYLES)
    assert after == _direct(second)
    for style in STYLES:
        assert "revised" in after[style][key].text.lower() and "revised" not in before[style][key].text.lower()
        assert {k: v for k, v in after[style].items() if k != key} == {k: v for k, v in before[style].items() if k != key}


def test_exports_the_other_process_has_not_begun_are_made_here(bib: bibliography.Bibliography, tmp_path: Path) -> None:
    from types import SimpleNamespace

    from macros.background import Background
    from macros.pages import exports

    entries, pool = cache.FormattedEntries(bib.data, bib.digest, tmp_path), NeverRuns()
    publisher = SimpleNamespace(formatted_in=entries)
    waiting = pool.submit(exports.all_formats, bib.data, bib.digest, tmp_path)
    background = Background(bib, tmp_path, True, pool, waiting, publisher)  # type: ignore[arg-type]
    background.take_back()
    assert waiting.cancelled()
    assert background.exports() == exports.all_formats(bib.data)


def test_the_other_process_works_in_the_order_its_results_are_needed(bib: bibliography.Bibliography, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold build hands over the theme's templates first (no style is known yet, and the pages need
    them as soon as they are written); then the formatting, which this process waits for first once the
    pages are read; then the exports, which it takes back if they are not begun; then the fragments'."""
    from types import SimpleNamespace

    from mkdocs.config import load_config

    from macros.background import Background

    pool = NeverRuns()
    monkeypatch.setattr(Background, "_other", lambda self: pool)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    background = Background.start(bib, load_config(str(ROOT / "mkdocs.yml")).theme, tmp_path, fork=True)
    assert pool.names == ["compile_ahead"]
    publisher = SimpleNamespace(formatted_in=cache.FormattedEntries(bib.data, bib.digest, tmp_path),
                                styles_to_format=lambda: [("edition-apa", ()), ("edition-chicago", ())])
    background.format(publisher)  # type: ignore[arg-type]
    chunks = pool.names[1:-2]
    assert len(chunks) >= 2 * cache.MIN_CHUNKS and set(chunks) == {"_format_in_worker"}
    assert pool.names[-2:] == ["_exports_in_worker", "compile_fragments"]


def test_the_other_process_starts_before_the_search_plugin_reads_its_language() -> None:
    """The edition's ``on_config`` starts the other process. It runs before the theme's search plugin's,
    although the site lists search first: that one compiles the theme's language templates three times,
    some 20 ms of a cold build with the other core idle (two papers cold, 30 pairs: -21 ms)."""
    from mkdocs.config import load_config

    from macros.plugin import EditionPlugin
    from material.plugins.search.plugin import SearchPlugin

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert list(config.plugins) == ["material/search", "edition"]  # as the site lists them
    order = [type(method.__self__) for method in config.plugins.events["config"]]
    assert order.index(EditionPlugin) < order.index(SearchPlugin)


# A fresh interpreter with a Background for the edition's bibliography, before any other process: the
# probes below run in one, so that what a fork inherits, and what is left at exit, are their own.
_BACKGROUND = """
import multiprocessing, sys
from pathlib import Path
from macros.background import Background
from macros.sources import bibliography

root = Path(sys.argv[1])
bib = bibliography.load(sorted((root / "bibliography").glob("*.bib")), root)
background = Background(bib, Path(sys.argv[2]), True, None, None)
"""


def _probe(code: str, tmp_path: Path) -> Any:
    """``code`` run after ``_BACKGROUND`` in a fresh interpreter: its completed process."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", _BACKGROUND + code, str(ROOT), str(tmp_path)], capture_output=True, text=True, cwd=ROOT)


_FORK_PROBE = """
def formatting_imported():  # run in the other process, before any task there imports anything
    return "macros.styles.formatting" in sys.modules

assert "macros.styles.formatting" not in sys.modules
print(background._other().submit(formatting_imported).result())
background.close()
"""


def test_the_other_process_is_forked_with_the_formatting_code_imported(tmp_path: Path) -> None:
    """Formatting is the other process's main work: it inherits the code imported, instead of importing
    it in its first formatting task, on the cold build's critical path (two papers: 26 → 9 ms)."""
    run = _probe(_FORK_PROBE, tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True"]


_CLOSE_PROBE = """
assert background._other().submit(sorted, "ba").result() == ["a", "b"]
background.close()
print(len(multiprocessing.active_children()))
"""


def test_closing_waits_for_the_other_process_to_end(tmp_path: Path) -> None:
    """A build ends with no other process left behind, so that the interpreter's exit does not race the
    pool's shutdown: in Python 3.11, not waiting printed "Exception ignored ... Bad file descriptor"
    after 5 of 8 builds whose cache lacked only the downloads (``Background.close``)."""
    for _ in range(3):
        run = _probe(_CLOSE_PROBE, tmp_path)
        assert run.returncode == 0 and not run.stderr, run.stderr
        assert run.stdout.split() == ["0"]  # the other process has ended when ``close`` returns


_LET_GO_PROBE = """
import os, time
background._other().submit(os.getpid).result()  # the other process, forked
checked = background.run(time.sleep, 0.2)  # a chapter's check, handed over before the other process is let go
background.let_go()
for _ in range(500):  # it ends by itself once it has done what it holds, not when the build ends
    if not multiprocessing.active_children():
        break
    time.sleep(0.01)
print(len(multiprocessing.active_children()), checked.done())
print(background.run(os.getpid) == os.getpid())  # handed over after: done here
background.close()
print(len(multiprocessing.active_children()))
"""


def test_the_other_process_ends_once_nothing_more_is_handed_to_it(tmp_path: Path) -> None:
    """Once the chapters' checks are handed over (``on_env``) the other process ends as soon as it has
    done them, not when the build ends: until it ends it keeps its own copy of each page of memory
    either process writes to (the 160-chapter corpus's cold build: 312 MiB at its peak, then 250)."""
    run = _probe(_LET_GO_PROBE, tmp_path)
    assert run.returncode == 0 and not run.stderr, run.stderr
    assert run.stdout.split() == ["0", "True", "True", "0"]


def test_the_theme_compiled_ahead_is_the_code_jinja2_would_compile(tmp_path: Path) -> None:
    """``compile_ahead`` (a cold build's other process) keeps each template the theme's pages name, and
    those they name in turn, as the very code the build's own environment compiles from its source."""
    from jinja2 import meta
    from mkdocs.config import load_config

    from macros.pages import render

    theme = load_config(str(ROOT / "mkdocs.yml")).theme
    render.add_theme_dirs(theme)  # as the plugin does before the other process compiles
    assert not render.kept(tmp_path / "theme")
    render.compile_ahead(theme, tmp_path / "theme")
    assert render.kept(tmp_path / "theme")
    kept, fresh = theme.get_env(), theme.get_env()  # the build's environment with the kept code, and one without
    render.keep_compiled(tmp_path / "theme", kept)
    assert kept.bytecode_cache is not None and kept.loader is not None
    # The pages' templates, and base.html, which the edition's main.html extends by a name set at build time.
    todo, seen = ["main.html", "base.html", "404.html", "sitemap.xml"], set()
    while todo:  # the closure, found here independently of compile_ahead
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        source, filename, _ = kept.loader.get_source(kept, name)
        todo += [n for n in meta.find_referenced_templates(kept.parse(source)) if n]
        code, compiled = kept.bytecode_cache.get_bucket(kept, name, filename, source).code, fresh.compile(source, name, filename)
        assert code is not None and (code, code.co_filename) == (compiled, compiled.co_filename), name  # tracebacks name the file
    assert {"main.html", "base.html", "partials/header.html"} <= seen


def test_the_fragments_compiled_ahead_are_the_code_jinja2_would_compile(tmp_path: Path) -> None:
    """``compile_fragments`` (a cold build's other process, once it has formatted) keeps every fragment
    template as the code the fragments' environment compiles from its source."""
    from jinja2 import Environment

    from macros.pages import render

    env, before = render.environment(), render.environment().bytecode_cache
    try:
        if env.cache is not None:
            env.cache.clear()  # as in a fresh process: templates an earlier test loaded would not be compiled again
        render.compile_fragments(tmp_path / "templates")
        assert env.bytecode_cache is not None and env.loader is not None
        fresh = Environment(**{k: getattr(env, k) for k in ("autoescape", "undefined", "trim_blocks", "lstrip_blocks", "keep_trailing_newline")})
        names = env.list_templates()
        assert {"cards.html", "head.html", "bibliography.html"} <= set(names)
        for name in names:
            source, filename, _ = env.loader.get_source(env, name)
            code, compiled = env.bytecode_cache.get_bucket(env, name, filename, source).code, fresh.compile(source, name, filename)
            assert code is not None and (code, code.co_filename) == (compiled, compiled.co_filename), name
    finally:
        env.bytecode_cache = before


def test_the_themes_compiled_templates_are_kept_and_a_changed_one_is_recompiled(tiny_site: Callable[..., Any], tmp_path: Path) -> None:
    """The theme's templates, compiled once, are kept in .cache/edition/theme; an edited template is
    what the next build renders (jinja2 checks each kept one against its source)."""
    override = '<p id="marker">%s</p>{{ page.content }}\n'  # the theme's content.html, which its base.html includes
    first = tiny_site({"index.md": "# Home\n\nText.\n"})
    assert first.returncode == 0, first.output
    project = tmp_path / "project"
    config = TINY_CONFIG.replace("  name: mkdocs\n", "  name: mkdocs\n  custom_dir: overrides\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "overrides").mkdir()
    for marker in ("first", "second"):
        (project / "overrides" / "content.html").write_text(override.replace("%s", marker), encoding="utf-8")
        build = mkdocs_build(project, tmp_path / "site")
        assert build.returncode == 0, build.output
        assert f'<p id="marker">{marker}</p>' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    kept = list((project / ".cache" / "edition" / "theme").iterdir())
    assert len(kept) >= 3  # the theme's main, base and partials


def test_a_build_whose_entries_are_all_kept_never_loads_the_formatting_machinery(tiny_site: Callable[..., Any], tmp_path: Path) -> None:
    """pybtex's templates and HTML backend (``styles/formatting.py``) are imported only when an entry
    is formatted: a warm build, every entry kept, never needs them (their imports were 4 % of it)."""
    import os
    import subprocess
    import sys

    page = {"index.md": "# Home\n\nA claim [@walt1987, p. 3].\n{: #t-p1 }\n",
            "bibliography.md": '# Bibliography\n\n<div data-edition-slot="bibliography"></div>\n',
            "bibliography/tiny.bib": "@book{walt1987, author={Walt, Stephen M.}, title={The Origins of Alliances}, year={1987},\n"
                                     "  x-unlisted = {cited here only}}\n"}
    first = tiny_site(page)  # cold: formats, and keeps
    assert first.returncode == 0, first.output
    project = tmp_path / "project"
    probe = ("import sys\nfrom mkdocs.__main__ import cli\ntry:\n    cli()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
             "print('LOADED' if 'macros.styles.formatting' in sys.modules else 'NOT LOADED')\n")
    for cold, expected in ((True, "LOADED"), (False, "NOT LOADED")):
        if cold:
            shutil.rmtree(project / ".cache")
        run = subprocess.run([sys.executable, "-c", probe, "build", "--strict", "-q", "-d", str(tmp_path / "site")], cwd=project,
                             capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        assert run.stdout.strip().splitlines()[-1:] == [expected], run.stdout + run.stderr


_ORDER_PROBE = """
import sys
from mkdocs.__main__ import cli
from macros.background import Background
from macros.publisher import Publisher

order = []
for cls, name in ((Background, "let_go"), (Publisher, "fill")):
    def recorded(self, *args, _name=name, _method=getattr(cls, name), **kwargs):
        order.append(_name)
        return _method(self, *args, **kwargs)
    setattr(cls, name, recorded)
try:
    cli()
except SystemExit as exit:
    assert not exit.code, exit.code
print(" ".join(order))
"""


def test_the_other_process_is_let_go_before_the_site_is_filled_unless_a_chapter_is_checked(tiny_site: Callable[..., Any],
                                                                                          tmp_path: Path) -> None:
    """When no chapter has a source text to check, nothing goes to the other process once the pages are
    read: it is let go then, before this one fills the site-wide pages (``on_env``), so that its memory
    is not held beside what they add (the 160-chapter corpus, cold: 250 → 234 MiB at the build's peak).
    With a chapter to check (both papers have their sources), only once the checks are handed over."""
    import os
    import subprocess
    import sys

    chapter = "---\nchapter: {key: t, label: Tiny, style: apa}\ntitle: Tiny\n---\n\n# Tiny\n\nA claim [@walt1987, p. 3].\n{: #t-p1 }\n"
    first = tiny_site({"index.md": "# Home\n", "ch.md": chapter,
                       "bibliography/tiny.bib": "@book{walt1987, author={Walt, Stephen M.}, title={The Origins of Alliances}, year={1987},\n"
                                                "  x-unlisted = {cited here only}}\n"})
    assert first.returncode == 0, first.output
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for project, expected in ((tmp_path / "project", ["let_go", "fill", "let_go"]), (ROOT, ["fill", "let_go"])):
        run = subprocess.run([sys.executable, "-c", _ORDER_PROBE, "build", "--strict", "-q", "-d", str(tmp_path / "site")],
                             cwd=project, capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
        assert run.stdout.split() == expected, project
