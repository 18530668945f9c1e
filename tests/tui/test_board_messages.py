"""The board where it used to crash or stay silent: keys typed behind `q`, settings that
are odd, and things in the opportunities folder that are not opportunities."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import loaded, region_text, wait_for
from textual import events
from textual.widgets import Static

from catbird.store import Workspace
from catbird.tui.app import CatbirdApp


def _toasts(app: CatbirdApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.mark.parametrize("key", ["e", "n", "t", "enter", "o"])
async def test_a_key_typed_right_behind_q_is_dropped_not_a_crash(
    sample_home: Path, key: str
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        # Both in the queue before the first is handled, as a burst over SSH arrives.
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key(key, key))
        await pilot.pause(0.3)
    assert app._exception is None
    assert app.return_code == 0


async def test_a_settings_path_with_markup_and_a_keys_string_are_shown_literally(
    sample_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "we[" / "]ird [bold]" / "config.toml"  # the path holds `[/]`
    config.parent.mkdir(parents=True)
    config.write_text('keys = "L"\n')
    monkeypatch.setenv("CATBIRD_CONFIG", str(config))
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await loaded(app, pilot)
        assert f"{config}: `theme` must be text and [keys] a table" in _toasts(app)
    assert app._exception is None


async def test_an_unknown_theme_and_a_key_remap_that_steals_a_key_are_named(
    sample_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.write_text(
        'theme = "solarised-purple"\n'
        "[keys]\n"
        '"board.next-stage" = "j"\n'  # j is the next card's key on the board
        '"board.no-such-thing" = "z"\n'
        '"board.previous-stage" = "H,shift+left"\n'  # its own keys: nothing to say
    )
    monkeypatch.setenv("CATBIRD_CONFIG", str(config))
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await loaded(app, pilot)
        await wait_for(pilot, lambda: len(_toasts(app)) >= 3, "the settings warnings")
        toasts = _toasts(app)
        assert app.theme == "catbird-dark"
        assert any("there is no theme 'solarised-purple'" in t for t in toasts), toasts
        assert (
            "[keys] 'board.next-stage' = 'j' takes the key of 'column.down' (Next card) on the "
            "board screen: one of them will not work; pick another key"
        ) in toasts
        assert "[keys] 'board.no-such-thing' is not the id of any of Catbird's keys; ignored" in (
            toasts
        )
        assert not any("previous-stage" in t for t in toasts)


async def test_a_dangling_link_a_folder_and_a_conflict_copy_are_on_the_problems_line(
    sample_home: Path,
) -> None:
    folder = sample_home / "opportunities"
    (folder / "lost.toml").symlink_to("/nowhere/lost.toml")
    (folder / "drafts.toml").mkdir()
    shutil.copy2(folder / "quillmark.toml", folder / "quillmark (conflicted copy).toml")
    os.mkfifo(folder / "pipe.toml")
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(200, 30)) as pilot:
        await loaded(app, pilot)
        assert set(app.view.problems) == {
            str(folder / n)
            for n in ("lost.toml", "drafts.toml", "quillmark (conflicted copy).toml", "pipe.toml")
        }
        assert app.view.problems[str(folder / "drafts.toml")] == (
            f"{folder / 'drafts.toml'}: not a regular file (a folder); skipped"
        )
        assert (
            "a Dropbox conflict copy of quillmark.toml"
            in (app.view.problems[str(folder / "quillmark (conflicted copy).toml")])
        )
        banner = app.screen.query_one("#problems", Static)
        assert banner.display
        shown = " ".join(region_text(app, banner).split())
        assert "(+3 more — run `catbird check`)" in shown
