"""Lighthouse (npm, on Debian's Chromium), mobile preset, on both chapters.

Accessibility, best practices and SEO must be 100. Performance must reach 95; it does not yet
(measured 77–80: first contentful paint 3.5–4 s under Lighthouse's simulated slow 4G, because the
chapters' HTML carries every hover-card and note), so that test is a strict expected failure: it
turns red the day performance reaches 95, so the marker is removed then. Issue 7 stays open until it does.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, artifact

pytestmark = pytest.mark.browser
LIGHTHOUSE = ROOT / "node_modules/.bin/lighthouse"
PAGES = ["clandestine-cooperation", "strategic-alignments"]


def _run(url: str, out: Path) -> dict[str, int]:
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is missing: run scripts/test.sh, which installs it with npm")
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    "--only-categories=performance,accessibility,best-practices,seo",
                    f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"],
                   env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, capture_output=True, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    return {k: round(v["score"] * 100) for k, v in report["categories"].items()}


@pytest.fixture(scope="module")
def scores(server: str) -> dict[str, dict[str, int]]:
    return {page: _run(f"{server}/{page}/", artifact(f"lighthouse-{page}.json")) for page in PAGES}


@pytest.mark.parametrize("page", PAGES)
def test_lighthouse_accessibility_best_practices_and_seo_are_100(scores: dict[str, dict[str, int]], page: str) -> None:
    assert {k: scores[page][k] for k in ("accessibility", "best-practices", "seo")} == \
        {"accessibility": 100, "best-practices": 100, "seo": 100}


@pytest.mark.xfail(strict=True, reason="performance measured 77–80 on this machine; target 95 (issue 7 open)")
@pytest.mark.parametrize("page", PAGES)
def test_lighthouse_performance_is_at_least_95(scores: dict[str, dict[str, int]], page: str) -> None:
    assert scores[page]["performance"] >= 95, scores[page]
