"""How long undo's three-way merge takes on one opportunity with many flags.

    .venv/bin/python bench/merge.py [--old PATH_TO_AN_OLDER_merge.py]

Our change added one flag; meanwhile the shell added another and a note; undo merges the
inverse onto that. `--old` times an older merge.py (e.g. from `git show REV:src/...`) in the
same run, interleaved, for a ratio.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import time
from collections.abc import Callable
from typing import Any

from catbird.model import FlagEvent, Interview, Note, Opportunity, Stage, StageChange
from catbird.model.merge import three_way


def _case(flags: int) -> tuple[Opportunity, Opportunity, Opportunity]:
    before = Opportunity(
        company="Acme",
        interviews=[Interview(flags=[FlagEvent(label=f"flag {i}") for i in range(flags)])],
        notes=[Note(text=f"note {i}") for i in range(200)],
        stage_history=[StageChange(stage=Stage.LEAD)],
    )
    held = before.interviews[0]
    ours = [held.model_copy(update={"flags": [*held.flags, FlagEvent(label="ours")]})]
    after = before.model_copy(update={"interviews": ours})
    theirs = [ours[0].model_copy(update={"flags": [*ours[0].flags, FlagEvent(label="shell")]})]
    current = after.model_copy(
        update={"interviews": theirs, "notes": [*after.notes, Note(text="from the shell")]}
    )
    return before, after, current


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--old", help="an older merge.py to time beside this one")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    merges: dict[str, Callable[..., Any]] = {"now": three_way}
    if args.old:
        spec = importlib.util.spec_from_file_location("old_merge", args.old)
        assert spec is not None and spec.loader is not None
        old = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(old)
        merges["old"] = old.three_way
    for flags in (1_000, 10_000, 100_000):
        before, after, current = _case(flags)
        times: dict[str, list[float]] = {name: [] for name in merges}
        for _ in range(args.runs):
            for name, merge in merges.items():
                started = time.perf_counter()
                merge(after, before, current)
                times[name].append(time.perf_counter() - started)
        line = "  ".join(
            f"{name} {statistics.median(t) * 1000:7.1f} ms" for name, t in times.items()
        )
        print(f"{flags:>7} flags: {line}")


if __name__ == "__main__":
    main()
