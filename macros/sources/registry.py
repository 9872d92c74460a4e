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
from typing import Annotated

import msgspec

import yaml

from . import schema, yamlfile
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

    def page_of(self) -> dict[str, str]:
        """Every published id -> the page that published it."""
        return {ident: page for page, ids in self.published.items() for ident in ids}

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
                                            f"{files.get(page, page)}; restore it, or retire it with a successor", page))
        for rec in self.retired.values():
            if rec.successor not in declared.get(rec.page, {}):
                problems.append(Problem(self.label, rec.line, f"retired id '{rec.id}' names a successor "
                                        f"'{rec.successor}' that is not an id in {files.get(rec.page, rec.page)}", rec.page))
            if rec.id in declared.get(rec.page, {}):
                problems.append(Problem(self.label, rec.line, f"retired id '{rec.id}' is still declared in "
                                        f"{files.get(rec.page, rec.page)}"))
        return problems


Id = Annotated[str, msgspec.Meta(min_length=1)]


class _Retired(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    page: Id
    successor: Id


class _File(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    published: dict[str, tuple[Id, ...]] | None = None  # chapter page -> its ids, in the order they were published
    retired: tuple[_Retired, ...] | None = None


def load(path: Path, label: str) -> Registry:
    root, data = yamlfile.compose(path, label, "registry of published ids not found (run scripts/register_ids.py)")
    found = schema.convert(data if data is not None else {}, _File, root, label, "registry")
    registry = Registry(label)
    sections = {key.value: value for key, value in root.value} if isinstance(root, yaml.MappingNode) else {}
    published = sections.get("published")
    for page_node, ids_node in published.value if isinstance(published, yaml.MappingNode) else []:
        registry.published[page_node.value] = {n.value: n.start_mark.line + 1 for n in ids_node.value}
    retired = sections.get("retired")
    for rec, node in zip(found.retired or (), retired.value if isinstance(retired, yaml.SequenceNode) else []):
        if rec.id in registry.retired:
            raise DataError(Problem(label, node.start_mark.line + 1, f"retired id '{rec.id}' is retired twice"))
        registry.retired[rec.id] = Retired(rec.id, rec.page, rec.successor, node.start_mark.line + 1)
    return registry


def dump(published: Mapping[str, list[str]], retired: list[dict[str, str]]) -> str:
    head = ("# Every id published at a stable address, per chapter file. Never delete a line:\n"
            "# retire an id under 'retired' with its successor. New ids: python scripts/register_ids.py\n")
    return head + yaml.safe_dump({"published": dict(published), "retired": retired}, allow_unicode=True, sort_keys=False, width=100)
