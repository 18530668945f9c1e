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
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from catbird.cli import calendar, capture, endings, exchange, habits, reading, sync, workspace
from catbird.cli.common import EXIT_ERROR, EXIT_OK, Commands, Parser, ShowVersion

YOUNG_OBJECTS = 50_000
"""The collector's young-generation threshold while a shell command runs (see `main`)."""

COMMAND_MODULES = (capture, endings, calendar, reading, exchange, workspace, habits, sync)
"""In the order `catbird --help` lists their commands."""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of `catbird` and every command; with `only`, of that command alone.

    A capture is a short process and building the parsers of all thirty-odd commands costs
    it ~5 ms of CPU (a twentieth of its own work), so `main` builds only the one the command
    line names (`only=""`: none, for the board). What a user sees is the same either way:
    `catbird --help`, a mistyped command and the completion scripts come from the whole
    parser, and a command's own help and errors from its own parser, which is built just as
    it would be among the rest.
    A name that is no command gets the whole parser, whose error lists the commands.
    """
    parser = Parser(
        prog="catbird",
        description="A keyboard-driven companion for your job search. "
        "Without a command, opens the board.",
    )
    parser.add_argument("--home", type=Path, help="the workspace folder (default: $CATBIRD_HOME)")
    parser.add_argument(
        "--version", action=ShowVersion, help="print the version of catbird and leave"
    )
    # `catbird completion` makes its script from every command, whichever were built.
    parser.set_defaults(whole_parser=build_parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    if only is None:
        for module in COMMAND_MODULES:
            module.register(sub)
        return parser
    one = _OnlyOne(sub, only)
    for module in COMMAND_MODULES:
        module.register(cast(Commands, one))
    return parser if one.found or not only else build_parser()


def command_named(argv: Sequence[str]) -> str | None:
    """The command `argv` plainly names: the first word after the options of `catbird`
    itself (`--home DIR`, `--home=DIR`); "" when it names none (the board). None when
    something else comes first (`--help`, `--version`, an abbreviated or unknown option):
    that is for the whole parser to read."""
    words = iter(argv)
    for word in words:
        if word == "--home":
            value = next(words, None)
            if value is None or value.startswith("-"):
                return None  # argparse's own error
        elif not word.startswith("--home="):
            return word if word and not word.startswith("-") else None
    return ""


class _OnlyOne:
    """The subparsers action as the command modules' `register` sees it when one command
    runs: that command's parser is built, every other is taken and left unbuilt."""

    def __init__(self, sub: Commands, name: str) -> None:
        self.sub = sub
        self.name = name
        self.found = False

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        if name != self.name:
            return cast(argparse.ArgumentParser, _UNBUILT)
        self.found = True
        return self.sub.add_parser(name, **kwargs)


class _Unbuilt:
    """A parser not built: whatever `register` does to it (add_argument, set_defaults,
    add_subparsers and the parsers and groups under it) is taken and does nothing."""

    def __getattr__(self, name: str) -> Callable[..., _Unbuilt]:
        return self._take

    def _take(self, *args: object, **kwargs: object) -> _Unbuilt:
        return self


_UNBUILT = _Unbuilt()


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(only=command_named(words)).parse_args(words)
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
    # A capture makes ~29,000 objects more than it frees (its models' validators above all):
    # at Python's young-generation threshold of 700 the collector walks them some forty
    # times (~2 % of the command). At YOUNG_OBJECTS a capture sees no collection, a long
    # command (a check of 10,000 files, a sync) still collects its cycles, and the usual
    # threshold is back once the command is done.
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], YOUNG_OBJECTS), *thresholds[1:])
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
    finally:
        gc.set_threshold(*thresholds)
