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


def keep_compiled(directory: Path, env: Environment | None = None) -> None:
    """Keep the compiled templates of ``env`` (by default the fragments') in ``directory`` between
    builds; jinja2 recompiles a template whose source changed (it checks a checksum of each). Compiling
    costs every new process: the fragments a tenth of a second, the theme's templates a quarter of a warm
    build of the two papers."""
    directory.mkdir(parents=True, exist_ok=True)
    (env or environment()).bytecode_cache = FileSystemBytecodeCache(str(directory))


def fragment(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
