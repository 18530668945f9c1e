"""The trackers whose exports we know, one per module, recognised by their header set.

Each module holds one `Format`: the headers that identify the program's export, what each of
its columns is, the program's own status (or list) names, the date order it writes and the
defaults its rows imply (every row of LinkedIn's export is an application). A file none of them
recognises goes through the general mapper in `catbird.exchange.spreadsheet`. Plain Python.
"""

from __future__ import annotations

from collections.abc import Sequence

from catbird.exchange.formats.format import Format, headers, signature, statuses

__all__ = ["Format", "headers", "recognise", "signature", "statuses"]


def _formats() -> tuple[Format, ...]:
    from catbird.exchange.formats import huntr, jobsync, linkedin, notion, simplify

    return (huntr.FORMAT, linkedin.FORMAT, jobsync.FORMAT, simplify.FORMAT, notion.FORMAT)


def recognise(headers: Sequence[str]) -> Format | None:
    """The known export these headers are, if any; the most specific signature wins."""
    present = {h.strip() for h in headers}
    matches = [f for f in _formats() if f.signature <= present]
    return max(matches, key=lambda f: len(f.signature), default=None)
