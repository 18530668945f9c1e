"""The TUI's benchmarks, timed from outside in a real pseudo-terminal.

    python bench/tui.py                          # paint, keys and rss
    python bench/tui.py paint --sizes 20,2000    # some of them
    python bench/tui.py keys --presses 60 --sizes 20,10000

Each measurement spawns `python -m catbird --home WS` on a pty of 120×40 (set with
TIOCSWINSZ before exec; COLUMNS/LINES agree), TERM=xterm-256color, $CATBIRD_CONFIG pointing
at a throw-away settings file and $CATBIRD_NOW unset, then reads what the app writes.
A small terminal emulator (`TerminalScreen`: cursor moves, erases and text; colours are
ignored) keeps the 120×40 grid up to date, so a marker is matched against what a user would
see, whatever chunks or escape sequences the text arrived in.

- paint: seconds from the fork to the frame in which the board shows its cards, against a
  hello-world Textual app (a Static "hello", written to a temporary file) timed the same way
  and interleaved with it. "Cards shown" means the header's "N active · M closed" (set only
  once the workspace is loaded, with the right N and M), the column titles with their
  expected counts and the company of the first Lead card all on screen. Cold runs delete
  .catbird/index* first (every file read and validated); warm runs reuse it. The CPU
  time the process had used by then is shown too (a busy machine disturbs it far less).
- keys: after the board is up, the time from writing a key to the pty to reading the output
  that shows its effect: L/H moving the first Lead card to Applied and back (both column
  counts changed, the cursor on the card in its new column), and in the live tally (t,
  Enter) the red score going up after "1"; with a minimal Textual app's key as the floor.
  Slips (the screen went wrong after the change, then right) and restarts (it never came
  right) are counted.
- rss: VmRSS and VmHWM of the TUI process from /proc, at first paint and two seconds later.

The cards the keys can reach (Lead and Applied) are put back as they were afterwards. The
functions `bench_paint`, `bench_keys` and `bench_tui_rss` take run.py's `Bench` and return
the lines they printed, like the benchmarks there; `first_paint` and `hello_world_first_paint`
(seconds; `paint_board`, `paint_hello` for the details)
and `key_latency` are the measurements. Do not run this beside run.py, which adds a card to
the workspaces while it runs.
"""

from __future__ import annotations

import argparse
import codecs
import errno
import fcntl
import os
import random
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import tomllib
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (bench/ is not a package; Bench, workspaces and the child env)

COLUMNS, LINES = 120, 40
WARM_TARGET_RATIO = {2000: 1.1, 10_000: 1.2}
"""Warm first paint against the bare Textual board, by size (PRODUCT.md)."""
COLD_TARGET_S = {2000: 1.0, 10_000: 4.0}
"""Seconds from spawn to the fully checked board with no index, by size."""
SYNC_TARGET_S = 0.3
"""Seconds from the first frame to the corrected cards after a sync."""
KEY_MEDIAN_TARGET_MS = 25.0
KEY_P95_TARGET_MS = 50.0
RSS_TARGET_RATIO = 1.5
PAINT_SIZES = (20, 2000, 10_000)
KEY_SIZES = (20, 10_000)
COMPANY_PREFIX = 12
"""Cells of a company name that a card in a 120-column board always shows."""
BURST_GAP = 0.002
"""Seconds without output after which a burst (a frame, written in pieces) is over."""
TIMEOUT = 120.0
"""Seconds to wait for a marker before giving up (a cold 10,000 is the slow case)."""

HELLO_WORLD = """\
from textual.app import App, ComposeResult
from textual.widgets import Static


class Hello(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")


if __name__ == "__main__":
    Hello().run()
"""

BARE_BOARD = """\
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Header, Static


class Column(ScrollView):
    DEFAULT_CSS = "Column { width: 1fr; height: 1fr; scrollbar-size-vertical: 1; }"

    def __init__(self, title: str) -> None:
        super().__init__()
        self.heading = title

    def on_mount(self) -> None:
        self.virtual_size = Size(20, 400)

    def render_line(self, y: int) -> Strip:
        if y == 0:
            return Strip([Segment(self.heading)])
        return Strip([Segment(f"card {y + self.scroll_offset.y}")])


class Board(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            for title in ("Lead", "Applied", "Screening", "Interviewing", "Offer", "Closed"):
                yield Column(title)
        yield Static("keys")


if __name__ == "__main__":
    Board().run()
"""
"""The floor of a board in Textual: the board's layout (a header, six scrolling columns
drawn line by line, a key line) with no Catbird code and no data."""

HELLO_KEYS = """\
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Counter(App[None]):
    BINDINGS = [("1", "bump", "Bump")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("count 0", id="count")
        yield Footer()

    def action_bump(self) -> None:
        self.count = getattr(self, "count", 0) + 1
        self.query_one("#count", Static).update(f"count {self.count}")


if __name__ == "__main__":
    Counter().run()
"""
"""The floor for a key: a Textual app that updates one Static on a key (Header and Footer on)."""

ACTIVE_TITLES = ("Lead", "Applied", "Screening", "Interviewing", "Offer")
"""The board's column titles for the active stages, left to right (Stage.label)."""
CLOSED = frozenset({"accepted", "declined", "walked-away", "rejected", "ghosted"})


# ---- a terminal screen, just enough of one --------------------------------------------------

_TOKEN = re.compile(
    r"""
      (?P<csi>\x1b\[(?P<params>[0-?]*)[ -/]*(?P<final>[@-~]))
    | (?P<osc>\x1b\][^\x07\x1b]*(?:\x07|\x1b\\))
    | (?P<string>\x1b[P^_X][^\x1b]*\x1b\\)
    | (?P<esc>\x1b(?![\[\]P^_X])[ -/]*[0-~])
    | (?P<text>[^\x1b\x00-\x1f\x7f]+)
    | (?P<control>[\x00-\x1a\x1c-\x1f\x7f])
    """,
    re.VERBOSE,
)


def _cells(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


class TerminalScreen:
    """A grid of cells fed with a terminal's output: text, cursor moves and erases.

    Colours and modes are skipped; no autowrap (Textual turns it off); a wide character
    takes two cells (the second holds ""), so `text()` reads as the screen does.
    """

    def __init__(self, columns: int = COLUMNS, lines: int = LINES) -> None:
        self.columns, self.lines = columns, lines
        self.rows = [[" "] * columns for _ in range(lines)]
        self.x = self.y = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""

    def feed(self, data: bytes) -> None:
        buffer = self._pending + self._decoder.decode(data)
        position, end = 0, len(buffer)
        while position < end:
            match = _TOKEN.match(buffer, position)
            if match is None:  # an escape sequence cut by the end of the chunk
                if end - position > 4096:  # or garbage: skip the ESC
                    position += 1
                    continue
                break
            position = match.end()
            kind = match.lastgroup
            if kind == "text":
                self._write(match.group("text"))
            elif kind == "csi":
                self._csi(match.group("params"), match.group("final"))
            elif kind == "control":
                self._control(match.group("control"))
        self._pending = buffer[position:]

    def _write(self, text: str) -> None:
        row = self.rows[self.y]
        if text.isascii():
            room = self.columns - self.x
            if room > 0:
                piece = text[:room]
                row[self.x : self.x + len(piece)] = piece
            self.x = min(self.columns, self.x + len(text))
            return
        for char in text:
            width = _cells(char)
            if width == 0:
                continue
            if self.x + width <= self.columns:
                row[self.x] = char
                if width == 2:
                    row[self.x + 1] = ""
            self.x = min(self.columns, self.x + width)

    def _control(self, char: str) -> None:
        if char == "\r":
            self.x = 0
        elif char == "\n":
            if self.y == self.lines - 1:
                self.rows.pop(0)
                self.rows.append([" "] * self.columns)
            else:
                self.y += 1
        elif char == "\b":
            self.x = max(0, self.x - 1)
        elif char == "\t":
            self.x = min(self.columns - 1, (self.x // 8 + 1) * 8)

    def _csi(self, params: str, final: str) -> None:
        if params.startswith(("?", ">", "<", "=")):
            if final in "hl" and params[1:] in ("1049", "47", "1047"):
                self._erase_all()
            return
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []

        def arg(index: int, default: int = 1) -> int:
            value = numbers[index] if index < len(numbers) else 0
            return value or default

        if final in "Hf":
            self.y = min(self.lines, arg(0)) - 1
            self.x = min(self.columns, arg(1)) - 1
        elif final == "A":
            self.y = max(0, self.y - arg(0))
        elif final == "B":
            self.y = min(self.lines - 1, self.y + arg(0))
        elif final == "C":
            self.x = min(self.columns - 1, self.x + arg(0))
        elif final == "D":
            self.x = max(0, self.x - arg(0))
        elif final == "G":
            self.x = min(self.columns, arg(0)) - 1
        elif final == "d":
            self.y = min(self.lines, arg(0)) - 1
        elif final == "J":
            mode = arg(0, 0)
            if mode in (2, 3):
                self._erase_all()
            elif mode == 0:
                self.rows[self.y][self.x :] = [" "] * (self.columns - self.x)
                for row in self.rows[self.y + 1 :]:
                    row[:] = [" "] * self.columns
            elif mode == 1:
                for row in self.rows[: self.y]:
                    row[:] = [" "] * self.columns
                self.rows[self.y][: self.x + 1] = [" "] * (self.x + 1)
        elif final == "K":
            mode, row = arg(0, 0), self.rows[self.y]
            if mode == 0:
                row[self.x :] = [" "] * (self.columns - self.x)
            elif mode == 1:
                row[: self.x + 1] = [" "] * (self.x + 1)
            else:
                row[:] = [" "] * self.columns
        elif final == "X":
            count = min(arg(0), self.columns - self.x)
            self.rows[self.y][self.x : self.x + count] = [" "] * count

    def _erase_all(self) -> None:
        self.rows = [[" "] * self.columns for _ in range(self.lines)]

    def line(self, y: int) -> str:
        return "".join(self.rows[y])

    def text(self) -> str:
        return "\n".join("".join(row) for row in self.rows)


# ---- a process on a pty ---------------------------------------------------------------------


def tui_env(config: Path) -> dict[str, str]:
    """What the app runs with: run.py's child environment, a real-looking terminal."""
    env = run._child_env()
    for name in ("CATBIRD_NOW", "CATBIRD_CONFIG", "NO_COLOR", "TERM_PROGRAM"):
        env.pop(name, None)
    for name in [n for n in env if n.startswith("TEXTUAL")]:
        env.pop(name)
    env |= {
        "CATBIRD_CONFIG": str(config),
        "TERM": "xterm-256color",
        "COLUMNS": str(COLUMNS),
        "LINES": str(LINES),
    }
    return env


class Timeout(Exception):
    pass


class PtyProcess:
    """A child on a pseudo-terminal of `columns`×`lines`, its output fed to a TerminalScreen."""

    def __init__(
        self,
        argv: Sequence[str],
        env: dict[str, str],
        columns: int = COLUMNS,
        lines: int = LINES,
    ) -> None:
        self.screen = TerminalScreen(columns, lines)
        self.closed = False
        self._unfed: list[tuple[float, bytes]] = []
        winsize = struct.pack("HHHH", lines, columns, 0, 0)
        self.started = time.perf_counter()
        pid, fd = os.forkpty()
        if pid == 0:  # the child: size the terminal before anything reads it, then exec
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
                os.execve(argv[0], list(argv), env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    def _read_burst(self, timeout: float) -> list[tuple[float, bytes]]:
        """Wait up to `timeout` for output, then read all that comes without a pause of
        `BURST_GAP`: each chunk with the time it arrived, none of it fed yet.

        A pty hands a frame over in chunks of a few KB, and the app's writes wait while the
        pty's buffer is full. Feeding each chunk to the emulator as it came would hold the
        app up and stamp a 40 KB frame ~30 ms late: that would be this emulator's time."""
        if self.closed:
            time.sleep(max(0.0, timeout))
            return []
        chunks: list[tuple[float, bytes]] = []
        wait = max(0.0, timeout)
        while select.select([self.fd], [], [], wait)[0]:
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError as exc:  # EIO: the child closed the terminal
                if exc.errno != errno.EIO:
                    raise
                data = b""
            if not data:
                self.closed = True
                break
            chunks.append((time.perf_counter(), data))
            wait = BURST_GAP
        return chunks

    def _chunks(self, timeout: float) -> list[tuple[float, bytes]]:
        """What `wait_for` left unfed, else the next burst."""
        if self._unfed:
            chunks, self._unfed = self._unfed, []
            return chunks
        return self._read_burst(timeout)

    def _read(self, timeout: float) -> float | None:
        """Wait up to `timeout` for output and feed it; the time it was read, or None."""
        chunks = self._chunks(timeout)
        for _, data in chunks:
            self.screen.feed(data)
        return chunks[-1][0] if chunks else None

    def wait_for(self, ready: Callable[[TerminalScreen], bool], timeout: float = TIMEOUT) -> float:
        """perf_counter() at the read after which `ready(screen)` first holds."""
        deadline = time.perf_counter() + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise Timeout(f"no matching screen in {timeout:.0f}s:\n{self.screen.text()}")
            chunks = self._chunks(remaining)
            for number, (at, data) in enumerate(chunks):
                self.screen.feed(data)
                if ready(self.screen):
                    self._unfed = chunks[number + 1 :]
                    return at
            if self.closed:
                raise Timeout(f"the process ended first:\n{self.screen.text()}")

    def drain(self, seconds: float) -> None:
        """Keep reading (and showing) output for `seconds`."""
        deadline = time.perf_counter() + seconds
        while (remaining := deadline - time.perf_counter()) > 0:
            self._read(remaining)

    def settle(self, quiet: float = 0.05, limit: float = 2.0) -> None:
        """Read until nothing has come for `quiet` seconds (or `limit` is reached)."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline and self._read(quiet) is not None:
            pass

    def send(self, keys: str) -> float:
        """Write `keys`; returns perf_counter() just before the write."""
        at = time.perf_counter()
        os.write(self.fd, keys.encode())
        return at

    def cpu_seconds(self) -> float:
        """User and system CPU time the process has used so far (/proc/PID/stat), its
        finished children's included (the workers of a cold read)."""
        with open(f"/proc/{self.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        ticks = sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime stime cutime cstime
        return ticks / os.sysconf("SC_CLK_TCK")

    def rss(self) -> dict[str, int]:
        """VmRSS and VmHWM in kB, from /proc."""
        out: dict[str, int] = {}
        with open(f"/proc/{self.pid}/status") as handle:
            for line in handle:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0])
        return out

    def _type_apart(self, keys: str) -> None:
        """`keys` one at a time, as a person types them: Esc then q in one write is alt+q."""
        for key in keys:
            self.send(key)
            self._read(0.15)  # past the wait that tells a lone Esc from a sequence

    def close(self, quit_keys: str = "q") -> None:
        """Quit with `quit_keys` (then ctrl+q, SIGTERM, SIGKILL), reading until it has gone."""
        steps: list[tuple[Callable[[], object], float]] = [
            (lambda: self._type_apart(quit_keys), 5.0),
            (lambda: self.send("\x11"), 3.0),
            (lambda: os.kill(self.pid, signal.SIGTERM), 3.0),
            (lambda: os.kill(self.pid, signal.SIGKILL), 3.0),
        ]
        for action, patience in steps:
            if self._exited():
                break
            with suppress(OSError):
                action()
            deadline = time.perf_counter() + patience
            while time.perf_counter() < deadline:
                self._read(0.05)
                if self._exited():
                    break
        else:
            os.waitpid(self.pid, 0)
        os.close(self.fd)

    def _exited(self) -> bool:
        if getattr(self, "_status", None) is not None:
            return True
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid:
            self._status = status
            return True
        return False


# ---- what the board should show -------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """What the loaded board shows for a workspace, read from its files (not through Catbird)."""

    active: int
    closed: int
    counts: dict[str, int]
    """Cards per active column title."""
    first_lead: tuple[str, str] | None
    """(slug, company) of the card at the top of the Lead column."""
    reachable: tuple[str, ...] = ()
    """The slugs in Lead and Applied: the cards the key benchmarks may change."""

    @property
    def subtitle(self) -> str:
        return f"{self.active} active · {self.closed} closed"


_EXPECTED: dict[Path, Expected] = {}


def _top_level(text: str) -> dict[str, object]:
    return tomllib.loads(text.split("\n[", 1)[0])


def expected(home: Path) -> Expected:
    if home in _EXPECTED:
        return _EXPECTED[home]
    folder = home / "opportunities"
    active = closed = 0
    counts = dict.fromkeys(ACTIVE_TITLES, 0)
    leads: list[tuple[tuple[object, ...], str, str]] = []
    reachable: list[str] = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".toml") or name.startswith("."):
            continue
        text = (folder / name).read_text("utf-8")
        top = _top_level(text)
        stage = str(top["stage"])
        if stage in CLOSED:
            closed += 1
            continue
        active += 1
        counts[stage.capitalize()] += 1
        if stage in ("lead", "applied"):
            reachable.append(name.removesuffix(".toml"))
        if stage == "lead":
            due: date | None = None
            _, found, rest = text.partition("\n[next_action]\n")
            if found:
                action = tomllib.loads(rest.split("\n[", 1)[0])
                due = action.get("due")
            company = str(top["company"])
            slug = name.removesuffix(".toml")
            # The board's order for an active column (screens/board.py `_order`).
            key = (due is None, due or date.max, company.casefold(), slug)
            leads.append((key, slug, company))
    first = min(leads)[1:] if leads else None
    result = Expected(active, closed, counts, first, tuple(reachable))
    _EXPECTED[home] = result
    return result


def column_counts(screen: TerminalScreen) -> dict[str, int] | None:
    """The counts in the board's column titles, from the line that holds all of them."""
    for y in range(screen.lines):
        line = screen.line(y)
        if all(title in line for title in ACTIVE_TITLES) and "Closed" in line:
            found = {t: re.search(rf"\b{t}\s+(\d+)", line) for t in ACTIVE_TITLES}
            if all(found.values()):
                return {t: int(m.group(1)) for t, m in found.items() if m}
    return None


def board_ready(home: Path) -> Callable[[TerminalScreen], bool]:
    """A test that the board has painted this workspace's cards."""
    want = expected(home)

    def ready(screen: TerminalScreen) -> bool:
        text = screen.text()
        if want.subtitle not in text:
            return False
        if column_counts(screen) != want.counts:
            return False
        # A narrow column cuts the company short ("Cobalt Works Coll…"): match its start.
        return want.first_lead is None or want.first_lead[1][:COMPANY_PREFIX] in text

    return ready


# ---- first paint ----------------------------------------------------------------------------


@contextmanager
def settings_file() -> Iterator[Path]:
    """A throw-away settings file (the default theme), so the user's own is never read."""
    with tempfile.TemporaryDirectory(prefix="catbird-bench-") as folder:
        path = Path(folder) / "config.toml"
        path.write_text('theme = "catbird-dark"\n')
        yield path


def catbird_argv(home: Path) -> list[str]:
    return [sys.executable, "-m", "catbird", "--home", str(home)]


@dataclass
class Paint:
    seconds: float
    """From the fork to the frame with the cards."""
    first_frame: float
    """From the fork to the first frame that shows the app's header."""
    cpu: float = 0.0
    """CPU seconds (user + system, all threads) the process had used when it painted."""
    rss_kb: dict[str, int] = field(default_factory=dict)


def _paint(
    argv: Sequence[str],
    ready: Callable[[TerminalScreen], bool],
    first: Callable[[TerminalScreen], bool],
    config: Path,
    *,
    measure_rss: bool = False,
) -> Paint:
    process = PtyProcess(argv, tui_env(config))
    try:
        shown = process.wait_for(first)
        painted = shown if ready(process.screen) else process.wait_for(ready)
        result = Paint(painted - process.started, shown - process.started, process.cpu_seconds())
        if measure_rss:
            at_paint = process.rss()
            process.drain(2.0)
            later = process.rss()
            result.rss_kb = {
                "paint": at_paint["VmRSS"],
                "settled": later["VmRSS"],
                "peak": later["VmHWM"],
            }
        return result
    finally:
        process.close()


def remove_index(home: Path) -> None:
    """Delete the summary index, whatever its format (index.json, then index.jsonl, …)."""
    state = home / ".catbird"
    if state.is_dir():
        for path in state.glob("index*"):
            if path.is_file():
                path.unlink(missing_ok=True)


def paint_board(
    home: Path, *, cold: bool = False, config: Path | None = None, measure_rss: bool = False
) -> Paint:
    """Catbird on `home` from spawn to the board with its cards; `cold` removes the index."""
    if cold:
        remove_index(home)
    with settings_file() if config is None else _given(config) as settings:
        return _paint(
            catbird_argv(home),
            board_ready(home),
            lambda screen: "Catbird" in screen.line(0),
            settings,
            measure_rss=measure_rss,
        )


SYNCED_FILES = 50
"""Files a sync changes behind the index in the *sync* runs."""
SYNCED_MARK = "(synced) "


def paint_after_sync(home: Path, config: Path | None = None) -> Paint:
    """As `paint_board` on a warm index, after SYNCED_FILES files changed behind it (as a
    `git pull` leaves them): the first Lead card among them, each company renamed. Ready
    when the corrected cards are on screen; the files and the index are put back after.

    The first Lead card's company gets a prefix, SYNCED_MARK, that a narrow column still
    shows and that keeps it first among the leads due the same day (it sorts before any
    letter or digit): `board_ready` matches the start of that company, so the board from
    the stale index cannot pass for the corrected one."""
    folder = home / "opportunities"
    want = expected(home)
    names = sorted(n for n in os.listdir(folder) if n.endswith(".toml") and n[0] != ".")
    first = f"{want.first_lead[0]}.toml" if want.first_lead else names[0]
    others = [n for n in names if n != first]
    count = min(SYNCED_FILES, len(names)) - 1  # all of a small workspace
    chosen = [first, *random.Random(SYNCED_FILES).sample(others, count)]
    snapshot = WorkspaceSnapshot([folder / name for name in chosen])
    try:
        for name in chosen:
            path = folder / name
            text = path.read_text("utf-8")
            renamed = rf'company = "{SYNCED_MARK}\1"' if name == first else r'company = "\1 Synced"'
            path.write_text(re.sub(r'^company = "(.*)"$', renamed, text, count=1, flags=re.M))
        _EXPECTED.pop(home, None)  # the synced names are what the board must show
        if want.first_lead is not None:
            assert expected(home).first_lead == (
                want.first_lead[0],
                SYNCED_MARK + want.first_lead[1],
            )
        return paint_board(home, config=config)
    finally:
        snapshot.restore()
        _EXPECTED.pop(home, None)
        # The index back to the files as they are again, so warm runs stay warm.
        run_list = [sys.executable, "-m", "catbird", "--home", str(home), "list"]
        subprocess.run(run_list, stdout=subprocess.DEVNULL, check=False)


@contextmanager
def _given(path: Path) -> Iterator[Path]:
    yield path


def _paint_script(
    source: str,
    ready: Callable[[TerminalScreen], bool],
    config: Path | None,
    *,
    measure_rss: bool = False,
) -> Paint:
    """A reference app (its source written to a temporary file) from spawn to `ready`."""
    with tempfile.TemporaryDirectory(prefix="catbird-reference-") as folder:
        script = Path(folder) / "reference.py"
        script.write_text(source)
        with settings_file() if config is None else _given(config) as settings:
            return _paint(
                [sys.executable, str(script)], ready, ready, settings, measure_rss=measure_rss
            )


def paint_hello(config: Path | None = None, *, measure_rss: bool = False) -> Paint:
    """A minimal Textual app (one Static "hello") from spawn to "hello" on screen."""
    return _paint_script(
        HELLO_WORLD, lambda screen: "hello" in screen.text(), config, measure_rss=measure_rss
    )


def paint_bare_board(config: Path | None = None) -> Paint:
    """The bare Textual board (BARE_BOARD) from spawn to its columns and lines on screen."""

    def ready(screen: TerminalScreen) -> bool:
        text = screen.text()
        return "Interviewing" in text and "card 5" in text

    return _paint_script(BARE_BOARD, ready, config)


def first_paint(home: Path, *, cold: bool = False, config: Path | None = None) -> float:
    """Seconds from spawning Catbird on `home` to the board with its cards on screen."""
    return paint_board(home, cold=cold, config=config).seconds


def hello_world_first_paint(config: Path | None = None) -> float:
    """Seconds from spawning a hello-world Textual app to "hello" on screen."""
    return paint_hello(config).seconds


def _median(values: Sequence[float]) -> float:
    return statistics.median(values)


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def bench_paint(bench: run.Bench) -> list[str]:
    """First paint, cold and warm, against hello-world, interleaved run by run."""
    sizes = [s for s in bench.sizes if s in PAINT_SIZES] or list(bench.sizes)
    runs = bench.runs
    lines = [
        f"TUI first paint in a {COLUMNS}×{LINES} pty: spawn → cards on screen "
        f"({runs} runs each, medians, interleaved with hello-world)",
        "  size     index   paint ms  1st frame   ratio    CPU ms  CPU ratio   hello ms (CPU)",
    ]
    result: dict[int, dict[str, object]] = {}
    with settings_file() as config:
        for size in sizes:
            home = bench.home(size)
            expected(home)  # read the files once, outside the timing
            # Warm-up, not counted: byte code, page cache, and an index for the warm runs.
            paint_hello(config)
            paint_bare_board(config)
            paint_board(home, config=config)
            times: dict[str, list[Paint]] = {
                "hello": [], "bare": [], "cold": [], "warm": [], "sync": []
            }  # fmt: skip
            for number in range(runs):
                order = ["hello", "bare", "cold", "warm", "sync"]
                shift = number % len(order)  # cold always rebuilds the index warm needs
                for name in order[shift:] + order[:shift]:
                    if name == "hello":
                        times[name].append(paint_hello(config))
                    elif name == "bare":
                        times[name].append(paint_bare_board(config))
                    elif name == "sync":
                        times[name].append(paint_after_sync(home, config))
                    else:
                        times[name].append(paint_board(home, cold=name == "cold", config=config))
            hello = _median([p.seconds for p in times["hello"]])
            hello_cpu = _median([p.cpu for p in times["hello"]])
            bare = _median([p.seconds for p in times["bare"]])
            bare_cpu = _median([p.cpu for p in times["bare"]])
            row: dict[str, object] = {
                "hello_ms": hello * 1000,
                "hello_cpu_ms": hello_cpu * 1000,
                "bare_board_ms": bare * 1000,
                "bare_board_ratio": bare / hello,
                "bare_board_cpu_ms": bare_cpu * 1000,
            }
            for state in ("warm", "cold", "sync"):
                paint = _median([p.seconds for p in times[state]])
                frame = _median([p.first_frame for p in times[state]])
                cpu = _median([p.cpu for p in times[state]])
                row[state] = {
                    "median_ms": paint * 1000,
                    "first_frame_ms": frame * 1000,
                    "ratio": paint / hello,
                    "cpu_ms": cpu * 1000,
                    "cpu_ratio": cpu / hello_cpu,
                    "all_ms": [round(p.seconds * 1000, 1) for p in times[state]],
                    "after_first_frame_ms": _median(
                        [(p.seconds - p.first_frame) * 1000 for p in times[state]]
                    ),
                }
                lines.append(
                    f"  {size:<7}  {state:5}  {paint * 1000:8.0f}  {frame * 1000:9.0f}  "
                    f"{paint / hello:6.2f}  {cpu * 1000:8.0f}  {cpu / hello_cpu:9.2f}   "
                    f"{hello * 1000:8.0f} ({hello_cpu * 1000:.0f})"
                )
            lines.append(
                f"  {size:<7}  bare Textual board  {bare * 1000:5.0f}             "
                f"{bare / hello:6.2f}  {bare_cpu * 1000:8.0f}  {bare_cpu / hello_cpu:9.2f}"
            )
            warm = row["warm"]["median_ms"]  # type: ignore[index]
            warm_cpu = row["warm"]["cpu_ms"]  # type: ignore[index]
            synced = row["sync"]["after_first_frame_ms"]  # type: ignore[index]
            lines.append(
                f"  {size:<7}  warm / bare board {warm / (bare * 1000):5.2f}× "
                f"(CPU {warm_cpu / (bare_cpu * 1000):.2f}×); after "
                f"{SYNCED_FILES} files changed, the corrected cards {synced:.0f} ms after "
                "the first frame"
            )
            result[size] = row
    for size, row in result.items():
        verdicts = []
        warm_ratio = row["warm"]["median_ms"] / row["bare_board_ms"]  # type: ignore[index,operator]
        if size in WARM_TARGET_RATIO:
            target = WARM_TARGET_RATIO[size]
            verdicts.append(f"warm ≤ {target}× bare board: {warm_ratio:.2f}×")
        if size in COLD_TARGET_S:
            cold = row["cold"]["median_ms"] / 1000  # type: ignore[index,operator]
            verdicts.append(f"cold ≤ {COLD_TARGET_S[size]:g} s: {cold:.2f} s")
        synced = row["sync"]["after_first_frame_ms"] / 1000  # type: ignore[index,operator]
        verdicts.append(f"sync ≤ {SYNC_TARGET_S:g} s after the 1st frame: {synced:.2f} s")
        lines.append(f"  targets at {size:,}: " + "; ".join(verdicts))
    lines.append(
        "  1st frame: the header drawn (the workspace may still be loading); CPU: user+system "
        "time of the process when it painted, which a busy machine disturbs far less"
    )
    lines.append(
        "  bare Textual board: the board's layout in Textual (header, six scrolling columns, "
        "a key line) with no Catbird code and no data: the floor of any board of this shape"
    )
    bench.results["tui_paint"] = result
    return lines


# ---- key → screen updated -------------------------------------------------------------------


@dataclass
class Latency:
    times: list[float]
    """Seconds from each key's write to the read that showed its effect."""
    slips: int = 0
    """Presses after which the screen later went wrong for a while, then came right."""
    restarts: int = 0
    """Times the app lost track of the card (the screen never came right): restarted."""
    cpu: list[float] = field(default_factory=list)
    """CPU seconds the app used per press, gaps included (so its background work too)."""

    @property
    def median_ms(self) -> float:
        return _median(self.times) * 1000

    @property
    def p95_ms(self) -> float:
        return _p95(self.times) * 1000

    @property
    def max_ms(self) -> float:
        return max(self.times) * 1000

    @property
    def cpu_ms(self) -> float:
        return sum(self.cpu) / max(1, len(self.times)) * 1000


class WorkspaceSnapshot:
    """Some of a workspace's files as they are now, to put back after a benchmark."""

    def __init__(self, paths: Sequence[Path]) -> None:
        self.files: dict[Path, tuple[bytes, int, int]] = {}
        for path in paths:
            st = path.stat()
            self.files[path] = (path.read_bytes(), st.st_atime_ns, st.st_mtime_ns)

    def restore(self) -> list[Path]:
        """Put back the files that changed; returns their paths."""
        touched = []
        for path, (data, atime, mtime) in self.files.items():
            try:
                same = path.stat().st_mtime_ns == mtime and path.read_bytes() == data
            except FileNotFoundError:
                same = False
            if not same:
                path.write_bytes(data)
                os.utime(path, ns=(atime, mtime))
                touched.append(path)
        return touched


class LostTrack(Exception):
    pass


MAX_RESTARTS = 5


def key_latency(
    home: Path | None,
    key: str | Callable[[int], str],
    marker_fn: Callable[[TerminalScreen, int], bool],
    n: int = 40,
    *,
    setup: Callable[[PtyProcess], None] | None = None,
    check_fn: Callable[[TerminalScreen, int], bool] | None = None,
    gap: tuple[float, float] = (0.2, 0.6),
    config: Path | None = None,
    argv: Sequence[str] | None = None,
    ready: Callable[[TerminalScreen], bool] | None = None,
    wait: float = 10.0,
) -> Latency:
    """Open the board on `home` (or run `argv` until `ready`), run `setup`, then press `key`
    (or `key(i)`) `n` times: each time, the seconds from the write to the read after which
    `marker_fn(screen, i)` holds.

    Between presses the output is read for a random `gap` seconds, so the presses fall at
    every phase of the app's half-second watch of the workspace, as a person's would. Then
    `check_fn(screen, i)` (by default `marker_fn`) must still hold: if it does not, that is a
    slip, and the screen has two seconds to come right; if it does not, the app is closed,
    the workspace put back and a new session started (a restart), where `i` counts from 0
    again. The cards in Lead and Applied (all the keys can reach) are put back at the end.
    """
    rng = random.Random(1)
    check = check_fn or marker_fn
    result = Latency([])
    snapshot = None
    if home is not None:
        argv = argv or catbird_argv(home)
        ready = ready or board_ready(home)
        # Only these cards are put back, so a benchmark running beside this one on another
        # card (run.py's flag and save use one in Interviewing) is left alone.
        folder = home / "opportunities"
        reachable = expected(home).reachable
        snapshot = WorkspaceSnapshot([folder / f"{slug}.toml" for slug in reachable])
    if argv is None or ready is None:
        raise ValueError("key_latency needs a home, or argv and ready")
    try:
        with settings_file() if config is None else _given(config) as settings:
            while len(result.times) < n:
                try:
                    _key_session(
                        argv,
                        ready,
                        key,
                        marker_fn,
                        check,
                        n,
                        setup,
                        gap,
                        rng,
                        settings,
                        result,
                        wait,
                    )
                except LostTrack:
                    result.restarts += 1
                    if result.restarts > MAX_RESTARTS:
                        raise
                    if snapshot is not None:
                        snapshot.restore()
    finally:
        if snapshot is not None:
            snapshot.restore()
    return result


def _key_session(
    argv: Sequence[str],
    ready: Callable[[TerminalScreen], bool],
    key: str | Callable[[int], str],
    marker_fn: Callable[[TerminalScreen, int], bool],
    check: Callable[[TerminalScreen, int], bool],
    n: int,
    setup: Callable[[PtyProcess], None] | None,
    gap: tuple[float, float],
    rng: random.Random,
    settings: Path,
    result: Latency,
    wait: float = 10.0,
) -> None:
    process = PtyProcess(argv, tui_env(settings))
    try:
        process.wait_for(ready)
        process.settle()
        if setup is not None:
            setup(process)
        cpu = process.cpu_seconds()
        number = 0
        try:
            while len(result.times) < n:
                keys = key(number) if callable(key) else key

                def shows(screen: TerminalScreen, number: int = number) -> bool:
                    return marker_fn(screen, number)

                def holds(screen: TerminalScreen, number: int = number) -> bool:
                    return check(screen, number)

                sent = process.send(keys)
                try:
                    shown = process.wait_for(shows, timeout=wait)
                except Timeout as exc:
                    raise LostTrack(str(exc)) from exc
                result.times.append(shown - sent)
                process.drain(rng.uniform(*gap))
                if not holds(process.screen):
                    result.slips += 1
                    try:
                        process.wait_for(holds, timeout=2)
                    except Timeout as exc:
                        raise LostTrack(str(exc)) from exc
                    process.settle()
                number += 1
        finally:
            result.cpu.append(process.cpu_seconds() - cpu)
    finally:
        process.close()


def _column_start(screen: TerminalScreen, title: str) -> int | None:
    """The first cell of the column whose title is `title` (its title has a 1-cell gutter)."""
    for y in range(screen.lines):
        line = screen.line(y)
        if all(t in line for t in ACTIVE_TITLES):
            found = re.search(rf"\b{title}\b", line)
            return found.start() - 1 if found else None
    return None


def cursor_on(screen: TerminalScreen, title: str, company: str) -> bool:
    """The focused column is `title` and its cursor (the ▌ bar) is on a card of `company`."""
    x = _column_start(screen, title)
    if x is None or x < 0:
        return False
    prefix = company[:COMPANY_PREFIX]
    for y in range(screen.lines):
        line = screen.line(y)
        if line[x : x + 1] == "▌" and line[x + 1 : x + 1 + len(prefix)] == prefix:
            return True
    return False


def move_card_latency(
    home: Path, n: int = 40, config: Path | None = None, gap: tuple[float, float] = (0.2, 0.6)
) -> Latency:
    """L then H, alternately, on the first Lead card: the Lead and Applied counts change and
    the cursor follows the card into its new column."""
    want = expected(home)
    if want.first_lead is None:
        raise SystemExit(f"{home} has no card in Lead to move")
    company = want.first_lead[1]
    before = want.counts
    after = dict(before, Lead=before["Lead"] - 1, Applied=before["Applied"] + 1)

    def moved(screen: TerminalScreen, number: int) -> bool:
        if number % 2 == 0:
            return column_counts(screen) == after and cursor_on(screen, "Applied", company)
        return column_counts(screen) == before and cursor_on(screen, "Lead", company)

    keys = "LH"
    return key_latency(home, lambda i: keys[i % 2], moved, n, config=config, gap=gap)


_RED_SCORE = re.compile(r"red score (\d+)")


def red_score_on(screen: TerminalScreen) -> int | None:
    found = _RED_SCORE.search(screen.text())
    return int(found.group(1)) if found else None


def tally_flag_latency(
    home: Path, n: int = 40, config: Path | None = None, gap: tuple[float, float] = (0.2, 0.6)
) -> Latency:
    """In the tally of the first Lead card (t, Enter), "1" logs a red flag: the score rises."""
    want = expected(home)
    if want.first_lead is None:
        raise SystemExit(f"{home} has no card in Lead to interview for")
    shown: list[int] = []

    def start(process: PtyProcess) -> None:
        process.send("t")
        process.wait_for(lambda screen: "Interview at" in screen.text(), timeout=10)
        process.settle()
        process.send("\r")
        process.wait_for(lambda screen: red_score_on(screen) is not None, timeout=10)
        process.settle()
        shown.append(red_score_on(process.screen) or 0)

    def rose(screen: TerminalScreen, number: int) -> bool:
        score = red_score_on(screen)
        if score is not None and score > shown[-1]:
            shown.append(score)
            return True
        return False

    def stays(screen: TerminalScreen, number: int) -> bool:
        return red_score_on(screen) == shown[-1]

    return key_latency(home, "1", rose, n, setup=start, check_fn=stays, config=config, gap=gap)


_TO_FIND_OUT = re.compile(r"To find out \((\d+)\)")


def open_questions_on(screen: TerminalScreen) -> int | None:
    text = screen.text()
    if "Nothing left to find out" in text:
        return 0
    found = _TO_FIND_OUT.search(text)
    return int(found.group(1)) if found else None


def tally_answer_latency(
    home: Path, n: int = 40, config: Path | None = None, gap: tuple[float, float] = (0.2, 0.6)
) -> Latency:
    """In the tally of the first Lead card (t, Enter), record an answer: Enter opens the form
    on the highlighted question, y picks "yes", and the Enter that saves it is the key timed,
    until the tally shows one question fewer to find out. Before the next answer, u takes it
    back (not timed), so there is always a question to answer."""
    want = expected(home)
    if want.first_lead is None:
        raise SystemExit(f"{home} has no card in Lead to interview for")
    held: list[PtyProcess] = []
    shown: list[int] = []

    def start(process: PtyProcess) -> None:
        held[:] = [process]
        process.send("t")
        process.wait_for(lambda screen: "Interview at" in screen.text(), timeout=10)
        process.settle()
        process.send("\r")
        process.wait_for(lambda screen: bool(open_questions_on(screen)), timeout=10)
        process.settle()
        shown[:] = [open_questions_on(process.screen) or 0]

    def answer(number: int) -> str:
        process = held[0]
        if open_questions_on(process.screen) != shown[0]:  # the last answer, taken back
            process.send("u")
            process.wait_for(lambda screen: open_questions_on(screen) == shown[0], timeout=10)
            process.settle()
        process.send("\r")
        process.wait_for(lambda screen: "the answer" in screen.text(), timeout=10)
        process.settle()
        process.send("y")
        process.settle()
        return "\r"

    def answered(screen: TerminalScreen, number: int) -> bool:
        return open_questions_on(screen) == shown[0] - 1

    return key_latency(home, answer, answered, n, setup=start, config=config, gap=gap)


_COUNT = re.compile(r"count (\d+)")


def hello_key_latency(
    n: int = 40, config: Path | None = None, gap: tuple[float, float] = (0.2, 0.6)
) -> Latency:
    """The floor: a minimal Textual app (HELLO_KEYS) where "1" updates a Static's count."""

    def count(screen: TerminalScreen) -> int | None:
        found = _COUNT.search(screen.text())
        return int(found.group(1)) if found else None

    def counted(screen: TerminalScreen, number: int) -> bool:
        return count(screen) == number + 1

    with tempfile.TemporaryDirectory(prefix="catbird-hello-") as folder:
        script = Path(folder) / "counter.py"
        script.write_text(HELLO_KEYS)
        return key_latency(
            None,
            "1",
            counted,
            n,
            config=config,
            gap=gap,
            argv=[sys.executable, str(script)],
            ready=lambda screen: count(screen) == 0,
        )


KEY_SCENARIOS: dict[str, Callable[..., Latency]] = {
    "move card (L/H)": move_card_latency,
    "tally flag (1)": tally_flag_latency,
    "tally answer (Enter)": tally_answer_latency,
}


def bench_keys(
    bench: run.Bench, presses: int = 40, gap: tuple[float, float] = (0.2, 0.6)
) -> list[str]:
    """Key → screen updated for each scenario and size, with a minimal Textual app's floor."""
    sizes = [s for s in bench.sizes if s in KEY_SIZES] or list(bench.sizes)
    lines = [
        f"key → screen updated in a {COLUMNS}×{LINES} pty ({presses} presses each, "
        f"{gap[0]:g}–{gap[1]:g} s apart; warm index)",
        "  what                     size    median ms   p95 ms   max ms   CPU ms/press"
        "   slips  restarts",
    ]
    slipped = False
    result: dict[str, dict[str, object]] = {}
    worst_median = worst_p95 = 0.0

    def row(name: str, size: str, latency: Latency) -> str:
        result.setdefault(name, {})[size] = {
            "median_ms": latency.median_ms,
            "p95_ms": latency.p95_ms,
            "max_ms": latency.max_ms,
            "cpu_ms_per_press": latency.cpu_ms,
            "slips": latency.slips,
            "restarts": latency.restarts,
            "all_ms": [round(t * 1000, 2) for t in latency.times],
        }
        return (
            f"  {name:<24} {size:<7} {latency.median_ms:9.1f}  {latency.p95_ms:7.1f}"
            f"  {latency.max_ms:7.1f}  {latency.cpu_ms:13.1f}   {latency.slips:5}  "
            f"{latency.restarts:8}"
        )

    with settings_file() as config:
        hello_key_latency(5, config, gap)  # warm-up, not counted
        lines.append(row("floor: hello counter (1)", "-", hello_key_latency(presses, config, gap)))
        for name, scenario in KEY_SCENARIOS.items():
            for size in sizes:
                home = bench.home(size)
                paint_board(home, config=config)  # an index for this run, not counted
                latency = scenario(home, presses, config, gap)
                lines.append(row(name, str(size), latency))
                slipped = slipped or bool(latency.slips or latency.restarts)
                worst_median = max(worst_median, latency.median_ms)
                worst_p95 = max(worst_p95, latency.p95_ms)
    ok = worst_median <= KEY_MEDIAN_TARGET_MS and worst_p95 <= KEY_P95_TARGET_MS
    lines.append(
        f"  target: median ≤ {KEY_MEDIAN_TARGET_MS:.0f} ms, p95 ≤ {KEY_P95_TARGET_MS:.0f} ms at "
        f"every size — worst {worst_median:.1f} / {worst_p95:.1f} ms "
        f"({'met' if ok else 'NOT met'})"
    )
    lines.append(
        "  CPU ms/press: the app's user+system time over the presses and the gaps after them"
    )
    if slipped:
        lines.append(
            "  slips: after the change was shown, the screen went wrong for a while (a card "
            "back in its old column, a count undone); restarts: it never came right"
        )
    bench.results["tui_keys"] = result
    return lines


# ---- memory ---------------------------------------------------------------------------------


def bench_tui_rss(bench: run.Bench) -> list[str]:
    if not Path("/proc/self/status").exists():
        return ["tui rss: needs /proc (Linux); skipped"]
    sizes = [s for s in bench.sizes if s in KEY_SIZES] or list(bench.sizes)
    lines = [
        "memory of the TUI process (VmRSS from /proc), at first paint and 2 s later",
        "  what             index   at paint MB   settled MB   peak MB",
    ]
    result: dict[str, object] = {}
    settled: dict[tuple[int, str], float] = {}
    with settings_file() as config:
        hello = paint_hello(config, measure_rss=True).rss_kb
        lines.append(
            f"  hello-world      -       {hello['paint'] / 1024:9.1f}   "
            f"{hello['settled'] / 1024:10.1f}  {hello['peak'] / 1024:8.1f}"
        )
        result["hello"] = hello
        for size in sizes:
            home = bench.home(size)
            paint_board(home, config=config)  # warm-up: byte code, page cache, an index
            for state in ("warm", "cold"):
                rss = paint_board(home, cold=state == "cold", config=config, measure_rss=True)
                kb = rss.rss_kb
                settled[size, state] = kb["settled"]
                lines.append(
                    f"  catbird @ {size:<6} {state:5}  {kb['paint'] / 1024:9.1f}   "
                    f"{kb['settled'] / 1024:10.1f}  {kb['peak'] / 1024:8.1f}"
                )
                result[f"{size}-{state}"] = kb
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        for state in ("warm", "cold"):
            ratio = settled[large, state] / settled[small, state]
            verdict = "met" if ratio <= RSS_TARGET_RATIO else "NOT met"
            lines.append(
                f"  settled RSS at {large:,} / at {small:,} ({state} index): {ratio:.2f} "
                f"(target ≤ {RSS_TARGET_RATIO}: {verdict})"
            )
    bench.results["tui_rss"] = result
    return lines


# ---- running it --------------------------------------------------------------------------


def _load() -> str:
    """The load average: other work on the machine shows in every number here."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


# ---- the details of a card with many flags ----------------------------------------------------


def bench_details(bench: run.Bench) -> list[str]:
    """Enter on a card of 10,000 to 100,000 flags: seconds to the details on screen, then
    End to the last flag on screen. The details view builds only the lines it shows; what
    is left is reading the file (tomllib and validation, as `catbird check` pays)."""
    lines = [
        "details of one card with many flags, in a 120×40 pty (one run each)",
        "  flags     Enter → details s   End → last flag s   CPU s (whole session)",
    ]
    result: dict[int, object] = {}
    for flags in run.BIG_FLAGS:
        home = run.big_home(bench, flags)
        with settings_file() as config:
            process = PtyProcess(catbird_argv(home), tui_env(config))
            try:
                process.wait_for(lambda screen: "Bigco" in screen.text(), timeout=120)
                process.settle(quiet=0.3, limit=30)
                for _ in range(3):  # lead → applied → screening → interviewing
                    process.send("l")
                process.settle(quiet=0.3)
                sent = process.send("\r")
                opened = process.wait_for(lambda screen: "Round 1" in screen.text(), 300)
                process.settle(quiet=0.3)
                last = f"Flag number {flags - 1} "
                ended_at = process.send("\x1b[F")  # End
                ended = process.wait_for(lambda screen, last=last: last in screen.text(), 60)
                cpu = process.cpu_seconds()
            finally:
                process.close()
        row = {"open_s": opened - sent, "end_s": ended - ended_at, "cpu_s": cpu}
        result[flags] = row
        lines.append(
            f"  {flags:<9,} {row['open_s']:17.2f}   {row['end_s']:17.2f}   {row['cpu_s']:10.2f}"
        )
    bench.results["details"] = result
    return lines


# ---- the views across the workspace -----------------------------------------------------------

_DUE_COUNT = re.compile(r"(\d+) due · ")


def due_count_on(screen: TerminalScreen) -> int | None:
    found = _DUE_COUNT.search(screen.text())
    return int(found.group(1)) if found else None


def _board_shown(screen: TerminalScreen) -> bool:
    return _column_start(screen, "Lead") is not None


def view_open_latency(
    home: Path,
    key: str,
    shown: Callable[[TerminalScreen], bool],
    n: int,
    config: Path | None,
    wait: float = 10.0,
) -> Latency:
    """`key` on the board opens a view: timed until `shown`. Esc goes back before the next
    press (not timed)."""
    held: list[PtyProcess] = []

    def start(process: PtyProcess) -> None:
        held[:] = [process]

    def open_view(number: int) -> str:
        process = held[0]
        if not _board_shown(process.screen):
            process.send("\x1b")
            process.wait_for(_board_shown, timeout=wait)
            process.settle()
        return key

    return key_latency(
        home, open_view, lambda screen, number: shown(screen), n, setup=start, config=config,
        gap=(0.2, 0.4), wait=wait,
    )  # fmt: skip


def due_tick_latency(home: Path, n: int, config: Path | None) -> Latency:
    """In the due view (D, w: everything open), Space on the first follow-up ticks it off:
    timed until the count of what is due drops by one. u takes it back before the next."""
    held: list[PtyProcess] = []
    counts: list[int] = []

    def start(process: PtyProcess) -> None:
        held[:] = [process]
        process.send("D")
        process.wait_for(lambda screen: due_count_on(screen) is not None, timeout=30)
        process.settle()
        process.send("w")
        process.wait_for(lambda screen: "everything open" in screen.text(), timeout=30)
        process.settle()
        for _ in range(first_follow_up_row(process.screen)):  # a next action cannot be ticked
            process.send("j")
            process.settle()
        counts[:] = [due_count_on(process.screen) or 0]

    def tick(number: int) -> str:
        process = held[0]
        if due_count_on(process.screen) != counts[0]:
            process.send("u")
            process.wait_for(lambda screen: due_count_on(screen) == counts[0], timeout=30)
            process.settle()
        return " "

    def ticked(screen: TerminalScreen, number: int) -> bool:
        return due_count_on(screen) == counts[0] - 1

    return key_latency(home, tick, ticked, n, setup=start, config=config, gap=(0.2, 0.4))


_WHEN = re.compile(r"^\W*(✗ \d+d late|! today|[A-Z][a-z]{2} \d\d-\d\d)")


def first_follow_up_row(screen: TerminalScreen) -> int:
    """The row of the due table's first follow-up (↻), counting rows by their When cell (a
    long task wraps onto a second line without one); 0 if none is on screen."""
    rows = 0
    for line in screen.text().splitlines():
        if _WHEN.search(line):
            if "↻" in line:
                return rows
            rows += 1
    return 0


_AGENDA_TODO = re.compile(r"interviews? · (\d+) to do")
_AGENDA_WHEN = re.compile(r"(✗ \d+d late|all day|\d\d:\d\d–\d\d:\d\d)")
_FUNNEL_APPLIED = re.compile(r"Applied\b.*?(\d[\d,]*)\s+\d+%")


def agenda_todo_on(screen: TerminalScreen) -> int | None:
    found = _AGENDA_TODO.search(screen.text())
    return int(found.group(1)) if found else None


def applied_reached_on(screen: TerminalScreen) -> int | None:
    """The insights funnel's count of opportunities that reached Applied."""
    for line in screen.text().splitlines():
        found = _FUNNEL_APPLIED.search(line)
        if found:
            return int(found.group(1).replace(",", ""))
    return None


def first_agenda_follow_up_row(screen: TerminalScreen) -> int:
    """The agenda's first follow-up (↻) row, counting rows by their When cell."""
    rows = 0
    for line in screen.text().splitlines():
        if _AGENDA_WHEN.search(line):
            if "↻" in line:
                return rows
            rows += 1
    return 0


def agenda_tick_latency(home: Path, n: int, config: Path | None) -> Latency:
    """In the agenda (ctrl+t), Space on the first follow-up ticks it off, then u takes it
    back, in turn: each timed until the count of what is to do has moved by one (an even
    `n` leaves the follow-up as it was)."""
    held: list[PtyProcess] = []
    counts: list[int] = []

    def start(process: PtyProcess) -> None:
        held[:] = [process]
        process.send("\x14")
        process.wait_for(lambda screen: agenda_todo_on(screen) is not None, timeout=120)
        process.settle()
        for _ in range(first_agenda_follow_up_row(process.screen)):
            process.send("j")
            process.settle()
        counts[:] = [agenda_todo_on(process.screen) or 0]

    def press(number: int) -> str:
        return " " if number % 2 == 0 else "u"

    def moved(screen: TerminalScreen, number: int) -> bool:
        want = counts[0] - 1 if number % 2 == 0 else counts[0]
        return agenda_todo_on(screen) == want

    return key_latency(home, press, moved, n, setup=start, config=config, gap=(0.2, 0.4))


def insights_undo_latency(home: Path, n: int, config: Path | None) -> Latency:
    """A lead moved on (L) on the board, then in the insights (i) u and ctrl+r in turn: each
    timed until the funnel's Applied count has followed (an even `n` ends redone: the card,
    in Applied, is put back by `key_latency`)."""
    held: list[PtyProcess] = []
    counts: list[int] = []

    def start(process: PtyProcess) -> None:
        held[:] = [process]
        process.send("L")
        process.settle()
        process.send("i")
        process.wait_for(lambda screen: applied_reached_on(screen) is not None, timeout=600)
        process.settle()
        counts[:] = [applied_reached_on(process.screen) or 0]

    def press(number: int) -> str:
        return "u" if number % 2 == 0 else "\x12"

    def followed(screen: TerminalScreen, number: int) -> bool:
        want = counts[0] - 1 if number % 2 == 0 else counts[0]
        return applied_reached_on(screen) == want

    return key_latency(
        home, press, followed, n, setup=start, config=config, gap=(0.2, 0.4), wait=60
    )


def search_open_latency(home: Path, n: int, config: Path | None) -> Latency:
    """ctrl+f on the board: timed until the search screen is ready to search (its texts at
    hand: the count of opportunities shown). Esc goes back before the next press."""

    def ready(screen: TerminalScreen) -> bool:
        return "Type words to search" in screen.text()

    return view_open_latency(home, "\x06", ready, n, config, wait=600)


VIEW_SIZES = (2000, 10_000)


def bench_views(bench: run.Bench, presses: int = 10) -> list[str]:
    """The views across the workspace at each size: key → view on screen (due, insights,
    agenda, search), and a change → the view updated (due and agenda: a follow-up ticked off;
    insights: undo and redo of a card moved)."""
    sizes = [s for s in bench.sizes if s in VIEW_SIZES] or list(bench.sizes)
    lines = [
        f"views across the workspace in a {COLUMNS}×{LINES} pty ({presses} presses each; "
        "warm index)",
        "  what                      size    median ms   p95 ms   max ms   CPU ms/press",
    ]
    result: dict[str, dict[str, object]] = {}

    def due_shown(screen: TerminalScreen) -> bool:
        return due_count_on(screen) is not None

    def insights_shown(screen: TerminalScreen) -> bool:
        text = screen.text()
        return "Funnel" in text and "opportunities · " in text

    def agenda_shown(screen: TerminalScreen) -> bool:
        return agenda_todo_on(screen) is not None

    with settings_file() as config:
        for size in sizes:
            home = bench.home(size)
            paint_board(home, config=config)  # an index for this run, not counted
            cases: list[tuple[str, Callable[[Path], Latency]]] = [
                ("due: open (D)", lambda h: view_open_latency(h, "D", due_shown, presses, config)),
                ("due: tick off (space)", lambda h: due_tick_latency(h, presses, config)),
                (
                    "insights: open (i)",
                    lambda h: view_open_latency(h, "i", insights_shown, 3, config, wait=600),
                ),
                ("insights: u / ctrl+r", lambda h: insights_undo_latency(h, presses, config)),
                (
                    "agenda: open (ctrl+t)",
                    lambda h: view_open_latency(h, "\x14", agenda_shown, 3, config, wait=120),
                ),
                ("agenda: tick off / u", lambda h: agenda_tick_latency(h, presses, config)),
                ("search: open (ctrl+f)", lambda h: search_open_latency(h, 3, config)),
            ]
            for name, case in cases:
                latency = case(home)
                result.setdefault(name, {})[str(size)] = {
                    "median_ms": latency.median_ms,
                    "p95_ms": latency.p95_ms,
                    "max_ms": latency.max_ms,
                    "cpu_ms_per_press": latency.cpu_ms,
                    "all_ms": [round(t * 1000, 1) for t in latency.times],
                }
                lines.append(
                    f"  {name:<25} {size:<7} {latency.median_ms:9.1f}  {latency.p95_ms:7.1f}"
                    f"  {latency.max_ms:7.1f}  {latency.cpu_ms:13.1f}"
                )
    lines.append(
        "  target at 10,000: open ≤ 150 ms, updated after a change ≤ 30 ms; the first open "
        "of insights, the agenda and search in a session reads its cache (insights and the "
        "agenda: the facts cache, and the files changed since it was written — every file on "
        "a workspace's first run; search: its cache), the later ones what changed since"
    )
    bench.results["tui_views"] = result
    return lines


BENCHMARKS: dict[str, Callable[[run.Bench], list[str]]] = {
    "paint": bench_paint,
    "keys": bench_keys,
    "views": bench_views,
    "rss": bench_tui_rss,
    "details": bench_details,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Catbird's TUI benchmarks, timed from outside in a pty (see bench/README.md)."
    )
    parser.add_argument(
        "names", nargs="*", metavar="BENCHMARK", help=f"any of: {', '.join(BENCHMARKS)} (all)"
    )
    parser.add_argument("--runs", type=int, default=5, help="first-paint runs per case (5)")
    parser.add_argument("--presses", type=int, default=40, help="key presses per case (40)")
    parser.add_argument(
        "--gap",
        default="0.2,0.6",
        help="seconds between key presses, drawn at random from this range (0.2,0.6)",
    )
    parser.add_argument(
        "--sizes",
        default="20,2000,10000",
        help="workspace sizes (20,2000,10000; keys and rss use 20 and 10000 of them)",
    )
    parser.add_argument("--workspaces", type=Path, default=HERE / "workspaces")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
    sizes = tuple(sorted(int(s) for s in args.sizes.split(",") if s.strip()))
    bench = run.Bench(runs=args.runs, sizes=sizes, workspaces=args.workspaces)
    run._compile()
    for size in sizes:
        bench.home(size)
    print(
        f"python {sys.version.split()[0]} on {os.cpu_count()} CPUs; pty {COLUMNS}×{LINES}; "
        f"sizes {', '.join(f'{s:,}' for s in sizes)}; {_load()}",
        flush=True,
    )
    for name in args.names or list(BENCHMARKS):
        print(flush=True)
        if name == "keys":
            low, high = (float(x) for x in args.gap.split(","))
            output = bench_keys(bench, args.presses, (low, high))
        else:
            output = BENCHMARKS[name](bench)
        for line in output:
            print(line, flush=True)
    print(f"\n{_load()} at the end", flush=True)
    if args.json:
        import json

        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(bench.results, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


@contextmanager
def sample_board(
    home: Path,
    folder: Path,
    extra_env: dict[str, str] | None = None,
    size: tuple[int, int] = (80, 24),
) -> Iterator[PtyProcess]:
    """A real Catbird on the sample copy at `home`, on a pty of `size`, in the dark theme (its
    settings file in `folder`), the board on screen; quit (Esc until the board, q) after."""
    columns, lines = size
    config = folder / "config.toml"
    config.write_text('theme = "catbird-dark"\n')
    env = tui_env(config) | {"COLUMNS": str(columns), "LINES": str(lines)} | (extra_env or {})
    process = PtyProcess(catbird_argv(home), env, columns, lines)
    try:
        process.wait_for(lambda s: "Closed" in s.line(1) and "Halyard" in s.text(), 60)
        yield process
    finally:
        process.close("\x1b\x1b\x1b\x1bq")
