"""The three-way merge behind undo: order kept, and never another writer's change taken back.

Undo is `three_way(after, before, current)`: our change (before → after) taken back on top of
what is on disk now. These tests state what that must do for any outside change in between.
"""

from __future__ import annotations

import contextlib
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from catbird import ops
from catbird.model import Note, Opportunity, Stage, three_way, three_way_kept, today
from catbird.store import CatbirdError, Workspace

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _with_notes(names: list[str], texts: dict[str, str] | None = None) -> Opportunity:
    """An opportunity whose notes are named (ids are padded to the id pattern)."""
    texts = texts or {}
    notes = [Note(id=f"{n:0>4}", text=texts.get(n, f"note {n}")) for n in names]
    return Opportunity(company="Acme", notes=notes)


def _ids(o: Opportunity) -> list[str]:
    return [n.id.lstrip("0") for n in o.notes]


# ---- order: an item put back comes back at its old place --------------------------------------


@st.composite
def removals_then_outside_changes(draw: st.DrawFn) -> tuple[list[str], list[str], list[str]]:
    """(before, after, current): ids of a keyed list; we removed some (before → after), then
    another writer added items anywhere and removed some of what was left (→ current)."""
    size = draw(st.integers(1, 12))
    before = [f"n{i}" for i in range(size)]
    removed = draw(st.sets(st.sampled_from(before), min_size=1))
    after = [i for i in before if i not in removed]
    current = [i for i in after if not draw(st.booleans()) or draw(st.booleans())]
    for number in range(draw(st.integers(0, 4))):
        current.insert(draw(st.integers(0, len(current))), f"x{number}")
    return before, after, current


@SETTINGS
@given(removals_then_outside_changes(), st.data())
def test_undo_puts_removed_items_back_at_their_place_and_keeps_the_other_side_s(
    lists: tuple[list[str], list[str], list[str]], data: st.DataObject
) -> None:
    before_ids, after_ids, current_ids = lists
    edited = data.draw(st.sets(st.sampled_from(current_ids)) if current_ids else st.just(set()))
    before, after = _with_notes(before_ids), _with_notes(after_ids)
    current = _with_notes(current_ids, {i: f"edited {i}" for i in edited})

    undone = three_way(after, before, current)

    gone_outside = set(after_ids) - set(current_ids)
    # Our items in their old order, among each other and around the items they kept ...
    assert [i for i in _ids(undone) if i in before_ids] == [
        i for i in before_ids if i not in gone_outside
    ]
    # ... and everything the other side did stays: its additions, its order, its edits.
    assert [i for i in _ids(undone) if i in current_ids] == current_ids
    assert set(_ids(undone)) == set(current_ids) | (set(before_ids) - set(after_ids))
    for n, name in zip(undone.notes, _ids(undone), strict=True):
        assert n.text == (f"edited {name}" if name in edited else f"note {name}")
    # Redo takes our removal again and leaves the rest.
    assert _ids(three_way(before, after, undone)) == [
        i for i in current_ids if i not in set(before_ids) - set(after_ids)
    ]


def test_a_removed_first_and_last_item_come_back_around_their_neighbour() -> None:
    before = _with_notes(["a", "b", "c"])
    after = _with_notes(["b"])
    current = _with_notes(["b", "x"])  # the other side appended one since
    # c follows b again; what was added after b meanwhile keeps its turn, as appends do.
    assert _ids(three_way(after, before, current)) == ["a", "b", "x", "c"]


def test_undo_of_a_move_restores_the_order_and_keeps_an_item_added_since() -> None:
    before = _with_notes(["a", "b", "c"])
    after = _with_notes(["b", "a", "c"])  # we moved a down
    current = _with_notes(["b", "x", "a", "c"])
    assert _ids(three_way(after, before, current)) == ["a", "b", "x", "c"]


def test_two_appends_stay_in_turn_ours_after_theirs() -> None:
    base = _with_notes(["a"])
    ours = _with_notes(["a", "ours"])
    theirs = _with_notes(["a", "theirs"])
    assert _ids(three_way(base, ours, theirs)) == ["a", "theirs", "ours"]


def test_both_reordering_keeps_their_order_and_says_so() -> None:
    base = _with_notes(["a", "b", "c"])
    ours = _with_notes(["c", "a", "b"])
    theirs = _with_notes(["b", "a", "c"])
    merged, kept = three_way_kept(base, ours, theirs)
    assert _ids(merged) == ["b", "a", "c"]
    assert kept == ("notes",)


# ---- conflicts: what another writer changed since stays as they made it -----------------------


def test_a_field_changed_since_is_kept_and_named() -> None:
    before = Opportunity(company="Acme", role="Engineer", location="Oslo")
    after = before.model_copy(update={"role": "Staff", "location": "Bergen"})
    current = after.model_copy(update={"role": "Principal"})
    undone, kept = three_way_kept(after, before, current)
    assert undone.role == "Principal"  # theirs, kept
    assert undone.location == "Oslo"  # ours, taken back
    assert kept == ("role",)


def test_a_removed_item_edited_since_stays() -> None:
    before = _with_notes(["a"])
    after = _with_notes(["a", "b"])  # we added b
    current = _with_notes(["a", "b"], {"b": "edited since"})
    undone, kept = three_way_kept(after, before, current)
    assert [n.text for n in undone.notes] == ["note a", "edited since"]
    assert kept == ("notes",)


class _Marks(BaseModel):
    """A model with a dict field (the opportunity's `fit` was one, before findings)."""

    marks: dict[str, bool] = {}


def test_dicts_merge_key_by_key() -> None:
    before = _Marks(marks={"crit1": True})
    after = before.model_copy(update={"marks": {"crit1": False, "crit2": True}})
    current = after.model_copy(update={"marks": {"crit1": False, "crit2": False, "crit3": True}})
    undone, kept = three_way_kept(after, before, current)
    assert undone.marks == {"crit1": True, "crit2": False, "crit3": True}
    assert kept == ("marks",)


# ---- any sequence of outside changes, through the real operations on a real workspace ---------

STAGES = list(Stage)
TEXTS = st.sampled_from(["Staff", "Berlin", "Remote", "ping them", "Lead", "call Ana"])


def _our_change(ws: Workspace, slug: str, kind: str, text: str, stage: Stage) -> Any:
    if kind == "move":
        return ops.move(ws, slug, stage)
    if kind == "role":
        return ops.edit(ws, slug, role=text)
    if kind == "location":
        return ops.edit(ws, slug, location=text, tags=[text])
    if kind == "note":
        return ops.note(ws, slug, text)
    if kind == "next":
        return ops.set_next_action(ws, slug, text, today() + timedelta(days=3))
    if kind == "flag":
        return ops.flag(ws, slug, text)
    return ops.add_contact(ws, slug, text)


KINDS = st.sampled_from(["move", "role", "location", "note", "next", "flag", "contact"])
CHANGES = st.tuples(KINDS, TEXTS, st.sampled_from(STAGES))
OURS = st.tuples(KINDS, TEXTS, st.sampled_from(STAGES[1:]))  # it starts at lead


def _expect(after: Any, before: Any, current: Any, result: Any, where: str) -> None:
    """The rule for undo, written as a spec: where the other side did nothing since, ours is
    taken back; whatever the other side changed since stays as they made it."""
    if current == after:
        assert result == before, where
        return
    if before == after:
        assert result == current, where
        return
    if isinstance(after, BaseModel) and type(after) is type(before) is type(current):
        names = list(type(after).model_fields)
        for group in getattr(type(after), "merged_together", ()):
            values = [[getattr(m, n) for n in group] for m in (after, before, current)]
            if values[0] != values[2] and values[0] != values[1] and values[1] != values[2]:
                for name in group:  # both touched the stage: theirs stands whole
                    assert getattr(result, name) == getattr(current, name), f"{where}.{name}"
                names = [n for n in names if n not in group]
        for name in names:
            _expect(
                getattr(after, name),
                getattr(before, name),
                getattr(current, name),
                getattr(result, name),
                f"{where}.{name}",
            )
        return
    if isinstance(after, list) and all(hasattr(i, "id") for i in [*after, *before, *current]):
        a, b, c = ({i.id: i for i in side} for side in (after, before, current))
        r = {i.id: i for i in result}
        for key, item in c.items():
            if key in a and key in b:
                assert key in r, f"{where}[{key}] was taken away"
                _expect(a[key], b[key], item, r[key], f"{where}[{key}]")
            elif key not in a or item != a[key]:  # added or edited since: it stays
                assert r.get(key) == item, f"{where}[{key}]"
            else:  # our addition, untouched since: taken back
                assert key not in r, f"{where}[{key}]: our addition stayed"
        for key in a.keys() - c.keys():
            assert key not in r, f"{where}[{key}]: removed since, but back"
        for key in b.keys() - a.keys():
            assert r.get(key) == b[key], f"{where}[{key}]: ours not put back"
        assert [i.id for i in result if i.id in c] == [k for k in c if k in r], f"{where}: order"
        return
    assert result == current, where  # both changed it: theirs stays


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OURS, st.lists(CHANGES, max_size=4))
def test_undo_never_takes_back_an_outside_change(
    ours: tuple[str, str, Stage], outside: list[tuple[str, str, Stage]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp))
        slug = ops.add(ws, "Acme", role="Engineer", location="Oslo").slug
        ops.note(ws, slug, "first call went well")
        change = _our_change(ws, slug, *ours)
        for kind, text, stage in outside:
            with contextlib.suppress(CatbirdError):  # e.g. already at that stage
                _our_change(ws, slug, kind, text, stage)
        current = ws.read(slug)

        inverse = ops.undo(ws, change)

        result = ws.read(slug)
        assert inverse.after == result
        _expect(change.after, change.before, current, result, "opportunity")
        # The stage and its history agree, whichever side they came from.
        assert result.stage == result.stage_history[-1].stage
        # A field both sides set, differently, is named in what the undo kept.
        for name in ("role", "location", "stage", "next_action"):
            a, b, c = (getattr(m, name) for m in (change.after, change.before, current))
            if a != b and a != c and b != c:
                assert name in inverse.kept, name


def test_undo_of_an_add_keeps_the_file_when_it_was_changed_since(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    added = ops.add(ws, "Acme")
    ops.note(ws, added.slug, "written from the shell")
    inverse = ops.undo(ws, added)
    assert [n.text for n in ws.read(added.slug).notes] == ["written from the shell"]
    assert inverse.kept == ("the opportunity",)
    assert ws.read(added.slug) == inverse.after


def test_the_story_of_issue_12_undo_leaves_the_shell_s_move(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    slug = ops.add(ws, "Acme").slug
    ours = ops.move(ws, slug, Stage.APPLIED)
    ops.move(ws, slug, Stage.INTERVIEWING)  # from the shell
    inverse = ops.undo(ws, ours)
    saved = ws.read(slug)
    assert saved.stage == Stage.INTERVIEWING
    assert [c.stage for c in saved.stage_history] == [
        Stage.LEAD,
        Stage.APPLIED,
        Stage.INTERVIEWING,
    ]
    assert inverse.kept == ("stage",)
