"""The reading commands: what is in the workspace, as text for a person or JSON for a script."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from catbird.cli.common import (
    EXIT_NOTHING_DUE,
    EXIT_OK,
    JSON_VERSION,
    Commands,
    print_json,
    profile_or_none,
    stage_arg,
)
from catbird.model import Stage

if TYPE_CHECKING:
    from catbird.model import Profile
    from catbird.store import Workspace


def register(sub: Commands) -> None:
    p = sub.add_parser("list", help="list opportunities")
    p.add_argument("--stage", type=stage_arg)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_list)

    p = sub.add_parser("show", help="show one opportunity")
    p.add_argument("ref")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_show)

    p = sub.add_parser(
        "due",
        help="next actions and follow-ups due",
        description="With --count, prints only how many next actions, follow-ups, promised "
        "dates and quiet applications are due (overdue or today, or within --days) and says "
        "by its exit code whether there are any: 0 something is due, 3 nothing is due (1 an "
        "error, 2 wrong usage), for shell prompts, tmux status lines, MOTD and cron "
        "(`catbird due --count >/dev/null && notify-send …`). It reads the summary index, "
        "not the files: fast enough for every prompt.",
    )
    p.add_argument("--days", type=int, default=0, help="also what falls due in the next N days")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--json", action="store_true")
    how.add_argument("--count", action="store_true", help="only the number; see the exit codes")
    p.set_defaults(run=cmd_due)

    p = sub.add_parser("prep", help="a prep sheet for the next conversation, as Markdown")
    p.add_argument("ref")
    p.set_defaults(run=cmd_prep)


def cmd_list(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird.model import today

    profile = profile_or_none(ws)
    summaries, problems = ws.summaries(profile)
    if args.stage:
        summaries = [s for s in summaries if s.stage == args.stage]
    order = {stage: n for n, stage in enumerate(Stage)}
    summaries.sort(key=lambda s: (order[s.stage], s.company.casefold(), s.slug))
    if args.json:
        print_json(
            {
                "version": JSON_VERSION,
                "opportunities": [s.to_json() for s in summaries],
                "problems": [str(p) for p in problems],
            }
        )
    else:
        day = today()
        width = max((len(s.slug) for s in summaries), default=4)
        for s in summaries:
            due = ""
            if s.next_action:
                late = " (overdue)" if s.is_overdue(day) else ""
                when = f" by {s.next_due.isoformat()}{late}" if s.next_due else ""
                due = f"  → {s.next_action}{when}"
            role = f" — {s.role}" if s.role else ""
            print(f"{s.slug:<{width}}  {s.stage.value:<12}  {s.company}{role}{due}")
        if not summaries:
            print("no opportunities yet: `catbird add COMPANY` adds one", file=sys.stderr)
    for problem in problems:
        print(f"catbird: skipped {problem}", file=sys.stderr)
    return EXIT_OK


def cmd_show(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops
    from catbird.exchange import export

    opportunity = ws.read(ops.resolve(ws, args.ref))
    if args.json:
        print_json(export.opportunity_json(opportunity))
    else:
        print(export.markdown([opportunity], profile_or_none(ws)), end="")
    return EXIT_OK


def cmd_due(ws: Workspace, args: argparse.Namespace) -> int:
    from datetime import timedelta

    from catbird import ops
    from catbird.model import today

    day = today()
    until = day + timedelta(days=max(args.days, 0))
    profile = profile_or_none(ws)
    quiet_days = profile.follow_ups.quiet_days if profile else None
    if args.count:
        # For prompts and status lines, run at every prompt: from the cards alone (each
        # carries what falls due on it, and when the company was last heard from).
        cards, problems = ws.summaries(profile)
        items = ops.due_items_of_cards(cards, until, quiet_days=quiet_days)
        print(len(items))
        for problem in problems:
            print(f"catbird: skipped {problem}", file=sys.stderr)
        return EXIT_OK if items else EXIT_NOTHING_DUE
    opportunities, problems = ws.load_all()
    items = ops.due_items(
        opportunities,
        until,
        quiet_days=quiet_days,
        profile=(profile or _profile()) if args.json else None,
    )
    if args.json:
        print_json(
            {"version": JSON_VERSION, "today": day.isoformat(), "due": [i.to_json() for i in items]}
        )
    else:
        for item in items:
            late = "overdue " if item.due < day else ("today   " if item.due == day else "        ")
            print(f"{item.due.isoformat()} {late} {item.company}: {item.text}  [{item.slug}]")
        if not items:
            print("nothing due", file=sys.stderr)
    for problem in problems:
        print(f"catbird: skipped {problem}", file=sys.stderr)
    return EXIT_OK


def _profile() -> Profile:
    from catbird.model import Profile

    return Profile()


def cmd_prep(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops
    from catbird.exchange.prep import prep_markdown

    opportunity = ws.read(ops.resolve(ws, args.ref))
    print(prep_markdown(opportunity, ws.read_profile()), end="")
    return EXIT_OK
