"""Import and export: other trackers' files in, Markdown, CSV, JSON and iCalendar out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from catbird.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    Commands,
    profile_or_none,
    stage_arg,
)

if TYPE_CHECKING:
    from catbird.exchange import spreadsheet
    from catbird.store import Workspace


def register(sub: Commands) -> None:
    p = sub.add_parser(
        "export",
        help="export to Markdown, CSV, JSON or a calendar (.ics)",
        description="--format ics prints the calendar of interviews, follow-ups and "
        "decision deadlines (`catbird calendar FILE` keeps one file up to date).",
    )
    p.add_argument("ref", nargs="?")
    p.add_argument("--format", choices=("markdown", "csv", "json", "ics"), default="markdown")
    p.add_argument("--output", type=Path, help="write to FILE instead of standard output")
    p.add_argument("--force", action="store_true", help="overwrite an existing FILE")
    p.set_defaults(run=cmd_export)

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
        type=stage_arg,
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
    p.set_defaults(run=cmd_import)


def cmd_export(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops
    from catbird.exchange import export
    from catbird.store import FileProblem

    if args.ref:
        opportunities = [ws.read(ops.resolve(ws, args.ref))]
        problems: list[FileProblem] = []
    else:
        opportunities, problems = ws.load_all()
    if args.format == "ics":
        from catbird.exchange import ics

        text = ics.calendar(opportunities).decode("utf-8")
    else:
        text = export.render(args.format, opportunities, profile_or_none(ws))
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
