"""The source-audit page: what each chapter cites, lists and numbers (``site/audit.py``), and the
problems the editor annotated."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from markupsafe import Markup
from mkdocs.utils import get_relative_url
from pybtex.database import Entry

from ..site import audit
from ..site.index import SiteIndex
from ..sources.editors_notes import KINDS, EdNote, body_html
from . import render

GROUPS = {
    "cited-unlisted": "Cited but missing from the chapter's own list",
    "listed-uncited": "Listed but never cited",
    "skipped-note": "Note numbering",
    "locator-outside": "Page references outside the work's printed page range",
    "bibliography-order": "Entries out of alphabetical order",
}


def audit_html(index: SiteIndex, entries: Mapping[str, Entry], page_url: str, bibliography_url: str,
               notes: Sequence[EdNote] = ()) -> str:
    found = audit.findings(index, entries)
    by_place: dict[tuple[str, str], list[audit.Finding]] = {}  # (chapter, kind) -> its findings, in order
    for finding in found:
        by_place.setdefault((finding.chapter, finding.kind), []).append(finding)
    work_href = get_relative_url(bibliography_url, page_url)
    chapters = []
    for chapter in index.ordered_chapters():
        href = get_relative_url(chapter.url, page_url)
        ids = index.ids.get(chapter.key, {})
        mine = sorted((n for n in notes if n.chapter == chapter.key), key=lambda n: ids.get(n.anchor, 0))
        annotated = [dict(number=i, note=n, place=f"{href}#edref-{n.id}", href=f"{href}#{n.id}", kind=KINDS.get(n.kind, ""),
                          text=Markup(md_links(body_html(n.text), page_url))) for i, n in enumerate(mine, 1)]
        groups = []
        for kind, title in GROUPS.items():
            rows = [dict(finding=f, work_href=f"{work_href}#{f.key}" if f.key else "",
                         links=[dict(href=f"{href}#{block}", text=label) for block, label in f.places])
                    for f in by_place.get((chapter.key, kind), [])]
            groups.append(dict(kind=kind, title=title, rows=rows))
        chapters.append(dict(key=chapter.key, label=chapter.label, title=chapter.title, href=href, groups=groups, annotated=annotated))
    ordered = index.ordered_chapters()
    return render.fragment("audit.html", chapters=chapters, kinds=kinds_table(found, notes, [c.key for c in ordered],
                                                                         [c.label for c in ordered]))


def kinds_table(found: Sequence[audit.Finding], notes: Sequence[EdNote], chapters: Sequence[str],
                labels: Sequence[str]) -> dict[str, object]:
    """Every problem found, computed or annotated, counted by kind and chapter (kinds with none left out)."""
    rows: list[dict[str, object]] = []
    per_chapter: list[list[int]] = []
    for kind, label, items in [*((k, t, [f.chapter for f in found if f.kind == k]) for k, t in GROUPS.items()),
                               *((k, t, [n.chapter for n in notes if n.kind == k]) for k, t in KINDS.items())]:
        counted = Counter(items)
        counts = [counted[key] for key in chapters]
        if sum(counts):
            per_chapter.append(counts)
            rows.append(dict(kind=kind, label=label, counts=counts, total=sum(counts), computed=kind in GROUPS))
    totals = [sum(counts[i] for counts in per_chapter) for i in range(len(chapters))]
    return dict(labels=list(labels), rows=rows, totals=totals, total=sum(totals))


_MD_LINK = re.compile(r'href="([\w./-]+)\.md(#[^"]*)?"')


def md_links(html: str, page_url: str) -> str:
    """Links written as docs-relative '.md' paths (as in the data files), made relative to this page's URL."""
    return _MD_LINK.sub(lambda m: f'href="{get_relative_url(m.group(1) + "/", page_url)}{m.group(2) or ""}"', html)
