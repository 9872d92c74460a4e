"""Readers of the edition's exports that nobody in this project wrote, driven from Python.

citeproc-js (the engine inside Zotero and Mendeley) with the standard APA 7 CSL style and the
en-US locale from ``@citation-js/plugin-csl``; Citation.js's RIS and BibTeX readers. They are
Node packages, test-only devDependencies in package.json (``scripts/test.sh`` installs them).
Paper B's printed reference list is read here from its source text, not from the BibTeX.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = Path(__file__).resolve().parent / "csl"


def node_available() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules" / "citeproc").is_dir()


def _node(script: str, payload: dict[str, Any]) -> Any:
    proc = subprocess.run(["node", str(NODE_DIR / script)], input=json.dumps(payload), capture_output=True,
                          text=True, cwd=ROOT, check=False, env={"NODE_PATH": str(ROOT / "node_modules"), "PATH": "/usr/bin:/bin:/usr/local/bin"})
    if proc.returncode:
        raise RuntimeError(f"node {script} failed: {proc.stderr}")
    return json.loads(proc.stdout)


def citeproc(items: list[dict[str, Any]], style: str = "apa", output: str = "text", together: bool = True) -> dict[str, str]:
    """Each item's bibliography entry as citeproc-js renders it: all in one bibliography, or each alone."""
    result: dict[str, str] = _node("render.js", {"items": items, "style": style, "format": output, "together": together})
    return result


def citation_js(text: str, kind: str) -> list[dict[str, Any]]:
    """Citation.js's reading of a RIS (``kind="ris"``) or BibTeX (``"bibtex"``) text, as CSL-JSON."""
    result: list[dict[str, Any]] = _node("read.js", {"text": text, "kind": kind})
    return result


def printed_references(source: Path = ROOT / "tests" / "sources" / "paper-b.txt") -> list[str]:
    """Paper B's reference list as printed: the entries after the line 'References', one per line."""
    lines = source.read_text(encoding="utf-8").split("\n")
    start = lines.index("References") + 1
    return [re.sub(r"^- ", "", line.strip()) for line in lines[start:] if line.strip()]


_PUNCTUATION = re.compile(r"[^\w\s]|_")


def loose(text: str) -> str:
    """A reference compared up to punctuation, italics and letter case (and URL brackets)."""
    text = unicodedata.normalize("NFC", text).replace("*", "")
    # Letter case includes Turkish dotted capital I: "İn" is "in" in capitals (casefold gives i + U+0307).
    text = _PUNCTUATION.sub(" ", text).casefold().replace("\u0307", "")
    return " ".join(text.split())
