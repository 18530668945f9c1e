"""Writing something the user made (a letter, talking points) to a file they name: the path
asked for with a suggestion, checked before anything else is asked, a file already there
replaced only on a yes, and every outcome said."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.screen import Screen

from catbird.store import CatbirdError
from catbird.tui.dialogs.confirm import ConfirmDialog
from catbird.tui.dialogs.prompt import PromptDialog
from catbird.tui.door import door


def ask_and_write(
    node: Screen[Any],
    title: str,
    suggestion: str,
    write: Callable[[Path, Path], None],
    said: Callable[[Path], str],
) -> None:
    """Ask for a path (relative ones from the current folder), then `write(home, target)`;
    `said(target)` is the message once written."""

    def chosen(answer: str | None) -> None:
        if answer:
            _write(node, Path(answer).expanduser(), write, said)

    node.app.push_screen(PromptDialog(title, "a path", value=suggestion), chosen)


def _write(
    node: Screen[Any],
    path: Path,
    write: Callable[[Path, Path], None],
    said: Callable[[Path], str],
) -> None:
    from catbird.exchange.export import check_output_path

    home = door(node).home
    target = path if path.is_absolute() else Path.cwd() / path
    try:
        # Checked before asking, so a refused path is said at once, not after a "yes".
        check_output_path(home, target, force=True)
    except CatbirdError as exc:
        node.notify(str(exc), severity="error", markup=False)
        return

    def go(yes: bool | None = True) -> None:
        if not yes:
            node.notify("Nothing written.", timeout=2)
            return
        try:
            write(home, target)
        except CatbirdError as exc:
            node.notify(str(exc), severity="error", markup=False)
            return
        node.notify(said(target), timeout=4, markup=False)

    if target.exists():
        node.app.push_screen(
            ConfirmDialog("Overwrite the file?", f"{target} already exists.", "overwrite"), go
        )
    else:
        go()
