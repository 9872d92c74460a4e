"""The benchmark's own pieces (scripts/benchmark.py): its generated corpus is a sound edition, its
search-index comparison on shared content keeps what plain Material indexes and leaves out the
apparatus, it takes more rounds while a median is not settled (its 95 % interval), and its memory
figure counts the process a cold build forks, and the pages the two share once."""

from __future__ import annotations

import gzip
import importlib.util
import json
import math
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from tests.conftest import ROOT


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark", ROOT / "scripts/benchmark.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules.setdefault("benchmark", importlib.util.module_from_spec(spec))  # its dataclasses look it up
    spec.loader.exec_module(module)
    return module


def test_the_generated_corpus_builds_strictly_and_its_audit_finds_nothing(tmp_path: Path) -> None:
    """A sound edition, as a real one is kept: every page reference inside its work's range, every
    reference list in alphabetical order. The audit counts its problems on its page."""
    project = _benchmark().corpus(tmp_path / "corpus", 3, entries=200)
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-d", str(tmp_path / "site")],
                           cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert build.returncode == 0, build.stderr[-2000:]
    audit = re.sub(r"<[^>]+>", " ", (tmp_path / "site/source-audit/index.html").read_text(encoding="utf-8"))
    assert re.search(r"Problems by kind\s*\(0\)", audit), re.findall(r"Problems by kind\s*\(\d+\)", audit)
    lists = [re.findall(r"^- @(work\d+)$", md.read_text(encoding="utf-8"), re.M) for md in sorted((project / "docs").glob("c*x.md"))]
    assert len(lists) == 3 and all(len(keys) > 50 for keys in lists)


def test_the_search_comparison_on_shared_content_keeps_the_chapters_and_plains_places(tmp_path: Path) -> None:
    docs = tmp_path / "project/docs"
    docs.mkdir(parents=True)
    (docs / "paper.md").write_text("---\nchapter: {key: p, label: P, style: apa}\n---\n# Paper\n", encoding="utf-8")
    (docs / "glossary.md").write_text("# Glossary\n", encoding="utf-8")
    config = {"lang": ["en"], "separator": "[\\s\\-]+"}
    plain = [{"location": "paper/", "title": "Paper", "text": "All of it."}, {"location": "glossary/", "title": "Glossary", "text": ""}]
    edition = [{"location": "paper/", "title": "Paper", "text": "All"}, {"location": "paper/#fn-1", "title": "Note 1", "text": "of it."},
               {"location": "glossary/", "title": "Glossary", "text": ""},
               {"location": "glossary/#omnibalancing", "title": "omnibalancing", "text": "A term the apparatus defines."}]
    for name, index in (("ed", edition), ("pl", plain)):
        (tmp_path / name / "search").mkdir(parents=True)
        (tmp_path / name / "search/search_index.json").write_text(json.dumps({"config": config, "docs": index}), encoding="utf-8")
    same, plain_bytes = _benchmark().search_same_content(tmp_path / "ed", tmp_path / "pl", tmp_path / "project")

    def size(index: list[dict[str, str]]) -> int:
        return len(gzip.compress(json.dumps({"config": config, "docs": index}, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9))
    assert (same, plain_bytes) == (size(edition[:3]), size(plain))


def test_a_medians_interval_is_the_order_statistics_a_binomial_count_allows() -> None:
    """The distribution-free 95 % interval of a median: with n values, from the k-th smallest to the
    k-th largest, k the largest with P(fewer than k of n fall below the median) ≤ 2.5 %. Computed here
    independently, by the binomial distribution's cumulative probabilities."""
    bench = _benchmark()

    def below(n: int, k: int) -> float:  # P(fewer than k of n values fall below the true median)
        return sum(math.comb(n, i) for i in range(k)) / 2 ** n

    for n in range(1, 42):
        values = [float(v) for v in random.Random(n).sample(range(1000), n)]
        found = bench.Sample(values).interval()
        ks = [k for k in range(1, n // 2 + 1) if below(n, k) <= 0.025]
        if not ks:
            assert found is None, n
            continue
        k, ordered = ks[-1], sorted(values)
        assert found == (ordered[k - 1], ordered[n - k]), n
        assert 1 - 2 * below(n, k) >= 0.95 and 1 - 2 * below(n, k + 1) < 0.95  # k is the widest that keeps 95 %
    assert bench.Sample([float(v) for v in range(1, 12)]).interval() == (2.0, 10.0)  # 11 values: 2nd to 10th


def test_more_rounds_are_taken_while_some_median_is_not_settled() -> None:
    bench = _benchmark()
    steady, spread = bench.Sample([1.0] * 9), bench.Sample([1.0, 1.2, 0.8] * 3)  # 0.8–1.2 about a median of 1
    assert steady.settled() and not spread.settled()
    assert bench.Sample([1.0, 1.05, 0.95] * 3).settled()  # its interval 0.95–1.05 is within ±7 %
    assert not bench.Sample([1.0] * 5).settled()  # too few values for a 95 % interval
    assert bench.more_rounds([bench.Sample([1.0] * 8)], 9, 25)  # the first rounds, whatever they say
    assert not bench.more_rounds([steady, bench.Sample([1.0] * 9)], 9, 25)  # settled: done
    assert bench.more_rounds([steady, spread], 9, 25)  # one is not: another round
    assert not bench.more_rounds([bench.Sample([1.0] * 25), bench.Sample([1.0, 1.2, 0.8] * 8 + [1.0])], 9, 25)  # at most


def test_rounds_interleave_the_builds_and_stop_once_the_median_is_settled(tmp_path: Path) -> None:
    bench = _benchmark()
    order: list[str] = []

    class Fake:
        """A build that takes 1 s, except a noisy one whose first timed runs alternate 2 s and 1 s."""
        def __init__(self, name: str, noisy: bool) -> None:
            self.name, self.noisy, self.runs = name, noisy, 0

        def run(self, rss: Path) -> float:
            order.append(self.name)
            rss.write_text("2048")
            self.runs += 1
            return 2.0 if self.noisy and self.runs <= 8 and self.runs % 2 == 0 else 1.0

        def peak(self) -> float:
            order.append(f"{self.name} memory")
            return 3.0

    times, memory, main = bench.rounds({"ed": Fake("ed", True), "pl": Fake("pl", False)}, (4, 30), tmp_path)
    taken = len(times["ed"].values)
    assert order[:2] == ["ed", "pl"] and order[2:-6:2] == ["ed"] * taken  # untimed round, then interleaved
    assert order[-6:] == ["ed memory", "pl memory"] * bench.MEMORY_ROUNDS  # then memory, in rounds of its own
    ratios = bench.paired(times["ed"], times["pl"])
    assert ratios.settled() and not bench.Sample(ratios.values[:-1]).settled()  # stopped at the first settled round
    assert taken == 17  # four rounds of 2 s: settled once the interval ends at the 5th largest, from 17 rounds
    assert main["pl"].values == [2.0] * taken and memory["pl"].values == [3.0] * bench.MEMORY_ROUNDS


def test_a_ratio_is_the_median_of_each_rounds_ratio_so_a_slowdown_both_builds_share_cancels(tmp_path: Path) -> None:
    """The machine is three times slower in every other round (say, another job): each build's seconds
    are far from settled, but each round's ratio is steady, so no rounds beyond the first are taken,
    and the ratio is the rounds' own."""
    bench = _benchmark()

    class Fake:
        def __init__(self, seconds: float) -> None:
            self.seconds, self.runs = seconds, 0

        def run(self, rss: Path) -> float:
            rss.write_text("1024")
            self.runs += 1  # the untimed round is run 1; timed round n is run n + 1
            return self.seconds * 3 if self.runs % 2 == 1 and self.runs > 1 else self.seconds

        def peak(self) -> float:
            return 100 * self.seconds

    times, memory, _ = bench.rounds({"edition": Fake(1.25), "plain": Fake(1.0)}, (6, 20), tmp_path)
    assert times["edition"].values == [1.25, 3.75] * 3 and times["plain"].values == [1.0, 3.0] * 3
    assert not times["edition"].settled()  # judged on its own seconds, it would have gone on to 20 rounds
    assert bench.ratio(times["edition"], times["plain"]) == "1.25× (1.25–1.25)"
    assert bench.agree(times["edition"], times["plain"]) == "yes: 1.25–1.25 (6 rounds)"
    assert bench.agree(times["edition"]) == "NO: 1.25–3.75 (6 rounds)"  # a figure on its own is judged on its own
    assert bench.ratio(memory["edition"], memory["plain"]) == "1.25× (1.25–1.25)"


def test_rounds_judge_the_pairs_they_are_given_so_two_corpora_share_their_rounds(tmp_path: Path) -> None:
    """The 2× and 4× corpora built in the same rounds: each build is judged against its own plain
    build, and the growth from 2× to 4× is a ratio within each round. A pair left out is not judged."""
    bench = _benchmark()

    class Fake:
        def __init__(self, seconds: list[float]) -> None:
            self.seconds, self.runs = seconds, 0

        def run(self, rss: Path) -> float:
            rss.write_text("1024")
            self.runs += 1
            return self.seconds[(self.runs - 2) % len(self.seconds)] if self.runs > 1 else 9.0

        def peak(self) -> float:
            return 1.0

    steady = {"cold 2×": Fake([2.0]), "plain 2×": Fake([1.0]), "cold 4×": Fake([4.0]), "plain 4×": Fake([2.0])}
    wobbly = {**steady, "warm 4×": Fake([3.0, 6.0])}  # its ratio to its plain build alternates 1.5 and 3
    pairs = [("cold 2×", "plain 2×"), ("cold 4×", "plain 4×"), ("cold 4×", "cold 2×")]
    times = bench.rounds(steady, (6, 12), tmp_path, pairs)[0]
    assert len(times["cold 4×"].values) == 6 and bench.ratio(times["cold 4×"], times["cold 2×"]) == "2.00× (2.00–2.00)"
    assert len(bench.rounds(wobbly, (6, 12), tmp_path, pairs)[0]["warm 4×"].values) == 6  # not in the pairs: not judged
    times = bench.rounds(wobbly, (6, 12), tmp_path, [*pairs, ("warm 4×", "plain 4×")])[0]
    assert len(times["warm 4×"].values) == 12  # judged: more rounds, up to the limit


def test_peak_memory_counts_a_forked_process_and_the_pages_it_shares_once() -> None:
    """A cold build forks a process to format the bibliography. A child that fills 64 MiB of its own
    counts; a child that only shares the 64 MiB its parent filled before forking does not count them
    again, as the two processes' resident set sizes added would."""
    bench = _benchmark()
    fill = "block = bytearray(64 * 2 ** 20)\nblock[::4096] = b'x' * len(block[::4096])\n"

    def peak(code: str) -> float:
        return bench.peak_memory([sys.executable, "-c", code], ROOT, dict(os.environ))

    alone = peak("import time\ntime.sleep(0.5)\n")  # the interpreter itself
    own = peak("import os, time\nif os.fork() == 0:\n" + "".join(f"    {line}\n" for line in fill.splitlines()) +
               "    time.sleep(0.5)\n    os._exit(0)\nos.wait()\n")
    shared = peak(fill + "import os, time\nif os.fork() == 0:\n    time.sleep(0.5)\n    os._exit(0)\nos.wait()\n")
    assert 64 <= own - alone < 64 + alone  # MiB: the child's own block, and a forked interpreter's share
    assert 64 <= shared - alone < 64 + alone  # the block shared by both, once


def test_a_serve_rebuild_is_timed_by_the_build_itself(tmp_path: Path) -> None:
    """Not by the wait for serve's next look at the files: the wrapper times each build mkdocs serve
    runs and appends it to a file (mkdocs' own log line leaves out a figure it has logged before)."""
    bench = _benchmark()
    wrapper = bench.SERVE_WRAPPER.replace("from mkdocs.__main__ import cli\ncli()\n",
                                          "serve.build(None)\nserve.build('again')\n")  # no server: two fake builds
    times = tmp_path / "times"
    code = "import mkdocs.commands.serve as s, time\ns.build = lambda config: time.sleep(0.05)\n" + wrapper
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "BENCH_BUILT": str(times)})
    served = object.__new__(bench.Served)  # its file only
    served.times = times
    built = served.built()
    assert len(built) == 2 and all(0.05 <= seconds < 1 for seconds in built)
    times.write_text(times.read_text() + "0.3")  # a line still being written
    assert served.built() == built
