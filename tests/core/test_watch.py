"""The watcher: what changed on disk since the last look, at the cost of one `stat` when
nothing did."""

from __future__ import annotations

import os
import time
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


def _watcher(ws: Workspace) -> Watcher:
    return Watcher(ws.opportunities_dir, ws.profile_path)


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


def test_what_is_there_at_the_start_is_not_a_change(ws: Workspace) -> None:
    assert not _watcher(ws).poll()


def test_a_file_saved_by_another_process_is_seen_at_the_next_poll(ws: Workspace) -> None:
    watcher = _watcher(ws)
    _next_tick()
    other = Workspace(ws.home)  # the CLI, say: an atomic save renames into the folder
    other.update("acme", lambda o: o.model_copy(update={"role": "Dev"}))
    other.create(Opportunity(company="Initech"))
    assert watcher.poll().changed == {"acme", "initech"}
    assert not watcher.poll()


def test_a_file_edited_in_place_is_seen_by_the_full_scan(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    watcher = _watcher(ws)
    path = ws.path_for("globex")
    mtime = os.stat(ws.opportunities_dir).st_mtime_ns
    with open(path, "a", encoding="utf-8") as handle:  # an editor writing in place
        handle.write('role = "Ops"\n')
    assert os.stat(ws.opportunities_dir).st_mtime_ns == mtime  # the folder did not change
    monkeypatch.setattr(watch_module, "FULL_SCAN_EVERY", 0.0)  # as if a second had passed
    assert watcher.poll().changed == {"globex"}


def test_removed_files_and_the_profile_are_reported(ws: Workspace) -> None:
    watcher = _watcher(ws)
    _next_tick()
    ws.remove("acme")
    ws.save_profile(Profile())
    changes = watcher.poll()
    assert changes.removed == {"acme"} and changes.profile and not changes.changed


def test_the_apps_own_save_is_not_reported_and_costs_no_scan(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    watcher = _watcher(ws)
    ws.update("acme", lambda o: o.model_copy(update={"role": "Dev"}))
    watcher.note_own_write("acme")
    scans = _count_scans(monkeypatch)
    assert not watcher.poll()
    assert scans == []  # one stat of the folder told it nothing else changed
    # Another process's save after it is still seen at once.
    _next_tick()
    Workspace(ws.home).update("globex", lambda o: o.model_copy(update={"role": "Ops"}))
    assert watcher.poll().changed == {"globex"}
    assert scans == [ws.opportunities_dir]
