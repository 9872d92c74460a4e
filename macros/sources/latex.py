"""LaTeX field values to plain Unicode text, fast.

``Text.from_latex(v).render_as("text")`` looks its backend up through entry points on every
call (about 15 ms); the backend is made once here and results are cached.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from pybtex.backends.plaintext import Backend
from pybtex.markup import LaTeXParser
from pybtex.richtext import Text

_PLAIN = Backend()


# What LaTeX decoding can change: commands and specials, ties, dashes (--), quotes ('' ``), the
# ligatures !` ?` and ,, and the braces pybtex's parser removes. Anything else is plain text, which
# latexcodec returns unchanged (tests/test_pure.py checks this on random strings).
_LATEX = r"[\\~$%&^#_]|--|''|``|[!?]`|,,"
_MARKUP = re.compile(_LATEX + r"|[{}]")
# For decoding alone (braces are the parser's business), also whitespace latexcodec would rewrite
# (tabs, newlines, double or edge spaces).
_DECODE = re.compile(_LATEX + r"|[\n\t\r]|  |^ | $")
# The escaped special characters latexcodec decodes to themselves (not \$, which it keeps).
_ESCAPED = re.compile(r"\\([&%#_])")
# Dashes, as latexcodec reads them: from the left, three hyphens an em dash, then two an en dash.
_DASHES = re.compile(r"---|--")
_DASH = {"---": "\N{EM DASH}", "--": "\N{EN DASH}"}


@lru_cache(maxsize=None)
def latex_text(value: str) -> str:
    """Accents decoded, case-protecting braces removed, whitespace collapsed."""
    if not _MARKUP.search(value):
        return " ".join(value.split())  # plain text: what decoding and parsing would give
    return " ".join(Text.from_latex(value).render(_PLAIN).split())


def _decode_simply(latex: str) -> str | None:
    r"""What latexcodec would make of ``latex`` when that needs no LaTeX parsing: plain text, or text
    whose only markup is escaped specials ("Rowman \& Littlefield") and dashes (page ranges, "1--21").
    None for anything else. (Importing latexcodec alone costs a build some 15 ms.)"""
    if not _DECODE.search(latex):
        return latex  # nothing to decode: latexcodec would return the same string, slowly
    if _DECODE.search(_DASHES.sub("x", _ESCAPED.sub("x", latex))):
        return None  # other markup
    return _DASHES.sub(lambda dash: _DASH[dash[0]], _ESCAPED.sub(r"\1", latex))


@lru_cache(maxsize=None)
def _decode(latex: str) -> str:
    if (simple := _decode_simply(latex)) is not None:
        return simple
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
