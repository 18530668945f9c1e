"""Catbird as users install it: a wheel built from this tree, installed into a fresh virtual
environment, its `catbird demo` run in a real pseudo-terminal.

This is what `pipx install .` and `uv tool install .` do, and it is the only test that
catches shipped data found beside the source tree instead of inside the package (the demo
then has no sample data and a configured theme silently falls back to Textual's own).

Slow-ish, about a minute on a quiet machine: building the wheel (pip sets up setuptools in an
isolated build environment), making the venv and installing Textual, pydantic and the rest
into it (from the machine's configured package indexes; pip's cache makes a rerun quicker)
take nearly all of it. All of that is done once, for every test in this file; each run of
the installed app then takes a few seconds.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
COLUMNS, LINES = 120, 40
CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def _run(
    *command: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        env=env or {k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return result


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel of this tree installed in it (its folder)."""
    root = tmp_path_factory.mktemp("install")
    # The wheel is built from a copy: a build writes build/ and *.egg-info into the tree it
    # builds, and tests (or a developer) may be using the worktree meanwhile. Symlinks are
    # kept as they are, as in a clone: src/catbird/data/ links to the top-level folders.
    source = root / "source"
    shutil.copytree(
        REPO,
        source,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
            ".hypothesis", "bench", "tests",
        ),
    )  # fmt: skip
    dist = root / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, source, cwd=root)
    (wheel,) = dist.glob("catbird-*.whl")
    shutil.rmtree(source)  # nothing of the source tree is left for the installed copy to find
    env_dir = root / "venv"
    _run(sys.executable, "-m", "venv", env_dir, cwd=root)
    _run(env_dir / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=root)
    return env_dir


def _colours(theme: str) -> str:
    """The SGR parameters a truecolour terminal gets for text in the theme's foreground on
    its surface (the colours of the board's columns)."""
    data = tomllib.loads((REPO / "themes" / f"{theme}.toml").read_text("utf-8"))

    def rgb(key: str) -> str:
        return ";".join(str(int(data[key][i : i + 2], 16)) for i in (1, 3, 5))

    return f"\x1b[38;2;{rgb('foreground')};48;2;{rgb('surface')}m"


def _env(tmp_path: Path, theme: str) -> dict[str, str]:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(f'theme = "{theme}"\n', "utf-8")
    scratch = tmp_path / "tmp"  # where the demo makes its throw-away copy
    scratch.mkdir(exist_ok=True)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CATBIRD_", "PYTHON", "TEXTUAL")) and k not in ("NO_COLOR",)
    }
    return env | {
        "CATBIRD_CONFIG": str(config),
        "CATBIRD_HOME": str(tmp_path / "not-this-one"),
        "TMPDIR": str(scratch),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "COLUMNS": str(COLUMNS),
        "LINES": str(LINES),
    }


def run_demo(catbird: Path, env: dict[str, str], cwd: Path) -> tuple[str, str, int]:
    """`catbird demo` in a pseudo-terminal of 120×40: wait until the board shows the demo's
    cards, press q, and return (what it wrote, that as plain text, its exit status)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    process = subprocess.Popen(
        [str(catbird), "demo"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    output = b""
    quit_sent = False
    # Generous: the first start of a fresh install under a loaded CI box is slow.
    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            readable, _, _ = select.select([master], [], [], 0.05)
            if readable:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the app is gone and the terminal closed
                    break
                if not chunk:
                    break
                output += chunk
            if not quit_sent and _board_shown(_plain(output)):
                time.sleep(0.3)  # let the frame finish before the key
                os.write(master, b"q")
                quit_sent = True
            if process.poll() is not None and not readable:
                break
        status = process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(5)
        os.close(master)
    written = output.decode("utf-8", "replace")
    assert quit_sent, f"the demo's board never came up; it wrote:\n{_plain(output)[-3000:]}"
    return written, _plain(output), status


def _plain(output: bytes) -> str:
    return CSI.sub("", output.decode("utf-8", "replace"))


def _board_shown(text: str) -> bool:
    # The header counts the demo's cards only once they are loaded; two companies of the
    # sample data, from an active and the closed column, show the cards themselves.
    return "9 active · 5 closed" in text and "Halyard Systems" in text and "Orrery Cloud" in text


def test_the_installed_demo_opens_in_the_configured_light_theme(venv: Path, tmp_path: Path) -> None:
    # The installed package, not this tree, is what runs.
    where = _run(
        venv / "bin" / "python", "-c", "import catbird; print(catbird.__file__)", cwd=tmp_path
    )
    assert where.stdout.strip().startswith(str(venv)), where.stdout

    env = _env(tmp_path, "catbird-light")
    written, text, status = run_demo(venv / "bin" / "catbird", env, tmp_path)
    assert status == 0, text[-2000:]
    assert "Catbird demo" in text
    for company in ("Halyard Systems", "Quillmark", "Orrery Cloud"):
        assert company in text
    assert _colours("catbird-light") in written, "not drawn in catbird-light"
    assert _colours("catbird-dark") not in written
    # The throw-away copy is gone with the app; the user's own workspace was never made.
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not (tmp_path / "not-this-one").exists()


def test_the_installed_copy_falls_back_to_our_dark_theme_and_locates_its_files(
    venv: Path, tmp_path: Path
) -> None:
    env = _env(tmp_path, "no-such-theme")
    written, text, status = run_demo(venv / "bin" / "catbird", env, tmp_path)
    assert status == 0, text[-2000:]
    assert _colours("catbird-dark") in written, "an unknown theme did not fall back to ours"

    home = tmp_path / "mine"
    located = _run(venv / "bin" / "catbird", "--home", home, "locate", cwd=tmp_path, env=env)
    lines = located.stdout.splitlines()
    assert lines[0].split() == ["workspace", str(home)]
    assert lines[-1].split() == ["config", env["CATBIRD_CONFIG"]]
    assert not home.exists()  # looking is not writing
