"""The calendar commands: schedule, move and call off interviews; the agenda; the .ics file
a calendar app subscribes to."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from catbird.cli.common import (
    EXIT_OK,
    JSON_VERSION,
    Commands,
    opportunities_dated_by,
    print_json,
)

if TYPE_CHECKING:
    from catbird.model import Opportunity
    from catbird.model.agenda import AgendaItem
    from catbird.model.calendar import ScheduledInterview
    from catbird.store import Workspace

KINDS = ("video", "phone", "onsite", "other")


def minutes_arg(text: str) -> int:
    from catbird.model.calendar import parse_minutes

    try:
        return parse_minutes(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def zone_arg(text: str) -> str:
    from catbird.model.calendar import zone_problem

    problem = zone_problem(text.strip())
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text.strip()


def _when(text: str, zone: str) -> datetime:
    from catbird.model.calendar import parse_when
    from catbird.store import CatbirdError

    try:
        return parse_when(text, zone)
    except ValueError as exc:
        raise CatbirdError(str(exc)) from None


def _details(p: argparse.ArgumentParser, *, new: bool) -> None:
    """The options `schedule` and `reschedule` share (defaults only for a new one)."""
    zone_help = "the time zone WHEN is in, e.g. Europe/Berlin (default: yours)"
    p.add_argument("--tz", type=zone_arg, default=None, metavar="ZONE", help=zone_help)
    long_help = "how long: 45m, 1h, 1h30m" + (" (default 1h)" if new else "")
    default = 60 if new else None
    p.add_argument("--for", type=minutes_arg, dest="minutes", default=default,
                   metavar="DURATION", help=long_help)  # fmt: skip
    p.add_argument("--kind", choices=KINDS, default="video" if new else None)
    p.add_argument("--round", type=int, default=None, help="which round (default: the next)")
    p.add_argument("--with", action="append", dest="people", default=None, metavar="NAME",
                   help="who will be there: a contact's name or part of it; a new name "
                   "becomes a contact; repeatable")  # fmt: skip
    p.add_argument("--link", default=None, help="the meeting link")
    p.add_argument("--place", default=None, help="where (an address, a room)")
    p.add_argument("--note", default=None)


def register(sub: Commands) -> None:
    p = sub.add_parser(
        "schedule",
        help="put an interview in the calendar",
        description='WHEN is a day and a time, like "2026-12-03 14:00", on the clock of '
        "--tz (default: your own time zone).",
    )
    p.add_argument("ref")
    p.add_argument("when")
    _details(p, new=True)
    p.set_defaults(run=cmd_schedule)

    p = sub.add_parser(
        "reschedule",
        help="move a scheduled interview, or change where, how long, with whom",
        description="Changes the next interview ahead, or the one --id names (its id, the "
        "start of it, or its round). The old time is kept with the change.",
    )
    p.add_argument("ref")
    p.add_argument("when", nargs="?", help='the new day and time, like "2026-12-04 10:00"')
    p.add_argument("--id", dest="which", default=None, metavar="ID")
    p.add_argument("--reason", default="", help="why (kept with the change)")
    _details(p, new=False)
    p.set_defaults(run=cmd_reschedule)

    p = sub.add_parser(
        "cancel",
        help="call off a scheduled interview (kept, time-stamped)",
        description="Calls off the next interview ahead, or the one --id names.",
    )
    p.add_argument("ref")
    p.add_argument("--id", dest="which", default=None, metavar="ID")
    p.add_argument("--reason", default="", help="why (kept with the change)")
    p.set_defaults(run=cmd_cancel)

    p = sub.add_parser(
        "agenda",
        help="today and the coming days: interviews, follow-ups, next actions, deadlines",
        description="What is overdue first, then day by day on your clock. Interviews in "
        "another time zone also show their own time.",
    )
    p.add_argument("--days", type=int, default=7, help="how many days ahead (default 7)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_agenda)

    p = sub.add_parser(
        "calendar",
        help="keep an .ics file up to date for a calendar app that subscribes to it",
        description="Writes FILE (interviews with an alarm, follow-ups, decision deadlines) "
        "atomically, and only when what it holds changed; run it from cron, or keep it "
        "running with --every. A file there that Catbird did not write is never replaced. "
        "`catbird export --format ics` prints the same calendar once.",
    )
    p.add_argument("file", type=Path, metavar="FILE.ics")
    p.add_argument("--alarm", type=minutes_arg, default=30, metavar="DURATION",
                   help="how long before an interview the alarm rings (default 30m)")  # fmt: skip
    p.add_argument("--every", type=int, default=0, metavar="SECONDS",
                   help="keep running, looking again every SECONDS")  # fmt: skip
    p.set_defaults(run=cmd_calendar)


def _said(o: Opportunity, s: ScheduledInterview) -> str:
    from catbird.model.agenda import interview_title
    from catbird.model.calendar import describe_minutes, describe_time
    from catbird.store.errors import printable

    names = [o.who(p) for p in s.people]
    with_ = f" with {', '.join(names)}" if names else ""
    where = f" · {s.place or s.link}" if (s.place or s.link) else ""
    text = (
        f"{interview_title(o, s)} on {describe_time(s.at, s.zone)} "
        f"({describe_minutes(s.minutes)}){with_}{where}"
    )
    return printable(text, newlines=False)


def cmd_schedule(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops

    slug = ops.resolve(ws, args.ref)
    zone = args.tz or ""
    change = ops.schedule(
        ws,
        slug,
        _when(args.when, zone),
        zone=zone,
        minutes=args.minutes,
        kind=args.kind,
        round=args.round,
        place=args.place or "",
        link=args.link or "",
        people=args.people or [],
        note=args.note or "",
    )
    assert change.after
    item = change.after.scheduled[-1]
    print(f"{slug}: {_said(change.after, item)}  [{item.id}]")
    return EXIT_OK


def cmd_reschedule(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops

    slug = ops.resolve(ws, args.ref)
    item = ops.find_scheduled(ws.read(slug), args.which)
    zone = item.zone if args.tz is None else args.tz
    fields: dict[str, object] = {
        key: value
        for key in ("minutes", "kind", "round", "place", "link", "note")
        if (value := getattr(args, key)) is not None
    }
    if args.tz is not None:
        fields["zone"] = args.tz
    at = _when(args.when, zone) if args.when else None
    if at is None and args.tz is not None:
        # The same time on the new zone's clock: "14:00, but Berlin time".
        at = _when(f"{item.own_time():%Y-%m-%d %H:%M}", zone)
    change = ops.reschedule(
        ws, slug, item.id, at=at, reason=args.reason, people=args.people, **fields
    )
    assert change.after
    moved = next(s for s in change.after.scheduled if s.id == item.id)
    print(f"{slug}: now {_said(change.after, moved)}  [{moved.id}]")
    return EXIT_OK


def cmd_cancel(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops

    slug = ops.resolve(ws, args.ref)
    o = ws.read(slug)
    item = ops.find_scheduled(o, args.which)
    change = ops.cancel(ws, slug, item.id, args.reason)
    assert change.after
    print(f"{slug}: called off {_said(change.after, item)}  [{item.id}]")
    return EXIT_OK


def cmd_agenda(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird.model import now
    from catbird.model.agenda import agenda
    from catbird.model.calendar import local

    moment = now()
    days = max(args.days, 0)
    until = local(moment).date() + timedelta(days=days)
    opportunities, problems = opportunities_dated_by(ws, until)
    items = agenda(opportunities, moment, days)
    if args.json:
        print_json(
            {
                "version": JSON_VERSION,
                "now": local(moment).isoformat(),
                "days": max(args.days, 0),
                "items": [i.to_json() for i in items],
            }
        )
    else:
        _print_agenda(items, local(moment).date())
    for problem in problems:
        print(f"catbird: skipped {problem}", file=sys.stderr)
    return EXIT_OK


KIND_MARKS = {
    "interview": "◆",
    "follow-up": "↻",
    "next-action": "→",
    "promise": "…",
    "decision": "!",
}


def _print_agenda(items: list[AgendaItem], day: date) -> None:
    from catbird.model.calendar import local
    from catbird.store.errors import printable

    if not items:
        print("nothing on the agenda", file=sys.stderr)
        return
    heading = None
    for item in items:
        if item.overdue:
            title = "Overdue"
        else:
            title = f"{item.day:%a} {item.day.day} {item.day:%b}"
            if item.day == day:
                title = f"Today · {title}"
        if title != heading:
            print(("\n" if heading else "") + title)
            heading = title
        mark = KIND_MARKS[item.kind]
        if item.at is not None:
            start = local(item.at)
            end = local(item.at + timedelta(minutes=item.minutes))
            when = f"{start:%H:%M}–{end:%H:%M}"
            own = item.own_time()
            extra = []
            if item.zone and own.utcoffset() != start.utcoffset():
                extra.append(f"{own:%H:%M} {item.zone}")
            if item.people:
                extra.append("with " + ", ".join(item.people))
            if item.where:
                extra.append(item.where)
            rest = f" ({'; '.join(extra)})" if extra else ""
            text = f"{item.company}: {item.text}{rest}"
        else:
            when = f"{item.day:%m-%d}" if item.overdue else "all day"
            text = f"{item.company}: {item.text}"
        print(printable(f"  {when:<11} {mark} {text}  [{item.slug}]", newlines=False))


def cmd_calendar(ws: Workspace, args: argparse.Namespace) -> int:
    import time

    from catbird.exchange import ics
    from catbird.store.library import Shelf

    target: Path = args.file.expanduser()
    shelf = Shelf(ws)  # each round reads only the files changed since the last
    while True:
        opportunities, problems = shelf.load_all()
        written = ics.keep_file(ws.home, target, opportunities, alarm_minutes=args.alarm)
        for problem in problems:
            print(f"catbird: skipped {problem}", file=sys.stderr)
        if written:
            print(f"{target}: updated", file=sys.stderr)
        elif not args.every:
            print(f"{target}: up to date", file=sys.stderr)
        if args.every <= 0:
            return EXIT_OK
        time.sleep(args.every)
