"""The editor's layer of a chapter, kept apart from the authors' text: the editor's notes ("Ed. 1",
in reading order, and their list at the end of the chapter) and the daggers on emended blocks."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence

from ..sources.editors_notes import EdNote, body_element, insert_mark
from .final_hrefs import final_hrefs
from .placement import before_backref, last_text_block


def editors_notes(root: etree.Element, notes: Sequence[EdNote]) -> list[tuple[EdNote, str]]:
    """Marks 'Ed. n' in reading order, and the list of editor's notes at the end of the chapter;
    returns the notes that could not be placed, with what is wrong."""
    problems: list[tuple[EdNote, str]] = []
    order = {elem.get("id"): i for i, elem in enumerate(root.iter()) if elem.get("id")}
    placed: list[tuple[int, EdNote]] = []
    for note in sorted(notes, key=lambda n: order.get(n.anchor, len(order))):
        block = next((e for e in root.iter() if e.get("id") == note.anchor), None)
        if block is None:
            problems.append((note, f"anchor '#{note.anchor}' is not an id in this chapter"))
            continue
        number = len(placed) + 1
        sup = etree.Element("sup", {"class": "ed-ref"})
        link = etree.SubElement(sup, "a", {"class": "ed-noteref", "id": f"edref-{note.id}", "href": f"#{note.id}",
                                           "aria-describedby": note.id})
        link.text = f"Ed. {number}"
        if not insert_mark(block, note.after, sup):
            problems.append((note, f"the words '{note.after}' are not in '#{note.anchor}'"))
            continue
        placed.append((number, note))
    if not placed:
        return problems
    chapter = placed[0][1].chapter
    section = etree.SubElement(root, "section", {"class": "ed-notes", "aria-labelledby": f"{chapter}-ednotes"})
    heading = etree.SubElement(section, "h2", {"id": f"{chapter}-ednotes"})
    heading.text = "Editor's notes"
    items = etree.SubElement(section, "ol")
    for number, note in placed:
        li = etree.SubElement(items, "li", {"id": note.id, "value": str(number)})
        body = body_element(note.text)
        _append_text(body, " ")
        back = etree.SubElement(body, "a", {"class": "ed-backref", "href": f"#edref-{note.id}", "aria-label": f"Back to Ed. {number} in the text"})
        back.text = "↩"
        li.append(body)
    return problems


def emendation_marks(root: etree.Element, marks: Mapping[str, list[tuple[str, str]]]) -> None:
    """A dagger after the words of each emended block (``marks``: id -> [(its record's address, label)])."""
    for elem in list(root.iter()) if marks else ():
        ident = elem.get("id")
        if ident and ident in marks:
            host = last_text_block(elem)
            for href, label in marks[ident]:
                # Its label is what a screen reader says and what its card shows on hover or focus
                # (cards.js), which a title's tooltip never did for the keyboard.
                link = etree.Element("a", {"class": "ed-mark", "href": href, "aria-label": label})
                link.text = "†"
                before_backref(host, final_hrefs(link))


def _append_text(elem: etree.Element, text: str) -> None:
    if len(elem):
        elem[-1].tail = (elem[-1].tail or "") + text
    else:
        elem.text = (elem.text or "") + text
