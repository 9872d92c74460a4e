"""LaTeX field values to plain Unicode text, fast.

``Text.from_latex(v).render_as("text")`` looks its backend up through entry points on every
call (about 15 ms); the backend is made once here and results are cached.
"""

from __future__ import annotations

from functools import lru_cache

from pybtex.backends.plaintext import Backend
from pybtex.richtext import Text

_PLAIN = Backend()


@lru_cache(maxsize=None)
def latex_text(value: str) -> str:
    """Accents decoded, case-protecting braces removed, whitespace collapsed."""
    return " ".join(Text.from_latex(value).render(_PLAIN).split()) if value else ""
