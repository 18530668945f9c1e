"""Reading many opportunity files into cards at once: a cold start, or a sync that changed
hundreds of files behind the summary index.

Most of a read is tomllib's parse (pure Python, ~1 ms for a 3.5 KB file; validation and the
summary are a quarter of that), so a read of thousands of files is CPU-bound and one
process's GIL holds it to one core. From PARALLEL_FROM files on, the files are shared out,
a chunk at a time, among worker processes (`workspace.serve_reads` in a new interpreter,
talking JSON lines over pipes: no multiprocessing, whose machinery wants a real stderr the
board does not have, and no fork of a process with threads running) and the calling
thread, which reads chunks too while the workers start (~0.25 s each: an interpreter and our
models). A worker that fails only means its chunks are read here. Fewer files, or one
core, are read in the calling thread.

A caller that knows a big read is coming starts the workers ahead (`start_workers`: the
board, before its first frame, when the index lacks the files): their start-up then runs on
the other core while the caller's own goes on, and they wait, ready, for the read.

Where a cold read of 2,000 files goes (per file, CPU, one core): the parse 0.36 ms
(store.quicktoml; tomllib took 1.17), validation 0.15 (0.31 before the text cleaning's
fast path), the card 0.10, reading the bytes and the digest 0.07, the card's trip back over
the pipe 0.03 (to_row, JSON both ways, from_row). The index is written after the board
shows the cards (`Workspace.read_summaries`).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from catbird.model.summary import CardSummary
from catbird.store.errors import FileProblem

if TYPE_CHECKING:
    from catbird.model import Profile

PARALLEL_FROM = 400
"""Files to read before worker processes pay for their start."""
CHUNK = 50
"""Files per task: small enough to share the work out evenly, large enough to be cheap."""
MAX_WORKERS = 4
"""At most, besides the calling thread."""

Read = tuple[str, CardSummary | None, str, tuple[str, int, str] | None]
"""A file's name, its card and digest (see store.index), or the problem it has (path, line,
message); neither for a file gone since it was listed."""


Summarize = Callable[[Path, list[str], "Profile | None"], list[Read]]
"""How files are read into cards, here and in a worker (`workspace.summarize_files`)."""
SERVE = "from catbird.store.workspace import serve_reads; serve_reads()"
"""What a worker process runs (the reading lives beside the workspace it reads)."""


_spares: list[subprocess.Popen[bytes]] = []
"""Workers started ahead of a read (`start_workers`), waiting for their set-up line."""
_spares_lock = threading.Lock()


def _workers_wanted() -> int:
    # The calling thread reads too: one worker fewer than the cores (on two, one worker and
    # us read as fast as two workers and us, and the second worker's start-up is saved).
    cores = os.cpu_count() or 1
    return min(MAX_WORKERS, cores - 1)


def start_workers(reads: int) -> None:
    """Start the worker processes of a read of about `reads` files that is coming, if it is
    one they would share (see the module's doc)."""
    if reads < PARALLEL_FROM:
        return
    with _spares_lock:
        while len(_spares) < _workers_wanted():
            worker = _spawn()
            if worker is None:
                return
            _spares.append(worker)


def _spawn() -> subprocess.Popen[bytes] | None:
    try:
        return subprocess.Popen(
            # -P: the current folder is not put on the path (a `catbird` or `json` folder
            # where the user happens to be must not stand in for ours).
            [sys.executable, "-P", "-c", SERVE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None


def _take_worker() -> subprocess.Popen[bytes] | None:
    """A worker started ahead, or a new one."""
    with _spares_lock:
        if _spares:
            return _spares.pop()
    return _spawn()


def stop_spare_workers() -> None:
    """End the workers started ahead that no read took: their input closed, they exit
    (not waited for: one may still be starting)."""
    with _spares_lock:
        spares = list(_spares)
        _spares.clear()
    for worker in spares:
        for stream in (worker.stdin, worker.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def read_cards(
    home: Path, names: Sequence[str], profile: Profile | None, summarize_files: Summarize
) -> list[Read]:
    """The card of each opportunity file `names` (in home/opportunities)."""
    wanted = _workers_wanted()
    if len(names) < PARALLEL_FROM or wanted < 1:
        stop_spare_workers()  # started for a read that turned out small
        return summarize_files(home, list(names), profile)
    chunks: queue.SimpleQueue[list[str]] = queue.SimpleQueue()
    for start in range(0, len(names), CHUNK):
        chunks.put(list(names[start : start + CHUNK]))
    results: list[list[Read]] = []
    setup = json.dumps(
        {"home": str(home), "profile": None if profile is None else profile.model_dump(mode="json")}
    )
    helpers = [
        threading.Thread(target=_work_in_a_process, args=(setup, chunks, results), daemon=True)
        for _ in range(wanted)
    ]
    for helper in helpers:
        helper.start()
    share = (home, profile, chunks, results, summarize_files)
    _take_share(*share)  # this thread's, until every chunk is taken
    for helper in helpers:
        helper.join()
    _take_share(*share)  # what a failed worker gave back
    return [read for chunk in results for read in chunk]


def _take_share(
    home: Path,
    profile: Profile | None,
    chunks: queue.SimpleQueue[list[str]],
    results: list[list[Read]],
    summarize_files: Summarize,
) -> None:
    while True:
        try:
            chunk = chunks.get_nowait()
        except queue.Empty:
            return
        results.append(summarize_files(home, chunk, profile))


def _work_in_a_process(
    setup: str, chunks: queue.SimpleQueue[list[str]], results: list[list[Read]]
) -> None:
    """Feed chunks to one worker process until none are left (list.append is atomic)."""
    worker = _take_worker()
    if worker is None:
        return
    stdin, stdout = worker.stdin, worker.stdout
    assert stdin is not None and stdout is not None
    chunk: list[str] | None = None
    try:
        _send(stdin, setup)
        while True:
            try:
                chunk = chunks.get_nowait()
            except queue.Empty:
                chunk = None
                break
            _send(stdin, json.dumps(chunk))
            answer = stdout.readline()
            if not answer:
                break
            results.append([_read_of(row) for row in json.loads(answer)])
            chunk = None
    except (OSError, ValueError):
        pass
    finally:
        if chunk is not None:  # taken, never answered: read by whoever is still at it
            chunks.put(chunk)
        _close(worker)


def _close(worker: subprocess.Popen[bytes]) -> None:
    """Close a worker's input (it exits at the end of it) and wait for it."""
    assert worker.stdin is not None and worker.stdout is not None
    with contextlib.suppress(OSError):
        worker.stdin.close()
    worker.wait()
    worker.stdout.close()


def _send(stream: IO[bytes], line: str) -> None:
    stream.write(line.encode() + b"\n")
    stream.flush()


def _read_of(row: list[Any]) -> Read:
    name, card, digest, problem = row
    return (
        name,
        None if card is None else CardSummary.from_row(card),
        digest,
        None if problem is None else (problem[0], problem[1], problem[2]),
    )


def problem_of(read: Read) -> FileProblem | None:
    problem = read[3]
    return None if problem is None else FileProblem(Path(problem[0]), problem[1], problem[2])


def row_of(read: Read) -> list[Any]:
    """A read as a worker sends it (`_read_of` takes it back)."""
    name, card, digest, problem = read
    return [name, None if card is None else card.to_row(), digest, problem]
