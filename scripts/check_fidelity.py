#!/usr/bin/env python3
"""Check that the built edition reproduces both source texts, up to recorded emendations.

Usage: python scripts/check_fidelity.py [--site DIR] [--project DIR]

Without --site it builds the edition into a temporary directory first.  For every chapter
(a page whose front matter declares a ``chapter`` with a ``source``) it applies the recorded
emendations to the source, extracts the chapter's text from the built HTML and prints every
difference with its place and both versions.  Exit status 1 if there is any difference.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import offline  # noqa: E402
from macros.site import fidelity_check  # noqa: E402
from macros.sources import emendations  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="an already built site directory")
    parser.add_argument("--project", type=Path, default=ROOT, help="the edition's folder (where mkdocs.yml is); default: this one")
    args = parser.parse_args()
    root = args.project.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
                           cwd=root, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        return report(site, root)


def report(site: Path, root: Path = ROOT) -> int:
    label = "docs/_data/emendations.yml"
    records = emendations.load(root / label, label)
    failed = False
    for chapter in offline.chapters(root):
        if not chapter.source:
            continue
        result = fidelity_check.check(chapter, records, root, site)
        for problem in result.problems:
            print(problem)
        for difference in result.differences:
            print(difference)
        failed |= bool(result.problems or result.differences)
        print(f"{chapter.file}: {result.words} words in {result.blocks} blocks compared with "
              f"{chapter.source}; {result.emendations} emendations applied; "
              f"{len(result.differences)} unrecorded difference(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
