"""Reliability with real processes: concurrent captures, writers killed mid-save, file modes.

Nothing here is mocked: every test runs `python -m catbird` or a Python child that calls
`catbird.ops` — the path the TUI saves through — on a workspace in `tmp_path`, and then reads
the files back through the real store (parse and validate).
"""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from catbird import ops
from catbird.model import Stage
from catbird.store import Workspace

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX processes and modes")

CONCURRENT_FLAGS = 50
ROUNDS = 3
KILLS = 30


def _env(tmp_path: Path) -> dict[str, str]:
    """A child's environment: nothing that could point at the user's own workspace."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATBIRD_")}
    env["CATBIRD_HOME"] = str(tmp_path / "not-this-one")  # --home must win over it
    env["CATBIRD_CONFIG"] = str(tmp_path / "config.toml")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def _child(code: str, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """A Python child running `code` with `args`, its stdout readable line by line."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_ready(child: subprocess.Popen[str]) -> None:
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "ready":
        child.kill()
        _, err = child.communicate()
        pytest.fail(f"child did not start: {line!r} {err}")


# ---- 50 concurrent captures while the "TUI" saves -----------------------------------------

# Stands in for the TUI: notes and stage changes through catbird.ops, as fast as it can,
# on the same opportunity, until told to stop; then prints how many notes it made.
_TUI_WRITER = """
import sys
from pathlib import Path
from catbird import ops
from catbird.model import Stage
from catbird.store import Workspace

home, slug, tag, stop = Path(sys.argv[1]), sys.argv[2], sys.argv[3], Path(sys.argv[4])
ws = Workspace(home)
made = 0
stage = ws.read(slug).stage  # only this writer moves it: back and forth from here
while True:
    ops.note(ws, slug, f"{tag} note {made}")
    made += 1
    stage = Stage.OFFER if stage == Stage.INTERVIEWING else Stage.INTERVIEWING
    ops.move(ws, slug, stage)
    if made == 1:
        print("ready", flush=True)
    if stop.exists() and made >= 5:
        break
print(made, flush=True)
"""


def test_fifty_concurrent_flags_while_the_tui_saves_lose_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ws = Workspace(home)
    slug = ops.add(ws, "Acme", role="Staff Engineer", stage=Stage.INTERVIEWING).slug
    env = _env(tmp_path)
    expected_labels: set[str] = set()
    expected_notes: set[str] = set()
    for round_ in range(ROUNDS):
        stop = tmp_path / f"stop-{round_}"
        writer = _child(_TUI_WRITER, str(home), slug, f"round {round_}", str(stop), env=env)
        _wait_ready(writer)
        labels = [f"round {round_} flag {i}" for i in range(CONCURRENT_FLAGS)]
        captures = [
            subprocess.Popen(
                [sys.executable, "-m", "catbird", "--home", str(home), "flag", slug, label],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for label in labels
        ]
        failures = []
        for label, capture in zip(labels, captures, strict=True):
            out, err = capture.communicate(timeout=120)
            if capture.returncode != 0:
                failures.append(f"{label}: exit {capture.returncode}: {err.strip()}")
        stop.touch()
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        assert not failures, "\n".join(failures)
        made = int(out.split()[-1])
        expected_labels.update(labels)
        expected_notes.update(f"round {round_} note {n}" for n in range(made))

        opportunity = ws.read(slug)  # parses and validates, or raises
        labels_on_disk = [f.label for f in opportunity.flags]
        assert expected_labels <= set(labels_on_disk), expected_labels - set(labels_on_disk)
        assert len(labels_on_disk) == len(set(labels_on_disk)), "a flag was written twice"
        notes_on_disk = {n.text for n in opportunity.notes}
        assert expected_notes <= notes_on_disk, expected_notes - notes_on_disk
        ids = [f.id for f in opportunity.flags] + [n.id for n in opportunity.notes]
        assert len(ids) == len(set(ids))
        assert ws.slugs() == [slug]
        assert not list(ws.opportunities_dir.glob(".*.tmp")), "a finished save left a temp file"
    check = subprocess.run(
        [sys.executable, "-m", "catbird", "--home", str(home), "check"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert check.returncode == 0, check.stdout + check.stderr


# ---- a writer killed with SIGKILL at any point of a save -----------------------------------

# Saves as fast as it can: a large note (so that a save takes a moment), then a flag.
_BUSY_WRITER = """
import sys
from pathlib import Path
from catbird import ops
from catbird.model import FlagEvent
from catbird.store import Workspace

home, slug, tag = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
ws = Workspace(home)
ws.read(slug)  # build the validators first, so that the kills fall on saves, not start-up
FlagEvent(label="warm-up")
print("ready", flush=True)
n = 0
while True:
    ops.note(ws, slug, f"{tag}-{n} " + "x" * 20_000 + " end")
    ops.flag(ws, slug, f"{tag}-{n}")
    n += 1
"""


def test_a_writer_killed_mid_save_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ws = Workspace(home)
    slug = ops.add(ws, "Globex", stage=Stage.INTERVIEWING).slug
    env = _env(tmp_path)
    rng = random.Random(20_26)
    notes_seen = 0
    flags_seen = 0
    for kill in range(KILLS):
        writer = _child(_BUSY_WRITER, str(home), slug, f"k{kill}", env=env)
        _wait_ready(writer)
        time.sleep(rng.uniform(0, 0.03))
        writer.send_signal(signal.SIGKILL)
        writer.communicate(timeout=30)
        assert writer.returncode == -signal.SIGKILL

        opportunity = ws.read(slug)  # a torn file would not parse or validate
        for note in opportunity.notes:  # and a cut-short one would lose the end of a note
            assert note.text.endswith(" end") and len(note.text) > 20_000, note.text[-40:]
        # What a finished save wrote is never lost by a later, killed one.
        assert len(opportunity.notes) >= notes_seen
        assert len(opportunity.flags) >= flags_seen
        notes_seen, flags_seen = len(opportunity.notes), len(opportunity.flags)

        # Stray temp files from a killed save may stay; they are never taken as opportunities.
        assert ws.slugs() == [slug]
        summaries, problems = ws.summaries()
        assert [s.slug for s in summaries] == [slug] and not problems
        assert ws.check() == []
    # It did save in between the kills (otherwise the test proves nothing).
    assert notes_seen > 0
    # And the next writer gets the lock a killed one held: the kernel drops it with the process.
    ops.note(ws, slug, "after the storm")
    assert ws.read(slug).notes[-1].text == "after the storm"


# ---- private files, even with a permissive umask --------------------------------------------


def _modes(root: Path) -> Iterator[tuple[Path, int]]:
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            yield path, stat.S_IMODE(path.lstat().st_mode)


def _umask_zero() -> None:
    os.umask(0)


_PROFILE_AND_TRASH = """
import sys
from pathlib import Path
from catbird.model import FlagPreset, Profile
from catbird.store import Workspace

ws = Workspace(Path(sys.argv[1]))
ws.save_profile(Profile(name="Sam", flags=[FlagPreset(key="1", label="Kept waiting")]))
ws.remove(sys.argv[2])  # into .catbird/trash/
"""


def test_files_are_0600_and_folders_0700_even_with_umask_0(tmp_path: Path) -> None:
    home = tmp_path / "new-home"  # created by Catbird itself
    env = _env(tmp_path)

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "catbird", "--home", str(home), *args],
            capture_output=True,
            text=True,
            env=env,
            preexec_fn=_umask_zero,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    slug = run("add", "Initech", "--stage", "interviewing")
    other = run("add", "Umbrella")
    run("flag", slug, "Kept waiting")
    run("note", slug, "Asked about travel")
    run("move", slug, "offer")
    run("list")  # writes the summary index in .catbird/
    # A file someone made readable by all becomes private again at its next save.
    os.chmod(home / "opportunities" / f"{other}.toml", 0o644)
    run("note", other, "They called back")
    done = subprocess.run(
        [sys.executable, "-c", _PROFILE_AND_TRASH, str(home), other],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=_umask_zero,
    )
    assert done.returncode == 0, done.stderr

    modes = dict(_modes(home))
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for must in (
        home / "opportunities",
        home / "profile.toml",
        home / ".catbird",
        home / ".catbird" / "locks",
        home / ".catbird" / "locks" / f"{slug}.lock",
        home / ".catbird" / "index.jsonl",
        home / ".catbird" / "trash",
    ):
        assert must in modes, f"{must} was not written"
    wrong = {
        str(path.relative_to(home)): oct(mode)
        for path, mode in modes.items()
        if mode != (0o700 if path.is_dir() else 0o600)
    }
    assert not wrong, wrong
