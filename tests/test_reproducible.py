"""Two builds of the same commit are byte-identical."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

from tests.conftest import ROOT, mkdocs_build


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = mkdocs_build(ROOT, tmp_path / "one")
    second = mkdocs_build(ROOT, tmp_path / "two")
    assert first.returncode == second.returncode == 0, first.output + second.output
    one, two = _files(first.site), _files(second.site)
    assert sorted(one) == sorted(two)
    different = [name for name in one if one[name] != two[name]]
    assert different == []
    assert len(one) > 30 and not filecmp.dircmp(first.site, second.site).diff_files
    assert "SOURCE_DATE_EPOCH" in os.environ
