"""Catbird's benchmarks: what `make bench` runs.

    python bench/run.py                 # every benchmark
    python bench/run.py flag save       # some of them
    python bench/run.py flag --runs 50 --sizes 20,2000

Workspaces of 20, 200, 2,000 and 10,000 opportunities are made once with bench/generate.py
under bench/workspaces/ and reused. Times are ratios taken in one run on one machine, never
absolute promises; see bench/README.md for how to read them. A benchmark is a function in
BENCHMARKS taking the `Bench` context and returning the lines it printed, so a new one (the
TUI's first paint, say) is one more function and one more entry.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from catbird.model import Opportunity, Stage
from catbird.store.tomlio import dumps

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/ is not a package)
import habits  # noqa: E402

SIZES = (20, 200, 2000, 10_000)
FLOOR = "from pydantic import BaseModel; import tomllib"
# For reading the ratio: the smallest program that defines and validates one pydantic model,
# with plugins disabled by pydantic's documented switch. What it costs over the floor
# (importing pydantic.fields, building a validator, pydantic's plugin lookup importing
# importlib.metadata) is paid by any pydantic CLI before it does any work of its own; the
# last `catbird` avoids (catbird/startup.py).
ONE_MODEL = FLOOR + "\nclass A(BaseModel):\n    x: int\nA(x=1)"
FLAG_TARGET_SIZE = 2000
FLAG_TARGET_RATIO = 1.3
RSS_TARGET_RATIO = 1.5


@dataclass
class Bench:
    runs: int
    sizes: tuple[int, ...]
    workspaces: Path
    results: dict[str, object] = field(default_factory=dict)

    def home(self, size: int) -> Path:
        """The workspace of `size` opportunities, generated on first use."""
        home = self.workspaces / f"ws-{size}"
        marker = home / ".generated"
        if not marker.exists():
            if home.exists():
                raise SystemExit(f"{home} is incomplete; remove it and run again")
            started = time.perf_counter()
            generate.generate(home, size)
            marker.write_text(f"{size}\n")
            took = time.perf_counter() - started
            shown = home.relative_to(HERE.parent) if home.is_relative_to(HERE.parent) else home
            print(f"  generated {shown} in {took:.1f}s", flush=True)
        return home


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    # Measure what a user runs: an installed Catbird with its byte code written (see
    # `_compile`), not a source tree recompiled on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env.pop("CATBIRD_HOME", None)
    return env


def _compile() -> None:
    import catbird

    compileall.compile_dir(Path(catbird.__file__).parent, quiet=1)


def _time_run(argv: Sequence[str], env: dict[str, str]) -> float:
    """Wall-clock seconds of one run of `argv`."""
    return _measure_run(argv, env)[0]


def _measure_run(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run of `argv`.

    CPU time leaves out time spent waiting for a core, so on a busy machine it shows the
    cost of the program itself when the wall clock mostly shows the neighbours."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _p90(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f}"


TARGET = "bench-target"


def _with_comments(text: str) -> str:
    """A file as a person annotates it: a comment on top and one before every table."""
    lines = ["# notes to self, kept by every save"]
    for line in text.splitlines():
        if line.startswith("["):
            lines.append("# about the table below")
        lines.append(line)
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def _target(home: Path, *, commented: bool = False) -> Iterator[str]:
    """The opportunity the time is measured on, the same in every workspace, removed after.

    It is made like the others (an interviewing opportunity with contacts, notes and flagged
    interviews, from a fixed seed), so what differs between the sizes is only how many other
    opportunities sit beside it. Each flag or note a benchmark logs goes away with it.
    """
    folder = home / "opportunities"
    with open(home / "profile.toml", "rb") as handle:
        profile = tomllib.load(handle)
    data = generate.make_opportunity(
        random.Random(2026),
        Stage.INTERVIEWING,
        profile,
        date.today(),
        datetime.now().astimezone().tzinfo,
    )
    slug = f"{TARGET}-commented" if commented else TARGET
    opportunity = Opportunity.model_validate({**data, "slug": slug})
    path = folder / f"{slug}.toml"
    text = dumps(opportunity).decode("utf-8")
    path.write_text(_with_comments(text) if commented else text, "utf-8")
    try:
        yield slug
    finally:
        path.unlink(missing_ok=True)
        (home / ".catbird" / "locks" / f"{slug}.lock").unlink(missing_ok=True)


# ---- quick capture: `catbird flag` against the floor ------------------------------------


def _first_criterion(home: Path) -> str:
    """The first words of the profile's first must-have: how a person names it on `answer`."""
    with open(home / "profile.toml", "rb") as handle:
        profile = tomllib.load(handle)
    text: str = profile["must_haves"][0]["text"]
    return " ".join(text.split()[:3])


def bench_flag(bench: Bench) -> list[str]:
    """`catbird flag` as a real process, against the floor, interleaved run by run."""
    env = _child_env()
    python = sys.executable
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "floor": ([python, "-c", FLOOR], env),
        "one-model ref.": (
            [python, "-c", ONE_MODEL],
            env | {"PYDANTIC_DISABLE_PLUGINS": "__all__"},
        ),
    }
    wall: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    with contextlib.ExitStack() as targets:
        for size in bench.sizes:
            home = bench.home(size)
            slug = targets.enter_context(_target(home))
            argv = [python, "-m", "catbird", "--home", str(home), "flag", slug, "Kept waiting"]
            commands[f"flag @ {size}"] = (argv, env)
            # The other capture command of an interview: what was found out about a
            # criterion, named by the start of its text, with a quote and a person.
            criterion = _first_criterion(home)
            answer = ["answer", slug, criterion, "mixed", "--quote", "two days", "--by", "a"]
            commands[f"answer @ {size}"] = ([*argv[:5], *answer], env)
            if size == FLAG_TARGET_SIZE:  # the other captures: a note, an interview booked
                commands[f"note @ {size}"] = ([*argv[:5], "note", slug, "called back"], env)
                booked = ["schedule", slug, "2031-03-04T10:00", "--for", "45m"]
                commands[f"schedule @ {size}"] = ([*argv[:5], *booked], env)
        if FLAG_TARGET_SIZE in bench.sizes:  # a file with comments: saved by editing it
            home = bench.home(FLAG_TARGET_SIZE)
            slug = targets.enter_context(_target(home, commented=True))
            argv = [python, "-m", "catbird", "--home", str(home), "flag", slug, "Kept waiting"]
            commands[f"commented @ {FLAG_TARGET_SIZE}"] = (argv, env)
        wall = {name: [] for name in commands}
        cpu = {name: [] for name in commands}
        for _ in range(2):  # warm the page cache and the byte code; not counted
            for argv, child_env in commands.values():
                _measure_run(argv, child_env)
        names = list(commands)
        for run in range(bench.runs):
            # Interleave the floor with each size, rotating the order, so drift in the
            # machine's speed (other processes, CPU frequency) falls on all of them alike.
            shift = run % len(names)
            for name in names[shift:] + names[:shift]:
                seconds, cpu_seconds = _measure_run(*commands[name])
                wall[name].append(seconds)
                cpu[name].append(cpu_seconds)
    floor = statistics.median(wall["floor"])
    floor_cpu = statistics.median(cpu["floor"])
    lines = [
        f"catbird flag vs the floor `python -c {FLOOR!r}` ({bench.runs} runs each, interleaved)",
        "                    wall ms: median    p90   ratio │ CPU ms: median   ratio",
    ]
    result: dict[str, object] = {}
    for name in commands:
        median, p90 = statistics.median(wall[name]), _p90(wall[name])
        cpu_median = statistics.median(cpu[name])
        lines.append(
            f"  {name:<16}        {_ms(median)} {_ms(p90)}   {median / floor:5.2f} │"
            f"        {_ms(cpu_median)}   {cpu_median / floor_cpu:5.2f}"
        )
        result[name] = {
            "median_ms": median * 1000,
            "p90_ms": p90 * 1000,
            "ratio": median / floor,
            "cpu_median_ms": cpu_median * 1000,
            "cpu_ratio": cpu_median / floor_cpu,
        }
    lines.append("  (one-model ref.: the floor + defining and validating one pydantic model)")
    lines.append(
        "  (commented: the target file carries hand-written comments, so the save edits it"
        " in place with tomlkit instead of writing it anew)"
    )
    for command in ("flag", "answer", "note", "schedule"):
        target = f"{command} @ {FLAG_TARGET_SIZE}"
        if target in wall:
            ratio = statistics.median(wall[target]) / floor
            verdict = "met" if ratio <= FLAG_TARGET_RATIO else "NOT met"
            lines.append(
                f"  target ({command}): ≤ {FLAG_TARGET_RATIO}× the floor at "
                f"{FLAG_TARGET_SIZE:,} — {ratio:.2f}× ({verdict})"
            )
    bench.results["flag"] = result
    return lines


# ---- a save after one change: one file touched, time flat with the pipeline's size -------

_SAVE_SCRIPT = """
import json, os, statistics, sys, time
from pathlib import Path
from catbird import ops
from catbird.store import Workspace

home, slug, runs = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
ws = Workspace(home)
folder = ws.opportunities_dir

def snapshot():
    out = {}
    with os.scandir(folder) as entries:
        for e in entries:
            st = e.stat()
            out[e.name] = (st.st_ino, st.st_size, st.st_mtime_ns)
    return out

ops.note(ws, slug, "warm-up: the first save builds the model's validators")
before = snapshot()
times = []
for n in range(runs):
    started = time.perf_counter()
    ops.note(ws, slug, f"benchmark note {n}: " + "a realistic sentence or two. " * 4)
    times.append(time.perf_counter() - started)
after = snapshot()
changed = sorted(n for n in after if before.get(n) != after[n])
added = sorted(set(after) - set(before))
removed = sorted(set(before) - set(after))
print(json.dumps({"times": times, "changed": changed, "added": added, "removed": removed,
                  "files": len(after)}))
"""


def bench_save(bench: Bench) -> list[str]:
    """`ops.note` in a process of its own per size: its time, and which files it touched."""
    lines = [
        f"a save after one change (ops.note, in-process, {bench.runs} saves per size, "
        "fsync included)",
        "  size      median ms   p90 ms   files changed",
    ]
    result: dict[int, object] = {}
    ok = True
    medians: dict[int, float] = {}
    for size in bench.sizes:
        home = bench.home(size)
        with _target(home) as slug:
            out = subprocess.run(
                [sys.executable, "-c", _SAVE_SCRIPT, str(home), slug, str(bench.runs)],
                env=_child_env(),
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        data = json.loads(out)
        times = data["times"]
        medians[size] = statistics.median(times)
        touched = data["changed"] + data["added"] + data["removed"]
        only_target = touched == [f"{slug}.toml"]
        ok = ok and only_target
        what = f"1 of {data['files']} ({slug}.toml)" if only_target else f"{touched!r}  ✗"
        lines.append(f"  {size:<8} {_ms(medians[size])}  {_ms(_p90(times))}   {what}")
        result[size] = {
            "median_ms": medians[size] * 1000,
            "p90_ms": _p90(times) * 1000,
            "touched": touched,
        }
    if len(medians) > 1:
        small, large = min(medians), max(medians)
        lines.append(
            f"  time at {large:,} / time at {small:,}: {medians[large] / medians[small]:.2f} "
            "(flat is ≈ 1)"
        )
    lines.append("  one file touched per save: " + ("yes" if ok else "NO"))
    bench.results["save"] = result
    if not ok:
        bench.results["failed"] = True
    return lines


# ---- memory: the board's summaries of the whole workspace --------------------------------

_RSS_SCRIPT = """
import json, sys
from pathlib import Path

def status():
    out = {}
    with open("/proc/self/status") as handle:
        for line in handle:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])  # kB
    return out

import catbird.model, catbird.store
from catbird.store import Workspace
base = status()
ws = Workspace(Path(sys.argv[1]))
summaries, problems = ws.summaries(ws.read_profile())
loaded = status()
print(json.dumps({"base": base, "loaded": loaded, "count": len(summaries),
                  "problems": len(problems)}))
"""


def _rss(home: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", _RSS_SCRIPT, str(home)],
        env=_child_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)  # type: ignore[no-any-return]


def bench_rss(bench: Bench) -> list[str]:
    """RSS after `Workspace.summaries()` in a fresh process: with the index cold, then warm."""
    if not Path("/proc/self/status").exists():
        return ["rss: needs /proc (Linux); skipped"]
    lines = [
        "memory after Workspace.summaries() (what the board loads), fresh process per size",
        "  size      index   RSS MB   peak MB   (imports alone: RSS MB)",
    ]
    result: dict[int, object] = {}
    rss: dict[tuple[int, str], float] = {}
    for size in bench.sizes:
        home = bench.home(size)
        (home / ".catbird" / "index.jsonl").unlink(missing_ok=True)
        for state in ("cold", "warm"):  # cold reads every file; warm reuses the index
            data = _rss(home)
            loaded, base = data["loaded"], data["base"]
            rss[size, state] = loaded["VmRSS"] / 1024  # type: ignore[index]
            lines.append(
                f"  {size:<8}  {state:5}  {loaded['VmRSS'] / 1024:7.1f}  "  # type: ignore[index]
                f"{loaded['VmHWM'] / 1024:8.1f}   ({base['VmRSS'] / 1024:.1f})"  # type: ignore[index]
            )
            result.setdefault(size, {})[state] = data  # type: ignore[union-attr]
    if len(bench.sizes) > 1:
        small, large = min(bench.sizes), max(bench.sizes)
        for state in ("cold", "warm"):
            ratio = rss[large, state] / rss[small, state]
            verdict = "met" if ratio <= RSS_TARGET_RATIO else "NOT met"
            lines.append(
                f"  RSS at {large:,} / RSS at {small:,} ({state} index): {ratio:.2f} "
                f"(target ≤ {RSS_TARGET_RATIO}: {verdict})"
            )
    bench.results["rss"] = result
    return lines


# ---- big files: one opportunity with tens of thousands of flags ----------------------------

BIG_FLAGS = (10_000, 40_000, 100_000)


def big_home(bench: Bench, flags: int) -> Path:
    """A workspace of one interviewing opportunity whose interview holds `flags` flags."""
    home = bench.workspaces / f"big-{flags}"
    marker = home / ".generated"
    if not marker.exists():
        from datetime import UTC, timedelta

        from catbird.model import FlagEvent, Interview

        start = datetime(2026, 11, 2, 9, tzinfo=UTC)
        events = [
            FlagEvent(
                id=f"f{n:07d}",
                at=start + timedelta(seconds=n),
                label=f"Flag number {n}",
                kind="red" if n % 3 else "green",
            )
            for n in range(flags)
        ]
        interview = Interview(id="intv0001", started_at=start, flags=events)
        big = Opportunity(company="Bigco", role="Dev", stage=Stage.INTERVIEWING)
        (home / "opportunities").mkdir(parents=True, exist_ok=True)
        (home / "opportunities" / "bigco.toml").write_bytes(
            dumps(big.model_copy(update={"interviews": [interview]}))
        )
        marker.write_text(f"{flags}\n")
    return home


_VALIDATE_SCRIPT = """
import sys, time, tomllib
from catbird.model import Opportunity
from pydantic import ValidationError
data = tomllib.loads(open(sys.argv[1], encoding="utf-8").read())
started = time.perf_counter()
Opportunity.model_validate(data)
clean = time.perf_counter() - started
flags = data["interviews"][0]["flags"]
flags.append(dict(flags[0]))  # the first flag's id again, at the very end
started = time.perf_counter()
try:
    Opportunity.model_validate(data)
    found = False
except ValidationError as error:
    found = "used more than once" in str(error)
print(clean, time.perf_counter() - started, found)
"""


def bench_big(bench: Bench) -> list[str]:
    """`catbird check` and `catbird list` on one file of 10,000 to 100,000 flags, and the
    model's validation of it with and without a duplicate id: all should grow linearly."""
    env = _child_env()
    python = sys.executable
    runs = max(1, min(bench.runs, 3))
    lines = [
        f"one opportunity with many flags (median of {runs} runs; a fresh process each)",
        "  flags     file MB   check s   list s   validate s   … with a duplicate s",
    ]
    result: dict[int, object] = {}
    for flags in BIG_FLAGS:
        home = big_home(bench, flags)
        path = home / "opportunities" / "bigco.toml"
        base = [python, "-m", "catbird", "--home", str(home)]
        check, listed, valid, twin = [], [], [], []
        for _ in range(runs):
            (home / ".catbird" / "index.jsonl").unlink(missing_ok=True)  # `list` reads the file
            check.append(_time_run([*base, "check"], env))
            (home / ".catbird" / "index.jsonl").unlink(missing_ok=True)
            listed.append(_time_run([*base, "list"], env))
            out = subprocess.run(
                [python, "-c", _VALIDATE_SCRIPT, str(path)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()
            if out[2] != "True":
                bench.results["failed"] = True
            valid.append(float(out[0]))
            twin.append(float(out[1]))
        row = {
            "file_mb": path.stat().st_size / 1e6,
            "check_s": statistics.median(check),
            "list_s": statistics.median(listed),
            "validate_s": statistics.median(valid),
            "duplicate_s": statistics.median(twin),
        }
        result[flags] = row
        lines.append(
            f"  {flags:<9,} {row['file_mb']:7.1f}  {row['check_s']:8.2f} {row['list_s']:8.2f}"
            f"   {row['validate_s']:10.2f}   {row['duplicate_s']:10.2f}"
        )
    lines.append("  (check and list parse the TOML (tomllib, pure Python: most of the time)")
    lines.append("   and validate; the duplicate is the first flag's id again, at the end)")
    bench.results["big"] = result
    return lines


def _tui(name: str) -> Callable[[Bench], list[str]]:
    """A benchmark of tui.py, imported when it runs (tui.py itself imports this module)."""

    def run_it(bench: Bench) -> list[str]:
        import tui

        result: list[str] = getattr(tui, name)(bench)
        return result

    return run_it


# ---- import: a tracker's export of 10,000 rows -------------------------------------------

IMPORT_ROWS = 10_000
IMPORT_HEADER = (
    "id,title,companyName,listName,boardName,url,location,salary,description,notes,createdAt,"
    "lastMovedAt,appliedAt,firstInterviewAt,secondInterviewAt,offerAt,rejectedAt,deadline,"
    "contactName,contactEmail,contactPhone"
)


def import_file(path: Path, rows: int = IMPORT_ROWS, seed: int = 2026) -> Path:
    """A Huntr board export of `rows` cards, from a fixed seed: every list, `-` for empty
    dates, quoted descriptions over several lines, a contact on a third of the cards."""
    rng = random.Random(seed)
    lists = ["Wishlist", "Applied", "Applied", "Interview", "Offer", "Rejected", "Rejected"]
    out = [IMPORT_HEADER]
    for n in range(rows):
        created = date(2026, 1, 1).toordinal() + rng.randrange(300)
        applied = created + rng.randrange(1, 5)
        interview = applied + rng.randrange(5, 20)
        stage = rng.choice(lists)

        def day(ordinal: int, used: bool) -> str:
            return f"{date.fromordinal(ordinal):%m/%d/%Y}" if used else "-"

        later = stage in ("Interview", "Offer", "Rejected")
        person = rng.random() < 0.33
        out.append(
            ",".join(
                [
                    f"{n:024x}",
                    rng.choice(["Staff Engineer", "SRE", "Backend Developer", "Data Engineer"]),
                    f"Company {n:05d}",
                    stage,
                    "Search",
                    f"https://jobs.example/{n}",
                    rng.choice(["Remote", '"Denver, CO"', "Berlin"]),
                    rng.choice(["-", '"$150,000 - $180,000"']),
                    '"Build things.\nRun them too."',
                    "-",
                    day(created, True),
                    day(interview if later else applied, stage != "Wishlist"),
                    day(applied, stage != "Wishlist"),
                    day(interview, later),
                    "-",
                    day(interview + 10, stage == "Offer"),
                    day(interview + 5, stage == "Rejected"),
                    day(created + 30, stage == "Wishlist"),
                    f"Person {n}" if person else "-",
                    f"p{n}@jobs.example" if person else "-",
                    "-",
                ]
            )
        )
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def bench_import(bench: Bench) -> list[str]:
    """`catbird import` of a 10,000-row Huntr export into an empty workspace, as a real
    process: the dry run, the import, and the same file again (every row already there)."""
    import shutil
    import tempfile

    bench.workspaces.mkdir(parents=True, exist_ok=True)
    source = bench.workspaces / f"huntr-{IMPORT_ROWS}.csv"
    if not source.exists():
        import_file(source)
    runs = 1  # one run is 10,000 saves (each fsynced): minutes, not milliseconds
    command = [sys.executable, "-m", "catbird", "--home"]
    times: dict[str, list[float]] = {"dry run": [], "import": [], "again": []}
    for _ in range(runs):
        home = Path(tempfile.mkdtemp(prefix="catbird-import-")) / "home"
        try:
            for name, extra in (("dry run", ["--dry-run"]), ("import", []), ("again", [])):
                argv = [*command, str(home), "import", str(source), *extra]
                started = time.perf_counter()
                subprocess.run(argv, env=_child_env(), check=True, capture_output=True)
                times[name].append(time.perf_counter() - started)
            made = len(list((home / "opportunities").iterdir()))
        finally:
            shutil.rmtree(home.parent)
        if made != IMPORT_ROWS:
            bench.results["failed"] = True
    lines = [
        f"import of a {IMPORT_ROWS:,}-row Huntr export into an empty workspace "
        f"({runs} run, real process, each file fsynced)",
        "  what          median s   per row ms",
    ]
    result: dict[str, object] = {}
    for name, values in times.items():
        median = statistics.median(values)
        lines.append(f"  {name:<12} {median:9.2f}   {median / IMPORT_ROWS * 1000:9.3f}")
        result[name] = {"median_s": median, "runs": values}
    lines.append(f"  opportunities created: {made:,} of {IMPORT_ROWS:,}")
    bench.results["import"] = result
    return lines


BENCHMARKS: dict[str, Callable[[Bench], list[str]]] = {
    "flag": bench_flag,
    "save": bench_save,
    "rss": bench_rss,
    "big": bench_big,
    "import": bench_import,
    "paint": _tui("bench_paint"),
    "keys": _tui("bench_keys"),
    "views": _tui("bench_views"),
    "tui-rss": _tui("bench_tui_rss"),
    "details": _tui("bench_details"),
    "complete": habits.bench_complete,
    "jump": habits.bench_jump,
    "search": habits.bench_search,
    "sync": lambda bench: __import__("sync").bench_sync(bench),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Catbird's benchmarks (see bench/README.md).")
    parser.add_argument(
        "names", nargs="*", metavar="BENCHMARK", help=f"any of: {', '.join(BENCHMARKS)} (all)"
    )
    parser.add_argument("--runs", type=int, default=30, help="runs per measurement (30)")
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in SIZES),
        help="workspace sizes, comma-separated (20,200,2000,10000)",
    )
    parser.add_argument("--workspaces", type=Path, default=HERE / "workspaces")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    sizes = tuple(sorted(int(s) for s in args.sizes.split(",") if s.strip()))
    bench = Bench(runs=args.runs, sizes=sizes, workspaces=args.workspaces)
    _compile()
    for size in sizes:
        bench.home(size)
    print(
        f"python {sys.version.split()[0]} on {os.cpu_count()} CPUs; "
        f"sizes {', '.join(f'{s:,}' for s in sizes)}",
        flush=True,
    )
    for name in args.names or list(BENCHMARKS):
        print(flush=True)
        for line in BENCHMARKS[name](bench):
            print(line, flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(bench.results, indent=2, default=str) + "\n")
    return 1 if bench.results.get("failed") else 0


if __name__ == "__main__":
    raise SystemExit(main())
