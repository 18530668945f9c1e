"""The live red-flag tally, driven from the keyboard: the screen, and the events on disk.

The sample profile has red presets on 1–9 (3, 4, 5 and 7 linked to dealbreakers) and green
ones on ! @ # $, with a threshold of 8. Each test starts an interview at Pinecrest Learning
(interviewing) from the board with `t`, on its own copy of the sample data, clock stopped.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
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
from textual.pilot import Pilot

from catbird import ops
from catbird.model import Profile
from catbird.store import Workspace
from catbird.texts.scripts import FOR_REAL_NO_ONLY, exit_script
from catbird.tui.app import CatbirdApp
from catbird.tui.dialogs.confirm_walk_away import ConfirmWalkAway
from catbird.tui.dialogs.custom_flag import CustomFlagForm
from catbird.tui.dialogs.debrief import DebriefDialog
from catbird.tui.dialogs.finding_form import FindingForm
from catbird.tui.dialogs.prompt import PromptDialog
from catbird.tui.dialogs.start_interview import StartInterviewForm
from catbird.tui.screens.board import BoardScreen
from catbird.tui.screens.detail import DetailScreen
from catbird.tui.screens.tally import TallyScreen
from catbird.tui.widgets.column import BoardColumn
from catbird.tui.widgets.long_text import LongText

SIZE = (120, 40)
SLUG = "pinecrest-learning"
DEALBREAKER = "dealbreaker: A future boss who belittles or talks down to people"
OWN_EXIT_SCRIPT = "Thank you for being so open with me today."  # sample profile's phrasing


def interview_on_disk(home: Path) -> dict[str, Any]:
    """The interview this test started: the last one of the opportunity."""
    return opportunity_file(home, SLUG)["interviews"][-1]


def flags_on_disk(home: Path) -> list[tuple[str, str, int]]:
    return [
        (f["label"], f["kind"], f["severity"]) for f in interview_on_disk(home).get("flags", [])
    ]


def tally_of(app: CatbirdApp) -> TallyScreen:
    screen = app.screen
    assert isinstance(screen, TallyScreen), f"expected the tally, the screen is {screen!r}"
    return screen


def panel_text(app: CatbirdApp) -> str:
    """The definite-no panel as the user reads it ("" while it is hidden)."""
    panel = tally_of(app).query_one("#definite-no")
    return " ".join(region_text(app, panel).split()) if panel.display else ""


def pad_line(app: CatbirdApp, key: str) -> str:
    """The pad's line for the preset on `key`."""
    pad = tally_of(app).query_one("#pad")
    lines = [line.rstrip("│ ") for line in region_text(app, pad).split("\n")]  # its border
    return next(line for line in lines if re.match(rf" +{re.escape(key)} ", line))


def pad_count(app: CatbirdApp, key: str) -> int:
    """How many times the preset on `key` was logged, as the pad shows it ("·" for none)."""
    count = pad_line(app, key).split()[1]
    return 0 if count == "·" else int(count)


def log_text(app: CatbirdApp) -> str:
    return region_text(app, tally_of(app).query_one("#log"))


async def start_tally(app: CatbirdApp, pilot: Pilot[None], with_whom: str = "Gideon") -> None:
    """From the board: Pinecrest Learning, `t`, who is across the table, Enter.

    The cursor is put on the card directly; moving it with the keys is test_board's part."""
    await loaded(app, pilot)
    board = app.screen
    assert isinstance(board, BoardScreen)
    board.follow(SLUG)
    await press(pilot, "t")
    assert isinstance(app.screen, StartInterviewForm)
    await paste(pilot, with_whom)
    await press(pilot, "enter")
    tally_of(app)


# ---- starting -----------------------------------------------------------------------------


async def test_t_on_a_card_starts_an_interview_with_round_kind_and_who(
    sample_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    interviews_before = len(opportunity_file(sample_home, SLUG)["interviews"])
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await press(pilot, "l", "l", "l", "t")
        form = app.screen
        assert isinstance(form, StartInterviewForm)
        assert "Interview at Pinecrest Learning" in screen_text(app)
        await press(pilot, "shift+tab", "shift+tab", "ctrl+u", "3", "tab")  # round 3
        await press(pilot, "enter", "down", "enter")  # kind: video → phone
        await press(pilot, "tab")
        await paste(pilot, "Gideon Mbatha")
        await press(pilot, "enter")

        tally_of(app)
        interviews = opportunity_file(sample_home, SLUG)["interviews"]
        assert len(interviews) == interviews_before + 1
        started = interviews[-1]
        assert (started["round"], started["kind"], started["with_whom"]) == (
            3,
            "phone",
            "Gideon Mbatha",
        )
        assert started["started_at"] == frozen_now()
        assert "ended_at" not in started
        text = screen_text(app)
        assert "⏱ 00:00:00" in text
        assert "Interview · Pinecrest Learning" in text
        assert "round 3 · phone · with Gideon Mbatha" in text
        assert "Nothing logged yet." in text
        assert pad_line(app, "1").endswith("Kept waiting ×1") and pad_count(app, "1") == 0
        assert pad_line(app, "!").endswith("Manager asks, then listens ×2")

        # The clock runs: an hour, two minutes and three seconds later…
        monkeypatch.setenv("CATBIRD_NOW", "2026-11-22T11:02:03-05:00")
        await wait_for(pilot, lambda: "⏱ 01:02:03" in screen_text(app), "the timer to tick")


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_ctrl_s_starts_the_interview_like_every_other_form_saves(
    sample_home: Path, size: tuple[int, int]
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=size) as pilot:
        await loaded(app, pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.follow(SLUG)
        await press(pilot, "t")
        assert isinstance(app.screen, StartInterviewForm)
        assert "Enter or ctrl+s starts · Esc cancels" in screen_text(app)
        await paste(pilot, "Gideon")
        await press(pilot, "shift+tab", "ctrl+s")  # from the kind, where Enter opens the list
        tally_of(app)
        assert interview_on_disk(sample_home)["with_whom"] == "Gideon"


async def test_t_resumes_an_interview_already_under_way(sample_home: Path) -> None:
    workspace = Workspace(sample_home)
    ops.start_interview(workspace, SLUG, kind="onsite", with_whom="Bea")
    ops.flag(workspace, SLUG, "Kept waiting", profile=workspace.read_profile())
    app = CatbirdApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await press(pilot, "l", "l", "l", "t")
        tally_of(app)  # no form: straight back to the tally
        assert "▲ Kept waiting" in log_text(app)
        assert "onsite · with Bea" in screen_text(app)


# ---- capturing ----------------------------------------------------------------------------


async def test_preset_keys_log_flags_at_once_with_counts_and_score_and_u_undoes(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "1")
        # Saved at once: on disk before any other key.
        assert flags_on_disk(sample_home) == [("Kept waiting", "red", 1)]
        await press(pilot, "2", "2", "exclamation_mark")

        assert flags_on_disk(sample_home) == [
            ("Kept waiting", "red", 1),
            ("Put on hold mid-call", "red", 1),
            ("Put on hold mid-call", "red", 1),
            ("Manager asks, then listens", "green", 2),
        ]
        saved = interview_on_disk(sample_home)["flags"]
        assert all(f["at"] == frozen_now() for f in saved)
        assert saved[0]["preset"] == "ef045bb757"
        assert saved[-1]["preset"] == "02595e249d"

        assert "red score 3 / 8" in screen_text(app)
        assert "green 2" in screen_text(app)
        assert pad_count(app, "1") == 1
        assert pad_count(app, "2") == 2
        assert pad_count(app, "3") == 0
        assert pad_count(app, "!") == 1
        log = log_text(app)
        assert log.index("● Manager asks, then listens") < log.index("▲ Put on hold mid-call")

        await press(pilot, "u")
        assert [label for label, _, _ in flags_on_disk(sample_home)] == [
            "Kept waiting",
            "Put on hold mid-call",
            "Put on hold mid-call",
        ]
        assert "green 0" in screen_text(app)
        assert "Manager asks" not in log_text(app)
        assert pad_count(app, "!") == 0
        await press(pilot, "u")
        assert pad_count(app, "2") == 1
        assert "red score 2 / 8" in screen_text(app)
        assert len(flags_on_disk(sample_home)) == 2


async def test_a_flag_key_draws_the_tally_once(
    sample_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The screen draws from the app's view alone, not also from what the change returned.
    drawn: list[int] = []
    show = TallyScreen.show_opportunity

    def counted(self: TallyScreen, opportunity: Any) -> None:
        drawn.append(len(opportunity.interviews[-1].flags))
        show(self, opportunity)

    monkeypatch.setattr(TallyScreen, "show_opportunity", counted)
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot)
        drawn.clear()
        await press(pilot, "1")
        assert drawn == [1]
        await press(pilot, "2")
        assert drawn == [1, 2]
        await press(pilot, "u")
        assert drawn == [1, 2, 1]
        assert pad_count(app, "1") == 1 and pad_count(app, "2") == 0


async def test_n_notes_c_and_g_log_custom_flags(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, PromptDialog)
        await paste(pilot, "Asked who carries the pager at night")
        await press(pilot, "enter")
        tally_of(app)
        notes = interview_on_disk(sample_home)["notes"]
        assert [n["text"] for n in notes] == ["Asked who carries the pager at night"]
        assert "✎ Asked who carries the pager at night" in log_text(app)

        await press(pilot, "c")
        assert "Custom red flag" in screen_text(app)
        await paste(pilot, "No budget for tooling, ever")
        await press(pilot, "enter", "g")
        assert "Custom green flag" in screen_text(app)
        await paste(pilot, "Rotation of eight people")
        await press(pilot, "enter")

        saved = interview_on_disk(sample_home)["flags"]
        assert [(f["label"], f["kind"], f["severity"]) for f in saved] == [
            ("No budget for tooling, ever", "red", 2),
            ("Rotation of eight people", "green", 2),
        ]
        assert all("preset" not in f for f in saved)
        log = log_text(app)
        assert "▲ No budget for tooling, ever" in log
        assert "● Rotation of eight people" in log
        assert "red score 2 / 8" in screen_text(app)

        # An empty prompt or Esc logs nothing.
        await press(pilot, "c", "enter", "g", "escape", "n", "escape")
        tally_of(app)
        assert len(interview_on_disk(sample_home)["flags"]) == 2
        assert len(interview_on_disk(sample_home)["notes"]) == 1


async def test_a_flag_logged_from_the_shell_shows_up_on_the_open_tally(
    sample_home: Path, run_cli: RunCli
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "1")
        done = run_cli("flag", "pinecrest", "Kept waiting", home=sample_home)
        assert done.returncode == 0, done.stderr
        done = run_cli("flag", "pinecrest", "Shared the on-call data", "--green", home=sample_home)
        assert done.returncode == 0, done.stderr
        assert [label for label, _, _ in flags_on_disk(sample_home)] == [
            "Kept waiting",
            "Kept waiting",
            "Shared the on-call data",
        ]
        await wait_for(
            pilot,
            lambda: "● Shared the on-call data" in log_text(app),
            "the shell's flags on the tally",
            timeout=2.5,
        )
        assert pad_count(app, "1") == 2
        assert "red score 2 / 8" in screen_text(app)


# ---- the definite no ----------------------------------------------------------------------


async def test_a_dealbreaker_raises_the_definite_no_panel_with_the_users_exit_script(
    sample_home: Path,
) -> None:
    workspace = Workspace(sample_home)
    workspace.update_profile(
        lambda p: p.model_copy(
            update={
                "phrasing": p.phrasing.model_copy(
                    update={"exit_script": OWN_EXIT_SCRIPT + " Goodbye {name} at {company}."}
                )
            }
        )
    )
    app = CatbirdApp(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot, with_whom="Gideon")
        await press(pilot, "1", "2")
        assert panel_text(app) == ""

        await press(pilot, "3")
        panel = panel_text(app)
        assert "This looks like a definite no" in panel
        assert DEALBREAKER in panel
        assert f"{OWN_EXIT_SCRIPT} Goodbye Gideon at Pinecrest Learning." in panel
        assert "Only for a real no" in panel
        assert "w walk away · x dismiss" in panel
        assert pad_count(app, "3") == 1 and "⚑ Future boss" in pad_line(app, "3")

        await press(pilot, "x")
        assert panel_text(app) == ""
        assert "definite no" not in screen_text(app)
        await press(pilot, "1")  # more of the same does not nag
        assert panel_text(app) == ""
        assert len(flags_on_disk(sample_home)) == 4


@pytest.mark.parametrize("own_script", [True, False], ids=["own-script", "our-script"])
@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_the_definite_no_moment_reads_in_full_at_80_by_24(
    sample_home: Path, size: tuple[int, int], own_script: bool
) -> None:
    workspace = Workspace(sample_home)
    if not own_script:
        workspace.update_profile(
            lambda p: p.model_copy(
                update={"phrasing": p.phrasing.model_copy(update={"exit_script": ""})}
            )
        )
    profile = workspace.read_profile()
    app = CatbirdApp(workspace)
    async with app.run_test(size=size) as pilot:
        await start_tally(app, pilot, with_whom="Gideon Mbatha")
        # Who is across the table survives a narrow header (the role gives way first).
        assert "with Gideon Mbatha" in screen_text(app).split("\n")[0]
        # Every preset's label can be read whole on the pad, however narrow.
        pad = " ".join(region_text(app, tally_of(app).query_one("#pad")).replace("│", "").split())
        for preset in profile.flags:
            assert f"{preset.label} ×{preset.severity}" in pad, preset.label

        await press(pilot, "1", "3")
        text = tally_of(app).query_one("#definite-no-text")
        panel = " ".join(region_text(app, text).split())
        script = exit_script(
            profile.phrasing.exit_script, company="Pinecrest Learning", name="Gideon Mbatha"
        )
        assert " ".join(script.split()) in panel
        assert " ".join(FOR_REAL_NO_ONLY.split()) in panel
        assert "w walk away · x dismiss" in panel
        assert DEALBREAKER in panel
        # The panel sits on the key bar with its border whole: nothing cut at either end.
        lines = screen_text(app).split("\n")
        panel_rows = tally_of(app).query_one("#definite-no").region
        assert "▀▀▀" in lines[panel_rows.y] and "▄▄▄" in lines[panel_rows.bottom - 1]
        assert panel_rows.bottom == size[1] - 1 and panel_rows.y > 1


async def test_the_threshold_raises_the_panel_too(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "6", "9", "6")
        assert "red score 6 / 8" in screen_text(app)
        assert panel_text(app) == ""
        await press(pilot, "9")
        assert "red score reached your threshold of 8" in panel_text(app)
        assert OWN_EXIT_SCRIPT in panel_text(app)
        await press(pilot, "u")  # undone: below the line again
        assert panel_text(app) == ""


async def test_a_new_dealbreaker_after_a_dismissal_raises_the_panel_again(
    sample_home: Path,
) -> None:
    """Dismissing the panel answers one hit; a different dealbreaker later is a new one."""
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "3", "x")
        assert panel_text(app) == ""
        await press(pilot, "7")  # cut-throat culture: another dealbreaker
        assert "Cut-throat culture" in panel_text(app)


async def test_w_then_y_walks_away_with_the_red_flags_as_evidence(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "1", "exclamation_mark", "3")
        red_ids = [f["id"] for f in interview_on_disk(sample_home)["flags"] if f["kind"] == "red"]
        assert len(red_ids) == 2

        # n stays: nothing changes.
        await press(pilot, "w")
        assert isinstance(app.screen, ConfirmWalkAway)
        text = screen_text(app)
        assert "Walk away from Pinecrest Learning?" in text
        assert "keeping 2 flag(s) as evidence" in text
        await press(pilot, "n")
        tally_of(app)
        assert opportunity_file(sample_home, SLUG)["stage"] == "interviewing"

        await press(pilot, "w", "y")
        board = app.screen
        assert isinstance(board, BoardScreen)
        saved = opportunity_file(sample_home, SLUG)
        assert saved["stage"] == "walked-away"
        assert saved["stage_history"][-1]["from_stage"] == "interviewing"
        assert saved["closing"]["stage"] == "walked-away"
        assert saved["closing"]["evidence"] == red_ids
        assert saved["closing"]["reason"] == f"{DEALBREAKER} (round 3)"  # no one named
        assert saved["interviews"][-1]["ended_at"] == frozen_now()

        closed = region_text(app, board.query_one("#column-closed", BoardColumn))
        assert "Pinecrest Lear" in closed
        assert "Walked away" in closed.split("Pinecrest Lear", 1)[1]
        interviewing = board.query_one("#column-interviewing", BoardColumn)
        assert SLUG not in [card.slug for card in interviewing.cards]
        toasts = " ".join(region_text(app, t) for t in app.screen.query("Toast"))
        assert "Walked away from Pinecrest Learning" in " ".join(toasts.split())


# ---- discreet mode ------------------------------------------------------------------------

FLAG_WORDING = re.compile(r"\bred\b|flag|dealbreaker|walk", re.IGNORECASE)


def flag_wording(text: str) -> list[str]:
    """Lines of `text` that read like a red-flag tally to someone watching a screen share."""
    return [line.strip() for line in text.split("\n") if FLAG_WORDING.search(line)]


async def test_discreet_mode_shows_no_flag_wording_and_the_keys_still_log(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "1", "3")  # the definite-no panel is up
        assert flag_wording(screen_text(app))  # the plain tally does say "red flags"

        await press(pilot, "d")
        text = screen_text(app)
        assert "Session · Pinecrest Learning" in text
        assert "item 1" in text
        await press(pilot, "2", "exclamation_mark", "4", "u")  # u: the notice says nothing
        assert [label for label, _, _ in flags_on_disk(sample_home)] == [
            "Kept waiting",
            "Future boss rude or patronising",
            "Put on hold mid-call",
            "Manager asks, then listens",
        ]
        assert log_text(app).count("• item") == 4
        discreet_text = screen_text(app)  # the notices included

        await press(pilot, "d")
        assert "▲ Put on hold mid-call" in log_text(app)
        # Checked last, so that the rest is known to work whatever this finds.
        assert flag_wording(discreet_text) == []


async def test_discreet_mode_prompts_show_no_flag_wording(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "d", "c")
        assert isinstance(app.screen, CustomFlagForm)
        assert flag_wording(screen_text(app)) == []
        await paste(pilot, "Pager every other week")
        await press(pilot, "enter", "g")
        assert flag_wording(screen_text(app)) == []
        await press(pilot, "escape")
        assert flags_on_disk(sample_home) == [("Pager every other week", "red", 2)]


async def test_discreet_mode_walk_away_confirmation_shows_no_flag_wording(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "3", "d", "w")
        assert isinstance(app.screen, ConfirmWalkAway)
        assert flag_wording(screen_text(app)) == []


# ---- the debrief --------------------------------------------------------------------------


async def fill_debrief(pilot: Pilot[None], summary: str, action: str, due: str) -> None:
    """Gut 4, verdict Continue, then the three lines; the focus starts on the summary."""
    await press(pilot, "tab", "enter", "down", "down", "down", "down", "enter")  # gut: 4
    await press(pilot, "tab", "enter", "up", "up", "enter")  # verdict: undecided → continue
    await press(pilot, "tab")
    await paste(pilot, summary)
    await press(pilot, "tab")
    await paste(pilot, action)
    await press(pilot, "tab")
    await paste(pilot, due)


async def test_esc_ends_with_a_debrief_saved_on_the_card_and_in_the_details(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "1", "exclamation_mark", "escape")
        assert isinstance(app.screen, DebriefDialog)
        text = screen_text(app)
        assert "▲ Kept waiting" in text
        assert "● Manager asks, then listens" in text
        assert "red score 1   green 2" in text

        # Esc in the debrief goes back to the interview, still under way.
        await press(pilot, "escape")
        tally_of(app)
        assert "ended_at" not in interview_on_disk(sample_home)

        await press(pilot, "escape")
        await fill_debrief(pilot, "Warm, clear about scope", "Send Gideon a thank-you", "+2")
        await press(pilot, "enter")

        board = app.screen
        assert isinstance(board, BoardScreen)
        saved = opportunity_file(sample_home, SLUG)
        interview = saved["interviews"][-1]
        assert interview["ended_at"] == frozen_now()
        assert interview["debrief"]["gut"] == 4
        assert interview["debrief"]["verdict"] == "continue"
        assert interview["debrief"]["summary"] == "Warm, clear about scope"
        assert saved["next_action"] == {
            "text": "Send Gideon a thank-you",
            "due": date(2026, 11, 24),
        }

        card = region_text(app, board.query_one("#column-interviewing", BoardColumn))
        assert "▌Nov 24 Send" in card
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        details = screen_text(app)
        assert "debrief: gut 4/5 · continue  Warm, clear about scope" in details
        assert "next     Send Gideon a thank-you  due 2026-11-24" in details


async def test_a_past_due_date_in_the_debrief_is_refused_and_nothing_typed_is_lost(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "escape")
        await fill_debrief(pilot, "Long, but fair", "Call Bea", "2026-11-01")
        await press(pilot, "enter")

        assert "ended_at" not in interview_on_disk(sample_home)
        debrief = app.screen
        assert isinstance(debrief, DebriefDialog), "the form closed, and what was typed is gone"
        assert "2026-11-01 is in the past" in screen_text(app)
        assert debrief.query_one("#summary", LongText).text == "Long, but fair"


def test_the_sample_profile_is_what_these_tests_expect(sample_home: Path) -> None:
    profile: Profile = Workspace(sample_home).read_profile()
    keys = {p.key: (p.label, p.kind, p.severity, bool(p.dealbreaker)) for p in profile.flags}
    assert keys["1"] == ("Kept waiting", "red", 1, False)
    assert keys["3"] == ("Future boss rude or patronising", "red", 3, True)
    assert keys["7"][3] and keys["6"] == ("Repetitive, maintenance-only work", "red", 2, False)
    assert keys["!"] == ("Manager asks, then listens", "green", 2, False)
    assert profile.tally.threshold == 8
    assert profile.phrasing.exit_script.startswith(OWN_EXIT_SCRIPT)


# ---- interviewing the company: people, who is speaking, answers ---------------------------


async def test_a_panel_of_three_each_flag_records_who_was_speaking(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start_tally(app, pilot, with_whom="Panel")
        assert "speaking no one · + adds" in screen_text(app)
        for name in ("Gideon", "Ola Berg, Principal", "[b]Sam[/b] Ito"):
            await press(pilot, "plus")
            assert isinstance(app.screen, PromptDialog)
            await paste(pilot, name)
            await press(pilot, "enter")
            tally_of(app)
        saved = opportunity_file(sample_home, SLUG)
        people = {c["id"]: c for c in saved["contacts"]}
        interview = interview_on_disk(sample_home)
        names = [people[i]["name"] for i in interview["people"]]
        assert names == ["Gideon Mbatha", "Ola Berg", "[b]Sam[/b] Ito"]  # Gideon was known
        assert people[interview["people"][1]]["role"] == "Principal"
        assert all(people[i]["met"] for i in interview["people"])
        # The one just added is speaking; [ and ] switch, one key away.
        assert "speaking [b]Sam[/b] Ito · 3 of 3" in screen_text(app)
        await press(pilot, "left_square_bracket")
        assert "speaking Ola Berg · 2 of 3" in screen_text(app)
        await press(pilot, "1")  # kept waiting, while Ola speaks
        await press(pilot, "right_square_bracket", "right_square_bracket")  # past Sam: no one
        assert "speaking no one" in screen_text(app)
        await press(pilot, "right_square_bracket", "3")  # Gideon is rude: the dealbreaker
        flags = interview_on_disk(sample_home)["flags"]
        ids = interview["people"]
        assert [(f["label"], f.get("by", "")) for f in flags] == [
            ("Kept waiting", ids[1]),
            ("Future boss rude or patronising", ids[0]),
        ]
        assert "Future boss rude or patronising · Gideon Mbatha" in log_text(app)
        assert DEALBREAKER in panel_text(app)


async def test_enter_records_an_answer_and_a_confirmed_dealbreaker_raises_the_panel(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "plus")
        await paste(pilot, "Gideon")
        await press(pilot, "enter")
        text = screen_text(app)
        assert "To find out" in text
        # Heaviest first: the dealbreakers of weight 5, then the must-haves.
        assert "▸ A future boss who belittles or talk" in text
        await press(pilot, "down", "down")  # the travel dealbreaker (weight 4)
        assert "▸ Regular travel beyond about one tri" in screen_text(app)
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, FindingForm)
        await press(pilot, "y")
        await paste(pilot, "Two weeks a month on the road")
        await press(pilot, "enter")
        tally_of(app)

        saved = opportunity_file(sample_home, SLUG)
        finding = saved["findings"][-1]
        gideon = next(c for c in saved["contacts"] if c["name"] == "Gideon Mbatha")
        assert (finding["criterion"], finding["answer"], finding["by"]) == (
            "e08d2d55eb",
            "yes",
            gideon["id"],
        )
        assert finding["interview"] == interview_on_disk(sample_home)["id"]
        assert finding["quote"] == "Two weeks a month on the road"
        assert "dealbreaker: Regular travel beyond about one trip a month" in panel_text(app)
        assert "Regular travel" not in region_text(app, tally_of(app).query_one("#questions"))

        # Walking away keeps the answer as evidence, with the flags.
        await press(pilot, "w")
        assert isinstance(app.screen, ConfirmWalkAway)
        await press(pilot, "y")
        closing = opportunity_file(sample_home, SLUG)["closing"]
        assert closing["stage"] == "walked-away" and finding["id"] in closing["evidence"]
        assert "Regular travel beyond about one trip a month" in closing["reason"]


async def test_a_custom_flag_takes_a_severity_and_a_dealbreaker_link(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "c")
        form = app.screen
        assert isinstance(form, CustomFlagForm)
        await paste(pilot, "Laughed at the [b]intern[/b]")
        await press(pilot, "tab", "enter", "down", "enter")  # severity 2 -> 3
        await press(pilot, "tab", "enter", "down", "enter")  # the first dealbreaker
        await press(pilot, "ctrl+s")
        tally_of(app)
        [flag] = interview_on_disk(sample_home)["flags"]
        assert (flag["label"], flag["severity"], flag["dealbreaker"]) == (
            "Laughed at the [b]intern[/b]",
            3,
            "3844a5c147",
        )
        assert DEALBREAKER in panel_text(app)
        assert "▲ Laughed at the [b]intern[/b]" in log_text(app)
        # A green one has no link to choose.
        await press(pilot, "x", "g")
        assert isinstance(app.screen, CustomFlagForm)
        assert not app.screen.query("#dealbreaker")


async def test_the_questions_and_the_speaker_fit_80_by_24(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "plus")
        await paste(pilot, "Gideon")
        await press(pilot, "enter")
        lines = screen_text(app).split("\n")
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        right = region_text(app, tally_of(app).query_one("#right"))
        # The pad takes the larger share at 80 columns: the place (1 of 1) gives way.
        assert "speaking Gideon Mbatha · [ ]\n" in right
        assert "To find out (15) · ↑↓ Enter\n" in right
        assert "▸ A future boss who belittles" in right
        assert "ask How do you give" in right  # the rest is cut with an ellipsis
        assert "esc End" in lines[-1]


async def test_quote_key_keeps_what_they_said_with_the_speaker_and_round(
    sample_home: Path,
) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "plus")
        await paste(pilot, "Gideon")
        await press(pilot, "enter", "quotation_mark")
        assert isinstance(app.screen, PromptDialog)
        await paste(pilot, "pay: 180-200k [b]base[/b]")
        await press(pilot, "enter")
        tally_of(app)
        saved = opportunity_file(sample_home, SLUG)
        [claim] = saved["claims"]
        gideon = next(c for c in saved["contacts"] if c["name"] == "Gideon Mbatha")
        assert (claim["topic"], claim["text"], claim["low"], claim["high"]) == (
            "pay",
            "180-200k [b]base[/b]",
            180_000,
            200_000,
        )
        assert claim["by"] == gideon["id"]
        assert claim["interview"] == interview_on_disk(sample_home)["id"]
        # The log keeps it with the flags and the answers, literally, with who said it.
        assert "» pay: “180-200k [b]base[/b]” · Gideon Mbatha" in screen_text(app)


async def test_walking_away_names_who_and_a_new_lead_keeps_the_people(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start_tally(app, pilot)
        await press(pilot, "plus")
        await paste(pilot, "Gideon")
        await press(pilot, "enter", "3", "w", "y")  # the rude future boss, then walk away
        closing = opportunity_file(sample_home, SLUG)["closing"]
        assert closing["reason"] == f"{DEALBREAKER} (Gideon Mbatha, round 3)"
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.follow(SLUG)
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        text = screen_text(app)
        assert "Evidence" in text
        assert "▲ Future boss rude or patronising  — Gideon Mbatha, round 3" in text

        before = set(Workspace(sample_home).slugs())
        await press(pilot, "N")
        assert isinstance(app.screen, PromptDialog)
        await paste(pilot, "Head of [b]Developer Experience[/b]")
        await press(pilot, "enter")
        [new] = set(Workspace(sample_home).slugs()) - before
        lead = opportunity_file(sample_home, new)
        old = opportunity_file(sample_home, SLUG)
        assert (lead["company"], lead["stage"], lead["role"]) == (
            "Pinecrest Learning",
            "lead",
            "Head of [b]Developer Experience[/b]",
        )
        assert [c["name"] for c in lead["contacts"]] == [c["name"] for c in old["contacts"]]
        assert "after walking away" in lead["source"]


async def test_a_new_lead_is_only_offered_after_walking_away(sample_home: Path) -> None:
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.follow(SLUG)
        await press(pilot, "enter", "N")
        assert isinstance(app.screen, DetailScreen)  # interviewing: N does nothing


async def test_an_answer_is_drawn_once_when_its_form_closes(
    sample_home: Path, monkeypatch: Any
) -> None:
    """The tally's dialogs all close as they save: the tally draws the change once, when
    the dialog has gone (closing it repaints the screen anyway), not under it first."""
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=SIZE) as pilot:
        await start_tally(app, pilot)
        tally = tally_of(app)
        drawn: list[bool] = []
        show = TallyScreen.show_opportunity

        def counting(self: TallyScreen, opportunity: Any) -> None:
            drawn.append(isinstance(app.screen, FindingForm))
            show(self, opportunity)

        monkeypatch.setattr(TallyScreen, "show_opportunity", counting)
        await press(pilot, "enter")
        assert isinstance(app.screen, FindingForm)
        await press(pilot, "y", "enter")
        assert app.screen is tally
        assert drawn == [False]  # once, after the form closed
        assert opportunity_file(sample_home, SLUG)["findings"][-1]["answer"] == "yes"
        assert "▸ A future boss who belittles" not in screen_text(app)
