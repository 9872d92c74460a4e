"""The package's folders show the pipeline (README, "Architecture"): each stage imports only the
stages before it, only plugin.py hooks into MkDocs' events or logs, and modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

# The stages in the order a chapter travels through them; a module may import its own stage and earlier ones.
STAGES = {"problems": 0, "fidelity": 0, "sources": 1, "styles": 2, "markdown_ext": 3, "site": 4, "pages": 5,
          "config": 6, "publisher": 6, "background": 7, "collector": 7, "offline": 7, "plugin": 8}
MODULES = sorted(p for p in (ROOT / "macros").rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[str]:
    """The modules of the package that ``path`` imports, as dotted names."""
    package = _name(path).split(".") if path.name == "__init__.py" else _name(path).split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            found += [target] if node.module else [f"{target}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("macros"):
            found.append(node.module or "")
    return found


def _stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.get(parts[1]) if len(parts) > 1 else None


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_a_module_imports_only_its_stage_and_earlier_ones(path: Path) -> None:
    mine = _stage(_name(path))
    later = [m for m in _imports(path) if mine is not None and (_stage(m) or 0) > mine]
    assert later == []


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_only_the_plugin_knows_mkdocs_events_and_logs(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.name != "plugin.py":
        assert "mkdocs.plugins" not in text and "import logging" not in text and "print(" not in text


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_modules_stay_small(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 300


def test_one_chapter_type() -> None:
    defined = [p for p in MODULES if "class Chapter" in p.read_text(encoding="utf-8")]
    assert [_name(p) for p in defined] == ["macros.sources.chapters"]
