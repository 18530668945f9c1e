"""The habits of a terminal: `search`, `edit` in $VISUAL/$EDITOR, `completion` scripts.

`catbird edit REF` works as `visudo` and `crontab -e` do: the opportunity's file goes to the
editor as a private copy; what is saved is checked; a mistake sends the user back to the
editor with the problem written at the top (comment lines taken out again afterwards), or
the edit is given up; a good text is merged with whatever changed in the file meanwhile and
written atomically under the file's lock. The file on disk is never left broken.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from catbird.cli.common import EXIT_ERROR, EXIT_OK, JSON_VERSION, SHELLS, Commands, print_json

if TYPE_CHECKING:
    from catbird.store import FileProblem, Workspace

HEADER = "#! "
"""How the lines `catbird edit` puts at the top of a text it sends back start: they are
taken out again, whatever the user did with them."""


def register(sub: Commands) -> None:
    p = sub.add_parser(
        "search",
        help="find words in every note, flag, answer, promise, contact, debrief…",
        description="Every word of TEXT must appear (case and accents aside). "
        "Newest first, each with its opportunity and date.",
    )
    p.add_argument("text", nargs="+", help="the words to look for")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_search)

    p = sub.add_parser(
        "edit",
        help="edit its file in $VISUAL or $EDITOR, checked before it is saved",
        description="The file is edited on a private copy; it is saved only once it is valid "
        "(a mistake takes you back to the editor), merged with what changed meanwhile.",
    )
    p.add_argument("ref")
    p.set_defaults(run=cmd_edit)

    p = sub.add_parser(
        "completion",
        help="print the completion script for bash, zsh or fish",
        description="See the README for where each shell wants it, e.g. "
        "`catbird completion bash > ~/.local/share/bash-completion/completions/catbird`.",
    )
    p.add_argument("shell", choices=SHELLS)
    p.set_defaults(run=cmd_completion)


# ---- search --------------------------------------------------------------------------------


def cmd_search(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird.cli.common import profile_or_none
    from catbird.model.search import excerpt
    from catbird.store.errors import printable
    from catbird.store.search_cache import searchable

    query = " ".join(args.text)
    # From the search cache: only the files changed since the last search are parsed.
    corpus, problems = searchable(ws, profile_or_none(ws))
    hits = corpus.find(query)
    if args.json:
        print_json({"version": JSON_VERSION, "query": query, "hits": [h.to_json() for h in hits]})
    else:
        for hit in hits:
            day = hit.day.isoformat() if hit.day else " " * 10
            where = f" ({hit.where})" if hit.where else ""
            line = f"{day}  {hit.company} [{hit.slug}] {hit.kind}{where}: "
            print(printable(line + excerpt(hit.text, query), newlines=False))
        if not hits:
            print(f"nothing found for {printable(query)!r}", file=sys.stderr)
    for problem in problems:
        print(f"catbird: skipped {problem}", file=sys.stderr)
    return EXIT_OK


# ---- edit ------------------------------------------------------------------------------------


def cmd_edit(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops
    from catbird.store import CatbirdError, FileProblem
    from catbird.store.editor import edit_text

    slug = ops.resolve(ws, args.ref)
    path = ws.path_for(slug)
    opened = ws.read_bytes(slug)
    try:
        original = opened.decode("utf-8")
    except UnicodeDecodeError:
        print(f"catbird: {path}: not UTF-8 text: fix it with a text editor", file=sys.stderr)
        return EXIT_ERROR
    text = original
    problem: FileProblem | None = None
    while True:
        try:
            edited = _strip_header(edit_text(_with_header(text, problem), name=f"{slug}.toml"))
        except CatbirdError as exc:  # the editor failed: what was written so far is kept
            if text != original:
                _rescue(ws, slug, text, str(exc))
                return EXIT_ERROR
            raise
        if problem is None and edited == original:
            print(f"{slug}: no change", file=sys.stderr)
            return EXIT_OK
        if not edited.strip():
            print(f"catbird: the text was emptied; {path} is as it was", file=sys.stderr)
            return EXIT_ERROR
        text = edited
        try:
            ws.check_text(slug, text)
        except FileProblem as found:
            problem = found
            print(f"catbird: {found}", file=sys.stderr)
            if _again():
                continue
            print(f"catbird: abandoned: {path} is as it was", file=sys.stderr)
            return EXIT_ERROR
        break
    try:
        change = ws.save_text(slug, text, opened)
    except CatbirdError as exc:  # the text is fine: the file on disk is what cannot be read
        _rescue(ws, slug, text, str(exc))
        return EXIT_ERROR
    assert change.after is not None
    note = ""
    if change.before is not None and ws.check_text(slug, text) != change.after:
        note = " (with what changed in it meanwhile)"
    print(f"{slug}: saved{note}")
    return EXIT_OK


def _with_header(text: str, problem: FileProblem | None) -> str:
    """`text` with the problem that kept it from being saved written above it."""
    if problem is None:
        return text
    lines = [
        "catbird edit: this was not saved, because of this mistake:",
        "",  # the problem, once the header's length (and so its line) is known
        "Fix it and save to try again; quit without saving to be asked whether to give up.",
        f"(The lines starting with {HEADER.strip()} are taken out when you save.)",
    ]
    where = f"line {problem.line + len(lines)}: " if problem.line else ""
    lines[1] = f"  {where}{problem.message}"
    return "".join(f"{HEADER}{line}".rstrip() + "\n" for line in lines) + text


def _strip_header(text: str) -> str:
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and lines[start].startswith(HEADER.rstrip()):
        start += 1
    return "".join(lines[start:])


def _again() -> bool:
    """Ask whether to edit again; on anything but a terminal the answer is no."""
    if not sys.stdin or not sys.stdin.isatty():
        print("catbird: standard input is not a terminal: nothing to ask", file=sys.stderr)
        return False
    while True:
        print("e(dit again) / a(bandon)? ", end="", file=sys.stderr, flush=True)
        answer = sys.stdin.readline()
        if not answer:  # end of input
            return False
        choice = answer.strip().lower()
        if choice in ("e", "edit", ""):
            return True
        if choice in ("a", "abandon", "q"):
            return False


def _rescue(ws: Workspace, slug: str, text: str, why: str) -> None:
    """Keep a valid text that could not be saved where the user can find it."""
    from catbird.model import now
    from catbird.store.atomic import atomic_write, ensure_dir

    folder = ws.state_dir / "edits"
    target = folder / f"{slug}.{now():%Y%m%dT%H%M%S}.toml"
    try:
        ensure_dir(folder)
        atomic_write(target, text.encode("utf-8"))
        kept = f"your version is in {target}"
    except OSError as exc:
        kept = f"your version could not be kept either ({exc.strerror or exc})"
    print(f"catbird: not saved: {why}; {kept}", file=sys.stderr)


# ---- completion --------------------------------------------------------------------------------


def cmd_completion(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird.cli.completion import script
    from catbird.store.paths import platform_home

    # The platform's folder, not this shell's $CATBIRD_HOME: the script reads that itself.
    # From the whole parser: `main` built only this command's.
    sys.stdout.write(script(args.whole_parser(), args.shell, str(platform_home())))
    return EXIT_OK
