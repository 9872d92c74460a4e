"""The edition's own scripts and styles as readers get them: minified, the scripts bundled into one."""

from __future__ import annotations

import posixpath

import minify as tdewolff  # the Go minifiers (tdewolff/minify), also Hugo's
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files


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
