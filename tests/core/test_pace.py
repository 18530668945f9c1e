"""A background pass gives way to the keyboard (catbird.store.pace): it waits while the UI
says it is busy with input, never forever, and the check of every file after start is paced
between files, every file still checked."""

from __future__ import annotations

import itertools
from pathlib import Path

from catbird.store import Workspace
from catbird.store.index import Index
from catbird.store.pace import giving_way


def test_a_pass_waits_while_the_ui_is_busy_and_goes_on_after() -> None:
    answers = iter([True, True, True, False])
    asked: list[bool] = []

    def busy() -> bool:
        asked.append(next(answers, False))
        return asked[-1]

    pace = giving_way(busy, stretch=10.0)
    pace()
    # Returned only once the UI said it was done: every "busy" was waited out.
    assert asked == [True, True, True, False]
    asked.clear()
    pace()  # not busy, and well within a stretch of work: no wait, one question
    assert asked == [False]


def test_a_key_held_down_does_not_starve_the_pass() -> None:
    asked = itertools.count()

    def always() -> bool:
        next(asked)
        return True

    pace = giving_way(always, patience=0.05)
    pace()  # returns although the UI never stops being busy
    assert next(asked) > 2  # it did wait, asking again and again


def test_the_check_after_start_is_paced_between_files_and_still_catches_a_wrong_card(
    tmp_path: Path,
) -> None:
    workspace = Workspace(tmp_path)
    for number in range(5):
        path = workspace.opportunities_dir / f"firm-{number}.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'company = "Firm {number}"\nrole = "Engineer"\nstage = "lead"\n')
    profile = workspace.read_profile()
    workspace.summaries(profile)  # the index, from every file
    index = Index.read(workspace.index_path)
    # A card the index got wrong while the file's identity stayed the same.
    name = "firm-3.toml"
    key, digest, card = index.entries[name]
    index.entries[name] = (key, digest, card._replace(company="Not Firm 3"))
    calls = 0

    def pace() -> None:
        nonlocal calls
        calls += 1

    checked, problems = workspace.summaries(profile, index, pace=pace)
    assert calls == 5 and problems == []
    assert {c.slug: c.company for c in checked}["firm-3"] == "Firm 3"
