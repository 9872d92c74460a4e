"""The registry of published ids: once an address is published it never breaks.

``docs/_data/published-ids.yml`` lists, per chapter file, every id published so far, and the
ids retired with a successor.  A registered id that no longer exists fails the build unless
it is retired; a retired id becomes an alias anchor inside its successor, so the old address
still lands there.  ``scripts/register_ids.py`` adds new ids; nothing ever removes one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import yamlfile
from ..problems import DataError, Problem


@dataclass(frozen=True)
class Retired:
    id: str
    page: str
    successor: str
    line: int


@dataclass
class Registry:
    label: str
    published: dict[str, dict[str, int]] = field(default_factory=dict)  # page -> {id: line}
    retired: dict[str, Retired] = field(default_factory=dict)  # id -> record

    def aliases(self, page: str) -> dict[str, list[str]]:
        """Successor id -> retired ids of ``page`` that now land on it."""
        found: dict[str, list[str]] = {}
        for rec in self.retired.values():
            if rec.page == page:
                found.setdefault(rec.successor, []).append(rec.id)
        return found

    def problems(self, declared: Mapping[str, Mapping[str, int]], files: Mapping[str, str]) -> list[Problem]:
        """``declared``: page -> ids it declares now; ``files``: page -> 'docs/…' label."""
        problems = []
        for page, ids in self.published.items():
            now = declared.get(page, {})
            for ident, line in ids.items():
                if ident not in now and ident not in self.retired:
                    problems.append(Problem(self.label, line, f"published id '{ident}' no longer exists in "
                                            f"{files.get(page, page)}; restore it, or retire it with a successor"))
        for rec in self.retired.values():
            if rec.successor not in declared.get(rec.page, {}):
                problems.append(Problem(self.label, rec.line, f"retired id '{rec.id}' names a successor "
                                        f"'{rec.successor}' that is not an id in {files.get(rec.page, rec.page)}"))
            if rec.id in declared.get(rec.page, {}):
                problems.append(Problem(self.label, rec.line, f"retired id '{rec.id}' is still declared in "
                                        f"{files.get(rec.page, rec.page)}"))
        return problems


def load(path: Path, label: str) -> Registry:
    root, _ = yamlfile.compose(path, label, "registry of published ids not found (run scripts/register_ids.py)")
    registry = Registry(label)
    sections = {key.value: value for key, value in (root.value if root is not None else [])}
    for page_node, ids_node in _mapping(sections.get("published"), label):
        registry.published[page_node.value] = {n.value: n.start_mark.line + 1 for n in _sequence(ids_node, label)}
    for node in _sequence(sections.get("retired"), label):
        item: Any = yaml.safe_load(yaml.serialize(node))
        line = node.start_mark.line + 1
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) for k in ("id", "page", "successor")):
            raise DataError(Problem(label, line, "a retired id needs 'id', 'page' and 'successor'"))
        registry.retired[item["id"]] = Retired(item["id"], item["page"], item["successor"], line)
    return registry


def _mapping(node: yaml.Node | None, label: str) -> list[tuple[yaml.Node, yaml.Node]]:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "null")):
        return []
    if not isinstance(node, yaml.MappingNode):
        raise DataError(Problem(label, node.start_mark.line + 1, "expected a mapping of page -> ids"))
    return list(node.value)


def _sequence(node: yaml.Node | None, label: str) -> list[yaml.Node]:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "null")):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise DataError(Problem(label, node.start_mark.line + 1, "expected a list"))
    return list(node.value)


def dump(published: Mapping[str, list[str]], retired: list[dict[str, str]]) -> str:
    head = ("# Every id published at a stable address, per chapter file. Never delete a line:\n"
            "# retire an id under 'retired' with its successor. New ids: python scripts/register_ids.py\n")
    return head + yaml.safe_dump({"published": dict(published), "retired": retired}, allow_unicode=True, sort_keys=False, width=100)
