"""Shared fixtures: the built edition, tiny sites for bad input, a local server, Chromium."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http
import http.server
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"


@dataclass(frozen=True)
class Build:
    returncode: int
    output: str
    site: Path

    def warnings(self) -> list[str]:
        return [line.split(" -  ", 1)[1] for line in self.output.splitlines() if line.startswith("WARNING")]


def mkdocs_build(project: Path, site: Path, *extra: str) -> Build:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site), *extra],
                          cwd=project, capture_output=True, text=True, env=env)
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


@pytest.fixture(scope="session")
def edition() -> Iterator[Build]:
    """The whole edition, built once with --strict."""
    with tempfile.TemporaryDirectory() as tmp:
        build = mkdocs_build(ROOT, Path(tmp) / "site")
        assert build.returncode == 0, build.output
        yield build


@pytest.fixture(scope="session")
def site(edition: Build) -> Path:
    return edition.site


TINY_CONFIG = """\
site_name: Tiny
site_url: http://127.0.0.1/
theme:
  name: mkdocs
exclude_docs: |
  /_data/
markdown_extensions:
  - attr_list
  - md_in_html
  - footnotes:
      SEPARATOR: "-"
plugins:
  - edition
"""


TINY_BIB = """\
@book{walt1987,
  author = {Walt, Stephen M.},
  title = {The Origins of Alliances},
  publisher = {Cornell University Press},
  year = {1987},
}
"""


@pytest.fixture
def tiny_site(tmp_path: Path) -> Callable[..., Build]:
    """Build a tiny site from {path: text}; _data/emendations.yml defaults to an empty list."""

    def build(files: dict[str, str], config: str = TINY_CONFIG) -> Build:
        """Names under ``bibliography/`` are written beside mkdocs.yml, all others under docs/."""
        project = tmp_path / "project"
        (project / "docs" / "_data").mkdir(parents=True)
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
        if not any(name.startswith("bibliography/") for name in files):
            files = {"bibliography/tiny.bib": TINY_BIB, **files}
        files = {"_data/emendations.yml": "[]\n", "_data/published-ids.yml": "published: {}\nretired: []\n",
                 "_data/editors-notes.yml": "[]\n", "_data/index.yml": "[]\n", "_data/glossary.yml": "[]\n",
                 "_data/timeline.yml": "[]\n", "_data/concordance.yml": "[]\n", "_data/presets.yml": "[]\n", **files}
        for name, text in files.items():
            path = project / name if name.startswith("bibliography/") else project / "docs" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return mkdocs_build(project, tmp_path / "site")

    return build


@functools.lru_cache(maxsize=None)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """A file's compressed body, made once per version of the file (its time and size are the key):
    on a 2-core machine the server must not take the CPU from the browser it serves (Lighthouse)."""
    return gzip.compress(Path(path).read_bytes(), 6, mtime=0)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as static hosts do (GitHub Pages, Netlify, nginx): text compressed with gzip.

    Lighthouse's simulated slow 4G charges the bytes on the wire, so an uncompressed server would
    measure a site no reader receives.
    """

    COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file() \
                or not ctype.startswith(self.COMPRESSIBLE):
            return super().send_head()  # directory redirects, 404s, images, unwilling clients
        stat = path.stat()
        body = _gzipped(str(path), stat.st_mtime_ns, stat.st_size)
        self.send_response(http.HTTPStatus.OK)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (for a server to start on, or to fail to reach)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """A directory served from 127.0.0.1 on a free port, as a static host serves it."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The built edition served from 127.0.0.1 on a free port."""
    with serving(site) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/test.sh, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture
def browser_context(playwright_instance: object, tmp_path: Path) -> Callable[..., object]:
    """Open a fresh Chromium profile: browser_context(viewport=..., javascript=True, touch=False,
    color_scheme=None), the last the system's light or dark preference ("light", "dark")."""
    contexts = []

    def open_context(width: int = 1280, height: int = 900, javascript: bool = True, touch: bool = False,
                     color_scheme: str | None = None) -> object:
        profile = tempfile.mkdtemp(dir=tmp_path)
        ctx = playwright_instance.chromium.launch_persistent_context(  # type: ignore[attr-defined]
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height}, java_script_enabled=javascript,
            has_touch=touch, is_mobile=touch, color_scheme=color_scheme)
        contexts.append(ctx)
        return ctx

    yield open_context
    for ctx in contexts:
        ctx.close()


def unclipped(tab: Any, selector: str, below: int = 0) -> bool:
    """Every corner of the element's part inside the viewport (and below ``below`` px) is the element
    itself: nothing clips or covers it."""
    return bool(tab.evaluate("""([selector, below]) => {
        const el = document.querySelector(selector);
        const r = el.getBoundingClientRect();
        const bottom = Math.min(r.bottom, innerHeight) - 3, top = Math.max(r.top, below) + 3;
        return [[r.left + 3, top], [r.right - 3, top], [r.left + 3, bottom], [r.right - 3, bottom]]
            .every(([x, y]) => el.contains(document.elementFromPoint(x, y)));
    }""", [selector, below]))


def tap_when_still(tab: Any, selector: str) -> None:
    """Tap an element once it has come into view and stopped moving, as a person taps what they see.

    On a phone, blocks far from the viewport are laid out only as they approach it
    (content-visibility), so scrolling to a citation can still move it for a frame or two; a tap
    aimed before that lands on whatever took its place."""
    wait_until_still(tab, selector)
    tab.tap(selector)


def wait_until_still(tab: Any, selector: str) -> None:
    """The element is in view and its layout has settled (five frames without moving)."""
    tab.locator(selector).scroll_into_view_if_needed()
    tab.wait_for_function("""(selector) => new Promise((done) => {
        const el = document.querySelector(selector);
        let last = "", still = 0;
        const look = () => {
            const r = el.getBoundingClientRect(), now = [r.x, r.y, r.width, r.height].join();
            still = now === last ? still + 1 : 0;
            last = now;
            if (still >= 5) done(true); else requestAnimationFrame(look);
        };
        look();
    })""", arg=selector)


def artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def copy_site(site: Path, dest: Path) -> Path:
    shutil.copytree(site, dest)
    return dest
