"""Work a build hands to another process while it reads the pages: formatting the bibliography in
each style it shows, and making its exports. Both are needed only once every page is read (in
``on_env``); reading the pages needs only to know which keys exist. The other process works in the
order the results are needed. It starts (``start``, in ``on_config``) by compiling the theme's
templates when no build has kept them yet (``render.compile_ahead``): the chapters, and so the
styles to format, are not known yet, and the templates are needed as soon as the pages are written.
Then (``format``, in ``on_files``) the formatting, which this process waits for first; then the
exports, which need nothing but the bibliography and which this process takes back and makes itself
if the other has not begun them (``take_back``); then the edition's own templates
(``render.compile_fragments``). Once the bibliography is formatted, that process checks each chapter
against its source (``run``) while this one writes the pages, and then ends (``let_go``). On a
machine with one core, under ``mkdocs serve`` (whose live-reload server runs threads, and a process
with threads must not be forked), or when the cache holds everything, the work is done here, when it
is asked for.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.theme import Theme

from .pages import exports, render
from .publisher import Publisher
from .sources.bibliography import Bibliography
from .styles import cache as formatted_cache, import_formatting

T = TypeVar("T")


@dataclass
class Background:
    bibliography: Bibliography
    cache: Path
    fork: bool  # whether work may go to another process (see the module's docstring)
    pool: Executor | None
    made: Future[dict[str, str]] | dict[str, str] | None  # the exports, or their making
    publisher: Publisher | None = None  # known once the chapters are (``format``)
    ending: Executor | None = None  # the other process once let go, finishing what it holds (``let_go``)

    @classmethod
    def start(cls, bibliography: Bibliography, theme: Theme, cache: Path, fork: bool) -> Background:
        """Hand over the compiling of the theme's templates, unless a build has kept them (``on_env``
        keeps them there): only a head start, so not done at all where there is no other process.
        (Handed over after the exports, as it was, it held the formatting back: on the 40-chapter corpus
        this process then waited for it once the pages were read.)"""
        made: Future[dict[str, str]] | dict[str, str] | None = exports.cached(bibliography.digest, cache)
        background = cls(bibliography, cache, fork and (os.cpu_count() or 1) >= 2, None, made)
        if background.fork and not render.kept(kept := cache / render.THEME_KEPT):
            background._other().submit(render.compile_ahead, theme, kept)
        return background

    def format(self, publisher: Publisher) -> None:
        """Hand over the formatting of what the cache lacks of the styles the build shows; then the
        exports, unless the cache holds them; then the compiling of the fragments' templates, unless a
        build has kept them (two papers cold, 20 interleaved pairs: 761 → 730 ms; queued before the
        formatting it gained nothing)."""
        self.publisher = publisher
        styles = publisher.styles_to_format()
        if self.fork and publisher.formatted_in.lacks(styles):
            publisher.formatted_in.prefetch(styles, self._other())
        if self.made is None and self.fork:  # unless the cache holds them
            self.made = self._other().submit(_exports_in_worker, self.bibliography.digest, self.cache)
        if self.fork and not render.kept(kept := self.cache / render.FRAGMENTS_KEPT):
            self._other().submit(render.compile_fragments, kept)

    def _other(self) -> Executor:
        """The other process, forked when first asked for: it inherits the bibliography (``share``)
        instead of receiving it pickled with each task (thousands of pybtex objects), and the code
        that formats it, imported here first (imported there, it held back the first formatting
        task of the two papers' cold build 17 ms, on the build's critical path; this process imports
        it in a cold build anyway, to plan the formatting and to take tasks back)."""
        if self.pool is None:
            formatted_cache.share(self.bibliography.data)
            import_formatting()
            self.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        return self.pool

    def take_back(self) -> None:
        """Once every page is read this process is free too. It takes back what the other one has not
        begun, one task at a time from the end of the queue, and does each at once, while the other
        works from the front: the two meet. (Taking back all at once left the other process idle while
        this one worked through them: some 30 ms of the two papers' cold build.) The exports, handed
        over after the formatting, are taken back first."""
        if isinstance(self.made, Future) and self.made.cancel():
            self.made = None
            self.exports()  # made here, now
        while self.publisher is not None and self.publisher.formatted_in.take_back_one():
            pass

    def let_go(self) -> None:
        """Nothing more is handed to the other process (the chapters' checks are, in ``on_env``): it
        ends as soon as it has done what it holds, rather than with the build. Until it ends it holds
        its own copy of each page of memory that either process has written to since the fork, which
        this process goes on doing as it writes the pages (the 160-chapter corpus, cold: 312 MiB at the
        two processes' peak, 250 let go). A check handed over later (``run``) is done here."""
        if self.pool is not None:
            self.pool.shutdown(wait=False)  # what it holds is still done, and its results still come
            self.pool, self.ending = None, self.pool

    def exports(self) -> dict[str, str]:
        """The BibTeX, RIS and CSL-JSON downloads, by kind."""
        if isinstance(self.made, Future):
            self.made = self.made.result()
        if self.made is None:
            self.made = exports.all_formats(self.bibliography.data, self.bibliography.digest, self.cache)
        return self.made

    def run(self, work: Callable[..., T], *args: Any) -> Future[T] | T:
        """``work(*args)`` in the other process if there is one (a Future of what it returns), else here."""
        return self.pool.submit(work, *args) if self.pool is not None else work(*args)

    def close(self) -> None:
        """Drop the tasks not begun, and wait for the one running and for the other process to end. Not
        waiting let the interpreter's exit race the pool's own shutdown in Python 3.11, which wakes the
        pool's thread through a pipe that thread may be closing (later Pythons lock it, CPython
        gh-125451): the build succeeded, then printed "Exception ignored ... OSError: [Errno 9] Bad file
        descriptor", in 5 of 8 builds whose cache lacked only the downloads. At the end of a build
        the other process is idle: waiting costs the time it takes to exit."""
        for pool in (self.pool, self.ending):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)


def _exports_in_worker(digest: str, cache: Path) -> dict[str, str]:
    return exports.all_formats(formatted_cache.shared(), digest, cache)
