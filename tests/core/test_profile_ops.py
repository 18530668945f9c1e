"""Every profile change is an operation: each returns a ProfileChange, written to profile.toml,
and undo and redo take it back on the one history, through the same three-way merge."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from catbird import ops
from catbird.model import Criterion, FlagPreset, Phrasing, Profile, WalkAwayNumbers
from catbird.store import CatbirdError, ProfileChange, Workspace


def _on_disk(ws: Workspace) -> dict[str, object]:
    return tomllib.loads(ws.profile_path.read_text(encoding="utf-8"))


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = Workspace(tmp_path / "home")
    workspace.save_profile(
        Profile(
            name="Sam",
            must_haves=[Criterion(id="mustaaaa", text="Ships weekly", weight=5)],
            dealbreakers=[
                Criterion(id="dealaaaa", text="Heavy travel"),
                Criterion(id="dealbbbb", text="No remote"),
            ],
            flags=[
                FlagPreset(id="flagaaaa", key="1", label="Kept waiting"),
                FlagPreset(id="flagbbbb", key="2", label="Travel", dealbreaker="dealaaaa"),
                FlagPreset(id="flagcccc", key="3", label="Rude", severity=3),
            ],
        )
    )
    return workspace


def _undo_redo(ws: Workspace, change: ProfileChange, check_done: Callable[[Profile], None]) -> None:
    """Undo puts profile.toml back exactly as it was; redo does the change again."""
    assert ws.read_profile() == change.after
    check_done(ws.read_profile())
    inverse = ops.undo(ws, change)
    assert ws.read_profile() == change.before
    assert inverse.kept == ()
    ops.undo(ws, inverse)
    assert ws.read_profile() == change.after
    check_done(ws.read_profile())


def test_add_a_criterion_and_undo_it(ws: Workspace) -> None:
    new = Criterion(text="Small team", weight=2)
    change = ops.add_criterion(ws, "must_haves", new)
    assert change.description == "add must-have “Small team”"
    assert [c["text"] for c in _on_disk(ws)["must_haves"]] == ["Ships weekly", "Small team"]  # type: ignore[index]

    def done(p: Profile) -> None:
        assert [c.text for c in p.must_haves] == ["Ships weekly", "Small team"]

    _undo_redo(ws, change, done)
    with pytest.raises(CatbirdError, match="already"):
        ops.add_criterion(ws, "must_haves", new)


def test_edit_a_criterion_and_undo_it(ws: Workspace) -> None:
    edited = Criterion(id="mustaaaa", text="Ships every day", weight=4, note="ask the team")
    change = ops.edit_criterion(ws, "must_haves", edited)

    def done(p: Profile) -> None:
        assert p.must_haves == [edited]

    _undo_redo(ws, change, done)
    with pytest.raises(CatbirdError, match="no longer in the profile"):
        ops.edit_criterion(ws, "must_haves", Criterion(text="never added"))


def test_removing_a_dealbreaker_unlinks_its_flags_and_undo_links_them_again(ws: Workspace) -> None:
    change = ops.remove_criterion(ws, "dealbreakers", "dealaaaa")
    assert change.description == "remove dealbreaker “Heavy travel”"

    def done(p: Profile) -> None:
        assert [d.id for d in p.dealbreakers] == ["dealbbbb"]
        assert p.preset("flagbbbb").dealbreaker is None  # type: ignore[union-attr]

    _undo_redo(ws, change, done)
    ops.undo(ws, change)  # and undo it again
    profile = ws.read_profile()
    assert [d.id for d in profile.dealbreakers] == ["dealaaaa", "dealbbbb"]  # its old place
    assert profile.preset("flagbbbb").dealbreaker == "dealaaaa"  # type: ignore[union-attr]


def test_move_a_criterion_and_undo_it(ws: Workspace) -> None:
    change = ops.move_criterion(ws, "dealbreakers", "dealaaaa", 1)

    def done(p: Profile) -> None:
        assert [d.id for d in p.dealbreakers] == ["dealbbbb", "dealaaaa"]

    _undo_redo(ws, change, done)
    assert ops.move_criterion(ws, "dealbreakers", "dealaaaa", 5).after.dealbreakers[-1].id == (
        "dealaaaa"
    )  # stops at the end


def test_add_edit_move_remove_a_flag_preset_and_undo_each(ws: Workspace) -> None:
    added = ops.add_flag_preset(ws, FlagPreset(id="flagdddd", key="4", label="On hold"))
    _undo_redo(ws, added, lambda p: None if p.preset("flagdddd") else pytest.fail("not added"))

    edited = ops.edit_flag_preset(
        ws, FlagPreset(id="flagaaaa", key="1", label="Kept waiting long", severity=1)
    )
    _undo_redo(ws, edited, lambda p: None)
    assert ws.read_profile().preset("flagaaaa").label == "Kept waiting long"  # type: ignore[union-attr]

    moved = ops.move_flag_preset(ws, "flagcccc", -2)
    _undo_redo(ws, moved, lambda p: None)
    assert [f.id for f in ws.read_profile().flags][:3] == ["flagcccc", "flagaaaa", "flagbbbb"]

    removed = ops.remove_flag_preset(ws, "flagaaaa")
    assert removed.description == "remove flag “Kept waiting long”"
    _undo_redo(ws, removed, lambda p: None)
    assert ops.undo(ws, removed).after.flags[1].id == "flagaaaa"  # back between its neighbours


def test_a_key_taken_twice_is_refused_and_nothing_written(ws: Workspace) -> None:
    before = ws.profile_path.read_bytes()
    with pytest.raises(CatbirdError, match="key '1' is used by both"):
        ops.add_flag_preset(ws, FlagPreset(key="1", label="Another"))
    assert ws.profile_path.read_bytes() == before


def test_numbers_threshold_phrasing_and_name_and_undo_each(ws: Workspace) -> None:
    numbers = WalkAwayNumbers(min_base=120_000, max_travel_pct=10)
    _undo_redo(ws, ops.set_walk_away(ws, numbers), lambda p: None)
    assert ws.read_profile().numbers == numbers
    assert _on_disk(ws)["numbers"]["min_base"] == 120_000  # type: ignore[index]

    _undo_redo(ws, ops.set_tally_threshold(ws, 12), lambda p: None)
    assert ws.read_profile().tally.threshold == 12
    with pytest.raises(CatbirdError, match="threshold"):
        ops.set_tally_threshold(ws, 0)
    assert ops.set_tally_threshold(ws, None).after.tally.threshold == 8  # our default

    phrasing = Phrasing(exit_script="Thank you, {name}; I will stop here.")
    _undo_redo(ws, ops.set_phrasing(ws, phrasing), lambda p: None)
    assert ws.read_profile().phrasing == phrasing

    _undo_redo(ws, ops.set_identity(ws, "Sam Rivera", "Staff engineer"), lambda p: None)
    assert ws.read_profile().headline == "Staff engineer"


def test_undo_of_a_removal_keeps_a_preset_added_elsewhere_since(ws: Workspace) -> None:
    removed = ops.remove_flag_preset(ws, "flagbbbb")
    ws.update_profile(  # an editor, or another board, adds one at the end
        lambda p: p.model_copy(update={"flags": [*p.flags, FlagPreset(key="9", label="Vague")]})
    )
    ops.undo(ws, removed)
    assert [f.label for f in ws.read_profile().flags] == ["Kept waiting", "Travel", "Rude", "Vague"]


def test_undo_of_an_edit_leaves_a_field_changed_elsewhere_since(ws: Workspace) -> None:
    change = ops.set_walk_away(ws, WalkAwayNumbers(min_base=100_000, target_total=150_000))
    elsewhere = WalkAwayNumbers(min_base=90_000, target_total=150_000)
    ws.update_profile(lambda p: p.model_copy(update={"numbers": elsewhere}))
    inverse = ops.undo(ws, change)
    numbers = ws.read_profile().numbers
    assert numbers.min_base == 90_000  # theirs, kept
    assert numbers.target_total is None  # ours, taken back
    assert inverse.kept == ("numbers",)


def test_one_history_holds_profile_and_opportunity_changes(ws: Workspace) -> None:
    history = ops.UndoStack()
    moved = ops.add(ws, "Acme")
    history.record(moved)
    history.record(ops.remove_flag_preset(ws, "flagcccc"))
    history.record(ops.note(ws, moved.slug, "called back"))
    assert isinstance(history.undo(ws), type(moved))  # the note
    assert isinstance(history.undo(ws), ProfileChange)  # the preset is back
    assert ws.read_profile().preset("flagcccc") is not None
    assert ws.read(moved.slug).notes == []
    redone = history.redo(ws)
    assert isinstance(redone, ProfileChange)
    assert ws.read_profile().preset("flagcccc") is None
