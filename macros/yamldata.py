"""Read an editorial YAML file with the line of each item; a bad file is a DataError with its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .problems import DataError, Problem


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


def items(path: Path, label: str, what: str = "entries", missing: str = "data file not found") -> list[tuple[int, Any]]:
    """(line, item) for each item of a YAML list; an empty file is an empty list."""
    root, data = compose(path, label, missing)
    if data is None:
        return []
    if not isinstance(data, list) or root is None:
        raise DataError(Problem(label, 1, f"expected a list of {what}"))
    return [(node.start_mark.line + 1, item) for node, item in zip(root.value, data)]
