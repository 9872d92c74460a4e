"""HTML fragments from autoescaped jinja2 templates kept beside the code."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def keep_compiled(directory: Path) -> None:
    """Keep the compiled templates in ``directory`` between builds (jinja2 checks each against its
    source): compiling the fragments costs a tenth of a second in every new process."""
    directory.mkdir(parents=True, exist_ok=True)
    environment().bytecode_cache = FileSystemBytecodeCache(str(directory))


def fragment(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
