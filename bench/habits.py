"""Benchmarks of the terminal habits: shell completion, the palette's jump, search.

**complete** — pressing Tab on `catbird flag nor` in bash: the generated script's completion
function, called as bash calls it, timed inside one bash process (`$EPOCHREALTIME`), so that
what is measured is the completion alone, not bash's start. It lists the opportunities
folder; no Python starts. Reference: the same function completing a command name
(`catbird fl`), which touches no file.

**jump** — the command palette finding opportunities at each size, in-process, from the
card summaries as the app holds them: making the jumps ready once per view (`Jumps(cards)`),
then one `find` per query, as each key typed in the palette asks.

**search** — `catbird search on-call` as a real process: cold (the search cache removed, so
every file is parsed) and warm (the cache, and each file's bytes to prove its entry).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

QUERIES = ("nor", "a", "acme eng", "nwl", "priya", "zzzz")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f}"


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def _completion_script(shell: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "catbird", "completion", shell],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


BASH_TIMER = """
source "$1"
runs=$2
shift 2
COMP_WORDS=("$@")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
fn=$(complete -p catbird | sed -E 's/.* -F ([^ ]+) .*/\\1/')
for ((n = 0; n < runs; n++)); do
  start=$EPOCHREALTIME
  COMPREPLY=()
  "$fn"
  end=$EPOCHREALTIME
  echo "$start $end ${#COMPREPLY[@]}"
done
"""


def _bash_times(script: Path, runs: int, home: Path, *words: str) -> tuple[list[float], int]:
    timer = script.with_name("timer.sh")
    timer.write_text(BASH_TIMER)
    out = subprocess.run(
        ["bash", "--norc", str(timer), str(script), str(runs), "catbird", *words],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "CATBIRD_HOME": str(home), "HOME": str(home)},
    ).stdout
    times, found = [], 0
    for line in out.splitlines():
        start, end, count = line.split()
        times.append(float(end) - float(start))
        found = int(count)
    return times, found


def bench_complete(bench: Any) -> list[str]:
    import tempfile

    lines = ["complete — Tab in bash, the completion function alone (ms, median / p90)"]
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "catbird.bash"
        script.write_text(_completion_script("bash"))
        for size in bench.sizes:
            home = bench.home(size)
            command, _ = _bash_times(script, bench.runs, home, "fl")
            refs, found = _bash_times(script, bench.runs, home, "flag", "nor")
            lines.append(
                f"  {size:>6,}  `catbird flag nor<Tab>` {_ms(statistics.median(refs))} /"
                f"{_ms(_p90(refs))}  ({found} names)   `catbird fl<Tab>` "
                f"{_ms(statistics.median(command))} /{_ms(_p90(command))}"
            )
            results[str(size)] = {
                "ref_median": statistics.median(refs),
                "ref_p90": _p90(refs),
                "command_median": statistics.median(command),
            }
    bench.results["complete"] = results
    return lines


def bench_jump(bench: Any) -> list[str]:
    from catbird.model.jump import Jumps
    from catbird.store import Workspace

    lines = ["jump — the palette finding opportunities, in-process (ms, median / p90)"]
    results: dict[str, object] = {}
    for size in bench.sizes:
        cards, _ = Workspace(bench.home(size)).summaries(verify=False)
        builds = []
        for _ in range(max(3, bench.runs // 3)):
            started = time.perf_counter()
            jumps = Jumps(cards)
            builds.append(time.perf_counter() - started)
        per_query: dict[str, float] = {}
        for query in QUERIES:
            times = []
            for _ in range(bench.runs):
                started = time.perf_counter()
                jumps.find(query)
                times.append(time.perf_counter() - started)
            per_query[query] = statistics.median(times)
        worst = max(per_query, key=lambda q: per_query[q])
        lines.append(
            f"  {size:>6,}  made ready {_ms(statistics.median(builds))}   find: "
            + "  ".join(f"{q!r} {per_query[q] * 1000:.2f}" for q in QUERIES)
            + f"   (slowest {worst!r})"
        )
        results[str(size)] = {"build": statistics.median(builds), "find": per_query}
    bench.results["jump"] = results
    return lines


def bench_search(bench: Any) -> list[str]:
    """`catbird search on-call` as a process: the first run after the search cache is removed
    (every file parsed: a cold cache), then warm runs (only the cache and each file's bytes,
    to prove its entry, are read)."""
    import resource

    lines = [
        "search — `catbird search on-call` as a process: cold (no search cache), then warm "
        "(ms, median / p90; CPU ms of a warm run)"
    ]
    results: dict[str, object] = {}
    runs = max(3, bench.runs // 5)

    def once(home: Path) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "catbird", "--home", str(home), "search", "on-call"],
            check=True,
            capture_output=True,
        )
        took = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return took, cpu

    for size in bench.sizes:
        home = bench.home(size)
        (home / ".catbird" / "search.jsonl").unlink(missing_ok=True)
        cold, _ = once(home)
        warm = [once(home) for _ in range(runs)]
        times = [t for t, _ in warm]
        cpu = statistics.median(c for _, c in warm)
        lines.append(
            f"  {size:>6,}  cold {_ms(cold)}   warm {_ms(statistics.median(times))} "
            f"/{_ms(_p90(times))}   CPU {_ms(cpu)}"
        )
        results[str(size)] = {"cold": cold, "warm": statistics.median(times), "warm_cpu": cpu}
    bench.results["search"] = results
    return lines
