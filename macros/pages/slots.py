"""The slots of the list pages (``<div data-edition-slot="bibliography"></div>``), which the edition fills."""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

SLOT = '<div data-edition-slot="{}"></div>'
ID_ATTR = re.compile(r'\sid="([^"]+)"')  # an element's id in HTML the edition or Python-Markdown wrote


def check(page: Page, name: str) -> None:
    if page.content is None or SLOT.format(name) not in page.content:
        raise PluginError(f"docs/{page.file.src_uri}: the page needs the slot {SLOT.format(name)}")


def fill(page: Page, name: str, html: str) -> None:
    check(page, name)
    page.content = (page.content or "").replace(SLOT.format(name), html, 1)
    # MkDocs validates links to anchors after on_env: tell it which ids the fragment adds.
    if page.present_anchor_ids is not None:
        page.present_anchor_ids |= set(ID_ATTR.findall(html))
