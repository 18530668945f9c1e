"""Shared fixtures: a throw-away workspace per test, and the real CLI run as a subprocess."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from catbird.store import Workspace
from catbird.store.paths import sample_data_dir

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def _clean_env(tmp: Path) -> dict[str, str]:
    """The environment for a CLI run: nothing that could point at the user's own files."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATBIRD_")}
    env["CATBIRD_HOME"] = str(tmp / "not-this-one")  # --home must win over it
    env["CATBIRD_CONFIG"] = str(tmp / "config" / "config.toml")
    env["PYTHONIOENCODING"] = "utf-8"
    env["NO_COLOR"] = "1"
    return env


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    """An empty workspace in its own temporary folder (created on first write)."""
    return Workspace(tmp_path / "home")


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """Run `python -m catbird --home HOME ARGS…` for real and return the finished process."""
    env = _clean_env(tmp_path)

    def run(*args: str, home: Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "catbird", "--home", str(home), *args],
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=60,
        )

    return run


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """The same safe environment, for tests that start Python their own way."""
    return _clean_env(tmp_path)


# ---- for the Pilot and snapshot tests of the TUI ------------------------------------------

SAMPLE_DATA = sample_data_dir()
FROZEN_NOW = "2026-11-22T10:00:00-05:00"
"""The clock of the TUI tests: a Sunday in the middle of the sample search."""


@pytest.fixture
def tui_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's environment for a TUI test: the clock stopped, the user's own settings and
    workspace out of reach."""
    monkeypatch.setenv("CATBIRD_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("CATBIRD_HOME", str(tmp_path / "not-this-one"))
    monkeypatch.setenv("CATBIRD_NOW", FROZEN_NOW)


@pytest.fixture
def sample_home(tmp_path: Path, tui_env: None) -> Path:
    """A private copy of `sample_data/` (14 opportunities and a profile) for one test."""
    home = tmp_path / "sample"
    shutil.copytree(SAMPLE_DATA, home)
    return home


# The keys of a card summary in `catbird list --json`: a documented contract (docs/json.md).
SUMMARY_KEYS = {
    "slug",
    "company",
    "role",
    "stage",
    "tags",
    "next_action",
    "next_due",
    "red",
    "green",
    "red_weight",
    "fit",
    "unknown",
    "interviewing_now",
    "follow_ups_open",
    "next_follow_up",
    "stage_since",
    "closed_reason",
    "contacts",
    "last_news",
    "next_interviews",
}


# ---- a file edited behind Catbird's back -----------------------------------------------------


def edit_in_place(path: Path, old: bytes, new: bytes) -> None:
    """`old` becomes `new` (as long) in the file itself, as `cp -p`, `rsync --inplace -t`
    or an edit then `touch -r` leave it: the same inode and size, its old modification
    time put back. Only the change time moved, which only the kernel sets."""
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    assert old in data
    with open(path, "r+b") as handle:
        handle.write(data.replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )


# ---- disks that refuse a save: a small tmpfs that fills up, a read-only bind mount -----------


def _mount(*args: str) -> None:
    """Run mount(8), skipping the test (with the reason) where this machine will not let us."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small or read-only disk needs root (CI runs as root)")
    result = subprocess.run(["mount", *args], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount here: {result.stderr.strip() or result.returncode}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs of its own: fill it with `fill_up` to get a real ENOSPC."""
    disk = tmp_path / "small-disk"
    disk.mkdir()
    _mount("-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(disk))
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def fill_up(disk: Path) -> Path:
    """Fill `disk` to the last byte with one file (delete it to free the space again)."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for size in (1 << 16, 1 << 12, 1):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
    return filler


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Make a folder read-only in place, as a remount would (root ignores chmod, not this)."""
    mounted: list[Path] = []

    def make(folder: Path) -> None:
        _mount("--bind", str(folder), str(folder))
        mounted.append(folder)
        _mount("-o", "remount,bind,ro", str(folder))

    yield make
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], check=False)
