"""The user's own editor (`$VISUAL`, `$EDITOR`) on a private copy of a text.

One mechanism for every long text — a note, a debrief, a letter, talking points, an
opportunity's whole file (`catbird edit`): the text goes to a file only the user can read, in a
folder of its own; the editor runs on it in the foreground; what the user saved comes back.
The copy is the editor's, never the workspace's: a half-written or broken text never reaches
the workspace, and whoever called decides what to do with the result.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from catbird.store.errors import CatbirdError, printable

FALLBACK_EDITORS = ("sensible-editor", "editor", "nano", "vi")
"""Tried in this order when neither $VISUAL nor $EDITOR is set (Debian's choice first)."""


class EditorProblem(CatbirdError):
    """The editor could not be started, or did not finish well: the text is as it was."""


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """The editor to run, as argv: $VISUAL, else $EDITOR (each may carry options, as in
    `code --wait`), else the first of FALLBACK_EDITORS on the PATH."""
    env = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                argv = shlex.split(value)
            except ValueError as exc:
                raise EditorProblem(f"${name} cannot be read ({exc}): {printable(value)}") from None
            if argv:
                return argv
    for candidate in FALLBACK_EDITORS:
        found = shutil.which(candidate, path=env.get("PATH"))
        if found:
            return [found]
    raise EditorProblem("no editor found: set $VISUAL or $EDITOR (e.g. export EDITOR=nano)")


@contextmanager
def private_copy(text: str, name: str = "catbird.md") -> Iterator[Path]:
    """`text` in a file named `name` (its suffix tells the editor what it holds) in a new
    folder only the user can enter; the folder and all in it are gone afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="catbird-edit-"))  # mode 0700
    path = folder / Path(name).name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_editor(path: Path, environ: Mapping[str, str] | None = None) -> str:
    """Run the editor on `path` in the foreground and return what the file holds after it.

    The editor has the terminal to itself (whoever calls has given it up: the TUI suspends
    first). An editor that cannot start, fails, or leaves a file that is not UTF-8 text
    raises EditorProblem; the caller keeps what it had."""
    argv = editor_command(environ)
    try:
        finished = subprocess.run([*argv, str(path)], check=False)
    except OSError as exc:
        raise EditorProblem(
            f"the editor {printable(argv[0])} could not be started: {exc.strerror or exc}"
        ) from None
    if finished.returncode != 0:
        raise EditorProblem(
            f"the editor {printable(argv[0])} stopped with exit code {finished.returncode}; "
            "nothing was taken from it"
        )
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EditorProblem("the editor removed the file; nothing was taken from it") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EditorProblem(f"what the editor saved cannot be read: {exc}") from None


def edit_text(text: str, name: str = "catbird.md", environ: Mapping[str, str] | None = None) -> str:
    """`text` as the user left it in their editor (unchanged if they saved nothing)."""
    with private_copy(text, name) as path:
        return run_editor(path, environ)
