"""A cache of formatted bibliography entries across builds (``.cache/edition/``, not committed).

Formatting 2,000 records in two styles is most of the edition's build time; between two builds
few records change. An entry is reused only if its record, its crossref parent, the set of keys
(which decides year suffixes), the style, its options and the styles' code are all unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pybtex.database import BibliographyData, Entry

from . import Formatted, format_entries

# The styles' code: a change to any template or in-text form invalidates what was formatted with it.
_CODE = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(Path(__file__).parent.rglob("*.py")))).hexdigest()


def _record(entry: Entry) -> str:
    persons = {role: [str(p) for p in people] for role, people in entry.persons.items()}
    return json.dumps([entry.type, sorted(entry.fields.items()), sorted(persons.items())], ensure_ascii=False)


def digests(data: BibliographyData, style: str, options: Mapping[str, Any]) -> dict[str, str]:
    keys = sorted(data.entries)
    context = json.dumps([_CODE, style, sorted(options.items()), keys])
    out = {}
    for key, entry in data.entries.items():
        parent = data.entries.get(entry.fields.get("crossref", ""))
        text = context + _record(entry) + (_record(parent) if parent is not None else "")
        out[key] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return out


def formatted(cache_dir: Path | None, data: BibliographyData, keys: Sequence[str], style: str, options: Mapping[str, Any],
              fmt: Callable[[Sequence[str]], Mapping[str, Formatted]], whole: str = "") -> dict[str, Formatted]:
    """``fmt(keys)`` formats what the cache does not hold; the cache file is rewritten if anything changed.

    ``whole`` is a digest of the whole bibliography: when the cache was written from the same one,
    with the same style, options and code, every entry in it is current and none is re-hashed."""
    name = hashlib.sha256(json.dumps([style, sorted(options.items())]).encode()).hexdigest()[:16]
    path = cache_dir / f"{style}-{name}.json" if cache_dir else None
    context = hashlib.sha256(json.dumps([_CODE, style, sorted(options.items()), whole]).encode()).hexdigest() if whole else ""
    stored: dict[str, list[str]] = {}
    if path is not None and path.exists():
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
            stored = cached["entries"]
        except (OSError, ValueError, KeyError, TypeError):
            cached, stored = {}, {}  # a damaged cache is only a slower build
        if context and cached.get("whole") == context and all(k in stored for k in keys):
            return {k: Formatted(k, stored[k][1], stored[k][2]) for k in keys}
    want = digests(data, style, options)
    out = {k: Formatted(k, stored[k][1], stored[k][2]) for k in keys if k in stored and stored[k][0] == want[k]}
    missing = [k for k in keys if k not in out]
    if missing or (context and path is not None):
        out.update(fmt(missing) if missing else {})
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            merged = {**stored, **{k: [want[k], out[k].html, out[k].text] for k in missing}}
            path.write_text(json.dumps({"whole": context, "entries": merged}, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    return out


Options = tuple[tuple[str, Any], ...]


@dataclass
class FormattedEntries:
    """Every entry of the bibliography formatted in each (style, options) a build asks for: once per
    build, and kept between builds in ``cache_dir``. Invalid options raise ValueError (see ``format_entries``)."""

    data: BibliographyData
    digest: str  # of the whole bibliography (``Bibliography.digest``)
    cache_dir: Path | None
    _made: dict[tuple[str, Options], dict[str, Formatted]] = field(default_factory=dict)

    def __call__(self, style: str, options: Options = ()) -> dict[str, Formatted]:
        if (style, options) not in self._made:
            chosen = dict(options)
            self._made[(style, options)] = formatted(
                self.cache_dir, self.data, sorted(self.data.entries), style, chosen,
                lambda keys: format_entries(self.data, keys, style, **chosen), whole=self.digest)
        return self._made[(style, options)]
