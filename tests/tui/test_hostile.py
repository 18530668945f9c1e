"""Hostile text everywhere it is shown: markup is shown literally, escapes never reach the terminal.

The workspace is made through the same operations the CLI and the TUI use, with company
names, roles, tags, next actions, notes, contacts, flag labels, presets and the exit script
full of Textual markup, terminal escape sequences (OSC 52, OSC 8, CSI, 8-bit C1), pasted
control characters, right-to-left, CJK and emoji text, and a 50 kB note. Then the board, the
details, the forms, the tally and the keys help are opened. Any `MarkupError` or other
exception inside the app fails the test when `run_test` exits.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from datetime import timedelta
from pathlib import Path

from helpers import frozen_now, loaded, opportunity_file, paste, press, screen_text, wait_for

from catbird import ops
from catbird.model import Criterion, FlagEvent, FlagPreset, Phrasing, Profile, Stage
from catbird.store import Workspace
from catbird.tui.app import CatbirdApp
from catbird.tui.dialogs.confirm_walk_away import ConfirmWalkAway
from catbird.tui.dialogs.opportunity_form import OpportunityForm
from catbird.tui.dialogs.start_interview import StartInterviewForm
from catbird.tui.screens.agenda import AgendaScreen
from catbird.tui.screens.board import BoardScreen
from catbird.tui.screens.detail import DetailScreen
from catbird.tui.screens.keys import KeysScreen
from catbird.tui.screens.tally import TallyScreen

BOLD = "[bold]x[/]"
LINK = "[link=https://e.com]y[/link]"
CLICK = "[@click=app.quit]z"
VARIABLE = "[$error]w"
MARKUP = (BOLD, LINK, CLICK, VARIABLE)

OSC52 = "\x1b]52;c;aGk=\x07"  # "copy 'hi' to the clipboard"
OSC8 = "\x1b]8;;https://e.com\x1b\\"  # a hyperlink
CSI = "\x1b[2J"  # clear the screen
C1 = "\x9b31m"  # 8-bit CSI: red
CONTROLS = "\x00\x07\x08\x7f\x1b"
ESCAPES = (OSC52, OSC8, CSI, C1, CONTROLS)

RTL = "שלום עולם"
CJK = "株式会社カナリア"
EMOJI = "🦜🔥"

BIG_NOTE_START = "The longest note: "
BIG_NOTE = (BIG_NOTE_START + f"{BOLD} {CLICK} lorem ipsum dolor sit amet. " * 1200)[:50_000]

SIZE = (200, 50)
"""Wide enough for every hostile string to fit unabridged on a board card."""


def traces_of_escapes(text: str) -> list[str]:
    """What would show that an escape sequence from user text got through."""
    found = [c for c in ("\x1b", "\x9b", "\x07", "\x00", "\x7f") if c in text]
    found += [s for s in ("aGk=", "]52;", "]8;;", "[2J", "31m") if s in text]
    return found


def hostile_workspace(home: Path) -> Workspace:
    """Four opportunities, one per active column, and a profile, all of it hostile."""
    ws = Workspace(home)
    dealbreaker = Criterion(text=f"{VARIABLE} culture {OSC52}")
    ws.update_profile(
        lambda p: Profile(
            name=f"{BOLD} Candidate",
            dealbreakers=[dealbreaker],
            flags=[
                FlagPreset(key="1", label=f"{BOLD} boss{CSI}", severity=3),
                FlagPreset(key="2", label=f"{LINK}", dealbreaker=dealbreaker.id),
                FlagPreset(key="!", label=f"{CLICK} good{C1}", kind="green"),
            ],
            phrasing=Phrasing(exit_script=f"{VARIABLE} Bye from {{company}} [/] {OSC8}now"),
        )
    )
    marked = ops.add(
        ws,
        f"{BOLD} Co",
        role=LINK,
        tags=[BOLD, VARIABLE],
        next_action=CLICK,
        link=f"{OSC8}https://e.com/{LINK}",
        location=f"{RTL} {EMOJI}",
    ).slug
    ops.note(ws, marked, BIG_NOTE)
    ops.note(ws, marked, f"{VARIABLE} note {OSC52}with\x00controls\x07 {CLICK}")  # newest: on top
    ops.add_contact(ws, marked, CLICK, role=VARIABLE, email=f"{OSC52}a@e.com")

    ops.add(
        ws,
        f"{OSC52}Osc{CSI} Co{C1}",
        stage=Stage.APPLIED,
        role=f"{OSC8}Link{OSC8} role",
        next_action=f"pasted{CONTROLS}text",
    )
    ops.add(ws, CJK, stage=Stage.SCREENING, role=RTL, next_action=f"{EMOJI} call")

    talk = ops.add(ws, f"{VARIABLE} Labs", stage=Stage.INTERVIEWING, role=CLICK).slug
    interview = ops.start_interview(ws, talk, with_whom=f"{BOLD} {OSC52}Dana").after
    assert interview is not None and interview.open_interview is not None
    interview_id = interview.open_interview.id
    ops.log_flag(ws, talk, FlagEvent(label=f"{LINK} flag{OSC8}"), interview_id)
    ops.log_flag(ws, talk, FlagEvent(label=f"{CLICK}{C1}", kind="green"), interview_id)
    ops.interview_note(ws, talk, interview_id, f"{BOLD}{CSI} said")
    return ws


def assert_literal(text: str, *expected: str) -> None:
    missing = [e for e in expected if e not in text]
    assert not missing, f"not shown literally: {missing}"
    assert traces_of_escapes(text) == []


# ---- in the app -----------------------------------------------------------------------------


async def test_the_board_shows_hostile_text_literally(tmp_path: Path, tui_env: None) -> None:
    app = CatbirdApp(hostile_workspace(tmp_path / "home"))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, BoardScreen)
        text = screen_text(app)
        assert_literal(
            text,
            f"{BOLD} Co",
            LINK,
            CLICK,
            "Osc Co",
            "Link role",
            "pastedtext",
            CJK,
            RTL,
            f"{EMOJI} call",
            f"{VARIABLE} Labs",
        )
        assert "4 active · 0 closed" in text

        # The filter and the title it writes take the same text.
        await press(pilot, "slash")
        await paste(pilot, "[bold]")
        assert_literal(screen_text(app), "1 of 4 match “[bold]”", f"{BOLD} Co")
        await press(pilot, "escape")

        svg = app.export_screenshot()
        assert traces_of_escapes(svg) == []
        assert "[bold]x[/]" in svg.replace("&#160;", " ")


async def test_the_details_and_the_forms_show_hostile_text_literally(
    tmp_path: Path, tui_env: None
) -> None:
    ws = hostile_workspace(tmp_path / "home")
    app = CatbirdApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        text = screen_text(app)
        assert_literal(
            text,
            f"{BOLD} Co — {LINK}",
            f"link     https://e.com/{LINK}",
            f"location {RTL} {EMOJI}",
            f"tags     {BOLD}, {VARIABLE}",
            f"next     {CLICK}",
            f"• {CLICK}, {VARIABLE}",
            "a@e.com",
            f"{VARIABLE} note withcontrols {CLICK}",
            BIG_NOTE_START + f"{BOLD} {CLICK} lorem ipsum",
        )
        # A note pasted with escapes and controls is saved and shown clean.
        await press(pilot, "a")
        await paste(pilot, f"pasted {OSC52}{CSI}{C1}note{CONTROLS} {BOLD}")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, DetailScreen)
        saved = opportunity_file(tmp_path / "home", app.screen.slug)["notes"][-1]["text"]
        assert saved == f"pasted note {BOLD}"
        assert_literal(screen_text(app), f"pasted note {BOLD}")

        # Past the end of the 50 kB note, to the stage history.
        assert "Stage history" not in screen_text(app)
        await press(pilot, "end")
        assert_literal(screen_text(app), "Stage history", "lorem ipsum")
        assert BIG_NOTE_START not in screen_text(app)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, KeysScreen)
        assert "Keys — Detail" in screen_text(app)
        await press(pilot, "escape")

        # The edit form shows the values as they are.
        await press(pilot, "e")
        assert isinstance(app.screen, OpportunityForm)
        assert_literal(screen_text(app), f"Edit {BOLD} Co", f"{BOLD} Co", LINK)
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, BoardScreen)


async def test_the_tally_shows_hostile_labels_and_the_exit_script_literally(
    tmp_path: Path, tui_env: None
) -> None:
    app = CatbirdApp(hostile_workspace(tmp_path / "home"))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await press(pilot, "l", "l", "l", "t")  # resumes the interview under way
        assert isinstance(app.screen, TallyScreen)
        assert_literal(
            screen_text(app),
            f"Interview · {VARIABLE} Labs — {CLICK}",
            f"with {BOLD} Dana",
            f"{BOLD} boss ×3",
            f"{LINK} ×2",
            f"{CLICK} good ×2",
            f"▲ {LINK} flag",
            f"● {CLICK}",
            f"✎ {BOLD} said",
        )

        await press(pilot, "1", "2")  # the dealbreaker-linked preset raises the panel
        assert_literal(
            screen_text(app),
            f"dealbreaker: {VARIABLE} culture",
            f"{VARIABLE} Bye from {VARIABLE} Labs [/] now",
        )
        await press(pilot, "c")
        await paste(pilot, f"{CLICK} typed {OSC52}")
        await press(pilot, "enter", "d")
        assert_literal(screen_text(app), "item 1")
        await press(pilot, "d", "question_mark")
        assert isinstance(app.screen, KeysScreen)
        await press(pilot, "escape", "w")
        assert isinstance(app.screen, ConfirmWalkAway)
        assert_literal(screen_text(app), f"Walk away from {VARIABLE} Labs?")
        await press(pilot, "n", "escape")
        assert_literal(screen_text(app), f"▲ {CLICK} typed", "Debrief")
        await press(pilot, "escape")
        assert_literal(screen_text(app), f"▲ {CLICK} typed")


async def test_the_interview_form_and_help_with_a_hostile_company(
    tmp_path: Path, tui_env: None
) -> None:
    ws = hostile_workspace(tmp_path / "home")
    app = CatbirdApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await press(pilot, "t")
        assert isinstance(app.screen, StartInterviewForm)
        assert_literal(screen_text(app), f"Interview at {BOLD} Co")
        await press(pilot, "escape", "question_mark")
        assert isinstance(app.screen, KeysScreen)
        assert_literal(screen_text(app), "Keys — Board")
        await press(pilot, "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")


async def test_the_agenda_shows_hostile_text_literally(tmp_path: Path, tui_env: None) -> None:
    ws = hostile_workspace(tmp_path / "home")
    talk = next(card.slug for card in ws.summaries()[0] if card.stage is Stage.INTERVIEWING)
    soon = frozen_now() + timedelta(days=1)
    ops.schedule(
        ws, talk, soon, place=f"{BOLD} room{OSC52}", link=f"{OSC8}{LINK}", people=[f"{CLICK} Li"]
    )
    app = CatbirdApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await press(pilot, "ctrl+t")
        assert isinstance(app.screen, AgendaScreen)
        await wait_for(pilot, lambda: f"{BOLD} room" in screen_text(app), "the interview")
        assert_literal(screen_text(app), f"{BOLD} room", f"{CLICK} Li", f"{VARIABLE} Labs", CLICK)
        assert traces_of_escapes(app.export_screenshot()) == []


async def test_escapes_written_into_a_file_by_hand_are_never_shown(
    tmp_path: Path, tui_env: None
) -> None:
    """TOML can spell any control character (\\u001b): a hand-edited file is cleaned on
    reading, and the file itself is left as it is."""
    home = tmp_path / "home"
    folder = home / "opportunities"
    folder.mkdir(parents=True)
    hand_written = (
        "schema_version = 1\n"
        'company = "Hand\\u001b]52;c;aGk=\\u0007 Made\\u009b31m"\n'
        'role = "\\u001b[2JRole\\u001b]8;;https://e.com\\u001b\\\\ [bold]x[/]"\n'
        'stage = "lead"\n'
        "created_at = 2026-11-01T09:00:00-05:00\n"
    )
    (folder / "hand-made.toml").write_text(hand_written)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        assert_literal(screen_text(app), "Hand Made", f"Role {BOLD}")
        await press(pilot, "enter")
        assert_literal(screen_text(app), f"Hand Made — Role {BOLD}")
    assert (folder / "hand-made.toml").read_text() == hand_written


# ---- in a real terminal ---------------------------------------------------------------------


def run_in_a_terminal(home: Path, keys: list[bytes], ready: bytes, env: dict[str, str]) -> str:
    """Run `catbird --home HOME` in a pseudo-terminal, 120×40; once `ready` is drawn, type
    `keys`, each once the app has answered the one before (drawn something, then been
    quiet for a moment: however slow the machine); return all the app wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "catbird", "--home", str(home)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        # The size is the terminal's; COLUMNS and LINES, which Textual reads first, must not
        # say otherwise (a test runner's worker may have them set from its own terminal).
        env=env | {"COLUMNS": "120", "LINES": "40"},
        start_new_session=True,
    )
    os.close(slave)
    output = b""
    pending = list(keys)
    deadline = time.monotonic() + 60
    answered = False  # the app has drawn something since the last key
    last_output = time.monotonic()
    try:
        while time.monotonic() < deadline:
            readable, _, _ = select.select([master], [], [], 0.05)
            if readable:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the app is gone and the terminal closed
                    break
                if not chunk:
                    break
                output += chunk
                answered, last_output = True, time.monotonic()
            quiet = time.monotonic() - last_output > 0.4
            if pending and ready in output and answered and quiet:
                os.write(master, pending.pop(0))
                answered = False
            if not pending and process.poll() is not None and not readable:
                break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(5)
        os.close(master)
    assert not pending, f"the app never drew {ready!r}; it wrote:\n{output[-2000:]!r}"
    return output.decode("utf-8", "replace")


def test_no_escape_from_user_text_reaches_a_real_terminal(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    home = tmp_path / "home"
    hostile_workspace(home)
    env = cli_env | {"TERM": "xterm-256color", "CATBIRD_NOW": "2026-11-22T10:00:00-05:00"}
    env.pop("NO_COLOR")
    # Board, then the details of the first card, then the tally of the interview, then quit.
    written = run_in_a_terminal(home, [b"\r", b"\x1b", b"lll", b"t", b"2", b"q"], b"Link role", env)
    assert "\x1b]52" not in written
    assert "\x1b]8;" not in written
    assert "\u009b" not in written
    assert "aGk=" not in written
    for literal in (f"{BOLD} Co", CLICK, "Osc Co", "Link role", CJK, RTL):
        assert literal in written, f"{literal!r} not drawn"
    assert BIG_NOTE_START in written  # the details were drawn
    assert f"{VARIABLE} Bye from" in written  # and so was the tally's exit script
