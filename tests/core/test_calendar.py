"""The calendar: scheduling from the shell (checked on disk), the agenda at frozen clocks on
both sides of a daylight-saving change and across zones, the .ics read back with icalendar,
`catbird due --count` and its exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from catbird import ops
from catbird.exchange import ics
from catbird.model import FollowUp, NextAction, Stage
from catbird.model.agenda import agenda
from catbird.model.calendar import parse_minutes, parse_when
from catbird.store import CatbirdError, Workspace

BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
# 2026: Europe leaves summer time on 25 October, the United States on 1 November; in the
# week between, Berlin is 5 hours ahead of New York instead of 6.
BEFORE_EU_CHANGE = "2026-10-24T12:00:00+02:00"
AFTER_EU_CHANGE = "2026-10-27T12:00:00+01:00"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Set the user's zone (TZ) and stop the clock (CATBIRD_NOW) for this process."""

    def set_clock(zone: str, at: str) -> None:
        monkeypatch.setenv("TZ", zone)
        monkeypatch.setenv("CATBIRD_NOW", at)
        time.tzset()

    yield set_clock
    monkeypatch.undo()
    time.tzset()


def cli(home: Path, *args: str, zone: str, at: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATBIRD_")}
    env |= {"TZ": zone, "CATBIRD_NOW": at, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    env["CATBIRD_CONFIG"] = str(home.parent / "config.toml")
    return subprocess.run(
        [sys.executable, "-m", "catbird", "--home", str(home), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )


def on_disk(home: Path, slug: str) -> dict[str, object]:
    with (home / "opportunities" / f"{slug}.toml").open("rb") as f:
        return tomllib.load(f)


def test_schedule_move_and_call_off_from_the_shell(tmp_path: Path) -> None:
    home = tmp_path / "home"
    at = "2026-11-20T09:00:00-05:00"
    ny = "America/New_York"
    assert cli(home, "add", "Acme", "--stage", "interviewing", zone=ny, at=at).returncode == 0
    done = cli(home, "schedule", "acme", "2026-12-03 14:00", "--for", "45m", "--with",
               "Dana Reyes", "--link", "https://meet.example/x", "--tz", "Europe/Berlin",
               zone=ny, at=at)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Thu 3 Dec 2026 14:00 Europe/Berlin (08:00 here) (45 min) with Dana Reyes" in done.stdout
    data = on_disk(home, "acme")
    [planned] = data["scheduled"]  # type: ignore[misc]
    [dana] = data["contacts"]  # type: ignore[misc]
    assert planned["zone"] == "Europe/Berlin" and planned["minutes"] == 45
    assert planned["at"] == datetime(2026, 12, 3, 14, tzinfo=BERLIN)
    assert planned["at"].utcoffset() == timedelta(hours=1)  # stored on Berlin's clock
    assert planned["people"] == [dana["id"]] and dana["name"] == "Dana Reyes"
    assert planned["link"] == "https://meet.example/x" and planned["round"] == 1

    moved = cli(home, "reschedule", "acme", "2026-12-04 10:00", "--reason", "their ask",
                zone=ny, at=at)  # fmt: skip
    assert moved.returncode == 0, moved.stderr
    [planned] = on_disk(home, "acme")["scheduled"]  # type: ignore[misc]
    assert planned["at"] == datetime(2026, 12, 4, 10, tzinfo=BERLIN)  # still Berlin time
    [change] = planned["changes"]
    assert change["what"] == "moved" and change["reason"] == "their ask"
    assert change["from_time"] == datetime(2026, 12, 3, 14, tzinfo=BERLIN)
    assert change["at"] == datetime.fromisoformat(at)

    # Changing where (not when) is kept as an edit; the same again is refused.
    edited = cli(home, "reschedule", "acme", "--place", "Room 4", "--with", "Li", zone=ny, at=at)
    assert edited.returncode == 0, edited.stderr
    [planned] = on_disk(home, "acme")["scheduled"]  # type: ignore[misc]
    assert planned["place"] == "Room 4" and planned["changes"][-1]["what"] == "edited"
    li = next(c for c in on_disk(home, "acme")["contacts"] if c["name"] == "Li")  # type: ignore[attr-defined]
    assert planned["people"] == [li["id"]]
    same = cli(home, "reschedule", "acme", "--place", "Room 4", zone=ny, at=at)
    assert same.returncode == 1 and "nothing to change" in same.stderr

    gone = cli(home, "cancel", "acme", "--reason", "filled", zone=ny, at=at)
    assert gone.returncode == 0, gone.stderr
    [planned] = on_disk(home, "acme")["scheduled"]  # type: ignore[misc]
    assert planned["cancelled_at"] == datetime.fromisoformat(at)
    assert [c["what"] for c in planned["changes"]] == ["moved", "edited", "cancelled"]
    again = cli(home, "cancel", "acme", zone=ny, at=at)
    assert again.returncode == 1 and "no interview scheduled ahead" in again.stderr

    before = on_disk(home, "acme")
    for bad in (
        ["schedule", "acme", "2026-11-01 10:00"],  # in the past
        ["schedule", "acme", "2027-03-28 02:30", "--tz", "Europe/Berlin"],  # skipped by DST
        ["schedule", "acme", "2026-12-24"],  # no time of day
    ):
        refused = cli(home, *bad, zone=ny, at=at)
        assert refused.returncode == 1 and refused.stderr.startswith("catbird: "), bad
    for usage in (["--tz", "Mars/Olympus"], ["--for", "3 days"]):
        wrong = cli(home, "schedule", "acme", "2026-12-24 10:00", *usage, zone=ny, at=at)
        assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert on_disk(home, "acme") == before


def test_durations_and_times_in_words() -> None:
    assert [parse_minutes(t) for t in ("45m", "1h", "1h30m", "90", "2h 15m")] == [
        45,
        60,
        90,
        90,
        135,
    ]
    for bad in ("", "h", "0m", "13h", "soon"):
        with pytest.raises(ValueError):
            parse_minutes(bad)
    # 01:30 on the night Europe leaves summer time happens twice: the first is taken.
    twice = parse_when("2026-10-25 02:30", "Europe/Berlin")
    assert twice.utcoffset() == timedelta(hours=2)
    with pytest.raises(ValueError, match="does not exist"):
        parse_when("2026-03-29 02:30", "Europe/Berlin")


def _search(ws: Workspace) -> None:
    """Three interviews (one in another zone, one after the change) and dated tasks."""
    acme = ops.add(ws, "Acme", stage=Stage.INTERVIEWING).slug
    globex = ops.add(ws, "Globex", stage=Stage.OFFER).slug
    # In the user's own zone, on the far side of Europe's change.
    ops.schedule(ws, acme, datetime(2026, 10, 26, 14, tzinfo=BERLIN), minutes=45)
    # In New York's zone: 09:00 there is 14:00 in Berlin this week (15:00 a week later).
    ops.schedule(ws, acme, datetime(2026, 10, 28, 9, tzinfo=NEW_YORK), zone="America/New_York")
    ops.schedule(ws, globex, datetime(2026, 11, 3, 9, tzinfo=NEW_YORK), zone="America/New_York")

    def tasks(o):  # type: ignore[no-untyped-def]
        return o.model_copy(
            update={
                "next_action": NextAction(text="Send the portfolio", due=date(2026, 10, 23)),
                "follow_ups": [FollowUp(title="Thank Dana", due=date(2026, 10, 26))],
            }
        )

    ws.update(acme, tasks, "tasks")
    ops.start_offer(ws, globex)
    term = next(t for t in ws.read(globex).offer.terms if t.role == "deadline")  # type: ignore[union-attr]
    ops.set_term(ws, globex, term.id, offered=date(2026, 10, 30))


def test_agenda_on_both_sides_of_a_daylight_saving_change(clock, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    clock("Europe/Berlin", "2026-10-20T12:00:00+02:00")
    _search(workspace)
    for at in (BEFORE_EU_CHANGE, AFTER_EU_CHANGE):
        clock("Europe/Berlin", at)
        moment = datetime.fromisoformat(at)
        items = agenda(workspace.load_all()[0], moment, 10)
        shown = [(i.kind, i.day.isoformat(), i.overdue) for i in items]
        times = {i.day.isoformat(): i.at.astimezone().strftime("%H:%M") for i in items if i.at}
        assert items[0].kind == "next-action" and items[0].overdue  # overdue first
        if at == BEFORE_EU_CHANGE:
            assert shown == [
                ("next-action", "2026-10-23", True),
                ("follow-up", "2026-10-26", False),
                ("interview", "2026-10-26", False),
                ("interview", "2026-10-28", False),
                ("decision", "2026-10-30", False),
                ("interview", "2026-11-03", False),
            ]
        else:  # the 26th is gone (the follow-up is now overdue); the rest stays
            assert shown[:2] == [
                ("next-action", "2026-10-23", True),
                ("follow-up", "2026-10-26", True),
            ]
            assert "2026-10-26" not in times
        # On the user's clock, whichever side of the change the clock is on: the interview
        # of the 26th at 14:00, New York's 09:00 at 14:00 this week and at 15:00 next week
        # (New York changes a week after Berlin).
        assert times.get("2026-10-26", "14:00") == "14:00"
        assert times["2026-10-28"] == "14:00" and times["2026-11-03"] == "15:00"


def test_agenda_across_zones_from_the_shell(clock, workspace: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clock("Europe/Berlin", "2026-10-20T12:00:00+02:00")
    _search(workspace)
    # The same search seen from New York on the 27th: Berlin's 14:00 on the 26th is over,
    # New York's own interviews are at 09:00 on its clock.
    out = cli(workspace.home, "agenda", "--days", "7", "--json", zone="America/New_York",
              at="2026-10-27T08:00:00-04:00")  # fmt: skip
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    interviews = [i for i in data["items"] if i["kind"] == "interview"]
    assert [(i["day"], i["at"], i["at_in_zone"]) for i in interviews] == [
        ("2026-10-28", "2026-10-28T09:00:00-04:00", "2026-10-28T09:00:00-04:00"),
        ("2026-11-03", "2026-11-03T09:00:00-05:00", "2026-11-03T09:00:00-05:00"),
    ]
    assert [i["kind"] for i in data["items"] if i["overdue"]] == ["next-action", "follow-up"]
    text = cli(workspace.home, "agenda", zone="America/New_York", at="2026-10-27T08:00:00-04:00")
    assert "Overdue" in text.stdout.splitlines()[0]
    assert "09:00–10:00 ◆ Acme: Round 2 · video call" in text.stdout


def test_the_calendar_file_read_back(clock, workspace: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clock("Europe/Berlin", "2026-10-20T12:00:00+02:00")
    _search(workspace)
    hostile = 'Acme; Inc, "[bold]red[/]" \\ [@click=quit] \x1b]52;c;aGk=\x07 end'
    slug = "acme"
    ops.edit(workspace, slug, company=hostile)
    place = "Room 4;\nfloor 2, back\\door [link=x]"
    link = "https://meet.example/a?b=1,2;c"
    at = datetime(2026, 11, 5, 10, tzinfo=BERLIN)
    ops.schedule(
        workspace, slug, at, zone="Europe/Berlin", place=place, link=link, people=["Dana", "Li"]
    )
    first = ics.calendar(workspace.load_all()[0])
    cal = icalendar.Calendar.from_ical(first)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    o = workspace.read(slug)
    for s in o.scheduled:
        event = events[f"interview-{s.id}@{ics.UID_DOMAIN}"]
        start = event.decoded("dtstart")
        assert start == s.at and start.astimezone(s.at.tzinfo) == s.at
        assert event.decoded("dtend") - start == timedelta(minutes=s.minutes)
        [alarm] = event.walk("VALARM")
        assert alarm.decoded("trigger") == timedelta(minutes=-30)
    zoned = next(s for s in o.scheduled if s.zone == "America/New_York")
    assert str(events[f"interview-{zoned.id}@{ics.UID_DOMAIN}"]["dtstart"].params["TZID"]) == (
        "America/New_York"
    )
    with_place = events[f"interview-{o.scheduled[-1].id}@{ics.UID_DOMAIN}"]
    # The model keeps what can be shown (the escape sequence is gone, the rest literal);
    # the file carries it escaped, and reads back the same.
    assert (
        str(with_place["location"])
        == o.scheduled[-1].place
        == "Room 4; floor 2, back\\door [link=x]"
    )
    assert str(with_place["summary"]).startswith(o.company + ": Round 3")
    assert "\x1b" not in o.company and "[@click=quit]" in o.company
    assert b"Acme\\; Inc\\, " in first and b"Room 4\\; floor 2\\, back\\\\door" in first
    assert "With Dana, Li" in str(with_place["description"])
    [follow_up] = [e for uid, e in events.items() if uid.startswith("follow-up-")]
    assert follow_up.decoded("dtstart") == date(2026, 10, 26)
    [deadline] = [e for uid, e in events.items() if uid.startswith("decision-")]
    assert deadline.decoded("dtstart") == date(2026, 10, 30)
    [action] = [e for uid, e in events.items() if uid.startswith("next-action-")]
    assert action.decoded("dtstart") == date(2026, 10, 23)
    assert str(action["summary"]) == f"Send the portfolio ({o.company})"
    assert len(events) == 7  # four interviews, one follow-up, a next action, one deadline

    # A rename changes titles, never UIDs; a move bumps the sequence; a cancel stays, cancelled.
    ops.edit(workspace, slug, company="Acme Renamed")
    moved = o.scheduled[0]
    ops.reschedule(workspace, slug, moved.id, at=moved.at + timedelta(days=1))
    ops.cancel(workspace, slug, o.scheduled[1].id)
    second = icalendar.Calendar.from_ical(ics.calendar(workspace.load_all()[0]))
    after = {str(e["uid"]): e for e in second.walk("VEVENT")}
    assert after.keys() == events.keys()
    assert all("Acme Renamed" in str(after[u]["summary"]) for u in after if "interview" in u
               and u.split("-")[1].split("@")[0] in {s.id for s in o.scheduled})  # fmt: skip
    assert int(after[f"interview-{moved.id}@{ics.UID_DOMAIN}"]["sequence"]) == 1
    cancelled = after[f"interview-{o.scheduled[1].id}@{ics.UID_DOMAIN}"]
    assert str(cancelled["status"]) == "CANCELLED" and not cancelled.walk("VALARM")
    # A new next action replaces the card's event; a closed card's is gone.
    ops.set_next_action(workspace, "globex", "Ask for the offer in writing", date(2026, 10, 29))
    third = icalendar.Calendar.from_ical(ics.calendar(workspace.load_all()[0]))
    actions = {str(e["uid"]): e for e in third.walk("VEVENT") if "next-action" in str(e["uid"])}
    assert sorted(actions) == sorted(
        f"next-action-{slug}@{ics.UID_DOMAIN}" for slug in ("acme", "globex")
    )
    ops.move(workspace, "globex", Stage.DECLINED)
    fourth = icalendar.Calendar.from_ical(ics.calendar(workspace.load_all()[0]))
    assert [str(e["uid"]) for e in fourth.walk("VEVENT") if "next-action" in str(e["uid"])] == [
        f"next-action-acme@{ics.UID_DOMAIN}"
    ]
    # The same workspace gives the same bytes (DTSTAMP is when an item changed, not now).
    assert ics.calendar(workspace.load_all()[0]) == ics.calendar(workspace.load_all()[0])


def test_the_kept_calendar_file_is_written_only_when_it_changes(
    clock, workspace: Workspace, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    clock("Europe/Berlin", "2026-10-20T12:00:00+02:00")
    _search(workspace)
    target = tmp_path / "catbird.ics"
    zone, at = "Europe/Berlin", "2026-10-20T12:00:00+02:00"
    out = cli(workspace.home, "calendar", str(target), zone=zone, at=at)
    assert out.returncode == 0 and "updated" in out.stderr
    first = target.stat()
    out = cli(workspace.home, "calendar", str(target), zone=zone, at=at)
    assert out.returncode == 0 and "up to date" in out.stderr
    assert target.stat().st_ino == first.st_ino and target.stat().st_mtime_ns == first.st_mtime_ns
    ops.schedule(workspace, "globex", datetime(2026, 11, 9, 9, tzinfo=BERLIN))
    out = cli(workspace.home, "calendar", str(target), zone=zone, at=at)
    assert "updated" in out.stderr and target.stat().st_ino != first.st_ino  # replaced whole
    assert len(icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")) == 7
    once = tmp_path / "once.ics"
    exported = cli(
        workspace.home, "export", "--format", "ics", "--output", str(once), zone=zone, at=at
    )
    assert exported.returncode == 0 and once.read_bytes() == target.read_bytes()
    # Someone else's file is never replaced.
    theirs = tmp_path / "theirs.ics"
    theirs.write_text("my own notes\n")
    refused = cli(workspace.home, "calendar", str(theirs), zone=zone, at=at)
    assert refused.returncode == 1 and theirs.read_text() == "my own notes\n"


def test_due_count_and_its_exit_codes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    zone, at = "Europe/Berlin", "2026-10-20T12:00:00+02:00"
    assert (
        cli(
            home, "add", "Acme", "--next", "Call", "--due", "2026-10-22", zone=zone, at=at
        ).returncode
        == 0
    )
    nothing = cli(home, "due", "--count", zone=zone, at=at)
    assert (nothing.returncode, nothing.stdout) == (3, "0\n")
    soon = cli(home, "due", "--count", "--days", "2", zone=zone, at=at)
    assert (soon.returncode, soon.stdout) == (0, "1\n")
    late = cli(home, "due", "--count", zone=zone, at="2026-10-23T08:00:00+02:00")
    assert (late.returncode, late.stdout) == (0, "1\n")
    both = cli(home, "due", "--count", "--json", zone=zone, at=at)
    assert both.returncode == 2


def test_the_tally_starts_from_a_scheduled_interview(clock, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    clock("Europe/Berlin", "2026-10-20T12:00:00+02:00")
    slug = ops.add(workspace, "Acme", stage=Stage.INTERVIEWING).slug
    ops.schedule(workspace, slug, datetime(2026, 10, 20, 13, tzinfo=BERLIN), round=3,
                 kind="onsite", people=["Dana Reyes", "Li Wu"])  # fmt: skip
    planned = workspace.read(slug).scheduled[0]
    ops.start_interview(workspace, slug, round=3, kind="onsite", scheduled=planned.id)
    o = workspace.read(slug)
    [held] = o.interviews
    assert (held.round, held.kind, held.people) == (3, "onsite", planned.people)
    assert o.scheduled[0].held == held.id
    assert all(c.met for c in o.contacts if c.id in planned.people)
    with pytest.raises(CatbirdError):
        ops.cancel(workspace, slug, planned.id)
    # An unscheduled tally still works as before.
    ops.end_interview(workspace, slug, held.id)
    ops.start_interview(workspace, slug)
    assert len(workspace.read(slug).interviews) == 2
