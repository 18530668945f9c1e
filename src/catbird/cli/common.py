"""What the commands share: exit codes, argument types, JSON output, the profile read leniently."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

from catbird.model import Stage

if TYPE_CHECKING:
    from catbird.model import Opportunity, Profile
    from catbird.store import FileProblem, Workspace

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
EXIT_NOTHING_DUE = 3
"""`catbird due --count` found nothing due (0 says something is): a question answered, not
an error, so it is none of 1 and 2."""
JSON_VERSION = 1
SHELLS = ("bash", "zsh", "fish")
"""What `catbird completion` writes scripts for (here, not in completion.py: the parser of
`completion` names them without loading the scripts' maker)."""

Commands: TypeAlias = "argparse._SubParsersAction[Any]"
"""What `add_subparsers` returns: each command module's `register` adds its commands to it."""


class Formatter(argparse.HelpFormatter):
    """argparse's own help layout, at the width it would pick, found without `shutil`.

    argparse makes a formatter for every argument a parser is given (to check its metavar),
    and the formatter imports `shutil` (with bz2 and lzma) for the terminal's width: ~2.5 ms
    of every capture's start-up. The width is what `shutil.get_terminal_size` says: $COLUMNS
    if it is a positive number, else the terminal standard output is, else 80."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _columns() - 2  # as argparse does
        super().__init__(prog, indent_increment, max_help_position, width)


def _columns() -> int:
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    stdout = sys.__stdout__
    if columns <= 0 and stdout is not None:
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns
        except (ValueError, OSError):  # closed, detached, or not a terminal
            columns = 0
    return columns if columns > 0 else 80


class Parser(argparse.ArgumentParser):
    """argparse quotes what was typed in its errors: show control characters, never send them.
    Every parser of `catbird` lays out its help with `Formatter`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        from catbird.store.errors import printable

        super().error(printable(message))


class ShowVersion(argparse.Action):
    """`--version`: the version pyproject.toml defines (the one place it is written), read
    from the installed package's metadata only when asked: importlib.metadata costs a
    capture command ~10 ms it has no need to pay."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(f"catbird {version()}")
        parser.exit()


def version() -> str:
    """The installed catbird's version ("unknown" when run from a tree never installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("catbird")
    except PackageNotFoundError:
        return "unknown"


def stage_arg(text: str) -> Stage:
    try:
        return Stage.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def day_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-12-01") from None


def severity_arg(text: str) -> int:
    if text not in {"1", "2", "3"}:
        raise argparse.ArgumentTypeError(f"severity is 1, 2 or 3, not {text!r}")
    return int(text)


def print_json(data: object) -> None:
    import json  # only the --json outputs need it; the capture commands start faster without

    print(json.dumps(data, indent=2, ensure_ascii=False))


def profile_or_none(ws: Workspace) -> Profile | None:
    from catbird.store import FileProblem

    try:
        return ws.read_profile()
    except FileProblem as problem:
        print(f"catbird: {problem} (profile ignored)", file=sys.stderr)
        return None


def opportunities_dated_by(
    ws: Workspace, until: date, *, interviews: bool = True, quiet_days: int | None = None
) -> tuple[list[Opportunity], list[FileProblem]]:
    """The opportunities whose card (from the summary index: no parse for an unchanged
    file) says something falls on or before `until`, read whole; and the files that could
    not be read. What the agenda and `due --count` need, without reading every file."""
    from catbird.model.agenda import on_agenda_by
    from catbird.store import CatbirdError, FileProblem

    cards, problems = ws.summaries(profile_or_none(ws))
    found: list[Opportunity] = []
    for card in cards:
        if on_agenda_by(card, until, interviews=interviews, quiet_days=quiet_days):
            try:
                found.append(ws.read(card.slug))
            except FileProblem as problem:  # changed since it was summarized
                problems.append(problem)
            except CatbirdError:
                continue  # gone since
    return found, problems
