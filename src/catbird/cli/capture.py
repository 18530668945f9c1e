"""The capture commands: one quick change to one opportunity, from the shell.

None of them imports Textual; each resolves its REF, calls one operation and prints one line.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from catbird.cli.common import (
    EXIT_OK,
    Commands,
    day_arg,
    severity_arg,
    stage_arg,
)
from catbird.model import Stage

if TYPE_CHECKING:
    from catbird.store import Workspace


def register(sub: Commands) -> None:
    p = sub.add_parser("add", help="create an opportunity; prints its slug")
    p.add_argument("company")
    p.add_argument("--role", default="")
    p.add_argument("--stage", type=stage_arg, default=Stage.LEAD)
    p.add_argument("--link", default="")
    p.add_argument("--source", default="")
    p.add_argument("--location", default="")
    p.add_argument("--tag", action="append", default=[], dest="tags", help="repeatable")
    p.add_argument("--next", default="", dest="next_action", help="the next action")
    p.add_argument("--due", type=day_arg, help="when the next action is due (YYYY-MM-DD)")
    p.set_defaults(run=cmd_add)

    p = sub.add_parser("move", help="change the stage (time-stamped)")
    p.add_argument("ref")
    p.add_argument("stage", type=stage_arg)
    p.add_argument("--note", default="", help="why (kept with the stage change)")
    p.set_defaults(run=cmd_move)

    p = sub.add_parser("flag", help="log a flag on the current interview (or a new one today)")
    p.add_argument("ref")
    p.add_argument("text", help="free text, or a preset's label or key from your profile")
    p.add_argument("--green", action="store_true", help="a green flag")
    p.add_argument("--severity", type=severity_arg, help="1, 2 or 3")
    p.add_argument("--by", default="", help="who raised it: a contact's name (or part of it)")
    p.set_defaults(run=cmd_flag)

    p = sub.add_parser(
        "answer",
        help="record what you found out about a criterion of your homework",
        description="CRITERION is a criterion's id, or a unique start or part of its text. "
        "The finding goes with the interview under way or held today, if there is one.",
    )
    p.add_argument("ref")
    p.add_argument("criterion")
    p.add_argument(
        "answer",
        choices=("yes", "no", "mixed", "unknown"),
        help="is it there? (for a dealbreaker: yes means it is present)",
    )
    p.add_argument("--quote", default="", help="what was said or seen, in a few words")
    p.add_argument("--by", default="", help="who said it: a contact's name (or part of it)")
    p.set_defaults(run=cmd_answer)

    p = sub.add_parser(
        "said",
        help="keep what the company said (a pay range, office days, decision by…)",
        description="The numbers in TEXT are read (180-200k, two office days) so the written "
        "offer can be held against them; --by-date makes a promised date a due item.",
    )
    p.add_argument("ref")
    p.add_argument(
        "topic", choices=("pay", "office-days", "travel", "title", "start", "decision", "other")
    )
    p.add_argument("text", help="what they said, in their words")
    p.add_argument("--by", default="", help="who said it: a contact's name (or part of it)")
    p.add_argument("--by-date", type=day_arg, help="the day they promised it by (YYYY-MM-DD)")
    p.set_defaults(run=cmd_said)

    p = sub.add_parser("note", help="add a note")
    p.add_argument("ref")
    p.add_argument("text")
    p.set_defaults(run=cmd_note)


def cmd_add(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops
    from catbird.store.errors import printable

    change = ops.add(
        ws,
        args.company,
        role=args.role,
        stage=args.stage,
        link=args.link,
        source=args.source,
        location=args.location,
        tags=args.tags,
        next_action=args.next_action,
        due=args.due,
    )
    print(change.slug)
    company = change.after.company if change.after else args.company  # as it was stored
    others = ops.namesakes(ws, company, besides=change.slug)
    if others:
        # Kept (a second role at one company is common), but the company name no longer
        # names one opportunity: say which slug names this one. stdout stays the bare slug.
        print(
            f"catbird: {printable(company)} was already here as {', '.join(others)}; "
            f"added this one as {change.slug}: use that slug to refer to it",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_move(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops

    change = ops.move(ws, ops.resolve(ws, args.ref), args.stage, args.note)
    assert change.before and change.after
    print(f"{change.slug}: {change.before.stage.value} → {change.after.stage.value}")
    planned = ops.planned(change.before, change.after)
    if planned:
        # An ending brings its plan: said, never silent (`catbird due --days 200` lists it).
        print(f"planned {len(planned)} follow-up{'s' if len(planned) != 1 else ''}:")
        for task in planned:
            print(f"  {task.due.isoformat()}  {task.title}")
    return EXIT_OK


def cmd_flag(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops

    slug = ops.resolve(ws, args.ref)
    change = ops.flag(
        ws,
        slug,
        args.text,
        green=args.green or None,
        severity=args.severity,
        # No profile file, no presets: skip building an empty Profile (and its validator).
        profile=ws.read_profile() if ws.profile_path.exists() else None,
        by=args.by,
    )
    assert change.after
    interview = ops.current_interview(change.after)[1]
    event = interview.flags[-1]
    who = change.after.who(event.by)
    by = f" (by {who})" if who else ""
    print(f"{slug}: {event.kind} flag “{event.label}” (severity {event.severity}){by}")
    return EXIT_OK


def cmd_answer(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops
    from catbird.model.profile import GROUP_NOUN

    slug = ops.resolve(ws, args.ref)
    profile = ws.read_profile()
    criterion = ops.resolve_criterion(profile, args.criterion)
    change = ops.answer(ws, slug, criterion.id, args.answer, quote=args.quote, by=args.by)
    assert change.after
    finding = change.after.findings[-1]
    found = profile.criterion(criterion.id)
    noun = GROUP_NOUN[found[0]] if found else "criterion"
    who = change.after.who(finding.by)
    by = f" (by {who})" if who else ""
    print(f"{slug}: {noun} “{criterion.text}” → {finding.answer}{by}")
    return EXIT_OK


def cmd_said(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops

    slug = ops.resolve(ws, args.ref)
    change = ops.record_claim(ws, slug, args.topic, args.text, by=args.by, by_date=args.by_date)
    assert change.after
    claim = change.after.claims[-1]
    who = change.after.who(claim.by)
    by = f" (by {who})" if who else ""
    print(f"{slug}: they said “{claim.text}” about {claim.topic}{by}")
    return EXIT_OK


def cmd_note(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops

    change = ops.note(ws, ops.resolve(ws, args.ref), args.text)
    print(f"{change.slug}: note added")
    return EXIT_OK
