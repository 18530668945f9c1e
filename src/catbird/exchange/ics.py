"""The calendar file (iCalendar, RFC 5545): interviews, follow-ups and decision deadlines.

Written with the `icalendar` package, never by hand: it folds long lines and escapes
commas, semicolons, backslashes and newlines in what the user typed. Every event's UID is
made from the id of what it shows (never from a name), so re-importing or re-reading the
file updates events instead of adding twins, and renaming a company changes a title only.
An interview is written in its own time zone (with the zone's rules, VTIMEZONE) so the
phone places it right on both sides of a daylight-saving change; one without a zone is
written in UTC. A called-off interview stays in the file as CANCELLED, so a calendar that
had it drops it. DTSTAMP is when the item last changed, not when the file was made: the
same workspace gives the same bytes, so the file is rewritten only when something changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from catbird.model import Opportunity
from catbird.model.agenda import decision_deadline, interview_title, people_names
from catbird.model.calendar import ScheduledInterview, describe_minutes, zone_of
from catbird.store import CatbirdError

UID_DOMAIN = "catbird.invalid"
"""The right side of every UID: ours, and never anyone's real domain."""
DEFAULT_ALARM_MINUTES = 30
PRODID = "-//Catbird//Catbird job search//EN"


def uid(kind: str, item_id: str) -> str:
    return f"{kind}-{item_id}@{UID_DOMAIN}"


def calendar(
    opportunities: Iterable[Opportunity], *, alarm_minutes: int = DEFAULT_ALARM_MINUTES
) -> bytes:
    """The .ics of everything dated: each interview scheduled (an alarm before it), each
    open follow-up, each active card's next action with a due day and each offer's
    decision deadline (events of the whole day)."""

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Catbird")
    events = []
    for o in sorted(opportunities, key=lambda o: o.slug):
        events += [_interview(o, s, alarm_minutes) for s in o.scheduled if s.held is None]
        events += [
            _follow_up(o, f.id, f.title, f.due, f.note) for f in o.follow_ups if not f.is_done
        ]
        action = o.next_action
        if action is not None and action.due is not None and o.stage.is_active:
            events.append(_next_action(o, action.text, action.due))
        deadline = decision_deadline(o)
        if deadline is not None and o.stage.is_active:
            events.append(_deadline(o, *deadline))
    events.sort(key=lambda e: str(e["uid"]))
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    data: bytes = cal.to_ical()
    return data


def _event(uid_text: str, summary: str, stamp: datetime) -> Event:

    event = Event()
    event.add("uid", uid_text)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("summary", summary)
    return event


def _interview(o: Opportunity, s: ScheduledInterview, alarm_minutes: int) -> Event:

    title = f"{o.company}: {interview_title(o, s)}"
    event = _event(uid("interview", s.id), title, s.last_changed)
    zone = zone_of(s.zone)
    start = s.at.astimezone(zone) if zone is not None else s.at.astimezone(UTC)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=s.minutes))
    event.add("sequence", s.sequence)
    event.add("status", "CANCELLED" if s.is_cancelled else "CONFIRMED")
    if s.place:
        event.add("location", s.place)
    elif s.link:
        event.add("location", s.link)
    if s.link:
        event.add("url", s.link)
    lines = [f"{interview_title(o, s)} at {o.company} ({describe_minutes(s.minutes)})"]
    names = people_names(o, s.people)
    if names:
        lines.append("With " + ", ".join(names))
    if s.link and s.place:
        lines.append(s.link)
    if s.note:
        lines.append(s.note)
    event.add("description", "\n".join(lines))
    if not s.is_cancelled and alarm_minutes > 0:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", timedelta(minutes=-alarm_minutes))
        event.add_component(alarm)
    return event


def _all_day(event: Event, day: date) -> None:

    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a task for the day, not a meeting: the day stays free


def _follow_up(o: Opportunity, item_id: str, title: str, due: date, note: str) -> Event:

    event = _event(uid("follow-up", item_id), f"{title} ({o.company})", o.created_at)
    _all_day(event, due)
    if note:
        event.add("description", note)
    return event


def _next_action(o: Opportunity, text: str, due: date) -> Event:
    # A card has one next action: its UID is the card's, so a new action or day replaces it.
    event = _event(uid("next-action", o.slug), f"{text} ({o.company})", o.created_at)
    _all_day(event, due)
    return event


def _deadline(o: Opportunity, term_id: str, day: date) -> Event:

    event = _event(uid("decision", term_id), f"Decide on the offer from {o.company}", o.created_at)
    _all_day(event, day)
    return event


def keep_file(
    workspace_home: Path,
    target: Path,
    opportunities: Iterable[Opportunity],
    *,
    alarm_minutes: int = DEFAULT_ALARM_MINUTES,
) -> bool:
    """Bring the calendar file a calendar app subscribes to up to date: written atomically
    (the app never reads half a file), and only when its content changed (so the app, a
    sync tool or a backup sees no change when there is none). A file there that is not
    ours is never replaced. True if the file was written."""
    from catbird.exchange.export import check_output_path
    from catbird.store.atomic import atomic_write

    check_output_path(workspace_home, target, force=True)
    data = calendar(opportunities, alarm_minutes=alarm_minutes)
    try:
        before = target.read_bytes() if target.exists() else None
    except OSError as exc:
        raise CatbirdError(f"{target}: cannot read: {exc.strerror or exc}") from None
    if before == data:
        return False
    if before and PRODID.encode() not in before[:400]:
        raise CatbirdError(
            f"{target}: is not a calendar file Catbird wrote; refusing to replace it "
            "(name a new file, or remove that one)"
        )
    try:
        atomic_write(target, data)
    except OSError as exc:
        raise CatbirdError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return True
