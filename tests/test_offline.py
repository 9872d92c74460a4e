"""The built site asks no other host for anything: no fonts, scripts, styles or images."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

LOADING = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
           "video": "src", "audio": "src", "embed": "src", "object": "data"}
CSS_URL = re.compile(r"url\(\s*['\"]?(?!data:)([^'\")]+)|@import\s+['\"]([^'\"]+)")


def _external(url: str) -> bool:
    return bool(re.match(r"(?i)^(https?:)?//", url.strip()))


def test_pages_load_nothing_from_another_host(site: Path) -> None:
    offending = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 5
    for html in pages:
        doc = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
        for tag, attr in LOADING.items():
            for el in doc.find_all(tag):
                url = el.get(attr) or ""
                if tag == "link" and not {"stylesheet", "preload", "modulepreload", "icon", "manifest", "prefetch", "preconnect", "dns-prefetch"} & set(el.get("rel", [])):
                    continue
                if _external(url):
                    offending.append(f"{html.relative_to(site)}: <{tag} {attr}={url}>")
        for style in doc.find_all("style"):
            offending += [f"{html.relative_to(site)}: {m.group(0)}" for m in CSS_URL.finditer(style.get_text()) if _external(m.group(1) or m.group(2))]
    assert offending == []


def test_stylesheets_load_nothing_from_another_host(site: Path) -> None:
    sheets = sorted(site.rglob("*.css"))
    assert sheets
    offending = [f"{css.relative_to(site)}: {m.group(0)[:80]}" for css in sheets
                 for m in CSS_URL.finditer(css.read_text(encoding="utf-8"))
                 if _external(m.group(1) or m.group(2) or "")]
    assert offending == []


def test_no_web_fonts_are_configured(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
