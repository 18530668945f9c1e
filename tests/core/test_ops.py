"""The operations the CLI and the TUI share, on real temporary workspaces."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pydantic import ValidationError

from catbird import ops
from catbird.model import (
    Contact,
    Criterion,
    Debrief,
    FlagPreset,
    Interview,
    NextAction,
    Profile,
    Stage,
    now,
    today,
)
from catbird.model.errors import field_errors
from catbird.ops.common import invalid
from catbird.store import Ambiguous, CatbirdError, FileProblem, NotFound, Workspace


def _tree(ws: Workspace) -> dict[str, bytes]:
    return {
        str(p.relative_to(ws.home)): p.read_bytes()
        for p in sorted(ws.home.rglob("*"))
        if p.is_file() and "locks" not in p.parts
    }


def _refused(
    ws: Workspace, call, error: type[Exception] = CatbirdError, match: str | None = None
) -> None:
    """`call` raises `error` and leaves every file exactly as it was."""
    before = _tree(ws)
    with pytest.raises(error, match=match):
        call()
    assert _tree(ws) == before


def _set(ws: Workspace, slug: str, **fields: object) -> None:
    """Put the opportunity in a given state, as a person editing the file would."""
    ws.update(slug, lambda o: o.model_copy(update=fields))


# ---- add and edit ------------------------------------------------------------------------------


def test_add_creates_a_time_stamped_card(workspace: Workspace) -> None:
    due = today() + timedelta(days=3)
    change = ops.add(
        workspace,
        "Acme [bold]Corp[/]\x1b[31m",
        role="Staff Engineer",
        link="https://acme.example/jobs/1",
        tags=["remote"],
        next_action="Send portfolio",
        due=due,
    )
    assert change.before is None and change.slug == "acme-bold-corp"
    o = workspace.read(change.slug)
    assert o == change.after
    assert (o.company, o.stage, o.tags) == ("Acme [bold]Corp[/]", Stage.LEAD, ["remote"])
    assert o.next_action == NextAction(text="Send portfolio", due=due)
    assert len(o.stage_history) == 1 and o.stage_history[0].stage == Stage.LEAD
    assert o.stage_history[0].at == o.created_at and o.closing is None


def test_add_at_a_closed_stage_records_the_closing(workspace: Workspace) -> None:
    o = ops.add(workspace, "Acme", stage=Stage.GHOSTED).after
    assert o.closing is not None and o.closing.stage == Stage.GHOSTED


def test_add_refuses_bad_input_and_creates_nothing(workspace: Workspace) -> None:
    yesterday = today() - timedelta(days=1)
    with pytest.raises(CatbirdError, match=f"the due date {yesterday.isoformat()} is in the past"):
        ops.add(workspace, "Acme", next_action="Call", due=yesterday)
    with pytest.raises(CatbirdError, match="company: must not be empty"):
        ops.add(workspace, "\x1b[31m  ")
    with pytest.raises(CatbirdError, match="at most 500"):
        ops.add(workspace, "x" * 501)
    assert workspace.slugs() == []
    assert ops.add(workspace, "Acme", next_action="Call", due=today()).after.next_action


def test_edit_changes_card_fields_and_the_next_action(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    due = today() + timedelta(days=2)
    change = ops.edit(workspace, slug, role="Dev", tags=["a", "b"], next_action="Call", due=due)
    assert (change.before.role, change.after.role) == ("", "Dev")
    o = workspace.read(slug)
    assert (o.role, o.tags, o.next_action) == ("Dev", ["a", "b"], NextAction(text="Call", due=due))
    assert o.slug == slug  # the file keeps its name when the company changes
    ops.edit(workspace, slug, company="Acme Inc")
    assert workspace.read(slug).company == "Acme Inc"
    ops.edit(workspace, slug, next_action="  ")
    assert workspace.read(slug).next_action is None


def test_edit_refuses_unknown_fields_bad_values_and_past_dates(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    _refused(workspace, lambda: ops.edit(workspace, slug, stage="offer"), match="cannot edit stage")
    _refused(workspace, lambda: ops.edit(workspace, slug, company=""), match="must not be empty")
    past = today() - timedelta(days=1)
    _refused(
        workspace,
        lambda: ops.edit(workspace, slug, next_action="Call", due=past),
        match="in the past",
    )
    _refused(
        workspace, lambda: ops.set_next_action(workspace, slug, "Call", past), match="in the past"
    )


def test_editing_the_text_of_an_overdue_action_keeps_its_date(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    overdue = today() - timedelta(days=5)
    _set(workspace, slug, next_action=NextAction(text="Call", due=overdue))
    ops.edit(workspace, slug, next_action="Call Dana", due=overdue)
    assert workspace.read(slug).next_action == NextAction(text="Call Dana", due=overdue)


# ---- moving ------------------------------------------------------------------------------------


def test_move_is_time_stamped_and_closing_follows_the_stage(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    ops.move(workspace, slug, Stage.INTERVIEWING)
    change = ops.move(workspace, slug, Stage.REJECTED, note="Went with an internal candidate")
    o = workspace.read(slug)
    assert [(c.from_stage, c.stage) for c in o.stage_history] == [
        (None, Stage.LEAD),
        (Stage.LEAD, Stage.INTERVIEWING),
        (Stage.INTERVIEWING, Stage.REJECTED),
    ]
    assert o.stage_history[-1].note == "Went with an internal candidate"
    assert o.closing.stage == Stage.REJECTED
    assert o.closing.reason == "Went with an internal candidate"
    assert o.closing.at == o.stage_history[-1].at
    assert change.after == o
    ops.move(workspace, slug, Stage.OFFER)  # reopened
    assert workspace.read(slug).closing is None
    _refused(workspace, lambda: ops.move(workspace, slug, Stage.OFFER), match="already at 'offer'")


@pytest.mark.parametrize(
    ("start", "delta", "expected"),
    [
        (Stage.LEAD, 1, Stage.APPLIED),
        (Stage.APPLIED, 1, Stage.SCREENING),
        (Stage.INTERVIEWING, 1, Stage.OFFER),
        (Stage.OFFER, 1, Stage.ACCEPTED),  # forward from an offer is acceptance
        (Stage.OFFER, -1, Stage.INTERVIEWING),
        (Stage.APPLIED, -1, Stage.LEAD),
    ],
)
def test_step_moves_to_the_neighbouring_stage(
    workspace: Workspace, start: Stage, delta: int, expected: Stage
) -> None:
    slug = ops.add(workspace, "Acme", stage=start).slug
    change = ops.step(workspace, slug, delta)
    assert change.after.stage == expected
    assert workspace.read(slug).stage_history[-1].from_stage == start


def test_step_back_from_a_closed_stage_returns_to_the_last_active_one(
    workspace: Workspace,
) -> None:
    slug = ops.add(workspace, "Acme").slug
    ops.move(workspace, slug, Stage.SCREENING)
    ops.move(workspace, slug, Stage.INTERVIEWING)
    ops.move(workspace, slug, Stage.REJECTED)
    _refused(workspace, lambda: ops.step(workspace, slug, 1), match="is closed")
    ops.step(workspace, slug, -1)
    o = workspace.read(slug)
    assert o.stage == Stage.INTERVIEWING and o.closing is None
    # Closed from the start: back goes to the first stage.
    other = ops.add(workspace, "Globex", stage=Stage.GHOSTED).slug
    assert ops.step(workspace, other, -1).after.stage == Stage.LEAD
    _refused(workspace, lambda: ops.step(workspace, other, -1), match="first stage")


# ---- notes and flags ---------------------------------------------------------------------------


def test_note_is_appended_clean_and_empty_ones_are_refused(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    ops.note(workspace, slug, "first")
    ops.note(workspace, slug, "two\nlines \x1b]52;c;aGk=\x07[bold]ok[/]")
    assert [n.text for n in workspace.read(slug).notes] == ["first", "two\nlines [bold]ok[/]"]
    _refused(
        workspace, lambda: ops.note(workspace, slug, "\x1b[2J \x07"), match="must not be empty"
    )
    _refused(workspace, lambda: ops.note(workspace, slug, "x" * 50_001), match="at most 50000")


@pytest.fixture
def profile() -> Profile:
    return Profile(
        dealbreakers=[Criterion(id="boss1", text="A boss who belittles people")],
        flags=[
            FlagPreset(id="late1", key="1", label="Kept waiting", severity=1),
            FlagPreset(id="rude1", key="2", label="Rude boss", severity=3, dealbreaker="boss1"),
            FlagPreset(id="grow1", key="!", label="Clear growth path", kind="green"),
        ],
    )


def _flags(ws: Workspace, slug: str) -> list[tuple[str, str, int, str | None, str | None]]:
    return [(f.label, f.kind, f.severity, f.preset, f.dealbreaker) for f in ws.read(slug).flags]


def test_flag_matches_presets_by_label_or_key(workspace: Workspace, profile: Profile) -> None:
    slug = ops.add(workspace, "Acme").slug
    ops.flag(workspace, slug, "  rude BOSS ", profile=profile)
    ops.flag(workspace, slug, "1", profile=profile)
    ops.flag(workspace, slug, "!", profile=profile)
    ops.flag(workspace, slug, "kept waiting", severity=3, profile=profile)
    ops.flag(workspace, slug, "Rude boss", green=True, profile=profile)
    ops.flag(workspace, slug, "Asked my age", profile=profile)
    ops.flag(workspace, slug, "Great questions", green=True, severity=1, profile=profile)
    ops.flag(workspace, slug, "Waits without a profile")
    assert _flags(workspace, slug) == [
        ("Rude boss", "red", 3, "rude1", "boss1"),
        ("Kept waiting", "red", 1, "late1", None),
        ("Clear growth path", "green", 2, "grow1", None),
        ("Kept waiting", "red", 3, "late1", None),  # --severity wins over the preset's
        ("Rude boss", "green", 3, "rude1", None),  # green: not evidence of the dealbreaker
        ("Asked my age", "red", 2, None, None),
        ("Great questions", "green", 1, None, None),
        ("Waits without a profile", "red", 2, None, None),
    ]


def test_flag_refuses_bad_input(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    _refused(workspace, lambda: ops.flag(workspace, slug, "x", severity=4), match="severity")
    _refused(workspace, lambda: ops.flag(workspace, slug, "\x1b[31m"), match="must not be empty")
    _refused(workspace, lambda: ops.flag(workspace, "nobody", "x"), NotFound)


def test_the_cli_and_the_forms_say_a_validation_error_in_the_same_words() -> None:
    with pytest.raises(ValidationError) as caught:
        FlagPreset(key="ab", label="Late", severity=4)
    # The command line: each problem at its field path, in words a person can act on.
    assert str(invalid(caught.value)) == (
        "key: one character: a letter, a digit or one of !@#$%^&*(); severity: at most 3"
    )
    # A form: the same words, beside the field they belong to.
    assert field_errors(caught.value) == {
        "key": "one character: a letter, a digit or one of !@#$%^&*()",
        "severity": "at most 3",
    }
    with pytest.raises(ValidationError) as caught:
        Profile(flags=[FlagPreset(key="1", label="Late"), FlagPreset(key="1", label="Rude")])
    assert field_errors(caught.value) == {"flags": "key '1' is used by both 'Late' and 'Rude'"}
    assert str(invalid(caught.value)) == "flags: key '1' is used by both 'Late' and 'Rude'"


def test_a_flag_without_an_open_interview_goes_to_one_for_today(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    ops.flag(workspace, slug, "Late")
    ops.flag(workspace, slug, "Rude")
    o = workspace.read(slug)
    assert len(o.interviews) == 1  # the second flag joins today's interview
    interview = o.interviews[0]
    assert interview.started_at.date() == today() and interview.kind == "other"
    assert not interview.is_open  # logged after the fact: not an interview under way
    assert [f.label for f in interview.flags] == ["Late", "Rude"]


def test_a_flag_goes_to_the_open_interview_first(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    ops.flag(workspace, slug, "Today, before the call")
    started = ops.start_interview(workspace, slug, kind="phone", with_whom="Dana").after
    open_id = started.open_interview.id
    assert started.open_interview.round == 2
    ops.flag(workspace, slug, "On hold twice")
    o = workspace.read(slug)
    assert [f.label for f in o.interviews[1].flags] == ["On hold twice"]
    assert o.interviews[1].id == open_id


def test_a_flag_after_an_interview_on_another_day_starts_a_new_one(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    last_week = now() - timedelta(days=7)
    _set(workspace, slug, interviews=[Interview(started_at=last_week, ended_at=last_week)])
    ops.flag(workspace, slug, "Late again")
    o = workspace.read(slug)
    assert len(o.interviews) == 2 and o.interviews[0].flags == []
    assert o.interviews[1].round == 2 and [f.label for f in o.interviews[1].flags] == ["Late again"]


def test_start_and_end_an_interview(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    o = ops.start_interview(workspace, slug, round=3, kind="onsite", with_whom="Dana").after
    interview = o.open_interview
    assert (interview.round, interview.kind, interview.with_whom) == (3, "onsite", "Dana")
    _refused(workspace, lambda: ops.start_interview(workspace, slug), match="already has")
    debrief = Debrief(gut=4, verdict="continue", summary="Good team")
    ended = ops.end_interview(workspace, slug, interview.id, debrief).after.interviews[0]
    assert ended.ended_at is not None and ended.debrief == debrief
    assert workspace.read(slug).open_interview is None
    _refused(
        workspace,
        lambda: ops.end_interview(workspace, slug, "gone1"),
        NotFound,
        match="interview gone1 is gone",
    )
    _refused(
        workspace, lambda: ops.start_interview(workspace, slug, kind="carrier pigeon"), match="kind"
    )


# ---- walking away and following up ---------------------------------------------------------


def test_walk_away_closes_with_the_red_flags_as_evidence(
    workspace: Workspace, profile: Profile
) -> None:
    slug = ops.add(workspace, "Acme", stage=Stage.INTERVIEWING).slug
    ops.flag(workspace, slug, "Earlier today")  # a finished interview: not this one's evidence
    ops.start_interview(workspace, slug)
    red = [ops.flag(workspace, slug, t, profile=profile) for t in ("2", "1")]
    ops.flag(workspace, slug, "!", profile=profile)
    red_ids = [c.after.open_interview.flags[-1].id for c in red]

    ops.walk_away(workspace, slug, reason="A boss who belittles people")
    o = workspace.read(slug)
    assert o.stage == Stage.WALKED_AWAY and o.open_interview is None
    assert o.stage_history[-1].from_stage == Stage.INTERVIEWING
    assert o.closing.stage == Stage.WALKED_AWAY
    assert o.closing.reason == "A boss who belittles people"
    assert o.closing.evidence == red_ids
    _refused(workspace, lambda: ops.walk_away(workspace, slug), match="already at 'walked-away'")


def test_walk_away_with_chosen_evidence(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    flag_id = ops.flag(workspace, slug, "Late").after.flags[0].id
    ops.walk_away(workspace, slug, evidence=[flag_id])
    assert workspace.read(slug).closing.evidence == [flag_id]
    # Evidence that names no flag would make a file that does not load: refused, unwritten.
    other = ops.add(workspace, "Globex").slug
    _refused(workspace, lambda: ops.walk_away(workspace, other, evidence=["nope1"]))
    assert workspace.read(other).stage == Stage.LEAD


def test_walk_away_without_flags_has_no_evidence(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    o = ops.walk_away(workspace, slug).after
    assert o.stage == Stage.WALKED_AWAY and o.closing.evidence == []


def _with_contacts(ws: Workspace, slug: str) -> list[Contact]:
    contacts = [
        Contact(id="dana1", name="Dana", met=True, clicked=True),
        Contact(id="sam01", name="Sam", met=True),
        Contact(id="lee01", name="Lee"),  # never met: no thank-you
    ]
    _set(ws, slug, contacts=contacts)
    return contacts


@pytest.mark.parametrize("outcome", [Stage.REJECTED, Stage.GHOSTED])
def test_a_rejection_or_a_silence_plans_the_whole_follow_up(
    workspace: Workspace, outcome: Stage
) -> None:
    slug = ops.add(workspace, "Acme").slug
    _with_contacts(workspace, slug)
    change = ops.move(workspace, slug, outcome)  # the plan comes with the ending
    start = today()
    plan = change.after.follow_ups
    assert [(f.kind, f.contact, (f.due - start).days) for f in plan] == [
        ("thanks", "dana1", 1),
        ("thanks", "sam01", 1),  # Lee was never met: no thank-you
        ("call", "dana1", 7),  # only the one clicked with
        ("review", None, 2),
        ("network", None, 3),
        ("help", None, 30),
        ("check-in", None, 150),  # about five months
    ]
    assert all(f.planned_for == outcome for f in plan)
    assert "Dana" in plan[0].title and "Acme" in plan[0].title
    assert all(not f.is_done for f in plan)
    assert workspace.read(slug).follow_ups == plan
    assert ops.planned(change.before, change.after) == plan
    _refused(workspace, lambda: ops.plan_follow_ups(workspace, slug), match="already has")


def test_each_ending_has_its_own_plan(workspace: Workspace) -> None:
    kinds = {}
    for stage in (Stage.DECLINED, Stage.WITHDRAWN, Stage.WALKED_AWAY):
        slug = ops.add(workspace, f"Co {stage.value}").slug
        _with_contacts(workspace, slug)
        kinds[stage] = [
            (f.kind, f.contact) for f in ops.move(workspace, slug, stage).after.follow_ups
        ]
    assert kinds[Stage.DECLINED] == [
        ("decline", None),
        ("thanks", "dana1"),
        ("thanks", "sam01"),
        ("network", None),
    ]
    assert kinds[Stage.WITHDRAWN] == [
        ("withdraw", None),
        ("thanks", "dana1"),
        ("thanks", "sam01"),
        ("network", None),
    ]
    assert kinds[Stage.WALKED_AWAY] == [("thanks", "dana1")]  # one note, the door open


def test_the_one_who_raised_the_red_flags_is_never_called(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    _set(
        workspace,
        slug,
        contacts=[
            Contact(id="dana1", name="Dana", met=True, clicked=True, raised_flags=True),
            Contact(id="sam01", name="Sam", met=True, clicked=True),
        ],
    )
    plan = ops.move(workspace, slug, Stage.REJECTED).after.follow_ups
    assert [f.contact for f in plan if f.kind == "call"] == ["sam01"]
    assert [f.contact for f in plan if f.kind == "thanks"] == ["dana1", "sam01"]


def test_accepting_plans_the_news_for_the_people_of_every_other_search(
    workspace: Workspace,
) -> None:
    earlier = ops.add(workspace, "Acme", stage=Stage.REJECTED).slug
    _with_contacts(workspace, earlier)
    other = ops.add(workspace, "Beta").slug
    _set(workspace, other, contacts=[Contact(name="Bo", met=True, email="bo@beta.test")])
    ops.add(workspace, "Cedar")  # nobody met there: no news to send
    slug = ops.add(workspace, "Delta", stage=Stage.OFFER).slug
    change = ops.step(workspace, slug, 1)  # L from the offer: accepted
    assert change.after.stage is Stage.ACCEPTED
    landed = [f for f in change.after.follow_ups if f.kind == "landed"]
    assert [(f.elsewhere.company, f.elsewhere.people, f.elsewhere.emails) for f in landed] == [
        ("Acme", ["Dana", "Sam"], []),
        ("Beta", ["Bo"], ["bo@beta.test"]),
    ]
    assert "Dana and Sam" in landed[0].title and "Delta" in landed[0].title


def test_reopening_takes_back_the_plan_and_undo_the_whole_ending(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme", stage=Stage.INTERVIEWING, next_action="Send portfolio").slug
    _with_contacts(workspace, slug)
    closed = ops.close(workspace, slug, Stage.REJECTED, "went with an internal hire")
    o = closed.after
    assert o.next_action is None and o.closing.retired_action == "Send portfolio"
    assert o.closing.reason == "went with an internal hire"
    ops.set_letter(workspace, slug, o.follow_ups[0].id, "Dear Dana, my own words")
    ops.flag(workspace, slug, "from the shell meanwhile")  # another writer's change
    reopened = ops.move(workspace, slug, Stage.INTERVIEWING).after
    # Only the task with the candidate's own letter stays; the rest of the plan is gone.
    assert [f.letter for f in reopened.follow_ups] == ["Dear Dana, my own words"]
    assert reopened.closing is None
    ops.undo(workspace, ops.move(workspace, slug, Stage.GHOSTED))
    # Undoing an ending takes back its stage, its plan and the retired action, nothing else.
    after_undo = workspace.read(slug)
    assert after_undo.stage is Stage.INTERVIEWING and len(after_undo.follow_ups) == 1
    assert [f.label for f in after_undo.flags] == ["from the shell meanwhile"]


def test_closing_needs_an_ending(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    _refused(workspace, lambda: ops.close(workspace, slug, Stage.OFFER), match="not an ending")


def test_without_anyone_marked_met_nobody_is_thanked(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme", stage=Stage.REJECTED).slug
    _set(workspace, slug, contacts=[Contact(name="Dana"), Contact(name="Sam")])
    plan = ops.plan_follow_ups(workspace, slug).after.follow_ups
    assert [f.kind for f in plan].count("thanks") == 0
    assert "call" not in [f.kind for f in plan]


@pytest.mark.parametrize("stage", [Stage.LEAD, Stage.INTERVIEWING, Stage.OFFER])
def test_no_follow_up_plan_before_an_ending(workspace: Workspace, stage: Stage) -> None:
    slug = ops.add(workspace, "Acme", stage=stage).slug
    _refused(workspace, lambda: ops.plan_follow_ups(workspace, slug), match="follow-up plan comes")


def test_complete_follow_up(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme", stage=Stage.REJECTED).slug
    plan = ops.plan_follow_ups(workspace, slug).after.follow_ups
    ops.complete_follow_up(workspace, slug, plan[0].id)
    o = workspace.read(slug)
    assert o.follow_ups[0].is_done and not any(f.is_done for f in o.follow_ups[1:])
    ops.complete_follow_up(workspace, slug, plan[0].id, done=False)
    assert not workspace.read(slug).follow_ups[0].is_done
    _refused(workspace, lambda: ops.complete_follow_up(workspace, slug, "nope1"), NotFound, "nope1")
    # With every task done, a new plan may be made.
    for task in plan:
        ops.complete_follow_up(workspace, slug, task.id)
    assert len(ops.plan_follow_ups(workspace, slug).after.follow_ups) == 2 * len(plan)


# ---- undo and redo ---------------------------------------------------------------------------


def test_undo_of_add_moves_the_file_to_the_trash_and_redo_restores_it(
    workspace: Workspace,
) -> None:
    change = ops.add(workspace, "Acme", role="Dev")
    created = workspace.read(change.slug)
    inverse = ops.undo(workspace, change)
    assert workspace.slugs() == [] and inverse.after is None
    trashed = list((workspace.state_dir / "trash").iterdir())
    assert len(trashed) == 1 and trashed[0].name.startswith(f"{change.slug}.")
    ops.undo(workspace, inverse)  # redo
    assert workspace.read(change.slug) == created


def test_undo_of_a_move_keeps_a_flag_logged_meanwhile(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    move = ops.move(workspace, slug, Stage.INTERVIEWING)
    ops.flag(workspace, slug, "Late")  # e.g. from the shell while the TUI was open

    inverse = ops.undo(workspace, move)
    o = workspace.read(slug)
    assert o.stage == Stage.LEAD and len(o.stage_history) == 1
    assert [f.label for f in o.flags] == ["Late"]

    ops.flag(workspace, slug, "Rude")
    ops.undo(workspace, inverse)  # redo
    o = workspace.read(slug)
    assert o.stage == Stage.INTERVIEWING
    assert o.stage_history[-1] == move.after.stage_history[-1]
    assert [f.label for f in o.flags] == ["Late", "Rude"]


def test_undo_of_a_note_and_of_a_walk_away(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    ops.note(workspace, slug, "keep me")
    noted = ops.note(workspace, slug, "remove me")
    ops.undo(workspace, noted)
    assert [n.text for n in workspace.read(slug).notes] == ["keep me"]

    ops.flag(workspace, slug, "Late")
    walked = ops.walk_away(workspace, slug)
    ops.note(workspace, slug, "written after")
    ops.undo(workspace, walked)
    o = workspace.read(slug)
    assert o.stage == Stage.LEAD and o.closing is None
    assert [n.text for n in o.notes] == ["keep me", "written after"]


def test_undo_refuses_a_broken_file_and_leaves_it(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    move = ops.move(workspace, slug, Stage.APPLIED)
    workspace.path_for(slug).write_text('company = "Acme"\nstage = "sideways"\n')
    _refused(workspace, lambda: ops.undo(workspace, move), FileProblem, "stage")


# ---- what is due -----------------------------------------------------------------------------


def test_due_items(workspace: Workspace) -> None:
    day = today()
    a = ops.add(workspace, "Acme", next_action="Send portfolio", due=day).slug
    b = ops.add(workspace, "Beta", next_action="Prepare", due=day + timedelta(days=5)).slug
    c = ops.add(workspace, "Cedar", next_action="No date").slug
    d = ops.add(workspace, "Delta", stage=Stage.REJECTED).slug
    e = ops.add(workspace, "Echo").slug
    _set(workspace, e, next_action=NextAction(text="Overdue", due=day - timedelta(days=2)))
    # A closed card's next action is not due any more; its follow-ups are.
    _set(workspace, d, next_action=NextAction(text="Stale", due=day - timedelta(days=1)))
    plan = ops.plan_follow_ups(workspace, d).after.follow_ups
    assert [f.kind for f in plan[:2]] == ["review", "network"]  # nobody to thank or call
    ops.complete_follow_up(workspace, d, plan[0].id)  # a done task is not due

    opportunities, _ = workspace.load_all()
    now_due = ops.due_items(opportunities, day)
    assert [(i.slug, i.kind, i.text) for i in now_due] == [
        (e, "next-action", "Overdue"),
        (a, "next-action", "Send portfolio"),
    ]
    week = ops.due_items(opportunities, day + timedelta(days=7))
    assert [(i.slug, i.due - day) for i in week] == [
        (e, timedelta(days=-2)),
        (a, timedelta(0)),
        (d, timedelta(days=3)),  # network; the review is done
        (b, timedelta(days=5)),
    ]
    assert all(i.slug != c for i in week)
    # The cards carry what is due (the due view draws from them, reading no file), through
    # the summary index too.
    cards, _ = workspace.summaries()
    assert ops.due_items_of_cards(cards, day) == now_due
    assert ops.due_items_of_cards(workspace.summaries()[0], day + timedelta(days=7)) == week
    assert workspace.summaries(verify=False)[0] == cards
    follow_up = week[2]
    assert follow_up.kind == "follow-up" and follow_up.follow_up_id == plan[1].id
    assert follow_up.to_json() == {
        "slug": d,
        "company": "Delta",
        "kind": "follow-up",
        "text": plan[1].title,
        "due": (day + timedelta(days=3)).isoformat(),
        "follow_up_id": plan[1].id,
        "follow_up_kind": "network",
        "contact": None,
        "email": None,
        "letter": None,
    }


# ---- finding an opportunity ----------------------------------------------------------------


@pytest.fixture
def companies(workspace: Workspace) -> Workspace:
    for company, role in [
        ("Acme", ""),
        ("Acme", "Dev"),
        ("Globex", ""),
        ("Initech Software", ""),
        ("Umbrella Holdings", ""),
        ("Blue Umbrella", ""),
        ("[bold]Markup[/] Ltd", ""),
    ]:
        ops.add(workspace, company, role=role)
    return workspace


@pytest.mark.parametrize(
    ("ref", "slug"),
    [
        ("acme", "acme"),  # exact slug, though it is also a prefix of acme-dev
        ("ACME", "acme"),
        ("acme-d", "acme-dev"),
        ("glo", "globex"),
        ("  globex  ", "globex"),
        ("software", "initech-software"),  # part of the company name
        ("SOFTWARE", "initech-software"),
        ("blue", "blue-umbrella"),
        ("umbrella", "umbrella-holdings"),  # a unique slug prefix comes before company names
        ("[bold]markup", "bold-markup-ltd"),
    ],
)
def test_resolve(companies: Workspace, ref: str, slug: str) -> None:
    assert ops.resolve(companies, ref) == slug


def test_resolve_lists_the_candidates_when_ambiguous(companies: Workspace) -> None:
    with pytest.raises(Ambiguous) as caught:
        ops.resolve(companies, "ac")
    assert caught.value.candidates == [("acme", "Acme"), ("acme-dev", "Acme")]
    with pytest.raises(Ambiguous) as caught:
        ops.resolve(companies, "BRELLA")
    assert sorted(caught.value.candidates) == [
        ("blue-umbrella", "Blue Umbrella"),
        ("umbrella-holdings", "Umbrella Holdings"),
    ]
    assert "blue-umbrella  (Blue Umbrella)" in str(caught.value)


def test_resolve_refuses_what_names_nothing(companies: Workspace) -> None:
    with pytest.raises(NotFound, match="no opportunity matches 'hooli'"):
        ops.resolve(companies, "hooli")
    with pytest.raises(CatbirdError, match="empty reference"):
        ops.resolve(companies, "   ")
    with pytest.raises(NotFound):
        ops.resolve(Workspace(companies.home / "nowhere"), "acme")


def test_resolve_finds_a_broken_file_by_its_slug(companies: Workspace) -> None:
    # So that `catbird show globex` can say what is wrong with it.
    companies.path_for("globex").write_text("company = \n")
    assert ops.resolve(companies, "globex") == "globex"
    with pytest.raises(FileProblem):
        companies.read("globex")


def test_timestamps_are_local_and_to_the_second() -> None:
    moment = now()
    assert moment.tzinfo is not None and moment.microsecond == 0
    assert isinstance(today(), date) and not isinstance(today(), datetime)


def test_follow_ups_can_be_reworded_redated_and_removed(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme", stage=Stage.REJECTED).slug
    ops.add_contact(workspace, slug, "Dana", met=True)
    plan = ops.plan_follow_ups(workspace, slug).after
    assert plan is not None
    task = plan.follow_ups[0]
    later = task.due + timedelta(days=10)
    ops.edit_follow_up(workspace, slug, task.id, title="Write to Dana", due=later)
    edited = workspace.read(slug).follow_ups[0]
    assert (edited.id, edited.title, edited.due) == (task.id, "Write to Dana", later)
    with pytest.raises(CatbirdError, match="in the past"):
        ops.edit_follow_up(workspace, slug, task.id, due=date(2020, 1, 1))
    with pytest.raises(CatbirdError, match="must not be empty"):
        ops.edit_follow_up(workspace, slug, task.id, title="   ")
    removed = ops.remove_follow_up(workspace, slug, task.id)
    assert task.id not in {f.id for f in workspace.read(slug).follow_ups}
    ops.undo(workspace, removed)
    assert workspace.read(slug).follow_ups[0].title == "Write to Dana"
