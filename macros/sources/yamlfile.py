"""Read an editorial YAML file with the line of each item; a bad file is a DataError with its line.

Dates are not read as dates (a date is text the file's schema checks), and a key given twice in
one mapping is an error instead of silently keeping the last value."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any, TypeVar

import msgspec
import yaml

from ..problems import DataError, Problem
from . import schema

T = TypeVar("T")


_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def _strict(base: Any) -> Any:
    """``base`` without implicit dates, and refusing a key given twice in one mapping."""
    class Strict(base):  # type: ignore[misc]  # a loader class chosen at run time
        yaml_implicit_resolvers = {first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
                                   for first, resolvers in base.yaml_implicit_resolvers.items()}

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: dict[Any, int] = {}
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"key '{key.value}' given twice in one mapping (first at line {seen[key.value]})", key.start_mark)
                    seen[key.value] = key.start_mark.line + 1
            mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
            return mapping
    return Strict


# libyaml when PyYAML has it (25 times faster on the index); errors are worded by the pure-Python parser.
FAST = _strict(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
SAFE = _strict(yaml.SafeLoader)


def _parse(text: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    """One parse: the node tree (for line numbers) and the plain data built from it."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def parse(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree and plain data of a YAML text; a malformed one raises yaml.YAMLError in the
    pure-Python parser's clearer words."""
    try:
        return _parse(text, FAST)
    except yaml.YAMLError:
        return _parse(text, SAFE)


def compose(path: Path, label: str, missing: str = "data file not found") -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the plain data of a YAML file."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise DataError(Problem(label, 1, missing)) from None
    except UnicodeDecodeError as exc:
        raise DataError(Problem(label, raw.count(b"\n", 0, exc.start) + 1, "the file is not UTF-8 text "
                                f"(byte {raw[exc.start]:#04x} at offset {exc.start}); save it as UTF-8")) from None
    try:
        return _parse(text, FAST)
    except yaml.YAMLError:
        pass
    try:  # the same text again, for the pure-Python parser's clearer message ("but found '<stream end>'")
        return _parse(text, SAFE)
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
    kept = _cache_dir[0] / f"yaml2-{hashlib.sha256(raw).hexdigest()[:24]}.pickle" if _cache_dir else None
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


def records(path: Path, label: str, record: type[T], what: str = "entries",
            missing: str = "data file not found") -> list[tuple[int, T]]:
    """(line, record) for each item of a YAML list, each converted to ``record`` (a msgspec Struct):
    the first item that does not fit is a DataError at the line of the value at fault."""
    found = items(path, label, what, missing)
    try:
        return [(line, msgspec.convert(item, record, strict=True)) for line, item in found]
    except msgspec.ValidationError:
        pass
    root, _ = compose(path, label, missing)  # again, with its nodes, only to say where the problem is
    nodes = root.value if isinstance(root, yaml.SequenceNode) else []
    for (line, item), node in zip(found, nodes):
        schema.convert(item, record, node, label, _name(item, what))
    raise AssertionError("unreachable: a record failed to convert once and then converted")


def _name(item: Any, what: str) -> str:
    """How a message names the item: "event 'coup-1953'" when it has an id."""
    noun = what[:-3] + "y" if what.endswith("ies") else what[:-1] if what.endswith("s") else what
    ident = item.get("id") if isinstance(item, dict) else None
    return f"{noun} '{ident}'" if isinstance(ident, str) and ident else noun
