"""Search entries built from the edition's data, one per item of a list page.

The theme indexes a page by parsing its HTML into one entry per heading section, so a search for
a title found on the 2,000-entry bibliography lands at the top of that page. The lists the
edition renders from data (the bibliography, index of names, glossary, timeline, emendations and
each chapter's own reference list) give each item an entry of its own that lands on the item (a
work's words are indexed once where a list prints them as the bibliography does), and are filled
in only after the theme has parsed the rest of the page: their HTML is never parsed for search.
``add`` appends the entries to the search index the theme wrote (Material's and MkDocs' own share
its shape).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


from ..sources.timeline_concordance import TimelineEvent, Topic
from ..sources.editors_notes import plain_text
from ..sources.emendations import KINDS, Emendation
from ..sources.names import Entry as Name
from ..styles import Formatted
from ..site.works import Work

INDEX = "search/search_index.json"  # in the site directory, as the theme writes it


@dataclass(frozen=True)
class SearchEntry:
    location: str  # "bibliography/#walt1987"
    title: str  # escaped text
    text: str  # escaped text in <p> elements (tags the theme's own entries keep)


def _escape(text: str) -> str:
    """Escaped as the theme escapes the text it indexes (quotes kept), whitespace collapsed."""
    return html.escape(" ".join(text.split()), quote=False)


def _paragraphs(*texts: str) -> str:
    return " ".join(f"<p>{_escape(t)}</p>" for t in texts if t)


def bibliography(page_url: str, found: Sequence[Work], labels: Mapping[str, str], chicago: Mapping[str, Formatted]) -> list[SearchEntry]:
    """A work: its label ("Walt, 1987"), its reference in the page's first style and its key."""
    return [SearchEntry(f"{page_url}#{w.key}", _escape(labels[w.key]),
                        " ".join(filter(None, (_paragraphs(chicago[w.key].text), f"<p><code>{_escape(w.key)}</code></p>",
                                               _paragraphs(*w.flags))))) for w in found]


def list_items(page_url: str, listed: Mapping[str, str], labels: Mapping[str, str], formatted: Mapping[str, Formatted],
               on_bibliography: Mapping[str, str]) -> list[SearchEntry]:
    """A chapter's own reference list: each entry, as the chapter prints it, landing on its item.

    An entry printed in the very words the bibliography page indexes for the work (``on_bibliography``:
    key -> that text) is found by its label alone: its words are found once, at the work's entry,
    which links to every list printing it. Nothing is lost; where the chapters print in the
    bibliography's style (the 40-chapter corpus), each reference was otherwise indexed 3.4 times."""
    return [SearchEntry(f"{page_url}#{item}", _escape(labels[key]),
                        "" if on_bibliography.get(key) == formatted[key].text else _paragraphs(formatted[key].text))
            for key, item in listed.items()]


def names(page_url: str, entries: Iterable[Name], named: Callable[[str], str] = str) -> list[SearchEntry]:
    """``named``: editorial text with the blocks it names read as readers see them ("¶ 26")."""
    out = []
    for entry in entries:
        variants = [v for v in entry.variants if v != entry.name]
        also = f"Also printed as {', '.join(variants)}." if variants else ""
        out.append(SearchEntry(f"{page_url}#{entry.id}", _escape(entry.name), _paragraphs(named(entry.text), also)))  # the gloss, as printed
    return out


def terms(page_url: str, entries: Iterable[Name]) -> list[SearchEntry]:
    return [SearchEntry(f"{page_url}#{e.id}", _escape(e.name), _paragraphs(plain_text(e.text))) for e in entries]


def timeline(page_url: str, events: Iterable[TimelineEvent], named: Callable[[str], str] = str) -> list[SearchEntry]:
    return [SearchEntry(f"{page_url}#{e.id}", _escape(f"{e.date} — {e.label}"), _paragraphs(named(e.note))) for e in events]


def concordance(page_url: str, topics: Iterable[Topic], headings: Mapping[str, str], named: Callable[[str], str] = str) -> list[SearchEntry]:
    """A topic by its name, with the editor's note on it, landing on its row; the page's headings
    (``headings``: id -> title). The paragraph numbers of each row and the lists of keys under the
    picture are not indexed: no reader searches for "¶ 14", and they were two thirds of the page's entries."""
    return [*(SearchEntry(f"{page_url}#{ident}", _escape(title), "") for ident, title in headings.items()),
            *(SearchEntry(f"{page_url}#{t.id}", _escape(t.topic), _paragraphs(named(t.note))) for t in topics)]


_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def headings(page_url: str, html_text: str) -> list[SearchEntry]:
    """A page made of long lists (the source audit): each section found by its heading, landing on it;
    the lists themselves are not indexed (their editor's notes are found in the chapters, their works
    on the bibliography page)."""
    return [SearchEntry(f"{page_url}#{ident}", _escape(html.unescape(_TAG.sub("", title))), "")
            for _, ident, title in _HEADING.findall(html_text)]


def emendations(page_url: str, records: Iterable[Emendation]) -> list[SearchEntry]:
    return [SearchEntry(f"{page_url}#{r.id}", _escape(f"{r.id} · {KINDS[r.kind]}"),
                        _paragraphs(f"Source: {r.before}", "" if r.structural else f"Edition: {r.after}", f"Why: {r.reason}"))
            for r in records]


def add(index_json: str, entries: Sequence[SearchEntry]) -> str:
    """The theme's search index with ``entries`` appended (each page's own entry comes first,
    so the theme shows ours as sections of their page)."""
    docs = [{"location": e.location, "title": e.title, "text": e.text} for e in entries]
    if not docs:
        return index_json
    tail = _after_config(index_json)
    if tail is not None and index_json.endswith("]}"):
        # The theme's compact {"config":{…},"docs":[…]}: append to "docs" without reading megabytes back.
        head = index_json[:-2]
        return head + ("" if head.endswith("[") else ",") + json.dumps(docs, separators=(",", ":"), default=str)[1:-1] + "]}"
    data = json.loads(index_json)
    data.setdefault("docs", []).extend(docs)
    return json.dumps(data, separators=(",", ":"), default=str)


def append_to_file(path: Path, entries: Sequence[SearchEntry]) -> None:
    """``add`` on the index file the theme wrote, reading only its first kilobytes when it has the
    theme's compact shape (the index of a large edition is megabytes)."""
    if not entries:
        return
    with path.open("r+b") as index:
        head = index.read(1 << 16).decode("utf-8", errors="ignore")
        index.seek(-2, 2)
        if _after_config(head) is not None and index.read(2) == b"]}":
            index.seek(-2, 2)
            empty = head.endswith('"docs":[]}') and len(head) < 1 << 16
            docs = [{"location": e.location, "title": e.title, "text": e.text} for e in entries]
            index.write(("" if empty else ",").encode() + json.dumps(docs, separators=(",", ":"), default=str)[1:-1].encode() + b"]}")
            return
    path.write_text(add(path.read_text(encoding="utf-8"), entries), encoding="utf-8")


def _after_config(index_json: str) -> int | None:
    """Where "docs" begins when the index is exactly {"config":{…},"docs":[…]}, else None."""
    if not index_json.startswith('{"config":'):
        return None
    try:
        _, end = json.JSONDecoder().raw_decode(index_json, len('{"config":'))
    except ValueError:
        return None
    return end if index_json.startswith(',"docs":[', end) else None
