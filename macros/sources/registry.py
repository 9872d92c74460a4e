"""The registry of published ids: once an address is published it never breaks.

``docs/_data/published-ids.yml`` lists, per chapter file, every id published so far, and the
ids retired with a successor.  A registered id that no longer exists fails the build unless
it is retired; a retired id becomes an alias anchor inside its successor, so the old address
still lands there.  ``scripts/register_ids.py`` adds new ids; nothing ever removes one.

Paragraph numbers are published too: readers cite "¶ 42" and reach it at ``#para-42``. Under
``numbers`` the registry keeps each chapter's numbered blocks in order (¶ 1 first); a block
numbered differently from then on fails the build, since every citation of that number would
silently move. New blocks are numbered after the last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    numbers: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # page -> [(id of ¶ 1, line), …]

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

    def problems(self, declared: Mapping[str, Mapping[str, int]], files: Mapping[str, str],
                 numbered: Mapping[str, Sequence[str]] | None = None) -> list[Problem]:
        """``declared``: page -> ids it declares now; ``files``: page -> 'docs/…' label;
        ``numbered``: page -> its numbered blocks now, in order (¶ 1 first)."""
        problems = self._number_problems(numbered, files) if numbered is not None else []
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

    def _number_problems(self, numbered: Mapping[str, Sequence[str]], files: Mapping[str, str]) -> list[Problem]:
        problems = []
        for page, registered in self.numbers.items():
            if page not in numbered:
                continue  # a chapter that is gone: its ids are reported missing
            now = numbered[page]
            for n, (ident, line) in enumerate(registered, 1):
                expected = self.retired[ident].successor if ident in self.retired else ident
                found = now[n - 1] if n <= len(now) else None
                if found != expected:
                    problems.append(Problem(self.label, line, f"¶ {n} of {files.get(page, page)} was '{expected}' and is now "
                                            + (f"'{found}'" if found else "gone") + f": citations of ¶ {n} (#para-{n}) would "
                                            "move; keep the numbered blocks in their order and number new ones after the last", page))
                    break  # the rest follow from it
        return problems


Id = Annotated[str, msgspec.Meta(min_length=1)]


class _Retired(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: Id
    page: Id
    successor: Id


class _File(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    published: dict[str, tuple[Id, ...]] | None = None  # chapter page -> its ids, in the order they were published
    retired: tuple[_Retired, ...] | None = None
    numbers: dict[str, tuple[Id, ...]] | None = None  # chapter page -> its numbered blocks' ids, ¶ 1 first


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
    numbers = sections.get("numbers")
    for page_node, ids_node in numbers.value if isinstance(numbers, yaml.MappingNode) else []:
        registry.numbers[page_node.value] = [(n.value, n.start_mark.line + 1) for n in ids_node.value]
    return registry


def dump(published: Mapping[str, list[str]], retired: list[dict[str, str]], numbers: Mapping[str, list[str]] | None = None) -> str:
    head = ("# Every id published at a stable address, per chapter file. Never delete a line:\n"
            "# retire an id under 'retired' with its successor. New ids: python scripts/register_ids.py\n"
            "# 'numbers': each chapter's numbered blocks in order, ¶ 1 first (readers cite ¶ 42 at #para-42).\n")
    data: dict[str, object] = {"published": dict(published), "retired": retired}
    if numbers:
        data["numbers"] = dict(numbers)
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
