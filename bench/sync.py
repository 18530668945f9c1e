"""How long `catbird sync` takes on a 2,000-opportunity workspace, and the merge per file.

    .venv/bin/python bench/sync.py [--runs 3] [--count 2000]
    .venv/bin/python bench/run.py sync

Two clones of the generated workspace (a laptop and a box) and a bare repository on local
disk, as `catbird sync` sets them up. Each run changes 50 files on each side (a flag and a
note on each, through the real operations), 10 of them the same files on both, so those are
merged by event id; the box syncs first, then the laptop's `catbird sync` is timed as a real
process (commit 50 files, fetch, merge, write the files, push), then the box's (which
receives everything). The merge of one file is timed in-process (what a sync does for each
file both sides changed) and as git's driver process (`python -m catbird.sync.driver`, what
a `git pull` by hand runs per file).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CHANGED = 50
SHARED = 10


def _catbird(home: Path, *args: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "catbird", "--home", str(home), *args],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"catbird {' '.join(args)} failed: {done.stdout}{done.stderr}")
    return took


def _change(home: Path, slugs: list[str], tag: str) -> None:
    from catbird import ops
    from catbird.store import Workspace

    ws = Workspace(home)
    for slug in slugs:
        ops.flag(ws, slug, f"{tag} flag")
        ops.note(ws, slug, f"{tag} note")


def measure(source: Path, runs: int) -> dict[str, Any]:
    """Sync timings for the workspace at `source` (copied, never changed)."""
    from catbird.store import Workspace

    result: dict[str, Any] = {"opportunities": len(Workspace(source).slugs())}
    with tempfile.TemporaryDirectory(prefix="catbird-sync-bench-") as tmp:
        root = Path(tmp)
        config = root / "gitconfig"
        config.write_text("[user]\n\tname = Bench\n\temail = bench@example.org\n")
        env = {k: v for k, v in os.environ.items() if not k.startswith("CATBIRD_")}
        env |= {"GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1"}
        os.environ |= {"GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1"}
        remote = root / "remote.git"
        subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True, env=env)
        laptop, box = root / "laptop", root / "box"
        shutil.copytree(source, laptop, ignore=shutil.ignore_patterns(".catbird", ".generated"))
        result["first_sync_s"] = _catbird(laptop, "sync", "--remote", str(remote), env=env)
        result["first_clone_sync_s"] = _catbird(box, "sync", "--remote", str(remote), env=env)
        slugs = Workspace(laptop).slugs()
        rng = random.Random(7)
        merges, receives = [], []
        for run in range(runs):
            picked = rng.sample(slugs, 2 * CHANGED - SHARED)
            mine, theirs = picked[:CHANGED], picked[CHANGED - SHARED :]
            _change(box, theirs, f"box {run}")
            _catbird(box, "sync", env=env)
            _change(laptop, mine, f"laptop {run}")
            merges.append(_catbird(laptop, "sync", env=env))
            receives.append(_catbird(box, "sync", env=env))
        result["merge_sync_s"] = merges
        result["receive_sync_s"] = receives
        result |= _per_file(laptop, env)
    return result


def _per_file(home: Path, env: dict[str, str]) -> dict[str, Any]:
    """One opportunity's three versions (the common one, and a flag and a note added on
    each side since), merged in-process and by git's driver process."""
    from catbird import ops
    from catbird.store import Workspace
    from catbird.sync.driver import merge_versions

    ws = Workspace(home)
    slug = max(ws.slugs(), key=lambda s: ws.path_for(s).stat().st_size)
    path = ws.path_for(slug)
    base = path.read_bytes()
    ops.note(ws, slug, "ours")
    ours = path.read_bytes()
    path.write_bytes(base)
    ops.flag(ws, slug, "theirs")
    theirs = path.read_bytes()
    name = f"opportunities/{slug}.toml"
    merge_versions(name, base, ours, theirs, 1.0, 2.0)  # validators built
    times = []
    for _ in range(50):
        started = time.perf_counter()
        merge_versions(name, base, ours, theirs, 1.0, 2.0)
        times.append(time.perf_counter() - started)
    driver = []
    with tempfile.TemporaryDirectory() as tmp:
        files = [Path(tmp) / n for n in ("base", "ours", "theirs")]
        for _ in range(10):
            for file, data in zip(files, (base, ours, theirs), strict=True):
                file.write_bytes(data)
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "catbird.sync.driver", *map(str, files), name],
                env=env,
                check=True,
                cwd=home,
            )
            driver.append(time.perf_counter() - started)
    return {
        "file_kb": len(base) / 1024,
        "merge_in_process_ms": statistics.median(times) * 1000,
        "merge_driver_process_ms": statistics.median(driver) * 1000,
    }


def lines(result: dict[str, Any]) -> list[str]:
    def s(values: list[float]) -> str:
        return f"median {statistics.median(values):.2f} s (min {min(values):.2f})"

    return [
        f"sync — {result['opportunities']:,} opportunities, {CHANGED} changed files per side "
        f"({SHARED} on both)",
        f"  first sync (git init, commit all, push)      {result['first_sync_s']:.2f} s",
        f"  first sync of the second machine (receive)   {result['first_clone_sync_s']:.2f} s",
        f"  sync that merges (commit, fetch, merge, push) {s(result['merge_sync_s'])}",
        f"  sync that receives the merge                 {s(result['receive_sync_s'])}",
        f"  one file merged by id ({result['file_kb']:.1f} KB): in a sync "
        f"{result['merge_in_process_ms']:.1f} ms; as git's driver process "
        f"{result['merge_driver_process_ms']:.0f} ms",
    ]


def bench_sync(bench: Any) -> list[str]:
    """For run.py: the sync of the 2,000 workspace."""
    result = measure(bench.home(2000), max(1, min(bench.runs, 3)))
    bench.results["sync"] = result
    return lines(result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import generate

    home = HERE / "workspaces" / f"ws-{args.count}"
    if not (home / ".generated").exists():
        generate.generate(home, args.count)
        (home / ".generated").write_text(f"{args.count}\n")
    for line in lines(measure(home, args.runs)):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
