"""Work a build hands to another process while it reads the pages: formatting the bibliography in
each style it shows, and making its exports. Both are needed only once every page is read (in
``on_env``); reading the pages needs only to know which keys exist. While the pages are written,
that process, idle by then, checks each chapter against its source (``run``). On a machine with one core, under
``mkdocs serve`` (whose live-reload server runs threads, and a process with threads must not be
forked), or when the cache holds everything, the work is done here, when it is asked for.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .pages import exports
from .publisher import Publisher

T = TypeVar("T")


@dataclass
class Background:
    publisher: Publisher
    cache: Path
    pool: Executor | None
    made: Future[dict[str, str]] | dict[str, str] | None  # the exports, or their making

    @classmethod
    def start(cls, publisher: Publisher, cache: Path, fork: bool) -> Background:
        bib, entries = publisher.data.bibliography, publisher.formatted_in
        made: Future[dict[str, str]] | dict[str, str] | None = exports.cached(bib.digest, cache)
        styles = publisher.styles_to_format()
        if not fork or (os.cpu_count() or 1) < 2 or not (made is None or entries.lacks(styles)):
            return cls(publisher, cache, None, made)
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        entries.prefetch(styles, pool)
        if made is None:
            made = pool.submit(exports.all_formats, bib.data, bib.digest, cache)
        return cls(publisher, cache, pool, made)

    def take_back(self) -> None:
        """Once every page is read this process is free too. It takes back what the other one has not
        begun, one task at a time from the end of the queue (the exports, submitted last, first of all),
        and does each at once, while the other works from the front: the two meet. (Taking back all at
        once left the other process idle while this one worked through them: some 30 ms of the two
        papers' cold build.)"""
        if isinstance(self.made, Future) and self.made.cancel():
            self.made = None
            self.exports()  # made here, now
        while self.publisher.formatted_in.take_back_one():
            pass

    def exports(self) -> dict[str, str]:
        """The BibTeX, RIS and CSL-JSON downloads, by kind."""
        if isinstance(self.made, Future):
            self.made = self.made.result()
        if self.made is None:
            bib = self.publisher.data.bibliography
            self.made = exports.all_formats(bib.data, bib.digest, self.cache)
        return self.made

    def run(self, work: Callable[..., T], *args: Any) -> Future[T] | T:
        """``work(*args)`` in the other process if there is one (``result`` gives what it returned), else here."""
        return self.pool.submit(work, *args) if self.pool is not None else work(*args)

    @staticmethod
    def result(done: Future[T] | T) -> T:
        return done.result() if isinstance(done, Future) else done

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)


@contextlib.contextmanager
def collector_paused(build: bool) -> Iterator[None]:
    """What is made inside lives until the build ends (the data, the exports, the site-wide pages):
    the cyclic collector neither runs while it is made (it would find nothing to free) nor scans it
    afterwards (gc.freeze). On a large edition that was a tenth of the build. Only for a ``build``:
    `mkdocs serve` rebuilds in one long-lived process, which must keep collecting."""
    if not build:
        yield
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
