"""Background work that gives way to the person at the keyboard: a long pass over every
file, run on a thread beside the UI (the board's check of every file after start, a view's
first count), stops while a key press is being handled, and rests a moment after each short
stretch of work.

Two things slow a key press down while such a pass runs. Python's threads share one
interpreter lock, which a thread that never waits keeps for a whole switch interval (5 ms)
each time the UI thread asks for it back. And on a machine of two cores (a small remote
box) the pass, the terminal writer and whatever else runs there compete for the cores. A
pass that waits while `busy()` says the UI is working on input, and otherwise rests `rest`
seconds after every `stretch` seconds, costs a press almost nothing; the pass takes a
little longer, which for a check nobody waits on is the better trade.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Pace = Callable[[], None]
"""Called between two small steps of a long pass: returns at once, or after a rest."""


def flat_out() -> None:
    """The pace of a pass someone waits on: no rest."""


def giving_way(
    busy: Callable[[], bool] = lambda: False,
    *,
    stretch: float = 0.002,
    rest: float = 0.001,
    patience: float = 5.0,
) -> Pace:
    """A pace that waits while `busy()` (checking again every few milliseconds, but never
    more than `patience` seconds in a row: the pass is not starved by a key held down), and
    otherwise rests `rest` seconds once `stretch` seconds of work went by since the last."""
    clock = time.monotonic
    since = clock()

    def pace() -> None:
        nonlocal since
        started = clock()
        if started - since < stretch and not busy():
            return
        while busy() and clock() - started < patience:
            time.sleep(0.005)
        time.sleep(rest)
        since = clock()

    return pace
