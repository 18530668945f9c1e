"""`catbird edit REF` on a real terminal (a pty) with a fake editor script: a good edit, a
broken edit sent back and fixed, an abandoned edit, a capture from the shell during the edit
that survives, and what happens without a terminal to ask on."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import tui as bench_tui
from catbird.store import Workspace

ORIGINAL = """\
# Met at the meetup in March: keep this comment.
schema_version = 3
company = "Northwind Labs"
role = "Staff Engineer"
stage = "applied"
created_at = 2026-11-01T09:00:00Z

[[stage_history]]
id = "a1b2c3d4"
at = 2026-11-01T09:00:00Z
stage = "applied"
"""


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "ws"
    (home / "opportunities").mkdir(parents=True)
    (home / "opportunities" / "northwind-labs.toml").write_text(ORIGINAL)
    return home


def _editor(tmp_path: Path, *steps: str) -> Path:
    """A fake editor that runs `steps[n]` (shell, the file in $1) on its n-th start and
    keeps a copy of each text it was given in seen-N."""
    count = tmp_path / "count"
    cases = "\n".join(f"  {n}) {step} ;;" for n, step in enumerate(steps))
    editor = tmp_path / "editor"
    editor.write_text(
        "#!/bin/sh\n"
        f"n=$(cat {count} 2>/dev/null || echo 0); echo $((n + 1)) > {count}\n"
        f'cp "$1" {tmp_path}/seen-$n\n'
        f"case $n in\n{cases}\nesac\n"
    )
    editor.chmod(0o755)
    return editor


def _run(home: Path, editor: Path, answers: str = "") -> tuple[int, str]:
    """`catbird edit northwind` on a pty; `answers` typed when it asks. (exit code, screen)"""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home.parent),
        "EDITOR": str(editor),
        "CATBIRD_HOME": str(home),
        "CATBIRD_CONFIG": str(home.parent / "config.toml"),
        "TERM": "xterm",
    }
    argv = [sys.executable, "-m", "catbird", "edit", "northwind"]
    process = bench_tui.PtyProcess(argv, env, 100, 30)
    try:
        for answer in answers:
            process.wait_for(lambda s: "e(dit again) / a(bandon)?" in s.text(), 30)
            process.send(answer + "\r")
            process.drain(0.2)
        for _ in range(300):  # a minute at most
            if process.closed:
                break
            process.drain(0.2)
        screen = process.screen.text()
    finally:
        if not process.closed:
            os.kill(process.pid, 9)
        _, status = os.waitpid(process.pid, 0)
        os.close(process.fd)
    return os.waitstatus_to_exitcode(status), screen


def _file(home: Path) -> str:
    return (home / "opportunities" / "northwind-labs.toml").read_text()


def test_a_good_edit_is_saved_with_the_comments_kept(home: Path, tmp_path: Path) -> None:
    editor = _editor(tmp_path, "sed -i 's/Staff Engineer/Principal Engineer/' \"$1\"")
    code, screen = _run(home, editor)
    assert code == 0, screen
    assert "northwind-labs: saved" in screen
    text = _file(home)
    assert "# Met at the meetup in March: keep this comment." in text
    assert tomllib.loads(text)["role"] == "Principal Engineer"
    assert (tmp_path / "seen-0").read_text() == ORIGINAL  # the editor got the file as it was


def test_a_broken_edit_goes_back_to_the_editor_with_the_mistake_on_top(
    home: Path, tmp_path: Path
) -> None:
    editor = _editor(
        tmp_path,
        'sed -i \'s/^stage = .*/stage = "maybe"/\' "$1"',  # not a stage
        'sed -i \'s/^stage = .*/stage = "screening"/\' "$1"',  # fixed
    )
    code, screen = _run(home, editor, answers="e")
    assert code == 0, screen
    sent_back = (tmp_path / "seen-1").read_text()
    header = [line for line in sent_back.splitlines() if line.startswith("#!")]
    assert header and "stage: Input should be" in "\n".join(header)
    # The line it names is the line of the mistake as the editor shows the file.
    line = int(next(h for h in header if "line " in h).split("line ")[1].split(":")[0])
    assert sent_back.splitlines()[line - 1] == 'stage = "maybe"'
    text = _file(home)
    assert "#!" not in text  # the header went again
    assert tomllib.loads(text)["stage"] == "screening"
    assert "# Met at the meetup in March" in text


def test_an_abandoned_edit_leaves_the_file_exactly_as_it_was(home: Path, tmp_path: Path) -> None:
    editor = _editor(tmp_path, "sed -i 's/^company = .*/company = [oops/' \"$1\"")
    code, screen = _run(home, editor, answers="a")
    assert code == 1
    assert "abandoned" in screen
    assert _file(home) == ORIGINAL


def test_a_capture_made_during_the_edit_survives_it(home: Path, tmp_path: Path) -> None:
    # While the editor is open the user logs a flag from another shell; then saves.
    flag = f"{sys.executable} -m catbird --home {home} flag northwind-labs 'Kept waiting'"
    editor = _editor(
        tmp_path, f"{flag} >/dev/null && sed -i 's/Staff Engineer/Principal Engineer/' \"$1\""
    )
    code, screen = _run(home, editor)
    assert code == 0, screen
    assert "with what changed in it meanwhile" in screen
    opportunity = Workspace(home).read("northwind-labs")
    assert opportunity.role == "Principal Engineer"
    assert [f.label for f in opportunity.flags] == ["Kept waiting"]
    assert "# Met at the meetup in March" in _file(home)


def test_without_a_terminal_a_mistake_abandons_the_edit(home: Path, tmp_path: Path) -> None:
    editor = _editor(tmp_path, "echo 'role = 12' >> \"$1\"")
    result = subprocess.run(
        [sys.executable, "-m", "catbird", "--home", str(home), "edit", "northwind"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "EDITOR": str(editor)},
        timeout=60,
    )
    assert result.returncode == 1
    assert "northwind-labs.toml:" in result.stderr and "not a terminal" in result.stderr
    assert "Traceback" not in result.stderr
    assert _file(home) == ORIGINAL


def test_an_unchanged_edit_writes_nothing(home: Path, tmp_path: Path) -> None:
    before = (home / "opportunities" / "northwind-labs.toml").stat()
    code, screen = _run(home, _editor(tmp_path, "true"))
    assert code == 0 and "no change" in screen
    after = (home / "opportunities" / "northwind-labs.toml").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_file_broken_on_disk_can_be_mended_in_the_editor(home: Path, tmp_path: Path) -> None:
    path = home / "opportunities" / "northwind-labs.toml"
    path.write_text(ORIGINAL.replace('stage = "applied"\ncreated', 'stage = "appplied"\ncreated'))
    code, screen = _run(home, _editor(tmp_path, "sed -i 's/appplied/applied/' \"$1\""))
    assert code == 0, screen
    assert Workspace(home).read("northwind-labs").stage.value == "applied"


def test_an_editor_failing_after_a_mistake_keeps_the_text_written(
    home: Path, tmp_path: Path
) -> None:
    editor = _editor(tmp_path, "echo 'role = 12  # my long edit' >> \"$1\"", "exit 3")
    code, screen = _run(home, editor, answers="e")
    assert code == 1, screen
    kept = list((home / ".catbird" / "edits").glob("northwind-labs.*.toml"))
    assert len(kept) == 1 and "my long edit" in kept[0].read_text()
    assert _file(home) == ORIGINAL
