"""Typed records from YAML, with the file and line of every problem.

Each file an editor writes is described once, as msgspec ``Struct`` types (frozen, unknown fields
forbidden). ``convert`` turns the plain data of a YAML node into those records; msgspec's
message and its path (``$[3].paragraphs[0]``) become one ``file:line`` problem that names the
field and what it allows. Checks that need more than one field (a real date, an id that must
exist) are the records' own ``__post_init__`` or the caller's.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec
import yaml

from ..problems import DataError, Problem

T = TypeVar("T")

_PATH = re.compile(r"\.(\w[\w-]*)|\[(\d+|\.\.\.)\]")
_UNKNOWN = re.compile(r"^Object contains unknown field `([^`]+)`$")
_MISSING = re.compile(r"^Object missing required field `([^`]+)`$")
_EXPECTED = re.compile(r"^Expected `([^`]+)`(?:, got `([^`]+)`| matching regex .*)?$")
_WORDS = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false", "array": "a list",
          "object": "a mapping (name: value)", "null": "nothing (null)"}


def convert(data: Any, schema: type[T], node: yaml.Node | None, label: str, what: str = "") -> T:
    """``data`` (built from ``node``) as ``schema``; a mismatch is a DataError at the line of the offending value."""
    try:
        return msgspec.convert(data, schema, strict=True)
    except msgspec.ValidationError as exc:
        message, _, path = str(exc).partition(" - at `")
        steps = _steps(path.rstrip("`"))
        target = _follow(node, steps)
        line = target.start_mark.line + 1 if target is not None else 1
        unknown = _UNKNOWN.match(message)
        if unknown is not None:
            key = _key_node(target, unknown.group(1))
            line = key.start_mark.line + 1 if key is not None else line
            allowed = _field_names(schema, steps)
            message = f"unknown field '{unknown.group(1)}'" + (f" (allowed: {', '.join(allowed)})" if allowed else "")
        elif (missing := _MISSING.match(message)) is not None:
            message = f"missing field '{missing.group(1)}'"
        else:
            message = _plain(message, schema, steps)
        where = _describe(steps)
        raise DataError(Problem(label, line, f"{what}{': ' if what else ''}{where}{message}")) from None


def _steps(path: str) -> list[str | int | None]:
    """'$[3].paragraphs[0]' -> [3, 'paragraphs', 0]; a mapping's value whose key msgspec does not say is None."""
    return [m.group(1) if m.group(1) else (None if m.group(2) == "..." else int(m.group(2))) for m in _PATH.finditer(path)]


def _follow(node: yaml.Node | None, steps: list[str | int | None]) -> yaml.Node | None:
    """The node at ``steps`` (or the deepest one found on the way)."""
    for step in steps:
        if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        elif isinstance(node, yaml.MappingNode) and isinstance(step, str):
            found = next((v for k, v in node.value if getattr(k, "value", None) == step), None)
            if found is None:
                return node
            node = found
        else:
            return node
    return node


def _key_node(node: yaml.Node | None, name: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((k for k, _ in node.value if getattr(k, "value", None) == name), None)
    return None


def _type_at(schema: Any, steps: list[str | int | None]) -> Any:
    """msgspec's description of the type expected at ``steps``, or None."""
    info: Any = msgspec.inspect.type_info(schema)
    for step in steps:
        info = _unwrap(info)
        if isinstance(info, msgspec.inspect.StructType) and isinstance(step, str):
            info = next((f.type for f in info.fields if f.encode_name == step), None)
        elif isinstance(info, (msgspec.inspect.ListType, msgspec.inspect.VarTupleType, msgspec.inspect.SetType)):
            info = info.item_type
        elif isinstance(info, msgspec.inspect.DictType):
            info = info.value_type
        else:
            return None
    return _unwrap(info)


def _unwrap(info: Any) -> Any:
    """An optional type is the type it allows besides nothing."""
    if isinstance(info, msgspec.inspect.UnionType):
        kinds = [t for t in info.types if not isinstance(t, msgspec.inspect.NoneType)]
        return kinds[0] if len(kinds) == 1 else info
    return info


def _field_names(schema: Any, steps: list[str | int | None]) -> list[str]:
    info = _type_at(schema, steps)
    return [f.encode_name for f in info.fields] if isinstance(info, msgspec.inspect.StructType) else []


def _plain(message: str, schema: Any, steps: list[str | int | None]) -> str:
    """msgspec's wording in the editor's words: 'expected text, got a number'; a choice lists its values."""
    info = _type_at(schema, steps)
    if isinstance(info, msgspec.inspect.LiteralType):
        return "must be one of: " + ", ".join(str(v) for v in info.values)
    expected = _EXPECTED.match(message)
    if expected is not None:
        want = _WORDS.get(expected.group(1).split(" ")[0], expected.group(1))
        if "matching regex" in message and isinstance(info, msgspec.inspect.StrType) and info.pattern:
            want = f"text matching {info.pattern}"
        got = f", got {_WORDS.get(expected.group(2), expected.group(2))}" if expected.group(2) else ""
        return f"expected {want}{got}"
    if "Expected `str` of length >= 1" in message:
        return "must not be empty"
    return message[:1].lower() + message[1:]


def _describe(steps: list[str | int | None]) -> str:
    """"'paragraphs[0]': " for a value inside a record; "" for the record itself."""
    text = ""
    for step in steps:
        if step is None:
            text += "[…]"
        elif isinstance(step, int):
            text += f"[{step}]"
        else:
            text += ("." if text else "") + step
    return f"'{text}': " if text else ""
