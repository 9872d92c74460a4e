"""HTML fragments from autoescaped jinja2 templates kept beside the code."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateNotFound,
                    meta, select_autoescape)
from mkdocs.theme import Theme


# Where, under the edition's cache folder, the compiled templates are kept between builds.
FRAGMENTS_KEPT, THEME_KEPT = "templates", "theme"

# The edition's additions to the theme: main.html (its metadata, cards and deferred scripts), which comes
# before everything; and templates a site's own custom_dir may replace (the search dialog, named for
# screen readers), which come after that folder.
THEME_FIRST = Path(__file__).parent.parent / "theme"
THEME_DEFAULTS = Path(__file__).parent.parent / "theme_defaults"
SITE_PREFIX = "edition-site"  # a site's own custom_dir, by the name the edition's main.html reaches it
SITE_MAIN = f"{SITE_PREFIX}/main.html"


def add_theme_dirs(theme: Theme) -> None:
    """The edition's template folders among the theme's (see ``THEME_FIRST``)."""
    theme.dirs.insert(0, str(THEME_FIRST))
    theme.dirs.insert(2 if theme.custom_dir is not None else 1, str(THEME_DEFAULTS))


def wrap_site_main(env: Environment, custom_dir: str | None) -> None:
    """The edition's main.html extends the site's own main.html when its custom_dir has one (which
    in turn extends base.html, as Material's overrides do), so that both apply; otherwise it extends
    base.html. The site's file is found under ``SITE_MAIN``, since "main.html" is the edition's."""
    if custom_dir is not None and (Path(custom_dir) / "main.html").is_file():
        assert env.loader is not None
        env.loader = ChoiceLoader([env.loader, PrefixLoader({SITE_PREFIX: FileSystemLoader(custom_dir)})])
        env.globals["edition_parent"] = SITE_MAIN
    else:
        env.globals["edition_parent"] = "base.html"


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
    costs every new process: the fragments some 40 ms, the theme's templates a quarter of a warm build
    of the two papers."""
    directory.mkdir(parents=True, exist_ok=True)
    (env or environment()).bytecode_cache = FileSystemBytecodeCache(str(directory))


def kept(directory: Path) -> bool:
    """Whether ``directory`` holds compiled templates (``keep_compiled``) from an earlier build."""
    return directory.is_dir() and any(directory.iterdir())


def compile_ahead(theme: Theme, directory: Path, names: Sequence[str] = ("main.html", "base.html", "404.html", "sitemap.xml")) -> None:
    """Compile into ``directory`` (as ``keep_compiled`` keeps them) the theme's templates that ``names``
    are, and those they name in turn, so that the build, on the same theme, loads them compiled. For a
    build with nothing kept yet, in the other process while this one reads the pages (``base.html`` is
    named: the edition's main.html extends it by a name known only at build time). Compiling the
    theme here cost a cold build of the two papers about a sixth of its time (done ahead: 862 → 769 ms,
    the medians of 20 interleaved builds). A template named only as the page is rendered (an icon) is
    compiled then, and one the build does not render costs only time here."""
    env = theme.get_env()  # as MkDocs makes it: the same loader, extensions and options, so the same code
    keep_compiled(directory, env)
    assert env.bytecode_cache is not None and env.loader is not None
    todo, seen = list(names), set()
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        try:
            source, filename, _ = env.loader.get_source(env, name)
        except TemplateNotFound:
            continue
        tree = env.parse(source, name, filename)
        todo += [other for other in meta.find_referenced_templates(tree) if other]  # None: a name made at run time
        bucket = env.bytecode_cache.get_bucket(env, name, filename, source)  # what jinja2's loader does on a miss
        bucket.code = env.compile(tree, name, filename)
        env.bytecode_cache.set_bucket(bucket)


def compile_fragments(directory: Path) -> None:
    """Compile every fragment into ``directory`` (as ``keep_compiled`` keeps them), as ``compile_ahead``
    does the theme's: for a build with none kept yet, in the other process."""
    keep_compiled(directory)
    for name in environment().list_templates():
        environment().get_template(name)


def fragment(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def fragment_pieces(template: str, **context: Any) -> Iterator[str]:
    """``fragment``'s HTML piece by piece, as jinja2 makes it (``Template.generate``), never whole."""
    return environment().get_template(template).generate(**context)
