"""The board follows a `catbird sync`: cards merged in from the other machine appear within
about a second, as any other writer's change does, while the board itself keeps capturing."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import loaded, opportunity_file, press, screen_text, wait_for

from catbird.store import Workspace
from catbird.tui.app import CatbirdApp

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
    reason="git is not installed",
)


def _catbird(home: Path, env: dict[str, str], *args: str, ok: tuple[int, ...] = (0,)) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "catbird", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert done.returncode in ok, done.stdout + done.stderr


@pytest.fixture
def env(tmp_path: Path, cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Test Person\n\temail = test@example.org\n")
    git = {"GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1"}
    for key, value in git.items():
        monkeypatch.setenv(key, value)  # for the git the app itself runs
    return {**cli_env, **git}


def _subjects(home: Path) -> list[str]:
    done = subprocess.run(
        ["git", "-C", str(home), "log", "--format=%s"], capture_output=True, text=True
    )
    return done.stdout.splitlines()


async def test_with_auto_on_every_change_on_the_board_is_committed(
    tmp_path: Path, tui_env: None, env: dict[str, str]
) -> None:
    home = tmp_path / "laptop"
    _catbird(home, env, "add", "Northwind Labs")
    _catbird(home, env, "sync", "--auto", "on", ok=(1,))  # no remote yet: committed here
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        await press(pilot, "L")
        await wait_for(
            pilot,
            lambda: "moved northwind-labs to applied" in _subjects(home),
            "the move to be committed",
        )


async def test_cards_merged_by_a_sync_appear_on_the_open_board(
    tmp_path: Path, tui_env: None, env: dict[str, str]
) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True, env=env)
    laptop, box = tmp_path / "laptop", tmp_path / "box"
    _catbird(laptop, env, "add", "Northwind Labs")
    _catbird(laptop, env, "sync", "--remote", str(remote))
    _catbird(box, env, "sync", "--remote", str(remote))
    _catbird(box, env, "add", "Initech")
    _catbird(box, env, "note", "northwind", "from the box")
    _catbird(box, env, "sync")

    app = CatbirdApp(Workspace(laptop))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        assert "Northwind Labs" in screen_text(app)
        syncing = asyncio.create_task(asyncio.to_thread(_catbird, laptop, env, "sync"))
        await press(pilot, "L")  # the board captures while the sync runs
        await syncing
        await wait_for(pilot, lambda: "Initech" in screen_text(app), "the synced card", 1.5)
        await wait_for(
            pilot,
            lambda: (
                (laptop / "opportunities" / "northwind-labs.toml").exists()
                and opportunity_file(laptop, "northwind-labs")["stage"] == "applied"
            ),
            "the board's own move",
        )
    _catbird(laptop, env, "sync")
    _catbird(box, env, "sync")
    for home in (laptop, box):
        northwind = Workspace(home).read("northwind-labs")
        assert northwind.stage == "applied"
        assert "from the box" in {n.text for n in northwind.notes}
        assert "initech" in Workspace(home).slugs()


async def test_the_board_captures_while_both_machines_sync_in_a_loop(
    tmp_path: Path, tui_env: None, env: dict[str, str]
) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True, env=env)
    laptop, box = tmp_path / "laptop", tmp_path / "box"
    _catbird(laptop, env, "add", "Northwind Labs")
    _catbird(laptop, env, "sync", "--remote", str(remote))
    _catbird(box, env, "sync", "--remote", str(remote))

    def elsewhere() -> None:
        for number in range(4):
            _catbird(box, env, "note", "northwind", f"box {number}")
            _catbird(box, env, "flag", "northwind", f"box flag {number}")
            _catbird(box, env, "sync")
            _catbird(laptop, env, "sync")

    app = CatbirdApp(Workspace(laptop))
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(app, pilot)
        loop = asyncio.create_task(asyncio.to_thread(elsewhere))
        moves = 0
        while not loop.done() or moves < 5:
            await press(pilot, "L" if moves % 2 == 0 else "H")
            moves += 1
            await pilot.pause(0.3)
        await loop
        if moves % 2 == 0:  # end in applied, whatever the count
            await press(pilot, "L")
            moves += 1
        await wait_for(
            pilot,
            lambda: opportunity_file(laptop, "northwind-labs")["stage"] == "applied",
            "the board's last move on disk",
        )
    for home in (laptop, box, laptop):
        _catbird(home, env, "sync")
    for home in (laptop, box):
        northwind = Workspace(home).read("northwind-labs")
        assert northwind.stage == "applied"
        assert len(northwind.stage_history) == 1 + moves  # every move of the board, everywhere
        assert {f"box {n}" for n in range(4)} <= {n.text for n in northwind.notes}
        assert {f"box flag {n}" for n in range(4)} == {f.label for f in northwind.flags}
        text = (home / "opportunities" / "northwind-labs.toml").read_text()
        assert "<<<<<<<" not in text
