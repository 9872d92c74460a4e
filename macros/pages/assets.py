"""The edition's own scripts and styles as readers get them: minified, the scripts bundled into one."""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from functools import cache

import minify as tdewolff  # the Go minifiers (tdewolff/minify), also Hugo's
from jinja2 import Environment
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


def minify(path: str, text: str) -> str:
    """A script or stylesheet as readers get it: without comments and needless whitespace, and a
    script's local names shortened (tdewolff/minify). A file it cannot parse stops the build."""
    kind = {".js": "application/javascript", ".css": "text/css"}.get(posixpath.splitext(path)[1])
    if kind is None:
        return text
    try:
        return str(tdewolff.string(kind, text))
    except ValueError as exc:  # minify.MinifyError
        raise PluginError(f"edition: docs/{path}: cannot be minified: {exc}") from None


def bundle(files: Files, parts: list[str]) -> str:
    """The scripts ``parts`` minified into one, taken out of the site (only the bundle is published)."""
    texts = []
    for path in parts:
        if (file := files.get_file_from_path(path)) is None:
            raise PluginError(f"edition: script_parts: docs/{path} does not exist")
        texts.append(minify(path, file.content_string).rstrip(";\n") + ";\n")
        files.remove(file)
    return "".join(texts)


def prepare(files: Files, config: MkDocsConfig, appended: Mapping[str, str], script: str | None, parts: list[str]) -> None:
    """The edition's own scripts and styles are written to be read; readers get them minified (with
    ``appended`` rules added to a stylesheet first), and the scripts as one file, ``script``: one
    request, and gzip compresses them together ~15 % better."""
    for path, rules in appended.items():
        if (sheet := files.get_file_from_path(path)) is not None:
            sheet.content_string += rules
    for file in files:
        if file.src_uri.startswith("assets/") and file.src_uri.endswith(".css"):
            file.content_string = minify(file.src_uri, file.content_string)
    if script is not None:
        files.append(File.generated(config, script, content=bundle(files, parts)))


def add_inline_scripts(env: Environment) -> None:
    """``edition_script(name)`` in the theme's templates: the script ``name``, found as a template is
    (so a site's custom_dir may replace it), minified, for a ``<script>`` of the page itself. Only the
    light/dark toggle's needs one: it must run while the header is parsed (partials/palette.html)."""
    assert env.loader is not None
    loader = env.loader

    @cache
    def script(name: str) -> Markup:
        source, _, _ = loader.get_source(env, name)
        return Markup(minify(name, source))

    env.globals["edition_script"] = script
