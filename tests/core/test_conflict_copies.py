"""The copies Syncthing and Dropbox leave after a conflict: named for what they are, and
merged back into their original by event id with `catbird check --merge-copies`."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

from conftest import SAMPLE_DATA

RunCli = Callable[..., subprocess.CompletedProcess[str]]

COPIES = (
    "saltmarsh-robotics.sync-conflict-20261130-123456-ABCDEFG.toml",
    "saltmarsh-robotics (conflicted copy).toml",
    "saltmarsh-robotics (conflicted copy 2026-11-30).toml",
)


def _ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def _laptop_version(tmp_path: Path, run_cli: RunCli, n: int) -> Path:
    """saltmarsh-robotics.toml as another machine changed it: a note and a flag of its own."""
    laptop = tmp_path / f"laptop-{n}"
    shutil.copytree(SAMPLE_DATA, laptop)
    _ok(run_cli("note", "saltmarsh-robotics", f"noted on the laptop {n}", home=laptop))
    _ok(run_cli("flag", "saltmarsh-robotics", f"kept waiting {n}", home=laptop))
    return laptop / "opportunities" / "saltmarsh-robotics.toml"


def _events(path: Path) -> tuple[list[str], list[str]]:
    data = tomllib.loads(path.read_text("utf-8"))
    notes = [n["text"] for n in data.get("notes", [])]
    flags = [f["label"] for i in data.get("interviews", []) for f in i.get("flags", [])]
    return notes, flags


def test_conflict_copies_are_named_for_what_they_are_and_merged_losing_no_event(
    tmp_path: Path, run_cli: RunCli
) -> None:
    home = tmp_path / "home"
    shutil.copytree(SAMPLE_DATA, home)
    folder = home / "opportunities"
    for n, name in enumerate(COPIES):
        shutil.copy2(_laptop_version(tmp_path, run_cli, n), folder / name)
    original = folder / "saltmarsh-robotics.toml"
    _ok(run_cli("note", "saltmarsh-robotics", "noted on the desktop", home=home))
    notes_before, flags_before = _events(original)

    check = run_cli("check", home=home)
    assert check.returncode == 1
    for name, tool in zip(COPIES, ("Syncthing", "Dropbox", "Dropbox"), strict=True):
        assert (
            f"{folder / name}: a {tool} conflict copy of saltmarsh-robotics.toml; "
            "`catbird check --merge-copies` merges it in, losing no event"
        ) in check.stdout.splitlines()
    assert "should match pattern" not in check.stdout  # no word about the slug pattern
    # Not a card of their own, and no rival for the original's name.
    listed = _ok(run_cli("list", home=home))
    assert listed.stdout.count("Saltmarsh") == 1
    assert "conflict copy" in listed.stderr
    _ok(run_cli("note", "saltmarsh", "still found by its prefix", home=home))

    merged = _ok(run_cli("check", "--merge-copies", home=home))
    for name in COPIES:
        assert f"merged {name} into saltmarsh-robotics.toml" in merged.stdout
    assert not any((folder / name).exists() for name in COPIES)
    trashed = sorted(p.name for p in (home / ".catbird" / "trash").iterdir())
    assert len(trashed) == 3

    notes, flags = _events(original)
    assert set(notes) >= {*notes_before, "still found by its prefix", "noted on the desktop"}
    assert {f"noted on the laptop {n}" for n in range(3)} <= set(notes)
    assert {f"kept waiting {n}" for n in range(3)} <= set(flags) and set(flags_before) <= set(flags)
    assert len(notes) == len(set(notes))  # each note once, not once per copy
    _ok(run_cli("check", home=home))  # and the workspace reads cleanly again


def test_a_conflict_copy_without_its_original_becomes_the_original(
    tmp_path: Path, run_cli: RunCli
) -> None:
    home = tmp_path / "home"
    shutil.copytree(SAMPLE_DATA, home)
    folder = home / "opportunities"
    laptop = _laptop_version(tmp_path, run_cli, 0)
    (folder / "saltmarsh-robotics.toml").unlink()
    shutil.copy2(laptop, folder / COPIES[1])
    _ok(run_cli("check", "--merge-copies", home=home))
    assert (folder / "saltmarsh-robotics.toml").read_bytes() == laptop.read_bytes()
    assert not (folder / COPIES[1]).exists()


def test_the_union_of_two_copies_keeps_both_flags_logged_in_one_interview() -> None:
    """Two machines logged a flag each in the same interview: both survive, in time order,
    and the fields that are not events come from the newer copy."""
    from datetime import datetime, timedelta

    from catbird.model import Opportunity
    from catbird.model.merge import union
    from catbird.model.opportunity import FlagEvent, Interview, Note

    start = datetime(2026, 11, 20, 9, 0).astimezone()
    common = Opportunity(
        company="Acme", interviews=[Interview(started_at=start)], notes=[Note(text="both")]
    )
    interview = common.interviews[0]

    def logged(label: str, minutes: int, role: str) -> Opportunity:
        flag = FlagEvent(label=label, at=start + timedelta(minutes=minutes))
        changed = interview.model_copy(update={"flags": [*interview.flags, flag]})
        return common.model_copy(update={"interviews": [changed], "role": role})

    desk, laptop = logged("kept waiting", 20, "Dev"), logged("on hold", 10, "Staff Dev")
    merged = Opportunity.model_validate(union(laptop, desk).model_dump())
    assert [f.label for f in merged.interviews[0].flags] == ["on hold", "kept waiting"]
    assert len(merged.interviews) == 1 and [n.text for n in merged.notes] == ["both"]
    assert merged.role == "Staff Dev"
