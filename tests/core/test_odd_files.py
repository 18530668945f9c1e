"""Odd things where a file should be: only regular files are read, with a size limit.

A FIFO would block a reader forever and a link to /dev/zero would fill memory; a folder or a
dangling link used to be skipped without a word. Each is run through the real CLI with a
timeout, so a hang fails its test instead of stalling the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import SAMPLE_DATA

HANG = 20  # seconds: every command here takes well under one

ODD_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (os.mkfifo, "not a regular file (a FIFO); skipped"),
    "dev-zero": (lambda p: p.symlink_to("/dev/zero"), "not a regular file (a device); skipped"),
    "folder": (lambda p: p.mkdir(), "not a regular file (a folder); skipped"),
    "dangling": (
        lambda p: p.symlink_to("/nowhere/lost.toml"),
        "a link to /nowhere/lost.toml, which does not exist; skipped",
    ),
    "huge": (
        lambda p: os.truncate(p.open("wb").name, 17 * 1024 * 1024),  # sparse: costs no disk
        "17 MiB is over the 16 MiB a Catbird file may have; skipped",
    ),
}


def _cli(env: dict[str, str], home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "catbird", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=HANG,  # a hang is a failure (TimeoutExpired), never a stalled suite
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.mark.parametrize("kind", list(ODD_FILES))
def test_an_odd_file_in_the_folder_is_named_and_skipped_by_every_command(
    kind: str, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    home = tmp_path / "home"
    shutil.copytree(SAMPLE_DATA, home)
    odd = home / "opportunities" / "odd.toml"
    make, message = ODD_FILES[kind]
    make(odd)
    said = f"{odd}: {message}"

    check = _cli(cli_env, home, "check")
    assert check.returncode == 1 and said in check.stdout.splitlines()

    for command in (
        ["list"],
        ["list", "--json"],
        ["due"],
        ["export"],
        ["export", "--format", "csv"],
    ):
        result = _cli(cli_env, home, *command)
        assert result.returncode == 0, (command, result.stderr)
        assert said in result.stderr or said in result.stdout, (command, result.stderr)
        assert "Halyard Systems" in result.stdout, command  # the rest is still there

    shown = _cli(cli_env, home, "show", "odd")
    assert (shown.returncode, shown.stderr.strip()) == (1, f"catbird: {said}")

    # A part of a company name makes the CLI read the head of every file: not this one.
    noted = _cli(cli_env, home, "note", "Systems", "asked about on-call")
    assert noted.returncode == 0, noted.stderr
    assert "halyard-systems: note added" in noted.stdout

    imported = _cli(cli_env, home, "import", str(odd))
    assert imported.returncode == 1
    assert imported.stderr.startswith(f"catbird: {odd}"), imported.stderr
    assert len(imported.stderr.splitlines()) == 1


def test_import_refuses_dev_zero_and_a_fifo_without_reading_them(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    home = tmp_path / "home"
    fifo = tmp_path / "tracker.csv"
    os.mkfifo(fifo)
    for source, what in (("/dev/zero", "a device"), (str(fifo), "a FIFO")):
        result = _cli(cli_env, home, "import", source)
        assert result.returncode == 1
        assert result.stderr.strip() == f"catbird: {source}: not a regular file ({what})"
    assert not (home / "opportunities").exists()


# ---- writes through links ----------------------------------------------------------------------


def test_export_never_creates_a_file_through_a_dangling_link(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    home = tmp_path / "home"
    shutil.copytree(SAMPLE_DATA, home)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "export.md"
    link.symlink_to(elsewhere / "planted.md")
    for force in ([], ["--force"]):
        result = _cli(cli_env, home, "export", "--output", str(link), *force)
        assert result.returncode == 1, result.stderr
        assert result.stderr.strip() == (
            f"catbird: {link}: a link to {elsewhere / 'planted.md'}, which does not exist; "
            "refusing to create a file through it"
        )
        assert not (elsewhere / "planted.md").exists() and link.is_symlink()


def test_the_store_writer_refuses_a_dangling_link_too(tmp_path: Path) -> None:
    """The backstop under every writer (the worksheet's export, settings, the workspace)."""
    from catbird.store.atomic import DanglingLink, atomic_write

    link = tmp_path / "note.md"
    link.symlink_to(tmp_path / "missing" / "x.md")
    with pytest.raises(DanglingLink, match="not created through the link"):
        atomic_write(link, b"text")
    assert not (tmp_path / "missing").exists()


def test_a_save_through_a_linked_opportunity_keeps_the_targets_owner_and_mode(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file to another owner needs root (CI runs as root)")
    home = tmp_path / "home"
    shutil.copytree(SAMPLE_DATA, home)
    synced = tmp_path / "synced"
    synced.mkdir()
    linked = home / "opportunities" / "halyard-systems.toml"
    target = synced / "halyard-systems.toml"
    shutil.move(linked, target)
    linked.symlink_to(target)
    os.chown(target, 1234, 5678)
    os.chmod(target, 0o640)

    result = _cli(cli_env, home, "note", "halyard-systems", "asked about on-call")
    assert result.returncode == 0, result.stderr
    assert linked.is_symlink() and "asked about on-call" in target.read_text()
    st = target.stat()
    assert (st.st_uid, st.st_gid, oct(st.st_mode & 0o7777)) == (1234, 5678, "0o640")
    # Not linked, a file stays ours and private: 0600.
    _cli(cli_env, home, "note", "quillmark", "x")
    assert oct((home / "opportunities" / "quillmark.toml").stat().st_mode & 0o777) == "0o600"


def test_the_worksheets_export_refuses_a_dangling_link_even_when_told_to_overwrite(
    tmp_path: Path,
) -> None:
    """The worksheet's text dialog writes through `write_export`, always with force."""
    from catbird.exchange.export import write_export
    from catbird.store import CatbirdError, Workspace

    link = tmp_path / "talking-points.md"
    link.symlink_to(tmp_path / "planted.md")
    with pytest.raises(CatbirdError, match="refusing to create a file through it"):
        write_export(Workspace(tmp_path / "home"), link, "# points\n", force=True)
    assert not (tmp_path / "planted.md").exists()
