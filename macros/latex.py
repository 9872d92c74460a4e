"""LaTeX field values to plain Unicode text, fast.

``Text.from_latex(v).render_as("text")`` looks its backend up through entry points on every
call (about 15 ms); the backend is made once here and results are cached.
"""

from __future__ import annotations

import codecs
from functools import lru_cache

from pybtex.backends.plaintext import Backend
from pybtex.markup import LaTeXParser
from pybtex.richtext import Text

_PLAIN = Backend()


# Characters LaTeX decoding can change (commands, ties, dashes, quotes, ligatures like ?` and <<).
_SPECIAL = frozenset("\\~-`'\"$%&_^#!?<>")
_MARKUP = _SPECIAL | frozenset("{}")  # and braces, which pybtex's parser removes


@lru_cache(maxsize=None)
def latex_text(value: str) -> str:
    """Accents decoded, case-protecting braces removed, whitespace collapsed."""
    if _MARKUP.isdisjoint(value):
        return " ".join(value.split())  # plain text: what decoding and parsing would give
    return " ".join(Text.from_latex(value).render(_PLAIN).split())


@lru_cache(maxsize=None)
def _decode(latex: str) -> str:
    if _SPECIAL.isdisjoint(latex):
        return latex  # nothing to decode: latexcodec would return the same string, slowly
    import latexcodec  # noqa: F401, PLC0415  (registers the 'ulatex' codec; imported only when needed)

    return str(codecs.decode(latex, "ulatex"))  # type: ignore[call-overload]  # latexcodec decodes str to str


def _from_latex(cls: type[Text], latex: str) -> Text:
    """pybtex's Text.from_latex with the decoding memoized; parsing still makes fresh objects."""
    return LaTeXParser(_decode(latex)).parse()


def install_fast_decoding() -> None:
    """pybtex decodes every field of every entry on every format; the same strings recur across
    styles and builds. Idempotent."""
    if getattr(Text.from_latex, "__func__", None) is not _from_latex:
        Text.from_latex = classmethod(_from_latex)
