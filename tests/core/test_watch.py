"""The watcher: what changed on disk since the last look, at the cost of one `stat` when
nothing did — told by the kernel (inotify) where it can be, polling where it cannot (each
test runs both ways)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from catbird.model import Opportunity, Profile
from catbird.store import Workspace
from catbird.store import watch as watch_module
from catbird.store.watch import Watcher


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    workspace.create(Opportunity(company="Acme"))
    workspace.create(Opportunity(company="Globex"))
    return workspace


NOTIFIED = watch_module.notifications_work(Path.cwd())


@pytest.fixture(
    params=[
        pytest.param(True, id="inotify"),
        pytest.param(False, id="poll"),
    ]
)
def notify(request: pytest.FixtureRequest) -> bool:
    if request.param and not NOTIFIED:
        pytest.skip("no inotify here (not Linux, or a network file system)")
    return bool(request.param)


@pytest.fixture
def watcher_of(notify: bool) -> Iterator[Callable[[Workspace], Watcher]]:
    made: list[Watcher] = []

    def make(ws: Workspace) -> Watcher:
        watcher = Watcher(ws.opportunities_dir, ws.profile_path, notify=notify)
        # Told by the kernel once there is a folder to watch.
        assert watcher.notified == (notify and ws.opportunities_dir.is_dir())
        made.append(watcher)
        return watcher

    yield make
    for watcher in made:
        watcher.close()


def _next_tick() -> None:
    """File times come from the kernel's coarse clock (ticks of up to 10 ms): two writes in
    one tick leave the folder's mtime as it was. Let a tick pass, as a person's would."""
    time.sleep(0.02)


def _count_scans(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    scans: list[Path] = []
    scandir = os.scandir

    def counting(path: Path) -> object:
        scans.append(Path(path))
        return scandir(path)

    monkeypatch.setattr(watch_module.os, "scandir", counting)
    return scans


Make = Callable[[Workspace], Watcher]


def test_what_is_there_at_the_start_is_not_a_change(ws: Workspace, watcher_of: Make) -> None:
    assert not watcher_of(ws).poll()


def test_a_file_saved_by_another_process_is_seen_at_the_next_poll(
    ws: Workspace, watcher_of: Make
) -> None:
    watcher = watcher_of(ws)
    _next_tick()
    other = Workspace(ws.home)  # the CLI, say: an atomic save renames into the folder
    other.update("acme", lambda o: o.model_copy(update={"role": "Dev"}))
    other.create(Opportunity(company="Initech"))
    assert watcher.poll().changed == {"acme", "initech"}
    assert not watcher.poll()


def test_a_file_edited_in_place_is_seen_within_a_scan(
    ws: Workspace, watcher_of: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    watcher = watcher_of(ws)
    path = ws.path_for("globex")
    mtime = os.stat(ws.opportunities_dir).st_mtime_ns
    with open(path, "a", encoding="utf-8") as handle:  # an editor writing in place
        handle.write('role = "Ops"\n')
    assert os.stat(ws.opportunities_dir).st_mtime_ns == mtime  # the folder did not change
    monkeypatch.setattr(watch_module, "FULL_SCAN_EVERY", 0.0)  # as if a second had passed
    assert watcher.poll().changed == {"globex"}
    assert not watcher.poll()


def test_the_spread_out_poll_stats_a_slice_of_the_files_and_sees_every_one_in_time(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(8):
        ws.create(Opportunity(company=f"Firm {number}"))
    watcher = Watcher(ws.opportunities_dir, ws.profile_path, notify=False)
    stated: list[str] = []
    real_stat = os.stat

    def counting(path: object, *args: object, **kwargs: object) -> os.stat_result:
        stated.append(str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    path = ws.path_for("globex")
    with open(path, "a", encoding="utf-8") as handle:  # in place: the folder is unchanged
        handle.write('role = "Ops"\n')
    monkeypatch.setattr(watch_module.os, "stat", counting)
    seen: set[str] = set()
    polls = 0
    while "globex" not in seen:
        watcher._last_poll -= watch_module.FULL_SCAN_EVERY / 5  # a fifth of the period
        stated.clear()
        seen |= watcher.poll().changed
        files = [p for p in stated if p.endswith(".toml") and "profile" not in p]
        assert len(files) <= 3  # about a fifth of the 10 files, not all of them
        polls += 1
        assert polls <= 5  # every file within the period
    assert seen == {"globex"}


def test_a_network_file_system_is_polled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(watch_module, "file_system_type", lambda path: 0x65735546)  # sshfs
    assert not watch_module.notifications_work(tmp_path)
    watcher = Watcher(tmp_path / "opportunities", tmp_path / "profile.toml")
    assert not watcher.notified


def test_a_folder_made_later_or_replaced_is_watched_again(
    workspace: Workspace, watcher_of: Make, notify: bool
) -> None:
    watcher = watcher_of(workspace)  # no opportunities folder yet
    assert not watcher.poll()
    workspace.create(Opportunity(company="Acme"))
    assert watcher.poll().changed == {"acme"}
    assert watcher.notified == notify
    # A sync tool replacing the whole folder.
    _next_tick()
    folder = workspace.opportunities_dir
    folder.rename(folder.with_name("old"))
    folder.mkdir()
    (folder / "initech.toml").write_bytes((folder.with_name("old") / "acme.toml").read_bytes())
    changes = watcher.poll()
    assert changes.changed == {"initech"} and changes.removed == {"acme"}
    Workspace(workspace.home).update("initech", lambda o: o.model_copy(update={"role": "Dev"}))
    assert watcher.poll().changed == {"initech"}


def test_removed_files_and_the_profile_are_reported(ws: Workspace, watcher_of: Make) -> None:
    watcher = watcher_of(ws)
    _next_tick()
    ws.remove("acme")
    ws.save_profile(Profile())
    changes = watcher.poll()
    assert changes.removed == {"acme"} and changes.profile and not changes.changed


def test_the_apps_own_save_is_not_reported_and_costs_no_scan(
    ws: Workspace, watcher_of: Make, notify: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    watcher = watcher_of(ws)
    ws.update("acme", lambda o: o.model_copy(update={"role": "Dev"}))
    watcher.note_own_write("acme")
    scans = _count_scans(monkeypatch)
    assert not watcher.poll()
    assert scans == []  # one stat of the folder told it nothing else changed
    # Another process's save after it is still seen at once.
    _next_tick()
    Workspace(ws.home).update("globex", lambda o: o.model_copy(update={"role": "Ops"}))
    assert watcher.poll().changed == {"globex"}
    # Polling lists the folder once; told by the kernel, the watcher lists nothing.
    assert scans == ([] if notify else [ws.opportunities_dir])
