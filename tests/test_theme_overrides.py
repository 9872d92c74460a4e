"""A site's own theme overrides (``custom_dir``) and the edition's templates both apply (pages/render.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TINY_BIB, TINY_CONFIG, mkdocs_build

SITE_MAIN = """{% extends "base.html" %}
{% block announce %}<span id="site-announcement">The site's own announcement</span>{% endblock %}
{% block extrahead %}<meta name="site-own" content="yes">{{ super() }}{% endblock %}
"""
SITE_SEARCH = '<div id="site-search">The site\'s own search</div>\n'


def _build(tmp_path: Path, overrides: dict[str, str]) -> str:
    project = tmp_path / "project"
    config = TINY_CONFIG.replace("  name: mkdocs\n", "  name: material\n" + ("  custom_dir: overrides\n" if overrides else ""))
    config = config.replace("plugins:\n", "plugins:\n  - search\n")  # Material shows its search dialog only with it
    files = {"mkdocs.yml": config, "bibliography/tiny.bib": TINY_BIB, "docs/index.md": "# Home\n\nText.\n",
             "docs/_data/published-ids.yml": "published: {}\nretired: []\n",
             **{f"docs/_data/{name}.yml": "[]\n" for name in ("emendations", "editors-notes", "index", "glossary", "timeline",
                                                              "concordance", "presets")},
             **{f"overrides/{name}": text for name, text in overrides.items()}}
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode == 0, build.output
    return (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("overrides", [{}, {"main.html": SITE_MAIN}, {"main.html": SITE_MAIN, "partials/search.html": SITE_SEARCH}],
                         ids=["no overrides", "main.html", "main.html and the search partial"])
def test_the_sites_overrides_and_the_editions_templates_both_apply(tmp_path: Path, overrides: dict[str, str]) -> None:
    html = _build(tmp_path, overrides)
    # The edition's main.html applies in every case: its styles for a page that is not a chapter, and its deferred bundle.
    assert 'href="assets/apparatus.css"' in html and ".min.js\" defer></script>" in html
    # The site's own main.html applies when it has one, its head inside the edition's, as super() orders them.
    assert ('id="site-announcement"' in html) == ("main.html" in overrides)
    assert ('<meta name="site-own" content="yes">' in html) == ("main.html" in overrides)
    if "main.html" in overrides:
        assert html.index('<meta name="site-own"') < html.index('href="assets/apparatus.css"')
    # The search dialog: the site's own if it has one, else the edition's (named for screen readers).
    assert ('id="site-search"' in html) == ("partials/search.html" in overrides)
    assert ('role="dialog" aria-label="Search"' in html) == ("partials/search.html" not in overrides)
