"""Compare a chapter's built HTML with its source text, block by block and word by word.

Both sides become two streams of blocks: the body (headings, paragraphs, list items,
quotations, captions, reference-list entries) and the authors' notes.  A source block is
one non-empty line of the source after the recorded emendations are applied.  Note
reference marks become tokens like ``⟦34⟧`` on both sides, so a lost, added or renumbered
note mark is a difference.  The editor's layer (``ed-*`` classes, header permalinks, note
back-links) is not the authors' text and is left out of the edition side.

Emphasis is compared wherever the source marks it (paper B's ``*italic*`` and ``**bold**``): both
sides then carry marks around emphasised text (⟨italic⟩, ⟪bold⟫), so an italic volume number the
print sets in roman, or italics extended over a word, is a difference. A source without such marks
(paper A's plain text) is compared word by word only.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_NOTE_LINE = re.compile(r"^(?:\[(\d+)\]|([¹²³⁴⁵⁶⁷⁸⁹⁰]+))\s+")
_NOTE_MARK = re.compile(r"\[(\d+)\]|([¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "figcaption", "dt", "dd"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}
_SKIP_CLASS = re.compile(r"(^|\s)(ed-[\w-]+|headerlink|footnote-backref)(\s|$)")
_MARKS = {"em": "⟨⟩", "i": "⟨⟩", "strong": "⟪⟫", "b": "⟪⟫"}
_STRONG_MD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM_MD = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*")
_ALL_MARKS = re.compile("[⟨⟩⟪⟫]")  # removed with sub(), not str.translate: on paper A, 0.16 ms against 3.5


def marks_emphasis(source: str) -> bool:
    """Whether a source text marks emphasis (Markdown ``*italic*``), so that the check compares it."""
    return bool(_EM_MD.search(source))


def emphasis_marks(line: str) -> str:
    """A source line's Markdown emphasis as the comparison's marks: **a** -> ⟪a⟫, *a* -> ⟨a⟩."""
    return _EM_MD.sub(lambda m: f"⟨{m.group(1)}⟩", _STRONG_MD.sub(lambda m: f"⟪{m.group(1)}⟫", line))


@dataclass(frozen=True)
class Block:
    text: str
    where: str  # "line 12" for a source block, "#a-p3" for an edition block


@dataclass(frozen=True)
class Difference:
    stream: str
    source: Block | None
    edition: Block | None

    def __str__(self) -> str:
        src, ed = self.source, self.edition
        head = f"{self.stream}: source {src.where if src else '(nothing)'} ≠ edition {ed.where if ed else '(nothing)'}"
        if src and ed:
            return f"{head}\n{_word_diff(src.text, ed.text)}"
        return f"{head}\n    {'source ' if src else 'edition'}: {(src or ed).text[:300]}"  # type: ignore[union-attr]


def normalize(text: str, emphasis: bool = False) -> str:
    """The words of a block as the comparison sees them; with ``emphasis``, its emphasis marks too
    (spaces moved outside them, empty ones dropped, adjacent ones joined)."""
    text = unicodedata.normalize("NFC", text)
    if not emphasis:
        return " ".join(_ALL_MARKS.sub("", text.replace("*", "")).split())
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous = text
        for open_, close in ("⟨⟩", "⟪⟫"):
            text = re.sub(f"{open_}(\\s+)", f"\\1{open_}", text)
            text = re.sub(f"(\\s+){close}", f"{close}\\1", text)
            text = text.replace(open_ + close, "").replace(close + open_, "").replace(f"{close} {open_}", " ")
    return " ".join(text.split())


def source_streams(text: str, emphasis: bool = False) -> tuple[list[Block], list[Block]]:
    """Split an (emended) source text into body and note blocks, one per non-empty line."""
    body: list[Block] = []
    notes: list[Block] = []
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line:
            continue
        line = _AUTOLINK.sub(r"\1", re.sub(r"^- ", "", line))
        line = emphasis_marks(line) if emphasis else line
        note = _NOTE_LINE.match(line)
        if note:
            label = (note.group(1) or note.group(2)).translate(_SUPERSCRIPT)
            notes.append(Block(normalize(f"⟦{label}⟧ {_marks(line[note.end():])}", emphasis), f"line {number}"))
        else:
            body.append(Block(normalize(_marks(line), emphasis), f"line {number}"))
    return body, notes


def _marks(text: str) -> str:
    return _NOTE_MARK.sub(lambda m: f" ⟦{(m.group(1) or m.group(2)).translate(_SUPERSCRIPT)}⟧ ", text)


class _Extractor(HTMLParser):
    """Collect text blocks from the article of a built page."""

    def __init__(self, emphasis: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.emphasis = emphasis
        self.body: list[Block] = []
        self.notes: list[Block] = []
        self._stack: list[tuple[str, str]] = []  # (tag, role) for open elements
        self._skip = 0  # depth inside skipped (editorial) elements
        self._in_article = 0
        self._footnotes = 0
        self._ids: list[str] = []
        self._text: list[str] = []
        self._where = ""
        self._prefix = ""
        self._ol: list[int] = []
        self._noteref = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        cls = a.get("class", "")
        if tag == "article" and "md-content__inner" in cls:
            self._in_article = 1
            return
        if not self._in_article or tag in _VOID:
            if tag == "br" and self._in_article and not self._skip:
                self._flush()
            return
        role = ""
        if self._skip or _SKIP_CLASS.search(cls):
            self._skip += 1
            role = "skip"
        elif tag == "div" and "footnote" in cls.split():
            self._footnotes += 1
            role = "footnotes"
        elif tag == "ol":
            self._ol.append(int(a.get("start") or 1) - 1)
            role = "ol"
        elif tag == "a" and "footnote-ref" in cls.split():
            self._noteref = True
        elif tag in _MARKS and not self._skip:
            self._text.append(_MARKS[tag][0])
        if not self._skip:
            if tag in _BLOCKS:
                self._flush()
                self._where = f"#{a['id']}" if a.get("id") else (f"#{self._ids[-1]}" if self._ids else "?")
                if tag == "li" and self._footnotes and a.get("value"):
                    self._prefix = f"⟦{a['value']}⟧ "
                elif tag == "li" and self._ol and not self._footnotes:
                    self._ol[-1] += 1
                    self._prefix = f"{self._ol[-1]}. "
        self._stack.append((tag, role))
        self._ids.append(a.get("id") or (self._ids[-1] if self._ids else ""))

    def handle_endtag(self, tag: str) -> None:
        if not self._in_article or tag in _VOID:
            return
        if tag == "article":
            self._flush()
            self._in_article = 0
            return
        while self._stack:
            open_tag, role = self._stack.pop()
            self._ids.pop()
            if role == "skip":
                self._skip -= 1
            elif role == "footnotes":
                self._flush()
                self._footnotes -= 1
            elif role == "ol":
                self._ol.pop()
            if open_tag == "a":
                self._noteref = False
            if open_tag in _MARKS and role != "skip" and not self._skip:
                self._text.append(_MARKS[open_tag][1])
            if open_tag in _BLOCKS and not self._skip:
                self._flush()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_article and not self._skip:
            self._text.append(f" ⟦{data.strip()}⟧ " if self._noteref else data)

    def _flush(self) -> None:
        text = normalize(self._prefix + "".join(self._text), self.emphasis) if self._text else ""
        if text and _ALL_MARKS.sub("", text).strip() and text != normalize(self._prefix, self.emphasis):
            (self.notes if self._footnotes else self.body).append(Block(text, self._where))
            self._prefix = ""
        self._text = []


def edition_streams(html: str, emphasis: bool = False) -> tuple[list[Block], list[Block]]:
    parser = _Extractor(emphasis)
    parser.feed(html)
    parser.close()
    return parser.body, parser.notes


def compare(expected: list[Block], actual: list[Block], stream: str) -> list[Difference]:
    """Every place where the edition's blocks differ from the (emended) source's blocks."""
    matcher = difflib.SequenceMatcher(None, [b.text for b in expected], [b.text for b in actual], autojunk=False)
    found: list[Difference] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        src, ed = expected[i1:i2], actual[j1:j2]
        for k in range(max(len(src), len(ed))):
            found.append(Difference(stream, src[k] if k < len(src) else None, ed[k] if k < len(ed) else None))
    return found


def word_count(blocks: list[Block]) -> int:
    return sum(len([w for w in b.text.split() if not w.startswith("⟦")]) for b in blocks)


def _word_diff(a: str, b: str) -> str:
    wa, wb = a.split(), b.split()
    lines = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
        if op != "equal":
            ctx = " ".join(wa[max(0, i1 - 4):i1])
            lines.append(f"    … {ctx} [source: {' '.join(wa[i1:i2]) or '∅'}] [edition: {' '.join(wb[j1:j2]) or '∅'}]")
    return "\n".join(lines[:12])
