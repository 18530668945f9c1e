"""Endings: contacts, the letters of the plan, .eml drafts, quiet applications, the shell."""

from __future__ import annotations

import email
import json
import re
from datetime import timedelta
from email import policy
from pathlib import Path

import pytest

from catbird import ops
from catbird.exchange.eml import eml_bytes
from catbird.model import (
    Contact,
    FlagEvent,
    Interview,
    Opportunity,
    Phrasing,
    Profile,
    Stage,
    now,
    today,
)
from catbird.store import Ambiguous, CatbirdError, NotFound, Workspace
from catbird.texts import letters
from catbird.texts.fill import PLACEHOLDER
from conftest import RunCli

HOSTILE_NAMES = [
    "[bold]Dana[/] Reyes",
    "[@click=app.quit]Sam[/] Lee",
    "Pri\x1b]52;c;aGk=\x07ya Nair",
    "{company} {name} Brace",
]


def _people(ws: Workspace, slug: str) -> Opportunity:
    """Three people: Dana (met, clicked), Sam (met, raised the red flags), Lee (not met)."""

    def change(o: Opportunity) -> Opportunity:
        contacts = [
            Contact(
                id="dana1",
                name="Dana Reyes",
                email="dana@acme.test",
                met=True,
                clicked=True,
                notes="The event-sourcing migration\nand more",
            ),
            Contact(id="sam01", name="Sam Lee", email="sam@acme.test", met=True, clicked=True),
            Contact(id="lee01", name="Lee Park", email="lee@acme.test"),
        ]
        flags = [
            FlagEvent(label="Patronising about the candidate's work", by="sam01"),
            FlagEvent(label="Clear answers on pay", kind="green", by="dana1"),
        ]
        interview = Interview(round=1, people=["dana1", "sam01"], flags=flags)
        return o.model_copy(update={"contacts": contacts, "interviews": [interview]})

    return ws.update(slug, change, "people").after  # type: ignore[return-value]


def _plan(ws: Workspace, stage: Stage = Stage.REJECTED) -> Opportunity:
    slug = ops.add(ws, "Acme", role="Staff Engineer", stage=Stage.INTERVIEWING).slug
    _people(ws, slug)
    after = ops.close(ws, slug, stage, "went with an internal hire").after
    assert after is not None
    return after


ME = Profile(name="Maren Lindqvist")


def _letter(o: Opportunity, kind: str, contact: str | None = None) -> letters.Letter:
    task = next(f for f in o.follow_ups if f.kind == kind and f.contact == contact)
    return letters.letter(o, task, ME)


# ---- the people --------------------------------------------------------------------------


def test_contacts_are_added_edited_and_removed_with_their_rounds(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme").slug
    ops.start_interview(workspace, slug)
    change = ops.add_contact(
        workspace,
        slug,
        "Dana Reyes",
        role="CTO",
        email="dana@acme.test",
        phone="+1 555 0100",
        link="https://example.com/dana",
        notes="Ran the panel",
        rounds=[1],
    )
    dana = change.after.contacts[-1]
    assert dana.met  # in an interview, so met
    assert ops.rounds_of(change.after, dana.id) == [1]
    edited = ops.edit_contact(workspace, slug, dana.id, clicked=True, role="CTO, my manager").after
    contact = edited.contact(dana.id)
    assert contact.clicked and contact.role == "CTO, my manager" and contact.phone == "+1 555 0100"
    # A flag Dana raised keeps her name when she is removed.
    ops.flag(workspace, slug, "Kept waiting")
    workspace.update(
        slug,
        lambda o: o.model_copy(
            update={
                "interviews": [
                    o.interviews[0].model_copy(
                        update={
                            "flags": [
                                f.model_copy(update={"by": dana.id}) for f in o.interviews[0].flags
                            ]
                        }
                    )
                ]
            }
        ),
        "by dana",
    )
    removed = ops.remove_contact(workspace, slug, dana.id).after
    assert removed.contacts == [] and removed.interviews[0].people == []
    assert removed.flags[0].by == "Dana Reyes"
    with pytest.raises(CatbirdError, match="no interview round 4"):
        ops.add_contact(workspace, slug, "Sam", rounds=[4])
    with pytest.raises(NotFound):
        ops.find_contact(removed, "dana")


def test_finding_a_contact_by_part_of_the_name(workspace: Workspace) -> None:
    o = _people(workspace, ops.add(workspace, "Acme").slug)
    assert ops.find_contact(o, "dana").id == "dana1"
    assert ops.find_contact(o, "LEE PARK").id == "lee01"
    with pytest.raises(Ambiguous):
        ops.find_contact(o, "lee")  # Sam Lee and Lee Park


# ---- letters -----------------------------------------------------------------------------


def test_thank_yous_name_exactly_the_people_met(workspace: Workspace) -> None:
    o = _plan(workspace)
    thanked = [f.contact for f in o.follow_ups if f.kind == "thanks"]
    called = [f.contact for f in o.follow_ups if f.kind == "call"]
    assert thanked == ["dana1", "sam01"]  # Lee was never met
    assert called == ["dana1"]  # Sam clicked, but raised the red flags: no call
    dana = _letter(o, "thanks", "dana1")
    assert dana.body.startswith("Hi Dana,")
    assert "the event-sourcing migration" in dana.body  # from her notes
    assert "Clear answers on pay" in dana.body  # the green flag tied to her
    assert "Staff Engineer" in dana.body and dana.body.rstrip().endswith("Maren Lindqvist")
    assert dana.to == (("Dana Reyes", "dana@acme.test"),)
    assert "Sam" not in dana.body and "Lee" not in dana.body
    sam = _letter(o, "thanks", "sam01")
    # Courtesy, never praise, for the one who raised the red flags.
    assert sam.body.startswith("Hi Sam,")
    for praise in ("enjoy", "stayed with me", "learned a lot", "respect", "Patronising"):
        assert praise not in sam.body
    network = _letter(o, "network", None)
    assert [name for name, _ in network.to] == ["Dana Reyes"]
    assert "Hi Dana," in network.body


@pytest.mark.parametrize(
    ("stage", "kind", "words"),
    [
        (Stage.REJECTED, "call", "Notes for the call with Dana Reyes"),
        (Stage.REJECTED, "check-in", "few months"),
        (Stage.REJECTED, "help", "consulting"),
        (Stage.WITHDRAWN, "withdraw", "withdraw from the process"),
        (Stage.WALKED_AWAY, "thanks", "The door is open"),
        (Stage.DECLINED, "decline", "decided not to accept"),
    ],
)
def test_every_follow_up_that_sends_words_has_its_letter(
    workspace: Workspace, stage: Stage, kind: str, words: str
) -> None:
    o = _plan(workspace, stage)
    task = next(f for f in o.follow_ups if f.kind == kind)
    made = letters.letter(o, task, ME)
    assert words in made.body
    assert not PLACEHOLDER.search(made.body), made.body
    assert made.sends == (kind != "call")


def test_a_check_in_goes_to_its_own_person_and_call_notes_keep_whole_topics(
    workspace: Workspace,
) -> None:
    o = _plan(workspace)
    long_note = (
        "We spent half the design round arguing happily about tile caching and the "
        "invalidation of routing tiles at continental scale. Would like to stay in touch."
    )

    def retarget(o: Opportunity) -> Opportunity:
        contacts = [
            c.model_copy(update={"notes": long_note}) if c.id == "dana1" else c for c in o.contacts
        ]
        follow_ups = [
            f.model_copy(update={"contact": "lee01"}) if f.kind == "check-in" else f
            for f in o.follow_ups
        ]
        return o.model_copy(update={"contacts": contacts, "follow_ups": follow_ups})

    o = workspace.update(o.slug, retarget).after
    assert o is not None
    check_in = _letter(o, "check-in", "lee01")
    assert check_in.body.startswith("Hi Lee,") and check_in.to == (("Lee Park", "lee@acme.test"),)

    call = _letter(o, "call", "dana1").body
    topics = [line[6:] for line in call.splitlines() if line.startswith("    - ")]
    assert topics[1] == "Clear answers on pay"
    first = topics[0]  # the note's first sentence, cut after a whole word
    assert first.endswith("…") and len(first) <= 90
    assert long_note.lower().startswith(first[:-1].lower())
    assert long_note[len(first) - 1] == " "  # the cut fell between two words
    assert "Would like" not in call


def test_the_landed_news_lists_the_people_of_the_earlier_searches(workspace: Workspace) -> None:
    _plan(workspace)
    slug = ops.add(workspace, "Initech", role="Platform lead", stage=Stage.OFFER).slug
    o = ops.decide(workspace, slug, "accept", ME).after
    landed = [f for f in o.follow_ups if f.kind == "landed"]
    assert len(landed) == 1
    made = letters.letter(o, landed[0], ME)
    # Dana only: Sam raised the red flags, Lee was never met.
    assert made.body.startswith("Hi Dana,") and "Initech" in made.body and "Acme" in made.body
    assert made.to == (("Dana Reyes", "dana@acme.test"),)


def test_the_users_own_phrasing_wins_filled_by_the_one_rule(workspace: Workspace) -> None:
    o = _plan(workspace)
    own = ME.model_copy(
        update={
            "phrasing": Phrasing(
                thanks_note=(
                    "Dear {first_name}, thanks from {me} about {topics} at {company}. {oops}"
                ),
                check_in_note="{Name}: checking in on {role}.",
            )
        }
    )
    task = next(f for f in o.follow_ups if f.kind == "thanks" and f.contact == "dana1")
    made = letters.letter(o, task, own)
    assert made.body.startswith("Dear Dana, thanks from Maren Lindqvist about the event-sourcing")
    assert "{oops}" in made.body and made.unknown == ("oops",)
    check_in = next(f for f in o.follow_ups if f.kind == "check-in")
    assert letters.letter(o, check_in, own).body == "Dana Reyes: checking in on Staff Engineer.\n"


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_letters_survive_hostile_names_and_eml_parses_back(
    workspace: Workspace, name: str, tmp_path: Path
) -> None:
    slug = ops.add(workspace, "Ev[il] {role}", stage=Stage.INTERVIEWING).slug
    ops.add_contact(workspace, slug, name, met=True, email="x@acme.test")
    o = ops.close(workspace, slug, Stage.REJECTED).after
    made = _letter(o, "thanks", o.contacts[0].id)
    assert "\x1b" not in made.body and "\x07" not in made.body
    raw = eml_bytes(made)
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message.get_content().replace("\r\n", "\n") == made.body  # CRLF, as RFC 5322 has it
    assert message["Subject"] == made.subject
    assert message["To"].addresses[0].display_name == o.contacts[0].name
    assert message["To"].addresses[0].addr_spec == "x@acme.test"


def test_an_address_cannot_smuggle_a_header_into_the_eml(workspace: Workspace) -> None:
    slug = ops.add(workspace, "Acme", stage=Stage.INTERVIEWING).slug
    ops.add_contact(workspace, slug, "Dana", met=True, email="dana@acme.test\r\nBcc: all@evil.test")
    o = ops.close(workspace, slug, Stage.REJECTED).after
    message = email.message_from_bytes(eml_bytes(_letter(o, "thanks", o.contacts[0].id)))
    assert message["Bcc"] is None
    assert "all@evil.test" not in (message["To"] or "") or "\n" not in (message["To"] or "")


def test_an_edited_letter_is_kept_and_sent_ticks_its_task(workspace: Workspace) -> None:
    o = _plan(workspace)
    task = next(f for f in o.follow_ups if f.kind == "thanks" and f.contact == "dana1")
    assert letters.letter(o, task, ME).drafted
    ops.set_letter(workspace, o.slug, task.id, "Dana, thank you. [b]Mine[/b]")
    again = workspace.read(o.slug)
    mine = letters.letter(again, next(f for f in again.follow_ups if f.id == task.id), ME)
    assert not mine.drafted and mine.body == "Dana, thank you. [b]Mine[/b]"
    sent = ops.mark_sent(workspace, o.slug, task.id, mine.body).after
    done = next(f for f in sent.follow_ups if f.id == task.id)
    assert done.is_done and done.sent_at is not None and done.letter == mine.body


def test_the_markdown_keeps_who_raised_the_red_flags_and_the_letters_sent(
    workspace: Workspace,
) -> None:
    from catbird.exchange.export import markdown

    o = _plan(workspace)
    task = next(f for f in o.follow_ups if f.kind == "thanks" and f.contact == "dana1")
    ops.mark_sent(workspace, o.slug, task.id, "Dana, thank you.\n\n*Mine*, [b]really[/b]")
    text = markdown([workspace.read(o.slug)], None)
    people = text.split("# People")[1].split("\n#")[0]
    assert "- Sam Lee (met) — clicked — raised the red flags" in people
    assert "raised" not in people.replace("Sam Lee (met) — clicked — raised", "")
    sent = text.split("Send Dana Reyes")[1].split("\n- [")[0]
    assert sent.splitlines()[0].endswith(f" — sent {now():%Y-%m-%d}")
    assert sent.splitlines()[1:] == [
        "  > Dana, thank you.",
        "  >",
        "  > \\*Mine\\*, \\[b\\]really\\[/b\\]",
    ]


# ---- silence -----------------------------------------------------------------------------


def test_a_quiet_application_is_nudged_then_proposed_as_ghosted(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CATBIRD_NOW", "2026-11-01T10:00:00+00:00")
    slug = ops.add(workspace, "Acme", stage=Stage.APPLIED).slug
    ops.add(workspace, "Lead Co")  # a lead is never nudged
    monkeypatch.setenv("CATBIRD_NOW", "2026-11-16T10:00:00+00:00")
    opportunities, _ = workspace.load_all()
    items = [i for i in ops.due_items(opportunities, today(), quiet_days=14) if i.kind == "quiet"]
    assert [(i.slug, i.follow_up_kind) for i in items] == [(slug, "nudge")]
    assert "15 days" in items[0].text
    monkeypatch.setenv("CATBIRD_NOW", "2026-12-01T10:00:00+00:00")
    opportunities, _ = workspace.load_all()
    items = [i for i in ops.due_items(opportunities, today(), quiet_days=14) if i.kind == "quiet"]
    assert [i.follow_up_kind for i in items] == ["ghosted"]
    # Checking in is news: the quiet starts again.
    ops.nudged(workspace, slug, "Hi, any news?")
    opportunities, _ = workspace.load_all()
    assert not [
        i for i in ops.due_items(opportunities, today(), quiet_days=14) if i.kind == "quiet"
    ]
    kept = workspace.read(slug).follow_ups[-1]
    assert kept.kind == "nudge" and kept.letter == "Hi, any news?" and kept.is_done


# ---- the shell ---------------------------------------------------------------------------


def test_the_shell_closes_keeps_people_and_writes_letters(run_cli: RunCli, tmp_path: Path) -> None:
    home = tmp_path / "home"

    def ok(*args: str) -> str:
        result = run_cli(*args, home=home)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout + result.stderr
        return result.stdout

    ok("add", "Acme", "--role", "Staff Engineer", "--stage", "interviewing", "--next", "Call")
    ok("contact", "add", "acme", "Dana Reyes", "--email", "dana@acme.test", "--met", "--clicked")
    ok("contact", "add", "acme", "Sam \x1b[31mLee", "--met")
    ok("contact", "add", "acme", "Lee Park", "--role", "Recruiter")
    ok("contact", "edit", "acme", "sam", "--raised-flags", "--phone", "+1 555")
    listing = json.loads(ok("contact", "list", "acme", "--json"))
    people = {c["name"]: c for c in listing["contacts"]}
    assert people["Sam Lee"]["raised_flags"] and people["Sam Lee"]["phone"] == "+1 555"
    closed = ok("close", "acme", "rejected", "--reason", "internal hire")
    assert "interviewing → rejected" in closed and "planned 7 follow-ups" in closed
    letters_listed = ok("letter", "acme")
    assert "Dana Reyes" in letters_listed
    printed = ok("letter", "acme", "dana", "--kind", "thanks")
    assert printed.startswith("To: Dana Reyes <dana@acme.test>\nSubject: Thank you")
    target = tmp_path / "dana.eml"
    ok("letter", "acme", "dana", "--kind", "thanks", "--eml", str(target), "--sent")
    message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
    assert message.get_content().startswith("Hi Dana,")
    due = json.loads(ok("due", "--days", "400", "--json"))["due"]
    kinds = [(d["follow_up_kind"], d["contact"]) for d in due]
    assert ("thanks", "Dana Reyes") not in kinds  # sent: done
    assert ("thanks", "Sam Lee") in kinds and ("call", "Dana Reyes") in kinds
    call = next(d for d in due if d["follow_up_kind"] == "call")
    assert call["letter"].startswith("Notes for the call with Dana Reyes")
    shown = json.loads(ok("show", "acme", "--json"))
    assert shown.get("next_action") is None and shown["closing"]["retired_action"] == "Call"
    # `move` knows withdrawn, and says what the ending planned.
    ok("add", "Beta", "--stage", "screening")
    moved = ok("move", "beta", "withdrawn")
    assert "screening → withdrawn" in moved and "planned 2 follow-ups" in moved
    ok("contact", "remove", "acme", "lee park")
    assert "Lee Park" not in ok("contact", "list", "acme")
    bad = run_cli("close", "acme", "offer", home=home)
    assert bad.returncode == 1 and "not an ending" in bad.stderr


def test_due_json_dates_follow_the_plan(run_cli: RunCli, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli("add", "Acme", "--stage", "applied", home=home).returncode == 0
    assert run_cli("close", "acme", "ghosted", home=home).returncode == 0
    due = json.loads(run_cli("due", "--days", "200", "--json", home=home).stdout)["due"]
    days = {d["follow_up_kind"]: d["due"] for d in due}
    start = today()
    assert days["review"] == (start + timedelta(days=2)).isoformat()
    assert days["check-in"] == (start + timedelta(days=150)).isoformat()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", days["help"])
