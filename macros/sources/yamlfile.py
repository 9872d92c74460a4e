"""Read an editorial YAML file with the line of each item; a bad file is a DataError with its line."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

import yaml

from ..problems import DataError, Problem


# libyaml when PyYAML has it (25 times faster on the index); errors are worded by the pure-Python parser.
FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    """One parse: the node tree (for line numbers) and the plain data built from it."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def compose(path: Path, label: str, missing: str = "data file not found") -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the plain data of a YAML file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(Problem(label, 1, missing)) from None
    try:
        return _parse(text, FAST)
    except yaml.YAMLError:
        pass
    try:  # the same text again, for the pure-Python parser's clearer message ("but found '<stream end>'")
        return _parse(text, yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(Problem(label, mark.line + 1 if mark else 1, f"malformed YAML: {getattr(exc, 'problem', exc)}")) from None


_cache_dir: list[Path] = []  # where parsed lists are kept between builds (keep_parsed)


def keep_parsed(directory: Path) -> None:
    """Keep each list ``items`` parses in ``directory``, under a digest of the file's bytes: building
    the Python objects of the editorial data costs more than the parse itself (a tenth of a
    build of the edition), and the files seldom change between builds."""
    _cache_dir[:] = [directory]


def items(path: Path, label: str, what: str = "entries", missing: str = "data file not found") -> list[tuple[int, Any]]:
    """(line, item) for each item of a YAML list; an empty file is an empty list."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(Problem(label, 1, missing)) from None
    kept = _cache_dir[0] / f"yaml-{hashlib.sha256(raw).hexdigest()[:24]}.pickle" if _cache_dir else None
    if kept is not None and kept.is_file():
        try:
            found: list[tuple[int, Any]] = pickle.loads(kept.read_bytes())  # noqa: S301 (the edition's own cache file)
            return found
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            pass  # a damaged cache is only a slower build
    root, data = compose(path, label, missing)
    if data is None:
        return []
    if not isinstance(data, list) or root is None:
        raise DataError(Problem(label, 1, f"expected a list of {what}"))
    found = [(node.start_mark.line + 1, item) for node, item in zip(root.value, data)]
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_bytes(pickle.dumps(found))
    return found
