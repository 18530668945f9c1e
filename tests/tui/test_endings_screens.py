"""Endings in the TUI: close as… from the board, the people, the letters in the due list
(edited, copied, written as .eml, marked sent), a quiet application closed as ghosted, the
user's name from the profile, the offer's drafts following the worksheet; and a letter
edited in a real $EDITOR on a pty."""

from __future__ import annotations

import email
import sys
import tomllib
from collections.abc import Iterator
from email import policy
from pathlib import Path

import pytest
from helpers import frozen_now, loaded, opportunity_file, paste, press, screen_text, wait_for
from textual.widgets import Input

from catbird import ops
from catbird.model import Contact, Opportunity, Stage
from catbird.store import Workspace
from catbird.tui import messages
from catbird.tui.app import CatbirdApp
from catbird.tui.dialogs.close_as import CloseDialog
from catbird.tui.dialogs.contact_form import ContactForm
from catbird.tui.dialogs.letter import LetterDialog
from catbird.tui.screens.board import BoardScreen
from catbird.tui.screens.detail import DetailScreen
from catbird.tui.screens.due import DueScreen
from catbird.tui.screens.people import PeopleScreen

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import tui as bench_tui

SIZE = (120, 40)


@pytest.fixture
def home(tmp_path: Path, tui_env: None) -> Path:
    """Acme (interviewing, a next action) with three people: Dana met and clicked with,
    Sam met, Lee never met; and Beta, an offer with Bo met there."""
    home = tmp_path / "home"
    ws = Workspace(home)
    acme = ops.add(ws, "Acme", role="Staff Engineer", stage=Stage.INTERVIEWING).slug
    ops.set_next_action(ws, acme, "Send the portfolio")

    def people(o: Opportunity) -> Opportunity:
        return o.model_copy(
            update={
                "contacts": [
                    Contact(
                        id="dana1",
                        name="[bold]Dana[/] Reyes",
                        email="dana@acme.test",
                        met=True,
                        clicked=True,
                        notes="The migration",
                    ),
                    Contact(id="sam01", name="Sam Lee", met=True),
                    Contact(id="lee01", name="Lee Park"),
                ]
            }
        )

    ws.update(acme, people, "people")
    beta = ops.add(ws, "Beta", role="Platform lead", stage=Stage.OFFER).slug
    ops.add_contact(ws, beta, "Bo Kim", met=True)
    return home


def _disk(home: Path, slug: str = "acme") -> dict:
    return opportunity_file(home, slug)


async def test_x_closes_a_card_as_rejected_with_its_plan_and_u_takes_it_all_back(
    home: Path,
) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        board.follow("acme")
        await press(pilot, "x")
        assert isinstance(app.screen, CloseDialog)
        text = screen_text(app)
        for ending in ("Rejected", "Ghosted", "Declined", "Withdrawn", "Walked away", "Accepted"):
            assert ending in text
        await press(pilot, "tab")  # the first ending, rejected, is highlighted
        await paste(pilot, "went with an internal hire")
        await press(pilot, "enter")
        assert isinstance(app.screen, BoardScreen)
        data = _disk(home)
        assert data["stage"] == "rejected"
        assert data["closing"]["reason"] == "went with an internal hire"
        assert data["closing"]["retired_action"] == "Send the portfolio"
        assert "next_action" not in data
        kinds = [(f["kind"], f.get("contact")) for f in data["follow_ups"]]
        assert kinds == [
            ("thanks", "dana1"),
            ("thanks", "sam01"),
            ("call", "dana1"),
            ("review", None),
            ("network", None),
            ("help", None),
            ("check-in", None),
        ]
        shown = screen_text(app)
        assert "Acme: closed as rejected. 7 follow-ups planned" in shown
        # The closed card says how and when, not the next follow-up's date.
        assert "Rejected today" in shown
        await press(pilot, "u")
        data = _disk(home)
        assert data["stage"] == "interviewing" and "follow_ups" not in data
        assert data["next_action"]["text"] == "Send the portfolio"


async def test_the_people_screen_adds_edits_and_marks(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        app.screen.follow("acme")  # type: ignore[attr-defined]
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        await press(pilot, "c")
        assert isinstance(app.screen, PeopleScreen)
        assert "[bold]Dana[/] Reyes" in screen_text(app)  # literally, never as markup
        await press(pilot, "a")
        assert isinstance(app.screen, ContactForm)
        await paste(pilot, "Priya Nair")
        await press(pilot, "tab")
        await paste(pilot, "VP Engineering")
        await press(pilot, "tab")
        await paste(pilot, "priya@acme.test")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PeopleScreen)
        priya = _disk(home)["contacts"][-1]
        assert (priya["name"], priya["role"], priya["email"]) == (
            "Priya Nair",
            "VP Engineering",
            "priya@acme.test",
        )
        await press(pilot, "j", "j", "j")
        await press(pilot, "m", "c", "f")
        priya = _disk(home)["contacts"][-1]
        assert priya["met"] and priya["clicked"] and priya["raised_flags"]
        assert "raised the red flags" in screen_text(app)
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#contact-phone", Input).value = "+1 555 0100"
        await press(pilot, "ctrl+s")
        assert _disk(home)["contacts"][-1]["phone"] == "+1 555 0100"
        await press(pilot, "d")
        assert [c["name"] for c in _disk(home)["contacts"]] == [
            "[bold]Dana[/] Reyes",
            "Sam Lee",
            "Lee Park",
        ]
        await press(pilot, "u")
        assert _disk(home)["contacts"][-1]["name"] == "Priya Nair"


async def test_a_letter_is_edited_copied_written_as_eml_and_marked_sent(
    home: Path, tmp_path: Path
) -> None:
    ops.close(Workspace(home), "acme", Stage.REJECTED)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "D")
        assert isinstance(app.screen, DueScreen)
        await press(pilot, "w")  # everything open
        assert "✉ Send [bold]Dana[/] Reyes a short thank-you" in screen_text(app)
        await press(pilot, "j")  # "Send Sam…" sorts first
        await press(pilot, "l")
        dialog = app.screen
        assert isinstance(dialog, LetterDialog)
        text = screen_text(app)
        assert "Hi [bold]Dana[/]," in text  # the hostile name, literally
        assert "our draft: it follows the card until you edit it" in text
        assert "Unsigned" in text
        await press(pilot, "e")
        await paste(pilot, "\nP.S. See you at the meetup.")
        await press(pilot, "escape")  # out of editing: kept
        letter = _disk(home)["follow_ups"][0]["letter"]
        assert letter.endswith("P.S. See you at the meetup.")
        assert "your own text" in screen_text(app)
        await press(pilot, "y")
        assert app.clipboard.endswith("P.S. See you at the meetup.")
        await press(pilot, "w")
        target = tmp_path / "dana.eml"
        box = app.screen.query_one(Input)
        box.value = str(target)
        await press(pilot, "enter")
        await wait_for(pilot, target.exists, "the .eml draft")
        message = email.message_from_bytes(target.read_bytes(), policy=policy.default)
        assert message["To"].addresses[0].display_name == "[bold]Dana[/] Reyes"
        assert message.get_content().replace("\r\n", "\n").rstrip() == letter.rstrip()
        await press(pilot, "s")
        assert isinstance(app.screen, DueScreen)
        sent = _disk(home)["follow_ups"][0]
        assert sent["sent_at"] == frozen_now() and sent["done_at"] == frozen_now()
        assert "Send [bold]Dana[/] Reyes" not in screen_text(app)


async def test_a_quiet_application_is_nudged_and_G_closes_it_as_ghosted(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CATBIRD_NOW", "2026-12-30T10:00:00-05:00")  # five weeks on
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        await press(pilot, "D")
        text = screen_text(app)
        assert "No news from Acme for 38 days: close it as ghosted?" in text
        await press(pilot, "l")  # the check-in note it suggests
        assert isinstance(app.screen, LetterDialog)
        assert "I wanted to check in on the Staff Engineer role at Acme" in screen_text(app)
        await press(pilot, "escape")
        await press(pilot, "G")
        assert _disk(home)["stage"] == "ghosted"
        assert "Acme: closed as ghosted." in screen_text(app)


async def test_accepting_plans_the_landed_news_for_the_earlier_searches(home: Path) -> None:
    ops.close(Workspace(home), "acme", Stage.REJECTED)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        app.screen.follow("beta")  # type: ignore[attr-defined]
        await press(pilot, "L")  # from the offer: accepted
        data = _disk(home, "beta")
        assert data["stage"] == "accepted"
        landed = [f for f in data["follow_ups"] if f["kind"] == "landed"]
        assert [f["elsewhere"]["people"] for f in landed] == [["[bold]Dana[/] Reyes", "Sam Lee"]]
        assert "Beta: closed as accepted. 1 follow-up planned" in screen_text(app)


async def test_the_users_name_is_set_in_the_profile_and_signs_the_letters(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await press(pilot, "p")
        await press(pilot, "end", "enter")  # the last section: You
        await paste(pilot, "Maren Lindqvist")
        await press(pilot, "tab", "tab")
        await paste(pilot, "10")
        await press(pilot, "enter")
        profile = tomllib.loads((home / "profile.toml").read_text())
        assert profile["name"] == "Maren Lindqvist"
        assert profile["follow_ups"]["quiet_days"] == 10
    o = ops.close(Workspace(home), "acme", Stage.REJECTED).after
    from catbird.texts import letters

    task = o.follow_ups[0]
    made = letters.letter(o, task, Workspace(home).read_profile())
    assert made.body.rstrip().endswith("Maren Lindqvist")


# ---- a real editor on a pty ----------------------------------------------------------------


@pytest.fixture
def catbird_on_pty(home: Path, tmp_path: Path) -> Iterator[bench_tui.PtyProcess]:
    ops.close(Workspace(home), "acme", Stage.REJECTED)
    editor = tmp_path / "editor"
    editor.write_text('#!/bin/sh\nprintf "\\nP.S. Written in my editor.\\n" >> "$1"\n')
    editor.chmod(0o755)
    config = tmp_path / "config.toml"
    config.write_text('theme = "catbird-dark"\n')
    env = bench_tui.tui_env(config) | {"VISUAL": str(editor), "COLUMNS": "80", "LINES": "24"}
    process = bench_tui.PtyProcess(bench_tui.catbird_argv(home), env, 80, 24)
    try:
        process.wait_for(lambda s: "Closed" in s.line(1), 60)
        yield process
    finally:
        process.close("\x1b\x1b\x1b\x1bq")


def test_a_letter_goes_to_the_editor_and_comes_back_kept(
    catbird_on_pty: bench_tui.PtyProcess, home: Path
) -> None:
    app = catbird_on_pty
    app.send("D")
    app.wait_for(lambda s: "due" in s.line(0), 20)
    app.send("w")
    # The list drawn (its rows come a batch a frame) with the letter's task under the cursor.
    app.wait_for(lambda s: "everything open" in s.text() and "Send Sam" in s.text(), 20)
    app.send("l")
    app.wait_for(lambda s: "our draft" in s.text(), 20)
    app.send("\x0f")  # ctrl+o
    app.wait_for(lambda s: "Written in my editor" in s.text(), 20)
    app.send("\x1b")  # close: kept
    app.wait_for(lambda s: "everything open" in s.text(), 20)
    data = tomllib.loads((home / "opportunities" / "acme.toml").read_text())
    sam = data["follow_ups"][1]  # "Send Sam…" sorts first in the list
    assert sam["contact"] == "sam01"
    assert sam["letter"].startswith("Hi Sam,")
    assert sam["letter"].rstrip().endswith("P.S. Written in my editor.")


async def test_from_the_details_x_closes_as_withdrawn_and_l_lists_its_letters(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(app, pilot)
        app.screen.follow("acme")  # type: ignore[attr-defined]
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        await press(pilot, "x")
        assert isinstance(app.screen, CloseDialog)
        # Rejected, Ghosted, Declined, Withdrawn: the fourth.
        await press(pilot, "down", "down", "down", "enter")
        assert isinstance(app.screen, DetailScreen)
        data = _disk(home)
        assert data["stage"] == "withdrawn" and data["closing"]["stage"] == "withdrawn"
        assert [f["kind"] for f in data["follow_ups"]] == [
            "withdraw",
            "thanks",
            "thanks",
            "network",
        ]
        text = screen_text(app)
        assert "closed   withdrawn on" in text and "retired  Send the portfolio" in text
        await press(pilot, "l")
        due = app.screen
        assert isinstance(due, DueScreen) and {i.slug for i in due.items} == {"acme"}
        assert "Tell Acme you are stepping out of the process" in screen_text(app)
        await press(pilot, "l")  # the withdrawal, to the one clicked with
        assert isinstance(app.screen, LetterDialog)
        assert "Hi [bold]Dana[/]," in screen_text(app)
        assert "withdraw from the process" in screen_text(app)
        await press(pilot, "e")
        await paste(pilot, " Thanks again.")
        await press(pilot, "escape")
        assert _disk(home)["follow_ups"][0]["letter"].endswith("Thanks again.")
        await press(pilot, "r")  # our draft again: asked first
        await press(pilot, "y")
        await press(pilot, "escape")
        # Back to our draft, which is then not kept: it follows the card again.
        assert "letter" not in _disk(home)["follow_ups"][0]


async def test_the_offers_drafts_follow_the_worksheet_until_edited(sample_home: Path) -> None:
    ws = Workspace(sample_home)
    ops.set_offer(ws, "fernhollow-software", talking_points="", decline_note="")
    app = CatbirdApp(ws)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        app.post_message(messages.OpenOffer("fernhollow-software"))
        await pilot.pause()
        await press(pilot, "T")
        assert "Our draft: it follows the worksheet until you edit it." in screen_text(app)
        await press(pilot, "escape")  # shown, not edited: nothing kept
        offer = opportunity_file(sample_home, "fernhollow-software")["offer"]
        assert not offer.get("talking_points")
        await press(pilot, "T", "e")
        await paste(pilot, "My own point. ")
        await press(pilot, "escape")
        assert "Your own text" in screen_text(app)
        await press(pilot, "escape")
        offer = opportunity_file(sample_home, "fernhollow-software")["offer"]
        assert offer["talking_points"].startswith("My own point.")
