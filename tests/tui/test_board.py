"""The pipeline board driven from the keyboard: what the user sees, and what is on disk.

Every test runs the real app on its own copy of `sample_data/` with the clock stopped at
2026-11-22 10:00 (-05:00). The sample board then reads:

    Lead        Halyard Systems, Quillmark
    Applied     Tidewater Freight Labs, Brightfern Health
    Screening   Larkspur Analytics, Copperline Payments
    Interviewing Pinecrest Learning, Saltmarsh Robotics
    Offer       Fernhollow Software
    Closed      Corvane (walked away), Wrenfield (rejected), Orrery (ghosted),
                Ambergate (declined), Kestrel (accepted)
"""

from __future__ import annotations

import json
import os
import re
import zlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from helpers import (
    RunCli,
    frozen_now,
    loaded,
    opportunity_file,
    paste,
    press,
    region_text,
    screen_text,
    wait_for,
)
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Static

from catbird import ops
from catbird.model import FlagEvent, Interview, Note, Profile
from catbird.store import Workspace
from catbird.tui.app import CatbirdApp
from catbird.tui.dialogs.opportunity_form import OpportunityForm
from catbird.tui.dialogs.text_dialog import TextDialog
from catbird.tui.screens.board import BoardScreen
from catbird.tui.screens.detail import DetailScreen
from catbird.tui.screens.keys import KeysScreen
from catbird.tui.screens.welcome import WelcomeScreen
from catbird.tui.widgets.column import BoardColumn
from conftest import edit_in_place

SIZE = (120, 40)


def board_of(app: CatbirdApp) -> BoardScreen:
    screen = app.screen
    assert isinstance(screen, BoardScreen), f"expected the board, the screen is {screen!r}"
    return screen


def column(app: CatbirdApp, stage: str) -> BoardColumn:
    return board_of(app).query_one(f"#column-{stage}", BoardColumn)


def column_text(app: CatbirdApp, stage: str) -> str:
    """What the user reads in one column (`lead` … `offer`, or `closed`)."""
    return region_text(app, column(app, stage))


def column_title(app: CatbirdApp, stage: str) -> list[str]:
    """The title line of a column, as words: ["Lead", "2"] (its name and card count)."""
    return column_text(app, stage).split("\n")[0].split()


def focused_column(app: CatbirdApp) -> str:
    focused = app.focused
    assert isinstance(focused, BoardColumn), f"focus is on {focused!r}, not a column"
    return (focused.id or "").removeprefix("column-")


def selected(app: CatbirdApp) -> str | None:
    card = board_of(app).current_card
    return card.slug if card else None


def toasts(app: CatbirdApp) -> str:
    """The text of the notifications on screen, each toast's lines joined."""
    return " | ".join(
        " ".join(region_text(app, toast).split()) for toast in app.screen.query("Toast")
    )


# ---- moving around --------------------------------------------------------------------------


async def test_h_l_and_arrows_move_between_columns_j_k_between_cards(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        text = screen_text(app)
        titles = {
            stage: column_title(app, stage)
            for stage in ("lead", "applied", "screening", "interviewing", "offer", "closed")
        }
        assert titles == {
            "lead": ["Lead", "2"],
            "applied": ["Applied", "2"],
            "screening": ["Screening", "2"],
            "interviewing": ["Interviewing", "2"],
            "offer": ["Offer", "1"],
            "closed": ["Closed", "5"],
        }
        assert "9 active · 5 closed" in text
        assert focused_column(app) == "lead" and selected(app) == "halyard-systems"
        assert "▌Halyard Systems" in column_text(app, "lead")  # the cursor bar

        await press(pilot, "j")
        assert selected(app) == "quillmark"
        assert "▌Quillmark" in column_text(app, "lead")
        assert "▌Halyard" not in screen_text(app)
        await press(pilot, "j")  # past the last card: stays
        assert selected(app) == "quillmark"
        await press(pilot, "k")
        assert selected(app) == "halyard-systems"
        await press(pilot, "down")
        assert selected(app) == "quillmark"
        await press(pilot, "up", "up")
        assert selected(app) == "halyard-systems"

        await press(pilot, "l")
        assert focused_column(app) == "applied" and selected(app) == "tidewater-freight-labs"
        assert "▌Tidewater" in column_text(app, "applied")
        assert "▌" not in column_text(app, "lead")  # one cursor bar: the focused column's
        await press(pilot, "right")
        assert focused_column(app) == "screening"
        await press(pilot, "left")
        assert focused_column(app) == "applied"
        await press(pilot, "h", "h")  # past the first column: stays
        assert focused_column(app) == "lead"
        await press(pilot, "l", "l", "l", "l", "l", "l", "l")
        assert focused_column(app) == "closed"
        assert selected(app) == "corvane-trading-technologies"  # most recently closed first
        await press(pilot, "j")
        assert selected(app) == "wrenfield-maps"
        assert "▌Wrenfield Maps" in column_text(app, "closed")


# ---- moving cards -----------------------------------------------------------------------------


async def test_L_and_H_move_a_card_and_save_each_stage_change_with_its_time(
    sample_home: Path,
) -> None:
    history_before = len(opportunity_file(sample_home, "halyard-systems")["stage_history"])
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "L")

        assert "Halyard" not in column_text(app, "lead")
        assert "Halyard Systems" in column_text(app, "applied")
        assert column_title(app, "lead") == ["Lead", "1"]
        assert column_title(app, "applied") == ["Applied", "3"]
        assert focused_column(app) == "applied" and selected(app) == "halyard-systems"
        saved = opportunity_file(sample_home, "halyard-systems")
        assert saved["stage"] == "applied"
        assert len(saved["stage_history"]) == history_before + 1
        last = saved["stage_history"][-1]
        assert (last["stage"], last["from_stage"], last["at"]) == ("applied", "lead", frozen_now())

        await press(pilot, "H")
        assert "Halyard Systems" in column_text(app, "lead")
        assert "Halyard" not in column_text(app, "applied")
        assert focused_column(app) == "lead" and selected(app) == "halyard-systems"
        saved = opportunity_file(sample_home, "halyard-systems")
        assert saved["stage"] == "lead"
        assert len(saved["stage_history"]) == history_before + 2
        assert saved["stage_history"][-1]["from_stage"] == "applied"

        # Lead is the first stage: H says so and changes nothing.
        file = sample_home / "opportunities" / "halyard-systems.toml"
        on_disk = file.read_bytes()
        await press(pilot, "H")
        assert file.read_bytes() == on_disk
        assert "already at the first stage" in toasts(app)


async def test_L_from_an_offer_accepts_it_and_H_brings_it_back(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "l", "l", "l", "l")
        assert selected(app) == "fernhollow-software"

        await press(pilot, "L")
        closed = column_text(app, "closed")
        assert "▌Fernhollow" in closed
        assert "▌Accepted" in closed  # how it closed, on the card under the cursor
        assert column_title(app, "closed") == ["Closed", "6"]
        assert "nothing here yet" in column_text(app, "offer")
        assert focused_column(app) == "closed" and selected(app) == "fernhollow-software"
        saved = opportunity_file(sample_home, "fernhollow-software")
        assert saved["stage"] == "accepted"
        assert saved["closing"]["stage"] == "accepted"
        assert saved["stage_history"][-1]["from_stage"] == "offer"

        # Nothing lies past a closed stage.
        await press(pilot, "L")
        assert opportunity_file(sample_home, "fernhollow-software")["stage"] == "accepted"
        assert "move it back with H first" in toasts(app)

        await press(pilot, "H")
        assert "▌Fernhollow" in column_text(app, "offer")
        assert "Fernhollow" not in column_text(app, "closed")
        saved = opportunity_file(sample_home, "fernhollow-software")
        assert saved["stage"] == "offer"
        assert "closing" not in saved
        assert saved["stage_history"][-1]["from_stage"] == "accepted"


async def test_H_on_a_closed_card_goes_back_to_its_last_active_stage(sample_home: Path) -> None:
    # Orrery Cloud went lead → applied → screening → ghosted.
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, *"lllll", "j", "j")
        assert selected(app) == "orrery-cloud"
        await press(pilot, "H")
        assert "Orrery Cloud" in column_text(app, "screening")
        assert "Orrery" not in column_text(app, "closed")
        assert focused_column(app) == "screening" and selected(app) == "orrery-cloud"
        saved = opportunity_file(sample_home, "orrery-cloud")
        assert saved["stage"] == "screening"
        assert saved["stage_history"][-1]["from_stage"] == "ghosted"
        assert "closing" not in saved


# ---- adding and editing -----------------------------------------------------------------------


async def test_n_adds_a_card_in_the_current_column_and_the_cursor_follows_it(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "l", "l", "n")
        assert isinstance(app.screen, OpportunityForm)
        assert "New opportunity" in screen_text(app)
        await press(pilot, *"Zephyr Labs", "tab")
        await paste(pilot, "Staff SRE")
        await press(pilot, "tab", "tab")  # the stage stays the column's: screening
        await paste(pilot, "Email Ana the take-home")
        await press(pilot, "tab")
        await paste(pilot, "2026-12-01")
        await press(pilot, "tab")
        await paste(pilot, "https://zephyr.example/jobs/7")
        await press(pilot, "enter")

        board_of(app)
        saved = opportunity_file(sample_home, "zephyr-labs")
        assert saved["company"] == "Zephyr Labs"
        assert saved["role"] == "Staff SRE"
        assert saved["stage"] == "screening"
        assert saved["link"] == "https://zephyr.example/jobs/7"
        assert saved["next_action"] == {"text": "Email Ana the take-home", "due": date(2026, 12, 1)}
        assert saved["stage_history"][0]["at"] == frozen_now()

        assert focused_column(app) == "screening" and selected(app) == "zephyr-labs"
        screening = column_text(app, "screening")
        assert "▌Zephyr Labs" in screening
        assert "Dec 1 Email Ana" in screening
        assert "10 active · 5 closed" in screen_text(app)


async def test_a_second_card_at_the_same_company_is_kept_and_its_slug_named(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "n")
        await paste(pilot, "pinecrest  learning")
        await press(pilot, "enter")
        board_of(app)
        assert opportunity_file(sample_home, "pinecrest-learning-2")["company"]
        [notice] = [n.message for n in app._notifications]
        assert notice == (
            "pinecrest  learning was already on the board as pinecrest-learning; this one is "
            "pinecrest-learning-2 (the name to use on the command line)."
        )
        assert "this one is" in screen_text(app)  # on screen, as a toast


async def test_the_form_refuses_a_past_due_date_and_a_non_date(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        before = sorted(p.name for p in (sample_home / "opportunities").iterdir())
        await press(pilot, "n")
        await paste(pilot, "Late Co")
        await press(pilot, "tab", "tab", "tab")
        await paste(pilot, "Call back")
        await press(pilot, "tab")
        await paste(pilot, "2026-11-01")
        await press(pilot, "enter")
        assert isinstance(app.screen, OpportunityForm)
        assert "The due date 2026-11-01 is in the past." in screen_text(app)

        await press(pilot, "ctrl+u")
        await paste(pilot, "soonish")
        await press(pilot, "enter")
        assert isinstance(app.screen, OpportunityForm)
        assert "'soonish' is not a date" in screen_text(app)
        assert sorted(p.name for p in (sample_home / "opportunities").iterdir()) == before

        # A relative date is fine; so is the Enter that follows.
        await press(pilot, "ctrl+u", "+", "3", "enter")
        board_of(app)
        assert opportunity_file(sample_home, "late-co")["next_action"]["due"] == date(2026, 11, 25)

        # And Esc leaves a form without saving anything.
        await press(pilot, "n")
        await paste(pilot, "Never Saved Inc")
        await press(pilot, "escape")
        board_of(app)
        assert not (sample_home / "opportunities" / "never-saved-inc.toml").exists()


async def test_e_edits_the_card_and_the_file(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, OpportunityForm)
        assert form.query_one("#company", Input).value == "Halyard Systems"
        await press(pilot, "tab", "ctrl+u")
        await paste(pilot, "Principal Engineer, Platform")
        await press(pilot, "tab", "ctrl+u")
        await paste(pilot, "Call Dana")
        await press(pilot, "tab", "ctrl+u")
        await paste(pilot, "2026-12-05")
        await press(pilot, "enter")

        board_of(app)
        saved = opportunity_file(sample_home, "halyard-systems")
        assert saved["company"] == "Halyard Systems"
        assert saved["role"] == "Principal Engineer, Platform"
        assert saved["next_action"] == {"text": "Call Dana", "due": date(2026, 12, 5)}
        assert saved["tags"] == ["platform", "reliability", "referral", "remote"]  # untouched
        lead = column_text(app, "lead")
        assert "Principal Engi" in lead  # beside the unknowns (?10)
        assert "Dec 5 Call Dana" in lead
        # Now due after Quillmark (Dec 2), so it sorts second; the cursor stayed on it.
        assert lead.index("Quillmark") < lead.index("Halyard")
        assert selected(app) == "halyard-systems"


# ---- the detail view --------------------------------------------------------------------------


async def test_a_long_note_in_the_details_wraps_under_its_own_text(sample_home: Path) -> None:
    note = "word " * 30 + "end"
    Workspace(sample_home).update(
        "halyard-systems", lambda o: o.model_copy(update={"notes": [*o.notes, Note(text=note)]})
    )
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(80, 30)) as pilot:
        await loaded(app, pilot)
        await press(pilot, "enter")
        lines = screen_text(app).split("\n")
        first = next(i for i, line in enumerate(lines) if "  word word" in line)
        column = lines[first].index("word")  # the note starts after its time
        last = next(i for i in range(first, len(lines)) if lines[i].rstrip().endswith("end"))
        following = lines[first + 1 : last + 1]
        assert following  # it did wrap
        assert all(line[column:].startswith("word") for line in following), following
        assert all(not line[:column].strip() for line in following)  # nothing under the time


async def test_the_details_of_a_card_with_thousands_of_flags_scroll_to_the_last_one(
    sample_home: Path,
) -> None:
    # Drawn lazily: lines are made and wrapped when they come on screen. Some flags carry
    # notes long enough to wrap, so the rows counted before drawing are wrong until drawn;
    # End must still land on the real end, and every line in between must be reachable.
    # A card this big is read in a thread: the screen says so meanwhile.
    count = 6000
    start = datetime(2026, 11, 20, 9, tzinfo=UTC)
    flags = [
        FlagEvent(
            at=start + timedelta(seconds=n),
            label=f"Flag {n:04d}",
            note="a note that goes on and on " * 4 if n % 7 == 0 else "",
        )
        for n in range(count)
    ]
    interview = Interview(started_at=start, ended_at=start + timedelta(hours=1), flags=flags)
    Workspace(sample_home).update(
        "halyard-systems",
        lambda o: o.model_copy(update={"interviews": [*o.interviews, interview]}),
    )
    before = (sample_home / "opportunities" / "halyard-systems.toml").read_bytes()
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        await wait_for(pilot, lambda: "Flag 0000" in screen_text(app), "the flags", timeout=20)
        assert "Reading" not in screen_text(app) and "Flag 5999" not in screen_text(app)
        await press(pilot, "end")
        text = screen_text(app)
        assert "Stage history" in text  # the last section, after the 6,000 flags
        await press(pilot, "up", "up", "up", "up", "up", "up", "up", "up")
        assert "Flag 5999" in screen_text(app)
        # Paging back up from the end passes the flags in order, none lost or drawn twice.
        seen: list[int] = []
        for _ in range(12):
            seen += [int(m) for m in re.findall(r"▲ Flag (\d{4})", screen_text(app))]
            await press(pilot, "pageup")
        run = sorted(set(seen))
        assert run == list(range(run[0], count)) and run[0] < count - 50
    assert (sample_home / "opportunities" / "halyard-systems.toml").read_bytes() == before


async def test_enter_opens_the_details_where_a_adds_a_note_and_c_shows_the_people(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        text = screen_text(app)
        for expected in (
            "Halyard Systems — Staff Engineer, Platform Reliability",
            "stage lead since 2026-11-18",
            "next     Ask Dana for an intro to the hiring manager  due 2026-11-25",
            "People",
            "• Dana Whitcombe, Senior SRE at Halyard",
            "Notes",
            "Dana's take: they run about 40 services",
            "Stage history",
        ):
            assert expected in text

        await press(pilot, "a")
        assert isinstance(app.screen, TextDialog)
        await paste(pilot, "Asked Dana about the on-call rotation")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, DetailScreen)
        notes = opportunity_file(sample_home, "halyard-systems")["notes"]
        assert notes[-1]["text"] == "Asked Dana about the on-call rotation"
        assert notes[-1]["at"] == frozen_now()
        written_at = f"{frozen_now().astimezone():%Y-%m-%d %H:%M}"  # shown in local time
        assert f"{written_at}  Asked Dana about the on-call rotation" in screen_text(app)

        from catbird.tui.screens.people import PeopleScreen

        await press(pilot, "c")
        assert isinstance(app.screen, PeopleScreen)
        await press(pilot, "a")
        await paste(pilot, "Priya Raman")
        await press(pilot, "tab")
        await paste(pilot, "Hiring manager")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PeopleScreen)
        contacts = opportunity_file(sample_home, "halyard-systems")["contacts"]
        assert (contacts[-1]["name"], contacts[-1]["role"]) == ("Priya Raman", "Hiring manager")
        assert "Priya Raman, Hiring manager" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, DetailScreen)
        assert "• Priya Raman, Hiring manager" in screen_text(app)

        # Esc over a written note warns first, the second Esc throws it away; Esc in the
        # details goes back to the board.
        await press(pilot, "a")
        await paste(pilot, "not this one")
        await press(pilot, "escape")
        assert isinstance(app.screen, TextDialog)
        assert "Esc again to throw away" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, DetailScreen)
        assert len(opportunity_file(sample_home, "halyard-systems")["notes"]) == len(notes)
        await press(pilot, "escape")
        assert selected(app) == "halyard-systems"


# ---- filter -----------------------------------------------------------------------------------


async def test_slash_filters_the_cards_and_esc_clears_the_filter(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "slash")
        box = app.screen.query_one("#filter", Input)
        assert box.display and box.has_focus
        await press(pilot, *"fern")

        text = screen_text(app)
        assert "2 of 14 match “fern”" in text
        assert "Fernhollow" in column_text(app, "offer")
        assert "Brightfern Health" in column_text(app, "applied")
        for other in ("Halyard", "Quillmark", "Tidewater", "Pinecrest", "Corvane", "Kestrel"):
            assert other not in text

        # Enter puts the cursor on the first match; Esc clears it all.
        await press(pilot, "enter")
        assert selected(app) == "brightfern-health"
        await press(pilot, "escape")
        assert not box.display
        text = screen_text(app)
        assert "9 active · 5 closed" in text
        for company in ("Halyard", "Quillmark", "Tidewater", "Pinecrest", "Corvane", "Kestrel"):
            assert company in text

        # Esc while still typing clears it too; roles and tags match as well.
        await press(pilot, "slash")
        await paste(pilot, "KUBERNETES")
        assert "1 of 14 match" in screen_text(app)
        assert "Larkspur" in column_text(app, "screening")
        await press(pilot, "escape")
        assert not box.display
        assert "Halyard Systems" in screen_text(app)


# ---- undo and redo ----------------------------------------------------------------------------


async def test_u_undoes_a_move_on_disk_and_ctrl_r_redoes_it(sample_home: Path) -> None:
    original = opportunity_file(sample_home, "halyard-systems")
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "L")
        assert opportunity_file(sample_home, "halyard-systems")["stage"] == "applied"

        await press(pilot, "u")
        assert opportunity_file(sample_home, "halyard-systems") == original
        assert "Halyard Systems" in column_text(app, "lead")
        assert "Halyard" not in column_text(app, "applied")
        assert "Undone" in toasts(app)

        await press(pilot, "ctrl+r")
        saved = opportunity_file(sample_home, "halyard-systems")
        assert saved["stage"] == "applied"
        assert saved["stage_history"][-1]["from_stage"] == "lead"
        assert "Halyard Systems" in column_text(app, "applied")
        assert selected(app) == "halyard-systems"

        await press(pilot, "u", "u")
        assert opportunity_file(sample_home, "halyard-systems") == original
        assert "nothing to undo" in toasts(app)


async def test_undo_keeps_a_flag_logged_from_the_shell_in_between(
    sample_home: Path, run_cli: RunCli
) -> None:
    def flags_on_disk() -> list[str]:
        saved = opportunity_file(sample_home, "pinecrest-learning")
        return [f["label"] for i in saved["interviews"] for f in i.get("flags", [])]

    flags_before = flags_on_disk()
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "l", "l", "l")
        assert selected(app) == "pinecrest-learning"
        await press(pilot, "L")
        assert opportunity_file(sample_home, "pinecrest-learning")["stage"] == "offer"

        done = run_cli("flag", "pinecrest", "Kept waiting", home=sample_home)
        assert done.returncode == 0, done.stderr
        assert flags_on_disk() == [*flags_before, "Kept waiting"]

        await press(pilot, "u")
        saved = opportunity_file(sample_home, "pinecrest-learning")
        assert saved["stage"] == "interviewing"
        assert saved["stage_history"][-1]["stage"] == "interviewing"
        assert flags_on_disk() == [*flags_before, "Kept waiting"]
        # The card shows both: back in its column, with the new red flag counted.
        await wait_for(
            pilot,
            lambda: "▲4 ●1" in column_text(app, "interviewing"),
            "the card to count the shell's flag",
        )
        assert "Pinecrest" not in column_text(app, "offer")


async def test_undo_leaves_a_stage_the_shell_moved_since_and_says_so(
    tmp_path: Path, tui_env: None, run_cli: RunCli
) -> None:
    """Issue 12.1, as written: L on Acme; `catbird move acme interviewing`; u."""
    home = tmp_path / "ws"
    workspace = Workspace(home)
    ops.add(workspace, "Acme", role="Engineer")
    workspace.save_profile(Profile(name="Sam"))  # a profile, so the welcome screen stays away
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        assert selected(app) == "acme"
        await press(pilot, "L")
        assert opportunity_file(home, "acme")["stage"] == "applied"

        done = run_cli("move", "acme", "interviewing", home=home)
        assert done.returncode == 0, done.stderr

        await press(pilot, "u")
        saved = opportunity_file(home, "acme")
        assert saved["stage"] == "interviewing"  # the shell's move stays
        assert [(c["stage"], c.get("from_stage")) for c in saved["stage_history"]] == [
            ("lead", None),
            ("applied", "lead"),
            ("interviewing", "applied"),
        ]
        said = " ".join(toasts(app).replace("▌", " ").split())
        assert "Not undone: move acme — stage changed elsewhere since, kept as is" in said
        await wait_for(
            pilot, lambda: "Acme" in column_text(app, "interviewing"), "Acme in interviewing"
        )
        assert "Acme" not in column_text(app, "lead")


async def test_undo_of_an_edit_takes_back_ours_and_names_the_field_kept(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        opened = opportunity_file(sample_home, "halyard-systems")
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, OpportunityForm)
        form.query_one("#role", Input).value = "Staff Engineer (platform)"
        form.query_one("#location", Input).value = "Lisbon"
        await press(pilot, "ctrl+s")
        # Another board (or `catbird edit`) sets the role again meanwhile.
        ops.edit(Workspace(sample_home), "halyard-systems", role="Principal Engineer")

        await press(pilot, "u")
        saved = opportunity_file(sample_home, "halyard-systems")
        assert saved.get("location", "") == opened.get("location", "")  # ours, taken back
        assert saved["role"] == "Principal Engineer"  # theirs, kept
        said = " ".join(toasts(app).replace("▌", " ").split())
        assert "Undone: edit halyard-systems, except role — changed elsewhere since" in said


async def test_the_edit_form_saves_only_the_fields_the_user_changed(sample_home: Path) -> None:
    """Issue 12.2: another board saves its edit while this one has the form open; this save
    must not write back the role, next action and tags the form opened with."""
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        assert selected(app) == "halyard-systems"
        opened = opportunity_file(sample_home, "halyard-systems")
        await press(pilot, "e")
        assert isinstance(app.screen, OpportunityForm)

        # Meanwhile the other board saves its own edit of the same card.
        other = Workspace(sample_home)
        ops.edit(other, "halyard-systems", role="Principal Engineer", tags=["remote"])
        ops.set_next_action(other, "halyard-systems", "Call Ana", date(2026, 12, 3))

        location = app.screen.query_one("#location", Input)
        location.value = "Lisbon"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, BoardScreen)

        saved = opportunity_file(sample_home, "halyard-systems")
        assert saved["location"] == "Lisbon"  # ours
        assert saved["role"] == "Principal Engineer"  # theirs, not wiped
        assert saved["tags"] == ["remote"]
        assert saved["next_action"] == {"text": "Call Ana", "due": date(2026, 12, 3)}
        assert saved["company"] == opened["company"]

        # Saving a form with nothing changed writes nothing at all.
        before = (sample_home / "opportunities" / "halyard-systems.toml").read_bytes()
        await press(pilot, "e", "ctrl+s")
        assert (sample_home / "opportunities" / "halyard-systems.toml").read_bytes() == before


# ---- the closed column, help, the command palette ---------------------------------------------


async def test_c_folds_and_unfolds_the_closed_column(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, *"lllll")
        assert focused_column(app) == "closed"
        wide = column(app, "offer").region.width

        await press(pilot, "c")
        assert column(app, "closed").region.width == 3
        assert "Corvane" not in screen_text(app)
        assert focused_column(app) == "offer"  # the focus left the folded column
        assert column(app, "offer").region.width > wide  # the others use the room

        await press(pilot, "c")
        assert column(app, "closed").region.width == wide
        assert "Corvane Trading" in column_text(app, "closed")


async def test_l_does_not_put_the_cursor_in_the_folded_column(sample_home: Path) -> None:
    """Folding moves the focus out of the closed column (its cards cannot be read at 3
    cells); l must not put the cursor back on a card the user cannot see, or Enter and H
    act on it blind. (Skipping the folded column, or unfolding it, would both do.)"""
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await press(pilot, "c", *"llllll")
        if focused_column(app) == "closed":
            assert "▌Corvane Trading" in column_text(app, "closed"), (
                "the cursor is on a hidden card"
            )
        else:
            assert focused_column(app) == "offer"


async def test_question_mark_shows_the_keys_of_the_board(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, KeysScreen)
        text = screen_text(app)
        for expected in (
            "Keys — Board",
            "Move the card to the next stage",
            "Move the card to the previous stage",
            "Add an opportunity",
            "palette with every action",  # the palette line, whether the list scrolls or not
        ):
            assert expected in text
        # The list scrolls when it is longer than the box; the rest is below.
        await press(pilot, "end")
        text = screen_text(app)
        for expected in (
            "Filter by company, role or tag",
            "Fold or unfold the closed column",
            "Start (or resume) the interview tally for this card",
            "Undo the last change",
            "Redo what was undone",
            "Leave Catbird (all is saved)",
        ):
            assert expected in text
        await press(pilot, "escape")
        board_of(app)


async def test_the_command_palette_lists_the_board_actions_and_runs_them(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await press(pilot, *"Stage")
        commands = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: commands.option_count >= 2, "the palette to find Stage")
        prompts = [str(commands.get_option_at_index(i).prompt) for i in range(2)]
        assert {p.split("\n")[0] for p in prompts} == {"◀ Stage", "Stage ▶"}
        assert "Move the card to the next stage" in screen_text(app)

        forward = next(i for i, p in enumerate(prompts) if p.startswith("Stage ▶"))
        await press(pilot, *["down"] * (forward - (commands.highlighted or 0)), "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen), "the palette to close")
        await pilot.pause()
        assert opportunity_file(sample_home, "halyard-systems")["stage"] == "applied"
        assert "Halyard Systems" in column_text(app, "applied")


# ---- living with the disk ---------------------------------------------------------------------


async def test_a_card_added_and_moved_from_the_shell_shows_up_while_the_board_is_open(
    sample_home: Path, run_cli: RunCli
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        done = run_cli("add", "Zephyr Labs", "--role", "Staff SRE", home=sample_home)
        assert done.returncode == 0, done.stderr
        await wait_for(
            pilot,
            lambda: "Zephyr Labs" in column_text(app, "lead"),
            "Zephyr Labs on the board",
            timeout=2.5,
        )
        assert "10 active · 5 closed" in screen_text(app)

        done = run_cli("move", "quillmark", "applied", home=sample_home)
        assert done.returncode == 0, done.stderr
        await wait_for(
            pilot,
            lambda: "Quillmark" in column_text(app, "applied"),
            "Quillmark to move",
            timeout=2.5,
        )
        assert "Quillmark" not in column_text(app, "lead")


async def test_an_in_place_edit_that_keeps_size_and_mtime_reaches_the_board(
    sample_home: Path,
) -> None:
    path = sample_home / "opportunities" / "halyard-systems.toml"
    Workspace(sample_home).summaries(Workspace(sample_home).read_profile())  # a warm index
    # Made while the board was closed: the index's card must not win over the file.
    edit_in_place(path, b'"Halyard Systems"', b'"Halyard Sistems"')
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await wait_for(pilot, lambda: "Halyard Sistems" in column_text(app, "lead"), "the edit")
        # And made while it is open.
        edit_in_place(path, b'"Halyard Sistems"', b'"Halyard Systemz"')
        await wait_for(
            pilot,
            lambda: "Halyard Systemz" in column_text(app, "lead"),
            "the second edit",
            timeout=2.5,
        )
        assert "Halyard Sistems" not in screen_text(app)


async def test_a_doctored_index_entry_is_never_shown_raw_and_the_file_wins(
    sample_home: Path,
) -> None:
    ws = Workspace(sample_home)
    ws.summaries(ws.read_profile())
    index = ws.index_path
    lines = index.read_bytes().splitlines()
    for number, line in enumerate(lines[1:], start=1):
        entry = json.loads(line.partition(b" ")[2])
        if entry[0] == "halyard-systems.toml":
            entry[3][1] = "\x1b]52;c;aGk=\x07\x1b[31mEvil\x1b[0m [bold]Corp[/]"  # company
            entry[3][3] = "offer"  # the stage: Halyard is a lead
            row = json.dumps(entry).encode()  # its checksum made right, key left matching
            lines[number] = b"%08x %s" % (zlib.crc32(row), row)
    index.write_bytes(b"\n".join(lines) + b"\n")
    app = CatbirdApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        # The first frame may show the cached card, cleaned; markup only ever as text.
        assert "\x1b" not in screen_text(app)
        await loaded(app, pilot)
        await wait_for(
            pilot,
            lambda: "Halyard Systems" in column_text(app, "lead"),
            "the card made again from its file",
        )
        text = screen_text(app)
        assert "Evil" not in text and "\x1b" not in text
        assert "Halyard" not in column_text(app, "offer")


def write_like_an_editor(path: Path, data: bytes) -> None:
    """Save as most editors and sync tools do: a temporary file renamed over the old one."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


async def test_a_broken_file_is_reported_with_its_line_and_never_overwritten(
    sample_home: Path,
) -> None:
    broken = sample_home / "opportunities" / "halyard-systems.toml"
    original = broken.read_bytes()
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        banner = app.screen.query_one("#problems", Static)
        assert not banner.display

        write_like_an_editor(broken, b"company = [")
        await wait_for(pilot, lambda: banner.display, "the problems banner", timeout=2.5)
        await pilot.pause()
        assert f"⚠ not loaded: {broken}:1:" in str(banner.content)
        assert "halyard-systems.toml:1:" in " ".join(region_text(app, banner).split())
        assert "Halyard" not in column_text(app, "lead")
        assert "Quillmark" in column_text(app, "lead")  # the rest still loads

        # The board keeps working, and nothing ever writes over the broken file.
        await press(pilot, "L", "u", "ctrl+r")
        assert opportunity_file(sample_home, "quillmark")["stage"] == "applied"
        await press(pilot, "H")
        assert opportunity_file(sample_home, "quillmark")["stage"] == "lead"
        assert broken.read_bytes() == b"company = ["

        # Fixed by hand: it comes back, and the banner goes.
        write_like_an_editor(broken, original)
        await wait_for(pilot, lambda: not banner.display, "the banner to go", timeout=2.5)
        await wait_for(
            pilot, lambda: "Halyard Systems" in column_text(app, "lead"), "Halyard to come back"
        )
    assert broken.read_bytes() == original


async def test_a_file_broken_in_place_is_noticed_within_about_a_second(
    sample_home: Path,
) -> None:
    """PRODUCT.md: files changed by an editor appear "within about a second". Many editors
    (and `echo >`) write in place: same inode, and the folder's mtime does not change.

    Written right after the first read, so the result does not depend on when the
    watcher last scanned the whole folder."""
    broken = sample_home / "opportunities" / "halyard-systems.toml"
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        banner = app.screen.query_one("#problems", Static)
        with broken.open("w") as handle:
            handle.write("company = [")
        await wait_for(
            pilot,
            lambda: "halyard-systems.toml:1:" in " ".join(region_text(app, banner).split()),
            "the problems banner",
            timeout=2.0,
        )
        assert "Halyard" not in column_text(app, "lead")
    assert broken.read_bytes() == b"company = ["


async def test_a_file_broken_before_the_start_is_reported_on_first_paint(
    sample_home: Path,
) -> None:
    broken = sample_home / "opportunities" / "kestrel-works.toml"
    broken.write_text('schema_version = 1\ncompany = "Kestrel Works"\nstage = "maybe"\n')
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        banner = app.screen.query_one("#problems", Static)
        assert banner.display
        assert f"{broken}:3: stage" in str(banner.content)
        assert "kestrel-works.toml:3: stage" in " ".join(region_text(app, banner).split())
        assert "Kestrel" not in screen_text(app)
        assert "9 active · 4 closed" in screen_text(app)
    assert broken.read_text() == 'schema_version = 1\ncompany = "Kestrel Works"\nstage = "maybe"\n'


# ---- first run ----------------------------------------------------------------------------------


async def test_an_empty_workspace_greets_the_user_and_d_opens_a_throw_away_demo(
    tmp_path: Path, tui_env: None
) -> None:
    home = tmp_path / "my-search"
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        text = screen_text(app)
        assert "Welcome to Catbird" in text
        # Where the files go; a long path wraps (the box is 76 wide), so read it joined.
        assert str(home) in "".join(text.replace("█", " ").split())
        assert "try a demo search on a throw-away copy" in text

        await press(pilot, "d")
        await wait_for(pilot, lambda: app.view.loaded and len(app.view.cards) == 14, "the demo")
        await pilot.pause()
        demo = app.workspace.home
        assert demo != home
        assert "Fernhollow" in column_text(app, "offer")
        assert "Catbird demo" in screen_text(app)

        # Changes go to the copy, never to the user's (empty) workspace.
        await press(pilot, "L")
        assert opportunity_file(demo, "halyard-systems")["stage"] == "applied"
        assert not home.exists() or not any(home.rglob("*.toml"))
    assert not demo.exists()  # the copy is thrown away on exit
    assert not home.exists() or not any(home.rglob("*.toml"))


async def test_n_on_the_welcome_screen_adds_a_first_card_and_p_opens_the_homework(
    tmp_path: Path, tui_env: None
) -> None:
    from catbird.tui.screens.profile import ProfileScreen

    home = tmp_path / "my-search"
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, OpportunityForm)
        await press(pilot, *"Zephyr Labs", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen), "the board")
        assert opportunity_file(home, "zephyr-labs")["stage"] == "lead"
        assert focused_column(app) == "lead" and selected(app) == "zephyr-labs"
        assert "▌Zephyr Labs" in column_text(app, "lead")

    empty = tmp_path / "another-search"
    app = CatbirdApp(Workspace(empty))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await press(pilot, "p")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileScreen), "the homework")
        assert "Must-haves" in screen_text(app)


async def test_the_demo_does_not_touch_the_sample_data_it_copies(
    tmp_path: Path, tui_env: None
) -> None:
    from catbird.store.paths import sample_data_dir

    sample = sample_data_dir() / "opportunities" / "halyard-systems.toml"
    before = sample.read_bytes()
    app = CatbirdApp(Workspace(tmp_path / "unused"), demo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "L")
        assert opportunity_file(app.workspace.home, "halyard-systems")["stage"] == "applied"
    assert sample.read_bytes() == before


async def test_the_board_under_the_details_draws_nothing_until_it_is_shown_again(
    sample_home: Path, run_cli: RunCli, monkeypatch: Any
) -> None:
    """Textual paints a change to a screen under the top one through to the top screen,
    whole: the board hidden under a card's details draws nothing while it is hidden, and on
    its return shows every change made meanwhile at once. The cursor stays on its column:
    those changes were not made on the board."""
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        board = board_of(app)
        await press(pilot, "l", "l", "l")
        assert selected(app) == "pinecrest-learning"
        drawn: list[int] = []
        show_cards = BoardScreen._show_cards

        def counting(self: BoardScreen, *args: Any, **kwargs: Any) -> None:
            drawn.append(1)
            show_cards(self, *args, **kwargs)

        monkeypatch.setattr(BoardScreen, "_show_cards", counting)
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        for command in (("move", "pinecrest", "offer"), ("flag", "halyard", "Kept waiting")):
            done = run_cli(*command, home=sample_home)
            assert done.returncode == 0, done.stderr
        await wait_for(
            pilot, lambda: app.view.cards["halyard-systems"].red == 1, "the shell's flag"
        )
        assert app.view.cards["pinecrest-learning"].stage == "offer"
        assert drawn == []

        await press(pilot, "escape")
        assert app.screen is board
        assert drawn == [1]  # once, for all of it
        assert "Pinecrest" in column_text(app, "offer")
        assert "Pinecrest" not in column_text(app, "interviewing")
        assert "▲1" in column_text(app, "lead")
        assert focused_column(app) == "interviewing"
