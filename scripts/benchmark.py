#!/usr/bin/env python3
"""Benchmark the edition against plain Material building the same Markdown, as ratios in one run.

Usage: python scripts/benchmark.py [--quick] [--out scripts/benchmark-results.md]

(a) the full edition; (b) a generated corpus (40 chapters x 60 paragraphs x 2 citations, 10 notes
per chapter, a 2,000-entry bibliography) and the same at twice the size; (c) a one-chapter rebuild
under `mkdocs serve`; (d) the gzip weight of each chapter page (HTML + CSS + JS). Every timing is
the median of several runs, and every comparison is a ratio measured in the same run, because
absolute seconds on a shared machine mean little. Ends with a profile of the edition's build.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import os
import pstats
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Bytecode is written as on a reader's machine: the untimed first build compiles the edition's
# modules once, as pip compiled Material's (a PYTHONDONTWRITEBYTECODE shell would charge the edition
# ~0.15 s of compiling per build).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
IGNORE = shutil.ignore_patterns(".venv", "site", ".git", "node_modules", "test-artifacts", "__pycache__", ".pytest_cache")


def plain_config(project: Path) -> Path:
    """mkdocs.yml without the edition's plugin, scripts and styles: plain Material on the same Markdown."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\n  - edition:(\n      .*)*", "", text)
    text = re.sub(r"\n  - edition\b.*", "", text)
    text = re.sub(r"\nextra_(css|javascript):.*(\n  .*)*", "", text)
    path = project / "mkdocs-plain.yml"
    path.write_text(text.replace("strict: true", "strict: false"), encoding="utf-8")
    return path


def _timed(project: Path, config: Path, site: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                   cwd=project, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def paired(project: Path, edition: Path, plain: Path, sites: tuple[Path, Path], runs: int) -> tuple[float, float]:
    """Medians of warm builds of the edition and of plain Material, taken alternately (ABAB…), so
    that the machine's drift weighs on both alike; each is built once untimed first (caches, bytecode)."""
    _timed(project, edition, sites[0])
    _timed(project, plain, sites[1])
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        times[0].append(_timed(project, edition, sites[0]))
        times[1].append(_timed(project, plain, sites[1]))
    return statistics.median(times[0]), statistics.median(times[1])


def cold(project: Path, config: Path, site: Path) -> float:
    """One build with the edition's caches emptied first."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    return _timed(project, config, site)


def corpus(dest: Path, chapters: int, paragraphs: int = 60, cites: int = 2, notes: int = 10, entries: int = 2000) -> Path:
    """A generated edition of the given size, using the real plugin, theme and pages."""
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    for md in (dest / "docs").glob("*.md"):
        if "chapter:" in md.read_text(encoding="utf-8")[:400]:
            md.unlink()
    for bib in (dest / "bibliography").glob("*.bib"):
        bib.unlink()
    with (dest / "bibliography/generated.bib").open("w", encoding="utf-8") as out:
        for i in range(entries):
            out.write(f"@article{{work{i:04d},\n  author = {{Author{i % 97}, Given and Second{i % 13}, Other}},\n"
                      f"  title = {{A Study of Alliances Number {i}}},\n  journal = {{Journal {i % 40}}},\n  volume = {{{i % 50}}},\n"
                      f"  number = {{{i % 4 + 1}}},\n  pages = {{{i % 300 + 1}--{i % 300 + 20}}},\n  year = {{{1950 + i % 70}}},\n}}\n\n")
    for data in ("index.yml", "glossary.yml", "timeline.yml", "concordance.yml", "editors-notes.yml", "emendations.yml", "presets.yml"):
        (dest / "docs/_data" / data).write_text("[]\n", encoding="utf-8")
    (dest / "docs/_data/published-ids.yml").write_text("published: {}\nretired: []\n", encoding="utf-8")
    (dest / "docs/index.md").write_text("# A generated corpus\n\nFor the benchmark only.\n", encoding="utf-8")
    for page in ("about.md",):  # pages that link to the real chapters
        (dest / "docs" / page).write_text("# About\n\nA generated corpus.\n", encoding="utf-8")
    nav = ["  - Home: index.md"]
    for c in range(chapters):
        key = f"c{c:02d}x"
        lines = [f"---\ntitle: Chapter {c}\nchapter: {{key: {key}, label: Chapter {c}, style: apa}}\n---\n\n# Chapter {c} {{#{key}-title}}\n"]
        cited = []
        for p in range(paragraphs):
            numbers = [(c * 131 + p * 7 + k * 17) % entries for k in range(cites)]
            works = [f"work{i:04d}" for i in numbers]
            cited += works
            note = f"[^{key}{p // 6 + 1}]" if p % 6 == 0 and p // 6 < notes else ""
            # A page inside the work's printed range: the corpus is a sound edition, not 4,000 audit findings.
            group = "; ".join(f"@{w}, p. {i % 300 + 1 + p % 20}" for w, i in zip(works, numbers))
            lines.append(f"Paragraph {p} of chapter {c} discusses alliances and threats at some length, "
                         f"as the literature does [{group}].{note}\n{{: #{key}-p{p + 1} }}\n")
        lines += [f"[^{key}{n + 1}]: Note {n + 1} of chapter {c}.\n" for n in range(notes)]
        lines.append(f'## References {{#{key}-refs}}\n\n<div class="references" markdown>\n')
        lines += [f"- @{w}\n  {{: #{key}-r{i} }}" for i, w in enumerate(dict.fromkeys(cited))]
        lines.append("\n</div>\n")
        (dest / f"docs/{key}.md").write_text("\n".join(lines), encoding="utf-8")
        nav.append(f"  - Chapter {c}: {key}.md")
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nnav:\n(  .*\n|      .*\n)+", "\nnav:\n" + "\n".join(nav) + "\n", config)
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 (loopback)
            return r.read().decode("utf-8")
    except OSError:
        return ""


def serve_rebuild(project: Path, config: Path, page: str, chapter: Path, runs: int) -> float:
    """Seconds from saving a chapter to the served page showing the change, under mkdocs serve."""
    port = _port()
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}",
                            ], cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/{page}"
    try:
        while "<html" not in _fetch(url):
            time.sleep(0.2)
        times = []
        for run in range(runs):
            marker = f"benchmark-marker-{run}-{time.time_ns()}"
            text = chapter.read_text(encoding="utf-8")
            time.sleep(1.0)
            start = time.perf_counter()
            chapter.write_text(text.replace("\n{: #", f" {marker}\n{{: #", 1), encoding="utf-8")
            while marker not in _fetch(url):
                time.sleep(0.05)
            times.append(time.perf_counter() - start)
        return statistics.median(times)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def weight(site: Path, page: str) -> int:
    """gzip bytes of a page and the local CSS and JS it loads."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode("utf-8"), 9))
    for ref in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
        path = (site / page / ref).resolve()
        if path.exists():
            total += len(gzip.compress(path.read_bytes(), 9))
    return total


def profile(project: Path) -> str:
    """Where the edition's build spends its time: the slowest functions by cumulative time."""
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config

    os.environ.update(ENV)
    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(str(project / "mkdocs.yml"), site_dir=tmp)
        profiler = cProfile.Profile()
        profiler.enable()
        mk_build(config)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"macros|pybtex|markdown/(core|treeprocessors|inlinepatterns)|material|mkdocs/(commands|structure)", 25)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one run each, a smaller corpus (for a smoke test)")
    parser.add_argument("--out", type=Path, default=ROOT / "scripts/benchmark-results.md")
    args = parser.parse_args()
    runs = 1 if args.quick else 3
    size = 4 if args.quick else 40
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        edition = work / "edition"
        shutil.copytree(ROOT, edition, ignore=IGNORE)
        plain = plain_config(edition)
        t_cold = cold(edition, edition / "mkdocs.yml", work / "site-ed")
        t_ed, t_pl = paired(edition, edition / "mkdocs.yml", plain, (work / "site-ed", work / "site-pl"), runs * 3)
        rows.append(("(a) full edition build, warm caches", f"{t_ed:.2f} s", f"{t_pl:.2f} s", f"{t_ed / t_pl:.2f}×  (target ≤ 1.3×)"))
        rows.append(("(a) full edition build, cold caches", f"{t_cold:.2f} s", f"{t_pl:.2f} s", f"{t_cold / t_pl:.2f}×"))
        corpus_times = {}
        projects = {}
        entries = 2000 if not args.quick else 400
        for label, chapters, bibliography in (("1×", size, entries), ("2×", size * 2, entries * 2)):  # twice everything
            project = projects[label] = corpus(work / f"corpus-{label}", chapters, entries=bibliography)
            c_plain = plain_config(project)
            c_cold = cold(project, project / "mkdocs.yml", work / f"site-c{label}")
            c_ed, c_pl = paired(project, project / "mkdocs.yml", c_plain, (work / f"site-c{label}", work / f"site-cp{label}"), runs)
            corpus_times[label] = c_ed
            rows.append((f"(b) corpus {label}: {chapters} chapters × 60 ¶ × 2 citations, {bibliography} entries, warm",
                         f"{c_ed:.2f} s", f"{c_pl:.2f} s",
                         f"{c_ed / c_pl:.2f}×  (target ≤ 1.5×)"))
            rows.append((f"(b) corpus {label}, cold caches", f"{c_cold:.2f} s", f"{c_pl:.2f} s", f"{c_cold / c_pl:.2f}×"))
        rows.append(("(b) doubling the corpus", f"{corpus_times['2×']:.2f} s", f"{corpus_times['1×']:.2f} s",
                     f"{corpus_times['2×'] / corpus_times['1×']:.2f}×  (target ≤ 2.2×)"))
        chapter = edition / "docs/strategic-alignments.md"
        s_ed = serve_rebuild(edition, edition / "mkdocs.yml", "strategic-alignments/", chapter, runs)
        s_pl = serve_rebuild(edition, plain, "strategic-alignments/", chapter, runs)
        rows.append(("(c) one-chapter rebuild under mkdocs serve", f"{s_ed:.2f} s", f"{s_pl:.2f} s", f"{s_ed / s_pl:.2f}×"))
        for page in ("clandestine-cooperation", "strategic-alignments"):
            w_ed, w_pl = weight(work / "site-ed", page), weight(work / "site-pl", page)
            rows.append((f"(d) page weight, {page} (gzip HTML+CSS+JS; 1 KiB = 1,024 bytes)", f"{w_ed / 1024:.2f} KiB", f"{w_pl / 1024:.2f} KiB",
                         f"+{(w_ed - w_pl) / 1024:.2f} KiB = {w_ed - w_pl:,} bytes  (target ≤ +15 KiB)"))
        table = ["| measure | edition | plain Material | ratio / difference |", "|---|---|---|---|"]
        table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
        report = ("# Benchmark\n\nProduced by `python scripts/benchmark.py` (warm builds: medians of "
                  f"{runs * 3} (a) and {runs} (b) runs, edition and plain Material alternately, after an untimed build of each; cold: one build with the "
                  "caches emptied; ratios measured in one run on one machine).\n\n" + "\n".join(table) + "\n")
        args.out.write_text(report, encoding="utf-8")  # written before profiling, so a failed profile loses nothing
        print("\n".join(table))
        prof = profile(projects["1×"])  # warm: the caches are those of the builds above
    report += "\n## Profile of a warm build of the 1× corpus (cumulative time)\n\n```\n" + prof.strip() + "\n```\n"
    args.out.write_text(report, encoding="utf-8")
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
