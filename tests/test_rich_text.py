"""The faster rich-text constructor (macros/styles/rich_text.py) makes what pybtex's own makes."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from pybtex.backends.html import Backend as HtmlBackend
from pybtex.backends.plaintext import Backend as TextBackend
from pybtex.richtext import BaseMultipartText, BaseText, HRef, Protected, String, Symbol, Tag, Text

from macros.styles import format_entries, rich_text

Recipe = Any  # a str, or (kind, argument, [recipes]): how to make one part


@contextmanager
def _constructor(init: Callable[..., None]) -> Iterator[None]:
    kept = BaseMultipartText.__init__
    BaseMultipartText.__init__ = init
    try:
        yield
    finally:
        BaseMultipartText.__init__ = kept


def _recipe(rng: random.Random, depth: int) -> Recipe:
    """A part: often plain or empty text (what merging and dropping act on), else a container of
    every kind pybtex has, with parameters that sometimes match a neighbour's (so that they merge)."""
    if depth == 0 or rng.random() < 0.35:
        return rng.choice(["", "", "a", "Bc", " ", "é–"])
    kind = rng.choice(["text", "text", "tag", "tag", "href", "protected", "string", "symbol", "emptytext"])
    argument = rng.choice(["em", "strong"]) if kind == "tag" else rng.choice(["/a", "/b"])
    return kind, argument, [_recipe(rng, depth - 1) for _ in range(rng.randint(0, 4))]


def _make(recipe: Recipe) -> Any:
    if isinstance(recipe, str):
        return recipe
    kind, argument, children = recipe
    parts = [_make(child) for child in children]
    if kind == "tag":
        return Tag(argument, *parts)
    if kind == "href":
        return HRef(argument, *parts)
    if kind == "protected":
        return Protected(*parts)
    if kind == "string":
        return String(*[p for p in parts if isinstance(p, str)])
    if kind == "symbol":
        return Symbol("ndash")
    return Text() if kind == "emptytext" else Text(*parts)


def _shape(text: Any) -> Any:
    """Everything that tells two texts apart: each part's class, parameters, length and parts."""
    if isinstance(text, BaseMultipartText):
        return type(text).__name__, text.info, len(text), [_shape(part) for part in text.parts]
    assert isinstance(text, BaseText)
    return type(text).__name__, str(text), len(text)


def test_the_constructor_makes_what_pybtex_makes() -> None:
    rng = random.Random(17)
    recipes = [("text", "", [_recipe(rng, 4) for _ in range(rng.randint(0, 6))]) for _ in range(3000)]
    with _constructor(rich_text._PYBTEX_INIT):
        theirs = [_make(r) for r in recipes]
    with _constructor(rich_text._init):
        ours = [_make(r) for r in recipes]
    merged = dropped = 0
    backends = (HtmlBackend(), TextBackend())
    for recipe, a, b in zip(recipes, theirs, ours):
        assert _shape(b) == _shape(a), recipe
        for backend in backends:
            assert b.render(backend) == a.render(backend)
        merged += len(a.parts) < len([c for c in recipe[2] if c != ""])
        dropped += "" in recipe[2]
    assert merged > 100 and dropped > 100  # the random texts did exercise merging and dropping


@pytest.mark.parametrize("bad", [3, None, b"bytes"])
def test_a_part_of_the_wrong_type_is_refused_as_pybtex_refuses_it(bad: Any) -> None:
    messages = []
    for init in (rich_text._PYBTEX_INIT, rich_text._init):
        with _constructor(init), pytest.raises(TypeError) as caught:
            Text("a", bad)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


def test_formatting_installs_it() -> None:
    """Every build formats through ``format_entries``; the golden tests of the styles then check its output."""
    from pybtex.database import BibliographyData, Entry, Person

    data = BibliographyData({"doe2001": Entry("book", {"title": "A {History} of parts", "year": "2001", "publisher": "P"},
                                              persons={"author": [Person("Doe, Jane")]})})
    with _constructor(rich_text._PYBTEX_INIT):
        formatted = format_entries(data, ["doe2001"], "edition-apa")
        assert BaseMultipartText.__init__ is rich_text._init
    assert formatted["doe2001"].html == "Doe, J. (2001). <em>A History of parts</em>. P."


def test_joined_gives_what_pybtex_join_gives() -> None:
    """Names are joined without templates (``styles.base.joined``); pybtex's ``join`` node is the reference."""
    from pybtex.style.template import join

    from macros.styles.base import joined

    rng = random.Random(5)
    pieces = ["", "Walt", "S. M.", Text(), Text("Gause", " ", "III"), Tag("em", "Title"), Text(Tag("em", "a"), "b"), String("")]
    for _ in range(3000):
        parts = [rng.choice(pieces) for _ in range(rng.randint(0, 5))]
        sep, sep2, last_sep = rng.choice([("", None, None), (" ", None, None), (", ", None, None), (", ", ", & ", ", & "),
                                          (", ", " and ", None), (", ", None, ", and ")])
        theirs = join(sep=sep, sep2=sep2, last_sep=last_sep)[parts].format()
        assert _shape(joined(parts, sep, sep2, last_sep)) == _shape(theirs), (parts, sep, sep2, last_sep)
