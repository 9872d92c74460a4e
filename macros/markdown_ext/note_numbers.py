"""The authors' printed note numbers, kept.

Python-Markdown numbers footnotes 1, 2, 3 … in order, but paper A skips note 33, so its 34th
note would be shown as 33. Footnote labels carry the printed number after the chapter's key
(``[^a34]``); the note reference, the note list (``<li value>``) and the back-link's title show it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping

from .final_hrefs import final_hrefs
from .placement import before_backref, last_text_block

_PRINTED = re.compile(r"^[a-z][a-z0-9]*?(\d+)$")


def printed_number(label: str) -> str | None:
    """'a34' -> '34': the digits after the chapter's key."""
    m = _PRINTED.match(label)
    return m.group(1) if m else None


def show_printed_numbers(root: etree.Element, separator: str, note_links: Mapping[str, str]) -> None:
    """Each note reference and note shows its printed number; ``note_links`` (note id -> HTML) go
    at the end of a verbatim note, naming the works it cites."""
    for sup in root.iter("sup"):
        a = sup.find("a")
        if a is not None and a.get("class") == "footnote-ref":
            number = printed_number(a.get("href", "")[len(f"#fn{separator}"):])
            if number:
                a.text = number
            a.set("aria-describedby", a.get("href", "#")[1:])  # the note is the reference's description
    for div in root.iter("div"):
        if div.get("class") != "footnote":
            continue
        for li in div.iter("li"):
            number = printed_number(li.get("id", "")[len(f"fn{separator}"):])
            if number:
                li.set("value", number)
                for back in li.iter("a"):
                    if back.get("class") == "footnote-backref":
                        back.set("title", f"Back to the reference to note {number}")
                links = note_links.get(li.get("id", ""))
                if links:
                    before_backref(last_text_block(li), final_hrefs(etree.fromstring(links)))
