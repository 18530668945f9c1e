"""`catbird`: the TUI when run alone, quick capture and reading from the shell otherwise.

Exit codes: 0 success; 1 an error the user can fix (message on stderr, nothing changed);
2 wrong usage. The capture commands never import Textual: only the TUI commands do.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from catbird.model import Stage

if TYPE_CHECKING:
    from catbird.exchange import spreadsheet
    from catbird.model import Profile
    from catbird.store import Workspace

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
JSON_VERSION = 1


def _stage(text: str) -> Stage:
    try:
        return Stage.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-01") from None


def _severity(text: str) -> int:
    if text not in {"1", "2", "3"}:
        raise argparse.ArgumentTypeError(f"severity is 1, 2 or 3, not {text!r}")
    return int(text)


class _Parser(argparse.ArgumentParser):
    """argparse quotes what was typed in its errors: show control characters, never send them."""

    def error(self, message: str) -> NoReturn:
        from catbird.store.errors import printable

        super().error(printable(message))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="catbird",
        description="A keyboard-driven companion for your job search. "
        "Without a command, opens the board.",
    )
    parser.add_argument("--home", type=Path, help="the workspace folder (default: $CATBIRD_HOME)")
    parser.add_argument("--version", action="version", version="catbird 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("add", help="create an opportunity; prints its slug")
    p.add_argument("company")
    p.add_argument("--role", default="")
    p.add_argument("--stage", type=_stage, default=Stage.LEAD)
    p.add_argument("--link", default="")
    p.add_argument("--source", default="")
    p.add_argument("--location", default="")
    p.add_argument("--tag", action="append", default=[], dest="tags", help="repeatable")
    p.add_argument("--next", default="", dest="next_action", help="the next action")
    p.add_argument("--due", type=_day, help="when the next action is due (YYYY-MM-DD)")

    p = sub.add_parser("move", help="change the stage (time-stamped)")
    p.add_argument("ref")
    p.add_argument("stage", type=_stage)
    p.add_argument("--note", default="", help="why (kept with the stage change)")

    p = sub.add_parser("flag", help="log a flag on the current interview (or a new one today)")
    p.add_argument("ref")
    p.add_argument("text", help="free text, or a preset's label or key from your profile")
    p.add_argument("--green", action="store_true", help="a green flag")
    p.add_argument("--severity", type=_severity, help="1, 2 or 3")

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
    p.add_argument("--by-date", type=_day, help="the day they promised it by (YYYY-MM-DD)")

    p = sub.add_parser("prep", help="a prep sheet for the next conversation, as Markdown")
    p.add_argument("ref")

    p = sub.add_parser("note", help="add a note")
    p.add_argument("ref")
    p.add_argument("text")

    p = sub.add_parser("list", help="list opportunities")
    p.add_argument("--stage", type=_stage)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("show", help="show one opportunity")
    p.add_argument("ref")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("due", help="next actions and follow-ups due")
    p.add_argument("--days", type=int, default=0, help="also what falls due in the next N days")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", help="export to Markdown, CSV or JSON")
    p.add_argument("ref", nargs="?")
    p.add_argument("--format", choices=("markdown", "csv", "json"), default="markdown")
    p.add_argument("--output", type=Path, help="write to FILE instead of standard output")
    p.add_argument("--force", action="store_true", help="overwrite an existing FILE")

    p = sub.add_parser(
        "import",
        help="add opportunities from a tracker's export or a spreadsheet (CSV); "
        "nothing half-imported",
        description="Exports of Huntr, LinkedIn (Jobs/Job Applications.csv), JobSync, Simplify "
        "and Notion job trackers are recognised by their headers; other files have their "
        "columns matched to fields by their headers. --dry-run shows the mapping, the stage of "
        "each status and every row that cannot be read, and writes nothing. Fields: "
        "company role stage link location source tags notes posting salary contact "
        "contact_email contact_phone applied applied_flag created stage_since screening_on "
        "interview offer_on closed_on next_action due deadline reason id tag, or note (kept in "
        "a note) and ignore.",
    )
    p.add_argument("file", type=Path, metavar="FILE.csv")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        dest="mapping",
        metavar="COLUMN=FIELD",
        help="read COLUMN (its header, or its number from 1) as FIELD; repeatable",
    )
    p.add_argument(
        "--map-status",
        action="append",
        default=[],
        dest="status_mapping",
        metavar="TEXT=STAGE",
        help='read the status TEXT as STAGE (e.g. "On Hold=applied"); repeatable',
    )
    p.add_argument(
        "--dry-run", action="store_true", help="show what would be created; write nothing"
    )
    p.add_argument(
        "--stage-default",
        type=_stage,
        default=None,
        metavar="STAGE",
        help="the stage of rows with no status (default: lead, or what the export implies)",
    )
    p.add_argument(
        "--skip-bad",
        action="store_true",
        help="import the rows that can be read and report the others (default: import nothing)",
    )
    p.add_argument(
        "--date-order",
        choices=("dmy", "mdy"),
        help="how to read dates like 05/11/2026 (default: as the file's own dates show; "
        "when none tells, such dates are refused, never guessed)",
    )

    p = sub.add_parser("check", help="validate the workspace: path:line: message per problem")
    p.add_argument(
        "--merge-copies",
        action="store_true",
        help="merge the conflict copies Syncthing or Dropbox left into their originals "
        "(every event of both kept; the copies go to .catbird/trash)",
    )
    sub.add_parser("demo", help="the board on a throw-away copy of the sample data")
    sub.add_parser("locate", help="print where the files are")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # The first pydantic validator built looks for pydantic plugins by scanning the entry
    # points of every installed package (~2 ms). Catbird ships no pydantic plugin, so skip
    # the scan; a value the user set is kept. (pydantic still imports importlib.metadata for
    # the lookup, ~12 ms more, which this setting does not avoid.)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from catbird.model.stage import clock_problem
    from catbird.store.errors import printable

    problem = clock_problem()
    if problem is None and sys.stdout is None:
        problem = "standard output is closed; nothing was done (give it somewhere to write)"
    if problem is not None:
        print(f"catbird: {printable(problem)}", file=sys.stderr)
        return EXIT_ERROR
    if args.command in (None, "demo"):
        # Starting the board (importing Textual, building the screen and the cards) makes a
        # great many objects (~64,000 from the imports alone) that live as long as the app:
        # collecting while they are made costs ~20 ms of the first frame. The app turns the
        # collector back on once that frame is on screen (CatbirdApp._first_frame_shown).
        gc.disable()
        try:
            from catbird.tui.app import run_tui  # the only place Textual is imported from the CLI

            return run_tui(home=args.home, demo=args.command == "demo")
        finally:
            gc.enable()  # if the board did not start (no terminal), or once it is closed

    from catbird.store import CatbirdError, Workspace, default_home

    ws = Workspace(args.home.expanduser() if args.home else default_home())
    try:
        return COMMANDS[args.command](ws, args)
    except CatbirdError as exc:
        print(f"catbird: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `catbird list | head`
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        # The store turns its own failures into CatbirdErrors naming the file; what is left
        # is the output itself (`catbird list > /dev/full`) or a file named in the error.
        where = exc.filename or "standard output"
        print(f"catbird: {where}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


# ---- commands -----------------------------------------------------------------------------


def _print_json(data: object) -> None:
    import json  # only the --json outputs need it; the capture commands start faster without

    print(json.dumps(data, indent=2, ensure_ascii=False))


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
    )
    assert change.after
    interview = ops.current_interview(change.after)[1]
    event = interview.flags[-1]
    print(f"{slug}: {event.kind} flag “{event.label}” (severity {event.severity})")
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


def cmd_note(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops

    change = ops.note(ws, ops.resolve(ws, args.ref), args.text)
    print(f"{change.slug}: note added")
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


def cmd_prep(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops
    from catbird.exchange.prep import prep_markdown

    opportunity = ws.read(ops.resolve(ws, args.ref))
    print(prep_markdown(opportunity, ws.read_profile()), end="")
    return EXIT_OK


def cmd_list(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird.model import today

    profile = _profile_or_none(ws)
    summaries, problems = ws.summaries(profile)
    if args.stage:
        summaries = [s for s in summaries if s.stage == args.stage]
    order = {stage: n for n, stage in enumerate(Stage)}
    summaries.sort(key=lambda s: (order[s.stage], s.company.casefold(), s.slug))
    if args.json:
        _print_json(
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
        _print_json(export.opportunity_json(opportunity))
    else:
        print(export.markdown([opportunity], _profile_or_none(ws)), end="")
    return EXIT_OK


def cmd_due(ws: Workspace, args: argparse.Namespace) -> int:
    from datetime import timedelta

    from catbird import ops
    from catbird.model import today

    opportunities, problems = ws.load_all()
    day = today()
    items = ops.due_items(opportunities, day + timedelta(days=max(args.days, 0)))
    if args.json:
        _print_json(
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


def cmd_export(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops
    from catbird.exchange import export
    from catbird.store import FileProblem

    if args.ref:
        opportunities = [ws.read(ops.resolve(ws, args.ref))]
        problems: list[FileProblem] = []
    else:
        opportunities, problems = ws.load_all()
    text = export.render(args.format, opportunities, _profile_or_none(ws))
    if args.output is None:
        sys.stdout.write(text)
    else:
        target: Path = args.output.expanduser()
        export.write_export(ws.home, target, text, force=args.force)
        print(f"wrote {len(opportunities)} opportunities to {target}", file=sys.stderr)
    for problem in problems:
        print(f"catbird: skipped {problem}", file=sys.stderr)
    return EXIT_OK


def cmd_import(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird.exchange import spreadsheet
    from catbird.exchange.statuses import parse_status_map
    from catbird.store.errors import printable

    try:
        overrides = [spreadsheet.parse_map(text) for text in args.mapping]
    except ValueError as exc:
        print(f"catbird import: error: --map {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    try:
        status_map = [parse_status_map(text) for text in args.status_mapping]
    except ValueError as exc:
        print(f"catbird import: error: --map-status {printable(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    plan = spreadsheet.plan(
        args.file.expanduser(),
        ws,
        overrides=overrides,
        status_map=status_map,
        stage_default=args.stage_default,
        date_order=args.date_order,
    )
    if args.dry_run:
        _print_import_plan(plan)
    for problem in plan.problems:
        print(problem, file=sys.stderr)
    for duplicate in plan.duplicates:
        print(duplicate, file=sys.stderr)
    bad = len(plan.problems)
    skipped = f"; {len(plan.duplicates)} already there, skipped" if plan.duplicates else ""
    if bad and not args.skip_bad:
        print(
            f"catbird: {bad} of {plan.read} rows could not be read; nothing "
            f"{'would be' if args.dry_run else 'was'} imported (fix them, or add --skip-bad "
            "to import the others)",
            file=sys.stderr,
        )
        return EXIT_ERROR
    left_out = f"; {bad} bad rows left out" if bad else ""
    if args.dry_run:
        print(
            f"dry run: {len(plan.rows)} would be added{skipped}{left_out}; nothing written",
            file=sys.stderr,
        )
        return EXIT_OK
    changes = spreadsheet.run(ws, plan)
    for change in changes:
        print(change.slug)
    known = f" ({plan.known.label})" if plan.known else ""
    print(
        f"imported {len(changes)} opportunities from {printable(plan.file)}{known}"
        f"{skipped}{left_out}",
        file=sys.stderr,
    )
    return EXIT_OK


def _print_import_plan(plan: spreadsheet.Plan) -> None:
    from catbird.exchange import spreadsheet
    from catbird.exchange.dates import order_name
    from catbird.store.errors import printable

    def say(text: str) -> None:
        # Every header, status and cell is the file's text: printed literally, no escapes.
        print(printable(text, newlines=False))

    separator = {",": "comma", ";": "semicolon", "\t": "tab"}[plan.delimiter]
    known = f"recognised as {plan.known.label}; " if plan.known else ""
    dates = ""
    if plan.date_order is not None:
        dates = {
            "cells": f"; dates read as {order_name(plan.date_order)}",
            "--date-order": f"; dates read as {order_name(plan.date_order)}",
            "format": f"; dates read as {order_name(plan.date_order)} (as this program writes)",
        }.get(plan.date_order_from, "")
    elif plan.date_order_from == "undecided":
        dates = "; day/month order not shown by any date (see --date-order)"
    say(f"{plan.file}: {known}{plan.encoding}, {separator}-separated, {plan.read} rows{dates}")
    print("columns:")
    width = min(max((len(c.header) for c in plan.columns), default=6), 30)
    for column in plan.columns:
        target = {"note": "kept in a note", "ignore": "left out"}.get(column.field, column.field)
        if column.field == "tag":
            target = f"tag {column.tag!r} where yes"
        elif column.field == "salary":
            target = "salary (kept in a note)"
        elif column.field == "posting":
            target = "posting (its own note)"
        elif column.field == "id":
            target = "the import key (the program's own id, not kept as text)"
        how = [column.why] if column.why else []
        if column.how == "--map":
            how.append("--map")
        if column.order is not None and column.field in spreadsheet.DATE_FIELDS:
            how.append(order_name(column.order))
        said = f"  ({', '.join(how)})" if how else ""
        say(f"  {column.header:<{width}}  → {target}{said}")
    if plan.statuses:
        print("statuses:")
        width = min(max(len(t) for t in plan.statuses), 30)
        for text, seen in plan.statuses.items():
            stage = seen.stage.value if seen.stage else "unknown (see --map-status)"
            kept = ", text kept in a note" if seen.kept else ""
            rows = f"{seen.rows} row" + ("" if seen.rows == 1 else "s")
            say(f"  {text:<{width}}  → {stage}  ({rows}{kept})")
    print("would add:" if plan.rows else "nothing to add")
    for row in plan.rows:
        say(f"  line {row.line}: {spreadsheet.describe(row.opportunity)}")


def cmd_check(ws: Workspace, args: argparse.Namespace) -> int:
    if args.merge_copies:
        from catbird.store import CatbirdError

        for copy in ws.conflict_copies():
            try:
                change = ws.merge_copy(copy)
            except CatbirdError as exc:
                print(f"catbird: {exc}", file=sys.stderr)
                continue  # the copy stays where it is; check reports it below
            print(f"merged {copy.name} into {change.slug}.toml (the copy is in the trash)")
    problems = ws.check()
    for problem in problems:
        print(problem)
    count = len(ws.slugs())
    if problems:
        print(f"{len(problems)} problem(s) in {ws.home}", file=sys.stderr)
        return EXIT_ERROR
    print(f"{ws.home}: {count} opportunities and the profile read cleanly", file=sys.stderr)
    return EXIT_OK


def cmd_locate(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird.store.paths import config_path

    print(f"workspace      {ws.home}")
    print(f"profile        {ws.profile_path}")
    print(f"opportunities  {ws.opportunities_dir}")
    print(f"config         {config_path()}")
    return EXIT_OK


def _profile_or_none(ws: Workspace) -> Profile | None:
    from catbird.store import FileProblem

    try:
        return ws.read_profile()
    except FileProblem as problem:
        print(f"catbird: {problem} (profile ignored)", file=sys.stderr)
        return None


COMMANDS = {
    "add": cmd_add,
    "move": cmd_move,
    "flag": cmd_flag,
    "answer": cmd_answer,
    "prep": cmd_prep,
    "said": cmd_said,
    "note": cmd_note,
    "list": cmd_list,
    "show": cmd_show,
    "due": cmd_due,
    "export": cmd_export,
    "import": cmd_import,
    "check": cmd_check,
    "locate": cmd_locate,
}
