#!/usr/bin/env python3
"""Add every id the chapters declare to the registry of published ids (docs/_data/published-ids.yml).

Usage: python scripts/register_ids.py [--check] [--project DIR]

New ids are appended after the ones already registered; nothing is ever removed or reordered.
With --check, nothing is written and the exit status is 1 if some declared id is not registered yet.
Each chapter's paragraph numbers are registered too (readers cite ¶ 42 at #para-42): new blocks are
numbered after the last; a change of the numbering is for the build to report, never rewritten here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros import offline  # noqa: E402
from macros.sources import editors_notes, markdown_source, registry  # noqa: E402

LABEL = "docs/_data/published-ids.yml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report unregistered ids")
    parser.add_argument("--project", type=Path, default=ROOT, help="the edition's folder (where mkdocs.yml is); default: this one")
    args = parser.parse_args()
    root = args.project.resolve()
    path = root / LABEL
    current = registry.load(path, LABEL) if path.exists() else registry.Registry(LABEL)
    published = {page: list(ids) for page, ids in current.published.items()}
    numbers = {page: [ident for ident, _ in ids] for page, ids in current.numbers.items()}
    added = 0
    notes = editors_notes.load(root / "docs/_data/editors-notes.yml", "docs/_data/editors-notes.yml")
    for chapter in offline.chapters(root):
        page = chapter.page
        text = (root / chapter.file).read_text(encoding="utf-8")
        kept, now = numbers.setdefault(page, []), offline.numbered(text)
        if now[: len(kept)] == kept and len(now) > len(kept):  # new blocks numbered after the last (a change is the build's to report)
            print(f"{page}: ¶ {len(kept) + 1}–{len(now)} numbered")
            added += len(now) - len(kept)
            kept += now[len(kept):]
        ids = published.setdefault(page, [])
        declared = [ident for ident, _ in markdown_source.declared_ids(text)] + [n.id for n in notes if n.chapter == chapter.key]
        for ident in declared:
            if ident not in ids and ident not in current.retired:
                ids.append(ident)
                added += 1
                print(f"{page}: new id '{ident}'")
    if args.check:
        return 1 if added else 0
    retired = [{"id": r.id, "page": r.page, "successor": r.successor} for r in current.retired.values()]
    path.write_text(registry.dump(published, retired, numbers), encoding="utf-8")
    print(f"{LABEL}: {added} id(s) or number(s) added, {sum(len(v) for v in published.values())} ids published")
    return 0


if __name__ == "__main__":
    sys.exit(main())
