"""`catbird`: the TUI when run alone, quick capture and reading from the shell otherwise.

Exit codes: 0 success; 1 an error the user can fix (message on stderr, nothing changed);
2 wrong usage; 3 `catbird due --count` found nothing due. The capture commands never import
Textual: only the TUI commands do.

Each module here registers its commands (`register`) and runs them (`cmd_…`, set as the
parser's `run` default); this one builds the parser and dispatches, turning what goes wrong
into one line on stderr and an exit code.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from catbird.cli import calendar, capture, endings, exchange, habits, reading, sync, workspace
from catbird.cli.common import EXIT_ERROR, EXIT_OK, Parser, ShowVersion

COMMAND_MODULES = (capture, endings, calendar, reading, exchange, workspace, habits, sync)
"""In the order `catbird --help` lists their commands."""


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="catbird",
        description="A keyboard-driven companion for your job search. "
        "Without a command, opens the board.",
    )
    parser.add_argument("--home", type=Path, help="the workspace folder (default: $CATBIRD_HOME)")
    parser.add_argument(
        "--version", action=ShowVersion, help="print the version of catbird and leave"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    parser.set_defaults(parser=parser)  # `catbird completion` makes its script from all of it
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
        code = int(args.run(ws, args))
        if code == EXIT_OK:
            sync.commit_after(ws, args)
        return code
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
