"""Lighthouse (npm, on Debian's Chromium), mobile preset, on both chapters.

Accessibility, best practices and SEO must be 100; performance at least 95. Performance is the
best of up to three runs: one run on a busy two-core machine measures the machine as much as the page.
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


def _run(url: str, out: Path) -> dict[str, int]:
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is missing: run scripts/test.sh, which runs npm ci")
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    "--only-categories=performance,accessibility,best-practices,seo",
                    f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"],
                   env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, capture_output=True, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    return {k: round(v["score"] * 100) for k, v in report["categories"].items()}


@pytest.mark.parametrize("page", ["clandestine-cooperation", "strategic-alignments"])
def test_lighthouse_scores(server: str, page: str) -> None:
    runs = []
    for attempt in range(3):
        scores = _run(f"{server}/{page}/", artifact(f"lighthouse-{page}-{attempt}.json"))
        runs.append(scores)
        if scores["performance"] >= 95:
            break
    best = runs[-1]
    assert {k: best[k] for k in ("accessibility", "best-practices", "seo")} == {"accessibility": 100, "best-practices": 100, "seo": 100}
    assert max(r["performance"] for r in runs) >= 95, runs
