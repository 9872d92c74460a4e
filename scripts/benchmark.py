#!/usr/bin/env python3
"""Benchmark the edition against plain Material building the same Markdown, as ratios in one run.

Usage: python scripts/benchmark.py [--quick] [--no-peer] [--out scripts/benchmark-results.md]

Measures (DESIGN C10, issue "fast from a fresh clone"), each a ratio to plain Material (the same
Markdown, mkdocs.yml without the edition's plugin, scripts and styles) measured in the same run:

  (a) the two-paper edition: a cold build (no .cache/), a warm one, peak memory, the search index
      (whole, and on the content plain Material indexes too);
  (b) a generated corpus (40 chapters × 60 paragraphs × 2 citations, 10 notes each, a 2,000-entry
      bibliography) at 1×, 2× and 4×: cold, warm, peak memory; how the cost grows; the peer plugin
      mkdocs-bibtex on the 1× corpus, installed by this script into a throw-away virtualenv;
  (c) a one-chapter rebuild under `mkdocs serve`, two papers and corpus (the rebuild's own time);
  (d) the gzip weight of each chapter page (HTML + the CSS and JS it loads).

Method: every timing is the median of several runs taken in interleaved rounds (edition cold,
edition warm, plain, …, then again; the 2× and 4× corpora in the same rounds), so that the machine's
drift weighs on all alike; each figure is shown with its min–max. A ratio is the median of the
rounds' own ratios (the edition's build over plain Material's in the same round): a machine whose
speed drifts over minutes moves both builds of a round alike, so these reproduce where the seconds
do not. How the cost grows from the 2× to the 4× corpus is likewise the median of each round's 4×
build over its 2× build. After the first rounds, more are taken, up to a limit, until the 95 %
confidence interval of each ratio's median lies within ±7 % of it (``Sample.settled``): two runs
whose medians are each that settled agree within about 10 %. The table gives each interval and the
rounds taken. The rebuilds under mkdocs serve alternate too, the edition's server and plain
Material's each on its own copy, and each is timed by the build's own time (not by the wait for
serve's next look at the files). Peak memory is the largest resident set size of the build's
processes together (the main one and, in a cold build, the one it forks to format the bibliography:
its private pages; pages the two share counted once), sampled while it runs, in rounds of their own
after the timed ones; the main process's own peak resident set size in the timed rounds is shown
beside it. The machine's load average is recorded before and after. Ends with a profile of a cold
build of the 1× corpus.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import math
import os
import pstats
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Bytecode is written as on a reader's machine: the untimed first build compiles the edition's
# modules once, as pip compiled Material's (a PYTHONDONTWRITEBYTECODE shell would charge the edition
# ~0.15 s of compiling per build).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
def IGNORE(folder: str, names: list[str]) -> list[str]:  # noqa: N802 (shutil.copytree's ignore)
    """What a copy of the project leaves out: tools' folders anywhere, the built site only at the top
    (not macros/site/, the package's own)."""
    skip = {".venv", ".git", "node_modules", "test-artifacts", "__pycache__", ".pytest_cache", ".cache"}
    return [name for name in names if name in skip or (name == "site" and Path(folder).resolve() == ROOT)]
PEER = ["mkdocs==1.6.1", "mkdocs-material==9.8.1", "mkdocs-bibtex==4.4.0"]  # the peer, pinned like this project's own
# Runs a build and writes its peak resident memory (KiB) where BENCH_RSS says: mkdocs' own entry point.
RSS_WRAPPER = ("import os, resource, sys\nfrom mkdocs.__main__ import cli\ntry:\n    cli()\nexcept SystemExit as exit:\n"
               "    code = exit.code\nelse:\n    code = 0\nwith open(os.environ['BENCH_RSS'], 'w') as out:\n"
               "    out.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\nsys.exit(code)\n")
MEMORY_ROUNDS = 3  # peak memory reproduces within 2 % from run to run (benchmark-results.md): few rounds suffice


def footprint(pid: int, forked: bool = False) -> int:
    """The memory (KiB) of a process and of all its descendants: its resident set size, and what each
    process it forked holds of its own (private pages). A forked process shares its parent's pages until
    either writes one: the two resident set sizes added would count those pages twice. For a build that
    forks nothing, this is its resident set size."""
    fields = ("Private_Clean:", "Private_Dirty:") if forked else ("Rss:",)
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            total = sum(int(line.split()[1]) for line in rollup if line.startswith(fields))
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0  # it has just ended
    for task in tasks:
        try:
            children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
        except OSError:
            continue
        total += sum(footprint(int(child), forked=True) for child in children)
    return total


def peak_memory(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Run ``command``; the largest ``footprint`` of its processes together, in MiB, sampled every 10 ms
    (so not while timing: the sampling takes some of the machine)."""
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, footprint(proc.pid))
        time.sleep(0.01)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, command, stderr=proc.stderr.read() if proc.stderr else b"")
    return peak / 1024


@dataclass
class Sample:
    """Several measurements of one thing, in the order they were taken."""

    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def interval(self) -> tuple[float, float] | None:
        """The median's 95 % confidence interval, whatever the values' distribution: the k-th smallest
        and the k-th largest value, for the largest k such that fewer than k of n values fall below the
        true median with a chance of at most 2.5 % (each does with a chance of ½). None below six
        values, too few for one (from 11 values: the 2nd smallest to the 2nd largest)."""
        n = len(self.values)
        k = max((k for k in range(1, n // 2 + 1) if sum(math.comb(n, i) for i in range(k)) <= 0.025 * 2 ** n), default=0)
        if k == 0:
            return None
        ordered = sorted(self.values)
        return ordered[k - 1], ordered[n - k]

    def settled(self, within: float = 0.07) -> bool:
        """The median's 95 % interval lies within ±``within`` of it. Two runs whose medians are each this
        settled differ by at most about √2 × 7 % ≈ 10 % (95 %), what a result must reproduce within.
        (A test that the odd and even rounds' medians agree, used before, passed on runs that a second
        run then missed by 12–14 %.)"""
        found = self.interval()
        return found is not None and found[0] >= self.median * (1 - within) and found[1] <= self.median * (1 + within)

    def text(self, unit: str = "s", digits: int = 2) -> str:
        return f"{self.median:.{digits}f} {unit} ({min(self.values):.{digits}f}–{max(self.values):.{digits}f})"


def paired(a: Sample, b: Sample) -> Sample:
    """Each round's ratio of ``a`` to ``b``, both measured in that round."""
    return Sample([x / y for x, y in zip(a.values, b.values)])


@dataclass
class Build:
    """How to build one project one way: which Python (the edition's or the peer's), which config."""

    python: str
    project: Path
    config: Path
    site: Path
    cold: bool = False  # empty the edition's .cache/ first

    def run(self, rss: Path) -> float:
        """The build's seconds; its main process's peak resident set size is left in ``rss`` (``RSS_WRAPPER``)."""
        command = self._command("-c", RSS_WRAPPER)  # before the clock starts: emptying .cache/ is not the build's time
        start = time.perf_counter()
        subprocess.run(command, cwd=self.project, env={**ENV, "BENCH_RSS": str(rss)}, check=True, capture_output=True)
        return time.perf_counter() - start

    def peak(self) -> float:
        """The build's peak memory, its processes together (``peak_memory``), in MiB."""
        return peak_memory(self._command("-m", "mkdocs"), self.project, ENV)

    def _command(self, *mkdocs: str) -> list[str]:
        """The command that runs this build through ``mkdocs`` (how Python is to start it), with the
        edition's .cache/ emptied first if the build is cold."""
        if self.cold:
            shutil.rmtree(self.project / ".cache", ignore_errors=True)
        return [self.python, *mkdocs, "build", "-q", "-f", str(self.config), "-d", str(self.site)]


Measured = tuple[dict[str, Sample], dict[str, Sample], dict[str, Sample]]


def rounds(builds: dict[str, Build], runs: tuple[int, int], scratch: Path, ratios: list[tuple[str, str]] | None = None) -> Measured:
    """Seconds and the main process's peak resident MiB of each build in interleaved rounds, after one
    untimed round (bytecode, caches); then, in ``MEMORY_ROUNDS`` rounds of their own, the build's peak
    memory (``Build.peak``). Returned as (seconds, peak memory, main process).
    ``runs``: (at first, at most). After the first rounds, one more at a time while the median of one
    of the ``ratios`` (pairs of builds; by default each build to "plain", plain Material's) is not
    settled (``paired``, ``Sample.settled``; with no pairs, each build's own timings): a noisy machine
    needs more runs for medians that a second run reproduces (the table says how many were taken)."""
    rss = scratch / "rss"
    for build in builds.values():
        build.run(rss)
    times = {name: Sample() for name in builds}
    memory = {name: Sample() for name in builds}
    main = {name: Sample() for name in builds}
    if ratios is None:
        ratios = [(name, "plain") for name in builds if name != "plain"] if "plain" in builds else []
    first, most = runs
    while more_rounds([paired(times[a], times[b]) for a, b in ratios] or list(times.values()), first, most):
        for name, build in builds.items():
            times[name].values.append(build.run(rss))
            main[name].values.append(int(rss.read_text()) / 1024)
    for _ in range(MEMORY_ROUNDS):
        for name, build in builds.items():
            memory[name].values.append(build.peak())
    return times, memory, main


def more_rounds(samples: list[Sample], first: int, most: int) -> bool:
    """Whether to take another round: until ``first`` are taken; then, up to ``most``, while some sample's
    median is not settled."""
    taken = len(samples[0].values)
    return taken < first or (taken < most and not all(s.settled() for s in samples))


def plain_config(project: Path) -> Path:
    """mkdocs.yml without the edition's plugin, scripts and styles: plain Material on the same Markdown."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"\n  - edition:(\n      .*)*", "", text)
    text = re.sub(r"\n  - edition\b.*", "", text)
    text = re.sub(r"\nextra_(css|javascript):.*(\n  .*)*", "", text)
    text = re.sub(r"\nvalidation:(\n  .*)*", "", text)
    path = project / "mkdocs-plain.yml"
    path.write_text(text.replace("strict: true", "strict: false"), encoding="utf-8")
    return path


def peer_config(project: Path) -> Path:
    """mkdocs.yml with mkdocs-bibtex in the edition's place (same Markdown, same theme)."""
    text = plain_config(project).read_text(encoding="utf-8")
    text = text.replace("plugins:\n  - search", "plugins:\n  - search\n  - bibtex:\n      bib_dir: bibliography")
    path = project / "mkdocs-peer.yml"
    path.write_text(text, encoding="utf-8")
    return path


def peer_python(scratch: Path) -> str | None:
    """A throw-away virtualenv with mkdocs-bibtex (not a project dependency); None when it cannot be installed."""
    venv = scratch / "peer-venv"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "-q", *PEER], check=True, capture_output=True, timeout=600)
    except (subprocess.SubprocessError, OSError):
        return None
    return str(venv / "bin/python")


def _families(work: int) -> tuple[str, str]:
    """The family names of the generated work's two authors."""
    return f"Author{work % 97}", f"Second{work % 13}"


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
            first, second = _families(i)
            out.write(f"@article{{work{i:04d},\n  author = {{{first}, Given and {second}, Other}},\n"
                      f"  title = {{A Study of Alliances Number {i}}},\n  journal = {{Journal {i % 40}}},\n  volume = {{{i % 50}}},\n"
                      f"  number = {{{i % 4 + 1}}},\n  pages = {{{i % 300 + 1}--{i % 300 + 20}}},\n  year = {{{1950 + i % 70}}},\n}}\n\n")
    for data in ("index.yml", "glossary.yml", "timeline.yml", "concordance.yml", "editors-notes.yml", "emendations.yml", "presets.yml"):
        (dest / "docs/_data" / data).write_text("[]\n", encoding="utf-8")
    (dest / "docs/_data/published-ids.yml").write_text("published: {}\nretired: []\n", encoding="utf-8")
    (dest / "docs/index.md").write_text("# A generated corpus\n\nFor the benchmark only.\n", encoding="utf-8")
    for page in ("about.md",):  # pages that link to the real chapters
        (dest / "docs" / page).write_text("# About\n\nA generated corpus.\n", encoding="utf-8")
    (dest / "docs/bibliography.md").write_text(  # without the real page's example link to #walt1987
        "# Bibliography\n\nEvery work of the corpus.\n\n<div data-edition-slot=\"bibliography\"></div>\n", encoding="utf-8")
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
        # In alphabetical order of the first author's family name, as APA files a list (and the audit checks):
        # listed in the order first cited, every chapter had some 60 audit findings, 2,500 at 1× (19,200 at 4×).
        listed = sorted(dict.fromkeys(cited), key=lambda w: (*_families(int(w[4:])), w))
        lines += [f"- @{w}\n  {{: #{key}-r{i} }}" for i, w in enumerate(listed)]
        lines.append("\n</div>\n")
        (dest / f"docs/{key}.md").write_text("\n".join(lines), encoding="utf-8")
        nav.append(f"  - Chapter {c}: {key}.md")
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nnav:\n(  .*\n|      .*\n)+", "\nnav:\n" + "\n".join(nav) + "\n", config)
    config = re.sub(r"\n      bibliography:[^\n]*(\n        - .*)+", "", config)  # the corpus's one .bib file, by the default glob
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:  # noqa: S310 (loopback)
            return str(r.read().decode("utf-8"))
    except OSError:
        return ""


# Runs mkdocs serve with each build (the first and every rebuild) timed, from on_config to the last
# page written, as mkdocs' own "Documentation built in" line times it (which mkdocs logs only when the
# figure differs from every earlier one), and appended in seconds to the file BENCH_BUILT names.
SERVE_WRAPPER = ("import os, time\nfrom mkdocs.commands import serve\nbuild = serve.build\n\n"
                 "def timed(*args, **kwargs):\n    start = time.perf_counter()\n    try:\n        return build(*args, **kwargs)\n"
                 "    finally:\n        with open(os.environ['BENCH_BUILT'], 'a') as out:\n"
                 "            out.write(f'{time.perf_counter() - start}\\n')\n\n"
                 "serve.build = timed\nfrom mkdocs.__main__ import cli\ncli()\n")


class Served:
    """A project under mkdocs serve: how long a rebuild after saving a chapter takes."""

    def __init__(self, project: Path, config: Path, page: str, chapter: Path) -> None:
        address = f"127.0.0.1:{_port()}"
        self.chapter, self.log, self.url = chapter, project / f"serve-{config.stem}.log", f"http://{address}/{page}"
        self.times = project / f"serve-{config.stem}.times"
        self.times.write_text("")
        with self.log.open("w") as out:
            self.proc = subprocess.Popen([sys.executable, "-c", SERVE_WRAPPER, "serve", "-f", str(config), "--dev-addr", address],
                                         cwd=project, env={**ENV, "BENCH_BUILT": str(self.times)}, stdout=out, stderr=subprocess.STDOUT)
        try:
            self.wait("<html")
        except BaseException:
            self.close()  # a server that never served is not left running
            raise

    def wait(self, text: str, shown: bool = True) -> None:
        deadline = time.monotonic() + 120
        while (text in _fetch(self.url)) != shown:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"mkdocs serve never {'showed' if shown else 'dropped'} {text!r} at {self.url}:\n"
                                   + self.log.read_text()[-3000:])
            time.sleep(0.05)

    def rebuild(self, pause: float) -> float:
        """The seconds mkdocs took to rebuild the site after the chapter was saved, ``pause`` seconds after
        the last rebuild, once the page shows the change: from on_config to the last page written. The
        seconds from the save to the page include the wait for mkdocs serve's next look at the files
        (every 0.5 s, then 0.1 s for the changes to settle): the same for both servers on average, but
        noise of ±0.25 s on a rebuild of 1 s, which made two runs of this benchmark disagree by 13 % on
        the two papers."""
        text = self.chapter.read_text(encoding="utf-8")
        marker = f"benchmark-marker-{time.time_ns()}"
        time.sleep(pause)
        before = len(self.built())
        # An attribute on the first block: the authors' words stay those of the source (the fidelity check).
        self.chapter.write_text(re.sub(r"\{: #([\w-]+)", rf"{{: #\1 .{marker}", text, count=1), encoding="utf-8")
        self.wait(marker)
        deadline = time.monotonic() + 30
        while len(built := self.built()) <= before:  # the time is written just after the site
            if time.monotonic() > deadline:
                raise RuntimeError(f"mkdocs serve rebuilt {self.url} but wrote no build time:\n" + self.log.read_text()[-3000:])
            time.sleep(0.02)
        self.chapter.write_text(text, encoding="utf-8")
        self.wait(marker, shown=False)  # the rebuild that restores the chapter is over before the next save
        return built[before]

    def built(self) -> list[float]:
        """The times of the builds so far, in seconds (``SERVE_WRAPPER``; a line still being written is not one)."""
        return [float(line) for line in self.times.read_text().split("\n")[:-1]]

    def close(self) -> None:
        """Stop the server as Ctrl-C does, so that it removes the temporary site it served (terminated,
        it left one in the temporary folder per server); terminated if it has not stopped in 20 s."""
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            self.proc.wait(timeout=20)


def serve_rebuilds(edition: Path, plain: Path, page: str, chapter: str, runs: tuple[int, int]) -> tuple[Sample, Sample]:
    """One-chapter rebuilds under mkdocs serve, the edition's and plain Material's in interleaved rounds,
    each server on its own copy of the project (a save must not rebuild the other too)."""
    servers: list[Served] = []
    samples, jitter = [Sample(), Sample()], random.Random(0)
    try:
        for project, config in ((edition, edition / "mkdocs.yml"), (plain, plain_config(plain))):
            servers.append(Served(project, config, page, project / chapter))
        while more_rounds([paired(samples[0], samples[1])], *runs):
            # mkdocs serve notices a change when it next polls the files (every 0.5 s): a pause drawn
            # over a whole cycle keeps the saves from locking onto one moment of it (the rebuild's own
            # time is measured, but what else the machine does then is not the same at every moment);
            # each round gives both servers the same pause.
            pause = 1.0 + jitter.uniform(0, 0.5)
            for server, sample in zip(servers, samples):
                sample.values.append(server.rebuild(pause))
    finally:
        for server in servers:
            server.close()
    return samples[0], samples[1]


def weight(site: Path, page: str) -> int:
    """gzip bytes of a page and the local CSS and JS it loads."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode("utf-8"), 9))
    for ref in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
        path = (site / page / ref).resolve()
        if path.exists():
            total += len(gzip.compress(path.read_bytes(), 9))
    return total


def search_index(site: Path) -> tuple[int, int]:
    """(gzip bytes, entries) of the built search index."""
    raw = (site / "search/search_index.json").read_bytes()
    return len(gzip.compress(raw, 9)), len(json.loads(raw)["docs"])


def search_same_content(edition_site: Path, plain_site: Path, project: Path) -> tuple[int, int]:
    """gzip bytes of the edition's search entries for what plain Material indexes too (every entry of a
    chapter page, which the edition splits finer, landing on each note and list item; and each place
    plain's index has), and of plain's index, both written alike. What is left out is the apparatus
    made from data (index of names, glossary, timeline, concordance, emendations, the unified
    bibliography, the audit), which plain Material does not show at all."""
    chapters = {f"{md.stem}/" for md in (project / "docs").glob("*.md") if "chapter:" in md.read_text(encoding="utf-8")[:400]}
    edition, plain = (json.loads((site / "search/search_index.json").read_bytes()) for site in (edition_site, plain_site))
    places = {doc["location"] for doc in plain["docs"]}
    same = [doc for doc in edition["docs"] if doc["location"].split("#")[0] in chapters or doc["location"] in places]

    def size(index: dict[str, object], docs: list[dict[str, str]]) -> int:
        return len(gzip.compress(json.dumps({**index, "docs": docs}, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9))
    return size(edition, same), size(plain, plain["docs"])


def profile(project: Path) -> str:
    """Where a cold build spends its time: the functions with the most cumulative time."""
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config

    os.environ.update(ENV)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    cwd = os.getcwd()
    os.chdir(project)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = load_config(str(project / "mkdocs.yml"), site_dir=tmp)
            profiler = cProfile.Profile()
            profiler.enable()
            mk_build(config)
            profiler.disable()
    finally:
        os.chdir(cwd)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"macros|pybtex|markdown/(core|treeprocessors|inlinepatterns)|material|mkdocs/(commands|structure)", 25)
    return out.getvalue()


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "unknown"


def ratio(a: Sample, b: Sample) -> str:
    """The median of the rounds' ratios of ``a`` to ``b`` (min–max)."""
    return paired(a, b).text("×").replace(" ×", "×")


def agree(sample: Sample, to: Sample | None = None) -> str:
    """Whether the median of ``sample`` (of its ratio ``to`` another, when given) is settled: its 95 %
    interval, and over how many rounds."""
    judged = paired(sample, to) if to is not None else sample
    found = judged.interval()
    where = f"{found[0]:.2f}–{found[1]:.2f}" if found else "too few rounds"
    return f"{'yes' if judged.settled() else 'NO'}: {where} ({len(sample.values)} rounds)"


def memory_row(measure: str, memory: dict[str, Sample], main_rss: dict[str, Sample], target: str = "") -> tuple[str, str, str, str, str]:
    """The table's row of a cold build's peak memory against plain Material's (``rounds``' second and third
    results), with the main process's own peak beside it."""
    (cold, plain), (cold_main, plain_main) = (memory["cold"], memory["plain"]), (main_rss["cold"], main_rss["plain"])
    return (measure, f"{cold.text('MiB', 0)}; main process's RSS {cold_main.median:.0f} MiB", plain.text("MiB", 0),
            f"{ratio(cold, plain)}; main process's RSS {ratio(cold_main, plain_main)}{target}", f"— ({MEMORY_ROUNDS} rounds)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few runs, a small corpus (a smoke test, not a result)")
    parser.add_argument("--no-peer", action="store_true", help="skip mkdocs-bibtex (its install needs PyPI)")
    parser.add_argument("--out", type=Path, default=ROOT / "scripts/benchmark-results.md")
    args = parser.parse_args()
    # Rounds per measure: (at first, at most while a median is not settled; see ``rounds``). The peer builds in the 1× rounds,
    # the 2× and the 4× corpus in the same rounds.
    runs = {"edition": (2, 2), "1×": (2, 2), "2× and 4×": (2, 2), "serve": (2, 2)} if args.quick else \
           {"edition": (11, 41), "1×": (8, 16), "2× and 4×": (10, 14), "serve": (15, 31)}
    size, entries = (4, 200) if args.quick else (40, 2000)
    rows: list[tuple[str, str, str, str, str]] = []
    load_before = load()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        edition = work / "edition"
        shutil.copytree(ROOT, edition, ignore=IGNORE)
        py = sys.executable
        plain = plain_config(edition)
        builds = {"cold": Build(py, edition, edition / "mkdocs.yml", work / "site-ed", cold=True),
                  "warm": Build(py, edition, edition / "mkdocs.yml", work / "site-ed"),
                  "plain": Build(py, edition, plain, work / "site-pl")}
        t, m, mm = rounds(builds, runs["edition"], work)
        rows += [("(a) two papers, cold (no .cache/)", t["cold"].text(), t["plain"].text(), ratio(t["cold"], t["plain"]) + "  (≤ 1.3×)", agree(t["cold"], t["plain"])),
                 ("(a) two papers, warm", t["warm"].text(), t["plain"].text(), ratio(t["warm"], t["plain"]) + "  (≤ 1.15×)", agree(t["warm"], t["plain"])),
                 memory_row("(a) two papers, peak memory (cold)", m, mm)]
        (ed_bytes, ed_docs), (pl_bytes, pl_docs) = search_index(work / "site-ed"), search_index(work / "site-pl")
        rows.append(("(a) two papers, search index (gzip; entries)", f"{ed_bytes:,} B; {ed_docs}", f"{pl_bytes:,} B; {pl_docs}",
                     f"{ed_bytes / pl_bytes:.2f}×  (≤ 1.3×)", "—"))
        same, plain_same = search_same_content(work / "site-ed", work / "site-pl", edition)
        rows.append(("(a) two papers, search index without the apparatus (what plain indexes too; gzip)", f"{same:,} B", f"{plain_same:,} B",
                     f"{same / plain_same:.2f}×", "—"))
        for page in ("clandestine-cooperation", "strategic-alignments"):
            w_ed, w_pl = weight(work / "site-ed", page), weight(work / "site-pl", page)
            rows.append((f"(d) page weight, {page} (gzip HTML+CSS+JS)", f"{w_ed / 1024:.2f} KiB", f"{w_pl / 1024:.2f} KiB",
                         f"+{(w_ed - w_pl) / 1024:.2f} KiB = {w_ed - w_pl:,} B", "—"))
        peer = None if args.no_peer else peer_python(work)
        # The 2× and 4× corpora are built in the same rounds: how the cost grows from one to the other is
        # then a ratio within each round too, not of medians taken minutes apart on a drifting machine.
        for labels in (("1×",), ("2×", "4×")):
            builds, ratios = {}, []
            for label in labels:
                factor = int(label[0])
                project = corpus(work / f"corpus-{label}", size * factor, entries=entries * factor)
                builds |= {f"cold {label}": Build(py, project, project / "mkdocs.yml", work / f"site-c{label}", cold=True),
                           f"warm {label}": Build(py, project, project / "mkdocs.yml", work / f"site-c{label}"),
                           f"plain {label}": Build(py, project, plain_config(project), work / f"site-cp{label}")}
                ratios += [(f"cold {label}", f"plain {label}"), (f"warm {label}", f"plain {label}")]
                if label == "1×" and peer is not None:
                    builds["peer 1×"] = Build(peer, project, peer_config(project), work / "site-peer")
                    ratios.append(("peer 1×", "plain 1×"))
            if len(labels) == 2:
                ratios += [("cold 4×", "cold 2×"), ("plain 4×", "plain 2×")]
            times, memory, main_rss = rounds(builds, runs[" and ".join(labels)], work, ratios)
            for label in labels:
                t = {kind: times[f"{kind} {label}"] for kind in ("cold", "warm", "plain", "peer") if f"{kind} {label}" in times}
                m = {kind: memory[f"{kind} {label}"] for kind in t}
                mm = {kind: main_rss[f"{kind} {label}"] for kind in t}
                factor = int(label[0])
                what = f"{size * factor} chapters, {entries * factor} entries"
                rows += [(f"(b) corpus {label} ({what}), cold", t["cold"].text(), t["plain"].text(), ratio(t["cold"], t["plain"]) + ("  (≤ 1.6×)" if label == "1×" else ""), agree(t["cold"], t["plain"])),
                         (f"(b) corpus {label}, warm", t["warm"].text(), t["plain"].text(), ratio(t["warm"], t["plain"]) + ("  (≤ 1.25×)" if label == "1×" else ""), agree(t["warm"], t["plain"])),
                         memory_row(f"(b) corpus {label}, peak memory (cold)", m, mm, "  (≤ 2×)" if label == "4×" else "")]
                if "peer" in t:
                    rows.append(("(b) corpus 1×: mkdocs-bibtex 4.4.0 (the peer)", t["peer"].text(), t["plain"].text(), ratio(t["peer"], t["plain"]), agree(t["peer"], t["plain"])))
                if label == "1×":
                    (c_bytes, c_docs), (p_bytes, p_docs) = search_index(work / "site-c1×"), search_index(work / "site-cp1×")
                    rows.append(("(b) corpus 1×, search index (gzip; entries)", f"{c_bytes:,} B; {c_docs}", f"{p_bytes:,} B; {p_docs}",
                                 f"{c_bytes / p_bytes:.2f}×", "—"))
                    same, plain_same = search_same_content(work / "site-c1×", work / "site-cp1×", work / "corpus-1×")
                    rows.append(("(b) corpus 1×, search index without the apparatus (gzip)", f"{same:,} B", f"{plain_same:,} B",
                                 f"{same / plain_same:.2f}×", "—"))
        rows.append(("(b) corpus 4× ÷ 2×, cold (each round's 4× build over its 2× build)", ratio(times["cold 4×"], times["cold 2×"]),
                     ratio(times["plain 4×"], times["plain 2×"]), "(≤ 2.0: linear or better)",
                     agree(times["cold 4×"], times["cold 2×"])))
        for label, project, page, chapter in (("two papers", edition, "strategic-alignments/", "docs/strategic-alignments.md"),
                                              ("corpus 1×", work / "corpus-1×", "c00x/", "docs/c00x.md")):
            plain_copy = work / f"{project.name}-plain"
            shutil.copytree(project, plain_copy, ignore=IGNORE)
            s_ed, s_pl = serve_rebuilds(project, plain_copy, page, chapter, runs["serve"])
            target = "  (≤ 1.15×)" if label == "two papers" else "  (≤ 1.3×)"
            rows.append((f"(c) one-chapter rebuild under mkdocs serve (the build's own time), {label}", s_ed.text(), s_pl.text(), ratio(s_ed, s_pl) + target, agree(s_ed, s_pl)))
        table = ["| measure | edition | plain Material | ratio (target) | settled: the median's 95 % interval within ±7 % |",
                 "|---|---|---|---|---|"]
        table += [f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows]
        runs_text = ", ".join(f"{k}: {first}, up to {most}" for k, (first, most) in runs.items())
        report = ("# Benchmark\n\nProduced by `python scripts/benchmark.py`" + (" --quick (a smoke test, not a result)" if args.quick else "") +
                  f". Interleaved rounds per measure ({runs_text}; the peer builds in the 1× rounds, the 2× and 4× corpora in the same rounds), after one untimed round; "
                  "after the first rounds, one more at a time while some ratio's median is not settled. "
                  "Each figure the median (min–max). "
                  "A ratio is the median (min–max) of each round's own ratio of the edition's build to plain Material's; "
                  "\"settled\": the median's distribution-free 95 % confidence interval (shown) lies within ±7 % of it, "
                  "so that a second run agrees within about 10 % (and the rounds taken). Peak memory: the largest resident set size of the build's processes "
                  "together (a cold build forks one to format; what it holds of its own is added, so that pages both share count once), "
                  f"sampled every 10 ms in {MEMORY_ROUNDS} rounds of its own; the main process's own peak in the timed rounds beside it. "
                  f"Load average (1, 5, 15 min) before: {load_before}; after: {load()}. "
                  f"Machine: {os.cpu_count()} cores.\n\n" + "\n".join(table) + "\n")
        args.out.write_text(report, encoding="utf-8")  # written before profiling, so a failed profile loses nothing
        print("\n".join(table))
        prof = profile(work / "corpus-1×")
    report += "\n## Profile of a cold build of the 1× corpus (cumulative time)\n\n```\n" + prof.strip() + "\n```\n"
    args.out.write_text(report, encoding="utf-8")
    print(f"\nwritten to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
