"""The workspace itself: checking its files, where they are, and the demo."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from catbird.cli.common import (
    EXIT_ERROR,
    EXIT_OK,
    Commands,
)

if TYPE_CHECKING:
    from catbird.store import Workspace


def register(sub: Commands) -> None:
    p = sub.add_parser("check", help="validate the workspace: path:line: message per problem")
    p.add_argument(
        "--merge-copies",
        action="store_true",
        help="merge the conflict copies Syncthing or Dropbox left into their originals "
        "(every event of both kept; the copies go to .catbird/trash)",
    )
    p.set_defaults(run=cmd_check)

    sub.add_parser("demo", help="the board on a throw-away copy of the sample data")

    p = sub.add_parser("locate", help="print where the files are")
    p.set_defaults(run=cmd_locate)


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
