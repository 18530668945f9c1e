"""The `catbird` command and `python -m catbird`: `cli.main`, started and ended for speed.

Quick capture (`catbird flag …` while something else is on screen) is a short process whose
start-up and exit cost more than its work, so three things are tuned here, where nothing has
been imported yet (pydantic's plugin lookup, the garbage collector, the exit); `cli.main`
itself stays an ordinary function that tests call in-process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from typing import NoReturn

from catbird.startup import without_pydantic_plugins


def run() -> NoReturn:
    # Importing pydantic, our models and argparse makes tens of thousands of objects that
    # live as long as the process. Left on, the cyclic GC walks them over and over while they
    # are made, and again while the first validators are built (~5 ms of a capture). So no
    # collections during the imports, then the imported objects are frozen out of later
    # collections (gc.freeze), and collection is back on for the command itself.
    gc.disable()
    without_pydantic_plugins()
    from catbird.cli import main

    gc.freeze()
    gc.enable()
    code = main()
    if "textual" in sys.modules:  # the board ran: leave the usual way, its clean-up included
        raise SystemExit(code)
    # A shell command is done by now: its files written, fsynced and closed, its locks
    # released. Tearing down the interpreter — every module, every pydantic validator —
    # would take ~15 ms more, longer than the capture's own work; flush what it printed and
    # leave. (Nothing of ours runs at exit; a tool that does, like subprocess coverage,
    # would need `python -c "from catbird.cli import main; main()"` instead.)
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except (BrokenPipeError, ValueError):  # the reader went away (`catbird list | head`)
        pass
    except OSError as exc:  # `catbird list > /dev/full`: what was printed is not all there
        with contextlib.suppress(OSError, ValueError, AttributeError):
            print(f"catbird: standard output: cannot write: {exc.strerror}", file=sys.stderr)
        code = code or 1
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
