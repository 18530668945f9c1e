"""What the commands share: exit codes, argument types, JSON output, the profile read leniently."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

from catbird.model import Stage

if TYPE_CHECKING:
    from catbird.model import Profile
    from catbird.store import Workspace

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
EXIT_NOTHING_DUE = 3
"""`catbird due --count` found nothing due (0 says something is): a question answered, not
an error, so it is none of 1 and 2."""
JSON_VERSION = 1

Commands: TypeAlias = "argparse._SubParsersAction[Any]"
"""What `add_subparsers` returns: each command module's `register` adds its commands to it."""


class Parser(argparse.ArgumentParser):
    """argparse quotes what was typed in its errors: show control characters, never send them."""

    def error(self, message: str) -> NoReturn:
        from catbird.store.errors import printable

        super().error(printable(message))


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
