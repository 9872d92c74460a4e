"""The edition's own links skip MkDocs' link rewriting.

A link the edition makes (a citation, an index or glossary link, an emendation mark) already holds
its final, page-relative address. MkDocs' rewriting (the tree processor "relpath", priority 0)
would take each for a source path to resolve, and warn that it does not know it ("unrecognized
relative link"), at a tenth of a millisecond a link: a second on a large corpus. So the address
waits in an attribute while MkDocs passes over the link, and is put back after it.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor

FINAL_HREF = "data-edition-href"


def final_hrefs(elem: etree.Element) -> etree.Element:
    """Hold the addresses of ``elem``'s links (and its own) until MkDocs' rewriting has passed.

    In-page links cost MkDocs nothing, and a link to a source file (``bibliography.md#walt1987``,
    made when the site has no such page) is left for MkDocs to resolve or report."""
    for link in elem.iter("a"):
        href = link.get("href", "")
        if href and not href.startswith("#") and not href.split("#")[0].endswith(".md"):
            link.set(FINAL_HREF, href)
            link.set("href", "#")
    return elem


class FinalHrefTreeprocessor(Treeprocessor):
    """Registered after "relpath" (priority -1): the held addresses go back into ``href``."""

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.attrib.pop(FINAL_HREF, None)
            if href is not None:
                link.set("href", href)
