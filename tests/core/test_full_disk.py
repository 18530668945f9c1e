"""A disk that refuses a save — full, or read-only — is one message and changes nothing.

The disks are real: a 2 MiB tmpfs filled to the last byte, and a read-only bind mount (root,
which CI runs as, ignores chmod). Where this machine cannot mount, the tests skip and say why.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SAMPLE_DATA, fill_up

RunCli = Callable[..., subprocess.CompletedProcess[str]]

SAVES = (
    ("move", "halyard", "applied"),
    ("note", "halyard", "asked about on-call"),
    ("flag", "halyard", "kept waiting"),
    ("add", "Nimbus Labs"),
)


def _files(home: Path) -> dict[str, bytes]:
    """Every file of the workspace, byte for byte (lock files are empty and come and go)."""
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and "locks" not in p.parts
    }


def _refused(result: subprocess.CompletedProcess[str], why: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("catbird: "), result.stderr
    assert why in lines[0] and "not saved" in lines[0], lines[0]


def test_on_a_full_disk_every_save_is_one_line_exit_1_and_nothing_changes(
    small_disk: Path, run_cli: RunCli
) -> None:
    home = small_disk / "home"
    shutil.copytree(SAMPLE_DATA, home)
    assert run_cli("list", home=home).returncode == 0  # the index is written while there is room
    filler = fill_up(small_disk)
    before = _files(home)
    for args in SAVES:
        _refused(run_cli(*args, home=home), "the disk is full")
        assert _files(home) == before, args
    assert "halyard-systems.toml" in run_cli("move", "halyard", "applied", home=home).stderr

    filler.unlink()  # room again: the same command now works
    assert run_cli("move", "halyard", "applied", home=home).returncode == 0


def test_on_a_read_only_disk_every_save_is_one_line_exit_1_and_nothing_changes(
    tmp_path: Path, run_cli: RunCli, read_only: Callable[[Path], None]
) -> None:
    home = tmp_path / "home"
    shutil.copytree(SAMPLE_DATA, home)
    assert run_cli("list", home=home).returncode == 0
    read_only(home)
    before = _files(home)
    for args in SAVES:
        _refused(run_cli(*args, home=home), "the disk is read-only")
        assert _files(home) == before, args
    # Reading still works on a read-only workspace.
    assert run_cli("show", "halyard", home=home).returncode == 0


@pytest.mark.parametrize("how", ["full", "read-only"])
def test_a_profile_save_the_disk_refuses_is_a_catbird_error(
    how: str, small_disk: Path, read_only: Callable[[Path], None]
) -> None:
    from catbird.store import CatbirdError, Workspace

    home = small_disk / "home"
    shutil.copytree(SAMPLE_DATA, home)
    ws = Workspace(home)
    profile = ws.read_profile()
    if how == "full":
        fill_up(small_disk)
    else:
        read_only(home)
    before = _files(home)
    with pytest.raises(CatbirdError, match=r"profile\.toml: not saved"):
        ws.update_profile(lambda p: p.model_copy(update={"name": "Someone Else"}))
    with pytest.raises(CatbirdError, match=r"profile\.toml: not saved"):
        ws.save_profile(profile.model_copy(update={"name": "Someone Else"}))
    assert _files(home) == before
