"""Findings: the suggested homework, recording what was found out, the fit and the unknowns,
the prep sheet, and the `answer` and `prep` commands run as real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from catbird import ops
from catbird.exchange.prep import prep_markdown
from catbird.model import (
    CardSummary,
    Contact,
    Criterion,
    FlagEvent,
    Interview,
    Opportunity,
    Profile,
    summarize,
)
from catbird.model.findings import open_questions, standings
from catbird.model.prep import prep_sheet
from catbird.model.scoring import fit_score, unknown_count
from catbird.store import CatbirdError, NotFound, Workspace
from catbird.texts.starter import suggested_profile
from conftest import RunCli

HOSTILE = "[bold]Boss[/] [@click=app.quit]x[/] \x1b]52;c;aGk=\x07\x1b[2J ok"
HOSTILE_KEPT = "[bold]Boss[/] [@click=app.quit]x[/]  ok"


def _profile() -> Profile:
    return Profile(
        must_haves=[
            Criterion(
                id="remote",
                text="Mostly remote",
                weight=5,
                questions=["How many office days?"],
                signals=["Calendar full of office events"],
            ),
            Criterion(id="mentor", text="A manager who mentors", weight=3),
        ],
        dealbreakers=[
            Criterion(id="travel", text="Constant travel", weight=4, questions=["Days away?"]),
            Criterion(id="rude", text="A rude boss", weight=5),
        ],
        nice_to_haves=[Criterion(id="conf", text="Conference budget", weight=2)],
    )


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = Workspace(tmp_path / "home")
    workspace.save_profile(_profile())
    ops.add(workspace, "Acme")
    ops.add_contact(workspace, "acme", "Dana Reyes", role="CTO")
    ops.add_contact(workspace, "acme", "Danny Oh")
    return workspace


# ---- the suggested homework ------------------------------------------------------------------


def test_the_suggested_homework_links_each_flag_to_a_dealbreaker_it_has() -> None:
    starter = suggested_profile()
    dealbreakers = {d.id: d.text for d in starter.dealbreakers}
    linked = {p.label: dealbreakers[p.dealbreaker] for p in starter.flags if p.dealbreaker}
    assert linked["Future boss talks down to people"] == "A future boss who belittles people"
    assert "cut-throat" in linked["Colleagues played off against each other"].casefold()
    assert {"Travel the posting never mentioned", "The work sounds repetitive"} <= set(linked)
    assert {"Kept waiting", "Call put on hold again and again"} <= {p.label for p in starter.flags}
    for _, criterion in starter.criteria():
        if criterion.id.startswith(("mh", "db")):
            assert criterion.questions, criterion.text  # every deciding one says what to ask


def test_suggestions_fill_only_the_lists_still_empty() -> None:
    mine = Profile(must_haves=[Criterion(id="mine1", text="My own must-have")])
    filled = ops.use_suggestions(mine)
    assert [c.text for c in filled.must_haves] == ["My own must-have"]
    assert filled.dealbreakers and filled.flags and filled.flexibles
    assert ops.use_suggestions(filled) == filled  # twice: nothing added twice
    # A flag whose dealbreaker is not in the profile is kept, unlinked.
    own_deals = Profile(dealbreakers=[Criterion(id="mydeal", text="Mine")])
    flags = ops.use_suggestions(own_deals).flags
    assert flags and all(p.dealbreaker is None for p in flags)


# ---- recording findings ----------------------------------------------------------------------


def test_a_criterion_is_named_by_id_prefix_or_part() -> None:
    profile = _profile()
    assert ops.resolve_criterion(profile, "travel").id == "travel"
    assert ops.resolve_criterion(profile, "mostly").id == "remote"
    assert ops.resolve_criterion(profile, "BUDGET").id == "conf"
    with pytest.raises(CatbirdError, match="matches 2 criteria") as exc:
        ops.resolve_criterion(profile, "a ")  # "A manager…", "A rude boss"
    assert "mentor" in str(exc.value) and "rude" in str(exc.value)
    with pytest.raises(NotFound):
        ops.resolve_criterion(profile, "salary")
    with pytest.raises(NotFound, match="no criteria yet"):
        ops.resolve_criterion(Profile(), "x")


def test_an_answer_is_a_finding_with_its_person_and_interview(ws: Workspace) -> None:
    ops.start_interview(ws, "acme", with_whom="Dana")
    change = ops.answer(ws, "acme", "remote", "no", quote="Four days in", by="dana r")
    assert change.after is not None
    o = ws.read("acme")
    (finding,) = o.findings
    dana = next(c for c in o.contacts if c.name == "Dana Reyes")
    assert (finding.answer, finding.quote, finding.by) == ("no", "Four days in", dana.id)
    assert finding.interview == o.interviews[0].id
    assert o.who(finding.by) == "Dana Reyes"
    # A name that is no contact's, or that names two, is kept as typed.
    ops.answer(ws, "acme", "mentor", "mixed", by="Dan")  # Dana and Danny
    ops.answer(ws, "acme", "conf", "yes", by="Someone from HR")
    assert [f.by for f in ws.read("acme").findings[1:]] == ["Dan", "Someone from HR"]
    with pytest.raises(CatbirdError, match="one of yes, no, mixed, unknown"):
        ops.answer(ws, "acme", "remote", "maybe")


def test_fit_and_unknowns_follow_the_findings(ws: Workspace) -> None:
    profile = ws.read_profile()
    card = ws.summaries(profile)[0][0]
    assert (card.fit, card.unknown) == (None, 4)
    ops.answer(ws, "acme", "remote", "yes")
    ops.answer(ws, "acme", "mentor", "mixed")
    ops.answer(ws, "acme", "travel", "no")
    card = ws.summaries(profile)[0][0]
    assert (card.fit, card.unknown) == (81, 1)  # (5 + 1.5) / 8; the rude boss unknown
    ops.answer(ws, "acme", "rude", "yes", quote="Sneered at the intern")
    card = ws.summaries(profile)[0][0]
    assert (card.fit, card.unknown) == (0, 0)


def test_findings_of_two_writers_merge_by_id(ws: Workspace) -> None:
    from catbird.model import three_way

    base = ws.read("acme")
    ours = ops.answer(ws, "acme", "remote", "yes").after
    assert ours is not None
    theirs = base.model_copy(
        update={"findings": [*base.findings, *ops_finding("travel", "no").findings]}
    )
    merged = three_way(base, ours, theirs)
    assert sorted(f.criterion for f in merged.findings) == ["remote", "travel"]


def ops_finding(criterion: str, answer: str) -> Opportunity:
    from catbird.model.opportunity import Finding

    return Opportunity(company="x", findings=[Finding(criterion=criterion, answer=answer)])  # type: ignore[arg-type]


# ---- the prep sheet --------------------------------------------------------------------------


def test_the_prep_sheet_lists_the_unknowns_heaviest_first_with_their_questions(
    ws: Workspace,
) -> None:
    ops.start_interview(ws, "acme", with_whom="Dana")
    ops.answer(ws, "acme", "remote", "mixed", quote="Hybrid, whatever that means", by="Dana R")
    interview = ws.read("acme").interviews[0]
    flag = FlagEvent(label="Kept waiting", severity=1)
    ops.log_flag(ws, "acme", flag, interview.id)
    ops.log_flag(ws, "acme", FlagEvent(label="Kept waiting", severity=1), interview.id)
    o = ws.read("acme")
    profile = ws.read_profile()
    assert [s.criterion.id for s in open_questions(o, profile)] == [
        "rude",
        "travel",
        "mentor",
        "conf",
    ]
    sheet = prep_sheet(o, profile)
    assert sheet.next_round == 2
    assert [s.criterion.id for s in sheet.mixed] == ["remote"]
    assert sheet.flags[0].label == "Kept waiting" and sheet.flags[0].count == 2
    assert sheet.people[0].rounds == (1,) and sheet.people[1].rounds == ()
    text = prep_markdown(o, profile)
    travel = text.index("**Constant travel**")
    assert text.index("**A rude boss**") < travel < text.index("**A manager who mentors**")
    assert "  - Ask: Days away?" in text
    assert "“Hybrid, whatever that means” — Dana Reyes (Mostly remote)" in text
    assert "- Kept waiting ×2 (round 1)" in text


def test_the_prep_sheet_escapes_what_a_user_typed(ws: Workspace) -> None:
    ws.update_profile(
        lambda p: p.model_copy(
            update={"must_haves": [Criterion(id="oddone", text=HOSTILE, questions=[HOSTILE])]}
        )
    )
    ops.answer(ws, "acme", "travel", "mixed", quote=HOSTILE, by=HOSTILE)
    text = prep_markdown(ws.read("acme"), ws.read_profile())
    assert "\x1b" not in text and "\x07" not in text
    assert "\\[bold\\]Boss\\[/\\]" in text  # Markdown-escaped, kept


# ---- the commands, as real processes ---------------------------------------------------------


def test_answer_and_prep_from_the_shell(run_cli: RunCli, ws: Workspace) -> None:
    home = ws.home
    said = run_cli(
        "answer", "acme", "remote", "no", "--quote", "Four days", "--by", "dana r", home=home
    )
    assert said.returncode == 0, said.stderr
    assert said.stdout == "acme: must-have “Mostly remote” → no (by Dana Reyes)\n"
    listed = json.loads(run_cli("list", "--json", home=home).stdout)["opportunities"][0]
    assert (listed["fit"], listed["unknown"]) == (0, 3)
    shown = json.loads(run_cli("show", "acme", "--json", home=home).stdout)
    assert shown["findings"][0]["answer"] == "no" and shown["fit"] == {"remote": False}
    prep = run_cli("prep", "acme", home=home)
    assert prep.returncode == 0 and prep.stdout.startswith("# Prep: Acme\n")
    assert "“Four days” — Dana Reyes" in prep.stdout

    before = {p.name: p.read_bytes() for p in (home / "opportunities").iterdir()}
    ambiguous = run_cli("answer", "acme", "a ", "yes", home=home)
    assert ambiguous.returncode == 1 and "matches 2 criteria" in ambiguous.stderr
    unknown = run_cli("answer", "acme", "salary", "yes", home=home)
    assert unknown.returncode == 1 and "no criterion" in unknown.stderr
    wrong = run_cli("answer", "acme", "remote", "perhaps", home=home)
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr
    assert {p.name: p.read_bytes() for p in (home / "opportunities").iterdir()} == before

    hostile = run_cli(
        "answer", "acme", "travel", "mixed", "--quote", HOSTILE, "--by", HOSTILE, home=home
    )
    assert hostile.returncode == 0, hostile.stderr
    shown = json.loads(run_cli("show", "acme", "--json", home=home).stdout)
    assert shown["findings"][-1]["quote"] == HOSTILE_KEPT
    assert shown["findings"][-1]["by"] == HOSTILE_KEPT
    for result in (hostile, run_cli("prep", "acme", home=home), run_cli("show", "acme", home=home)):
        assert "\x1b" not in result.stdout + result.stderr and "Traceback" not in result.stderr


def test_a_flag_from_the_shell_names_who_raised_it(run_cli: RunCli, ws: Workspace) -> None:
    dana = next(c for c in ws.read("acme").contacts if c.name == "Dana Reyes")
    raised = run_cli("flag", "acme", "Talked over me", "--by", "dana", home=ws.home)
    assert raised.returncode == 0, raised.stderr
    assert raised.stdout.endswith("(by Dana Reyes)\n")
    stranger = run_cli("flag", "acme", "Late", "--by", "Sam from HR", home=ws.home)
    assert stranger.stdout.endswith("(by Sam from HR)\n")
    flags = ws.read("acme").interviews[-1].flags
    assert [(f.label, f.by) for f in flags[-2:]] == [
        ("Talked over me", dana.id),  # the contact's id: a rename follows it
        ("Late", "Sam from HR"),  # nobody known by that name: kept as typed
    ]


def test_answer_and_prep_do_not_import_textual(ws: Workspace, cli_env: dict[str, str]) -> None:
    script = """
import sys
from catbird.cli import main
home = sys.argv[1]
for args in (["answer", "acme", "remote", "yes", "--by", "Dana"], ["prep", "acme"]):
    assert main(["--home", home, *args]) == 0, args
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
assert not loaded, loaded
print("ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", script, str(ws.home)],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("ok\n")


def test_standings_cover_every_criterion_in_the_profiles_order() -> None:
    profile = _profile()
    o = Opportunity(
        company="x",
        contacts=[Contact(name="Dana")],
        interviews=[Interview(flags=[FlagEvent(label="Sneer", dealbreaker="rude")])],
    )
    found = standings(o, profile)
    assert [s.criterion.id for s in found] == ["remote", "mentor", "travel", "rude", "conf"]
    rude = found[3]
    assert rude.answer == "yes" and rude.evidence[0].source == "flag"
    assert fit_score(o, profile) == 0 and unknown_count(o, profile) == 3


def test_an_answer_confirming_a_dealbreaker_is_a_reason_for_a_definite_no() -> None:
    from datetime import timedelta

    from catbird.model import now
    from catbird.model.opportunity import Finding
    from catbird.model.scoring import definite_no_reasons

    profile = _profile()
    t = now()
    yes = Finding(at=t, criterion="travel", answer="yes", quote="Two weeks a month")
    assert definite_no_reasons([], profile, [yes]) == ["dealbreaker: Constant travel"]
    later_no = Finding(at=t + timedelta(minutes=1), criterion="travel", answer="no")
    assert definite_no_reasons([], profile, [yes, later_no]) == []  # taken back
    must = Finding(at=t, criterion="remote", answer="no")
    assert definite_no_reasons([], profile, [must]) == []  # a must-have is not a dealbreaker
    flag = FlagEvent(at=t + timedelta(minutes=2), label="Sneer", dealbreaker="rude")
    assert definite_no_reasons([flag], profile, [yes]) == [
        "dealbreaker: Constant travel",
        "dealbreaker: A rude boss",
    ]


def test_add_person_puts_a_known_or_new_contact_across_the_table(ws: Workspace) -> None:
    ops.start_interview(ws, "acme")
    interview = ws.read("acme").interviews[0].id
    ops.add_person(ws, "acme", interview, "dana")  # Dana Reyes, known
    ops.add_person(ws, "acme", interview, "Lee Park", role="Principal")
    ops.add_person(ws, "acme", interview, "Dana Reyes")  # already there: not twice
    o = ws.read("acme")
    names = [o.who(i) for i in o.interviews[0].people]
    assert names == ["Dana Reyes", "Lee Park"]
    lee = next(c for c in o.contacts if c.name == "Lee Park")
    assert lee.role == "Principal" and lee.met
    with pytest.raises(CatbirdError):
        ops.add_person(ws, "acme", interview, "  ")


def test_before_signing_names_the_must_haves_not_found_there(ws: Workspace) -> None:
    from catbird.model.findings import before_signing

    profile = ws.read_profile()
    assert before_signing(ws.read("acme"), profile) == [
        "must-have still unknown: Mostly remote",
        "must-have still unknown: A manager who mentors",
    ]
    ops.answer(ws, "acme", "remote", "yes")
    ops.answer(ws, "acme", "mentor", "no", quote="No one-to-ones here")
    assert before_signing(ws.read("acme"), profile) == [
        "must-have answered no: A manager who mentors (“No one-to-ones here”)"
    ]
    ops.answer(ws, "acme", "mentor", "yes")
    assert before_signing(ws.read("acme"), profile) == []


# ---- what they said ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("180-200k", 180_000, 200_000),
        ("180k – 200k base", 180_000, 200_000),
        ("$195,000", 195_000, 195_000),
        ("two office days", 2, 2),
        ("1.2m total", 1_200_000, 1_200_000),
        ("no numbers here", None, None),
    ],
)
def test_the_numbers_in_what_they_said(text: str, low: float | None, high: float | None) -> None:
    from catbird.model.claims import amounts

    assert amounts(text) == (low, high)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("180-200k", 180_000, 200_000),
        ("180 to 200", 180_000, 200_000),  # pay talk: thousands
        ("160 base plus bonus", 160_000, 160_000),
        ("$195,000", 195_000, 195_000),
        ("$90/h", None, None),  # not a yearly figure: kept as words, never compared
        ("95 per hour", None, None),
        ("12k a month", None, None),
        ("about 15k monthly", None, None),
        ("180k a year", 180_000, 180_000),
    ],
)
def test_pay_is_read_as_people_say_it(text: str, low: float | None, high: float | None) -> None:
    from catbird.model.claims import numbers_of

    assert numbers_of(text, "pay") == {"low": low, "high": high}


def test_an_hourly_rate_is_never_held_against_a_yearly_offer(ws: Workspace) -> None:
    from catbird.model.claims import held_against

    ops.record_claim(ws, "acme", "pay", "$90/h")
    ops.record_claim(ws, "acme", "pay", "180 to 200")
    ops.start_offer(ws, "acme", ws.read_profile())
    base = next(t for t in ws.read("acme").offer.terms if t.name == "Base salary")  # type: ignore[union-attr]
    ops.set_term(ws, "acme", base.id, offered=165_000)
    said = held_against(ws.read("acme"))
    assert [(h.claim.text, h.broken) for h in said] == [("$90/h", False), ("180 to 200", True)]


def test_a_claim_is_held_against_the_written_offer(ws: Workspace) -> None:
    from datetime import timedelta

    from catbird.model import today
    from catbird.model.claims import held_against, split_topic
    from catbird.texts.offer_texts import talking_points

    assert split_topic("pay: 180-200k") == ("pay", "180-200k")
    assert split_topic("Office Days: two") == ("office-days", "two")
    assert split_topic("we grow fast: really") == ("other", "we grow fast: really")
    ops.start_interview(ws, "acme")
    ops.record_claim(ws, "acme", "pay", "180-200k", by="dana")
    ops.record_claim(ws, "acme", "office-days", "two days a week")
    due = today() + timedelta(days=3)
    ops.record_claim(ws, "acme", "decision", "an answer by Friday", by_date=due)
    ops.start_offer(ws, "acme", ws.read_profile())
    base = next(t for t in ws.read("acme").offer.terms if t.name == "Base salary")  # type: ignore[union-attr]
    ops.set_term(ws, "acme", base.id, offered=165_000)
    o = ws.read("acme")
    said = held_against(o)
    assert [(h.claim.topic, h.round, h.broken) for h in said] == [
        ("pay", 1, True),
        ("office-days", 1, False),  # no office days offered yet
        ("decision", 1, False),
    ]
    assert said[0].line() == "said 180-200k in round 1; offer $165,000"
    assert o.who(said[0].claim.by) == "Dana Reyes"
    points = talking_points(o, ws.read_profile())
    assert "- They said 180-200k in round 1; offer $165,000: hold them to what they said." in points
    # The promised date is due when it comes, not before.
    assert [i.text for i in ops.due_items([o], due) if i.kind == "promise"] == [
        "they said “an answer by Friday”"
    ]
    assert not [i for i in ops.due_items([o], today()) if i.kind == "promise"]
    card = summarize(o)
    assert CardSummary.from_row(card.to_row()) == card  # as the summary index keeps it
    assert ops.due_items_of_cards([card], due) == ops.due_items([o], due)
    with pytest.raises(CatbirdError, match="a claim is about one of"):
        ops.record_claim(ws, "acme", "vibes", "great")


def test_said_from_the_shell(run_cli: RunCli, ws: Workspace) -> None:
    said = run_cli("said", "acme", "pay", "180-200k", "--by", "dana", home=ws.home)
    assert said.returncode == 0, said.stderr
    assert said.stdout == "acme: they said “180-200k” about pay (by Dana Reyes)\n"
    [claim] = json.loads(run_cli("show", "acme", "--json", home=ws.home).stdout)["claims"]
    assert (claim["low"], claim["high"], claim["topic"]) == (180_000, 200_000, "pay")
    wrong = run_cli("said", "acme", "vibes", "great", home=ws.home)
    assert wrong.returncode == 2
    hostile = run_cli("said", "acme", "other", HOSTILE, home=ws.home)
    assert hostile.returncode == 0 and "\x1b" not in hostile.stdout
    prep = run_cli("prep", "acme", home=ws.home)
    assert "“180-200k” — Dana Reyes (pay)" in prep.stdout


def test_a_new_lead_after_walking_away_keeps_the_people(ws: Workspace) -> None:
    with pytest.raises(CatbirdError, match="after walking away"):
        ops.lead_after_walking_away(ws, "acme", "Platform lead")
    ops.walk_away(ws, "acme", "rude boss")
    change = ops.lead_after_walking_away(ws, "acme", "Platform lead")
    lead = ws.read(change.slug)
    assert (lead.company, lead.role, lead.stage.value) == ("Acme", "Platform lead", "lead")
    assert [c.name for c in lead.contacts] == ["Dana Reyes", "Danny Oh"]
    assert lead.notes[0].text == "The role I really want here: Platform lead"
