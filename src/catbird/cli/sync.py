"""`catbird sync`: two machines, one search, through git (see `catbird.sync`)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from catbird.cli.common import EXIT_ERROR, EXIT_OK, Commands

if TYPE_CHECKING:
    from catbird.store import Workspace
    from catbird.sync.engine import Report

EXIT_REMOTE_DOWN = 3
"""The remote could not be reached: everything is committed here; try again later."""

CHANGING = frozenset(
    {"add", "move", "flag", "answer", "said", "note", "import", "close", "contact", "edit"}
    | {"schedule", "reschedule", "cancel"}
)
"""The commands that change the workspace: with `--auto on`, each is committed at once."""


def register(sub: Commands) -> None:
    p = sub.add_parser(
        "sync",
        help="commit what changed, fetch, merge by event id and push (git)",
        description="Keep the workspace in git and bring two machines together: commits "
        "what changed here with a message that says what, fetches, merges every event of "
        "both sides by id (a value both changed: the later change wins, the other is kept "
        "as a note) and pushes. The first run makes the workspace a repository. Exit 0 "
        "synced; 1 something to fix (a file that does not validate, no remote); 3 the "
        "remote could not be reached (nothing lost: your changes are committed here).",
    )
    p.add_argument(
        "--remote",
        metavar="URL",
        help="the repository to sync with: user@host:path.git, a hosted URL, or a folder "
        "(a bare repository); asked for on the first run if not given",
    )
    p.add_argument(
        "--auto",
        choices=("on", "off"),
        help="on: commit after every change made from the command line (sync still sends)",
    )
    p.set_defaults(run=cmd_sync)


def _ask() -> str | None:
    try:
        answer = input("Sync with which repository? [user@host:path.git, a URL or a folder] ")
    except EOFError:
        return None
    return answer.strip() or None


def cmd_sync(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird.store import CatbirdError
    from catbird.store.errors import printable
    from catbird.sync.engine import Sync, set_auto
    from catbird.sync.git import RemoteDown

    if args.auto is not None:
        set_auto(ws, args.auto == "on")
        state = "committed after every change" if args.auto == "on" else "committed at sync"
        print(f"changes are now {state}")
    ask = _ask if args.remote is None and sys.stdin is not None and sys.stdin.isatty() else None
    syncing = Sync(ws)
    report = syncing.report
    try:
        syncing.run(args.remote, ask)
    except RemoteDown as exc:
        _said(ws, report)
        print(f"catbird: {exc}", file=sys.stderr)
        return EXIT_REMOTE_DOWN
    except CatbirdError:
        _said(ws, report)
        raise
    _said(ws, report)
    print("sent to " + report.remote if report.sent else f"up to date with {report.remote}")
    for problem in report.problems:
        print(f"catbird: {printable(problem, newlines=False)}", file=sys.stderr)
    return EXIT_ERROR if report.problems else EXIT_OK


def _said(ws: Workspace, report: Report) -> None:
    """What the sync did so far, one line each."""
    from catbird.store.errors import printable

    if report.created:
        print(f"made {ws.home} a git repository (.catbird/ is not kept in it)")
    if report.made_remote:
        print(f"made {report.made_remote} a bare repository to sync through")
    if report.committed:
        print(f"committed: {printable(report.committed, newlines=False)}")
    if report.received:
        print(f"received {len(report.received)} changed file(s) from {report.remote}")
    if report.merged:
        print(f"merged by event id: {', '.join(report.merged)}")
    for kept in report.kept:
        print(f"kept the earlier value as a note: {printable(kept, newlines=False)}")


def commit_after(ws: Workspace, args: argparse.Namespace) -> None:
    """With `--auto on`: commit the change a command just made (never fails the command)."""
    if args.command not in CHANGING or not (ws.state_dir / "sync-auto").exists():
        return
    from catbird.store import CatbirdError, LockTimeout
    from catbird.sync.engine import Sync

    try:
        Sync(ws).commit_only(wait=1.0)  # a capture never waits long for a sync
    except LockTimeout:
        print("catbird: a sync is running; it or the next one commits this", file=sys.stderr)
    except (CatbirdError, OSError) as exc:
        print(f"catbird: not committed ({exc}); catbird sync commits it", file=sys.stderr)
