"""The user's own editor for long texts: store/editor.py with real editor processes, and the
TUI handing the terminal over to one (a real Catbird on a pty, a fake editor script)."""

from __future__ import annotations

import os
import stat
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from catbird.store.editor import EditorProblem, edit_text, editor_command

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import tui as bench_tui

COLUMNS, LINES = 80, 24


def script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


# ---- the core: a private copy, the editor as a real process -----------------------------------


def test_the_text_comes_back_as_the_editor_left_it(tmp_path: Path) -> None:
    seen = tmp_path / "seen"
    editor = script(
        tmp_path / "ed",
        f'stat -c %a "$1" > {seen}; stat -c %a "$(dirname "$1")" >> {seen}\n'
        'printf "\\nand a second line\\n" >> "$1"\n',
    )
    result = edit_text("first line", "note.md", {"VISUAL": str(editor), "PATH": ""})
    assert result == "first line\nand a second line\n"
    # Only the user could read the copy, in a folder of its own, gone afterwards.
    file_mode, folder_mode = seen.read_text().split()
    assert (file_mode, folder_mode) == ("600", "700")
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("catbird-edit-*/note.md"))


def test_visual_wins_over_editor_and_may_carry_options(tmp_path: Path) -> None:
    script(tmp_path / "ed", 'echo "$1 $2" > "$2"\n')
    env = {"VISUAL": f"'{tmp_path / 'ed'}' --wait", "EDITOR": "/nonexistent", "PATH": ""}
    assert editor_command(env) == [str(tmp_path / "ed"), "--wait"]
    assert edit_text("", "x.txt", env).startswith("--wait ")


def test_an_editor_that_fails_or_is_missing_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    failing = script(tmp_path / "ed", 'echo changed > "$1"; exit 3\n')
    with pytest.raises(EditorProblem, match="exit code 3; nothing was taken"):
        edit_text("kept", "n.md", {"EDITOR": str(failing), "PATH": ""})
    with pytest.raises(EditorProblem, match="could not be started"):
        edit_text("kept", "n.md", {"EDITOR": str(tmp_path / "missing"), "PATH": ""})
    with pytest.raises(EditorProblem, match=r"set \$VISUAL or \$EDITOR"):
        editor_command({"PATH": str(tmp_path / "empty")})
    remover = script(tmp_path / "rm", 'rm "$1"\n')
    with pytest.raises(EditorProblem, match="removed the file"):
        edit_text("kept", "n.md", {"EDITOR": str(remover), "PATH": "/usr/bin:/bin"})


def test_without_visual_or_editor_a_common_editor_on_the_path_is_used(tmp_path: Path) -> None:
    script(tmp_path / "nano", 'echo "by nano" > "$1"\n')
    assert edit_text("", "n.md", {"PATH": str(tmp_path)}) == "by nano\n"


# ---- the TUI hands the terminal over ----------------------------------------------------------


@pytest.fixture
def catbird_with_editor(sample_home: Path, tmp_path: Path) -> Iterator[bench_tui.PtyProcess]:
    """Catbird on the sample copy on an 80×24 pty, $VISUAL a script that writes two lines
    and notes that it had a terminal."""
    editor = script(
        tmp_path / "editor",
        f"[ -t 0 ] && [ -t 1 ] && echo tty > {tmp_path / 'had-terminal'}\n"
        'printf "Written in my editor\\nwith a second line\\n" > "$1"\n',
    )
    extra = {"VISUAL": str(editor)}
    with bench_tui.sample_board(sample_home, tmp_path, extra, (COLUMNS, LINES)) as process:
        yield process


def test_ctrl_o_writes_a_note_in_the_editor_and_the_app_comes_back(
    catbird_with_editor: bench_tui.PtyProcess, sample_home: Path, tmp_path: Path
) -> None:
    app = catbird_with_editor
    before = tomllib.loads((sample_home / "opportunities" / "halyard-systems.toml").read_text())
    app.send("\r")
    app.wait_for(lambda s: "Halyard Systems" in s.line(1) or "Halyard Systems" in s.text(), 20)
    app.send("a")
    app.wait_for(lambda s: "ctrl+s save" in s.text(), 20)
    app.send("\x0f")  # ctrl+o
    app.wait_for(lambda s: "with a second line" in s.text(), 20)  # back, the text in the box
    assert (tmp_path / "had-terminal").read_text() == "tty\n"
    app.send("\x13")  # ctrl+s
    # The details again, the note in them (under load a frame may come in pieces: wait for
    # the whole of it).
    app.wait_for(
        lambda s: (
            "ctrl+s save" not in s.text()
            and "Written in my editor" in s.text()
            and "Notes" in s.text()
        ),
        20,
    )
    after = tomllib.loads((sample_home / "opportunities" / "halyard-systems.toml").read_text())
    assert len(after["notes"]) == len(before["notes"]) + 1
    assert after["notes"][-1]["text"] == "Written in my editor\nwith a second line"
    assert stat.S_ISREG((sample_home / "opportunities" / "halyard-systems.toml").stat().st_mode)
