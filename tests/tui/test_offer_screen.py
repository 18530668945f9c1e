"""The offer worksheet, the comparison and the due list, driven from the keyboard: what the
user sees on screen and what ends up in the TOML files."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import TextArea

from catbird import ops
from catbird.store import Workspace
from catbird.store.paths import sample_data_dir
from catbird.tui.app import CatbirdApp
from catbird.tui.dialogs.confirm import ConfirmDialog
from catbird.tui.dialogs.decide import DecideDialog
from catbird.tui.dialogs.fields_form import FieldsForm
from catbird.tui.dialogs.offer_text import OfferTextDialog
from catbird.tui.screens.compare import CompareScreen
from catbird.tui.screens.detail import DetailScreen
from catbird.tui.screens.due import DueScreen
from catbird.tui.screens.offer import OfferScreen

SAMPLE = sample_data_dir()
SLUG = "fernhollow-software"
SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample workspace; the user's own settings and files kept out of reach."""
    monkeypatch.setenv("CATBIRD_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("CATBIRD_HOME", str(tmp_path / "nowhere"))
    shutil.copytree(SAMPLE, tmp_path / "ws")
    return tmp_path / "ws"


def on_disk(home: Path, slug: str = SLUG) -> dict[str, Any]:
    return tomllib.loads((home / "opportunities" / f"{slug}.toml").read_text("utf-8"))


def visible_text(app: CatbirdApp) -> str:
    """Every line the terminal would show for the current screen, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.pause()


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def open_screen(app: CatbirdApp, pilot: Pilot[None], screen: Screen[Any]) -> None:
    for _ in range(300):
        if app.view.loaded:
            break
        await pilot.pause(0.02)
    assert app.view.loaded
    await pilot.pause()
    app.push_screen(screen)
    await settle(pilot)
    assert app.screen is screen


async def type_into_form(pilot: Pilot[None], text: str) -> None:
    """Clear the focused field of a form and type `text`."""
    await press(pilot, "end", "ctrl+u")
    await pilot.press(*text)
    await pilot.pause()


# ---- the worksheet ----------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_the_worksheet_shows_terms_statuses_totals_and_preparation(
    home: Path, size: tuple[int, int]
) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=size) as pilot:
        await open_screen(app, pilot, OfferScreen(SLUG))
        text = visible_text(app)
        for expected in (
            "Fernhollow Software",
            "Base salary",
            "$228,000",
            "$245,000",
            "−$17,000",
            "~ ok",
            "✓ meets",
            "Yearly $290,800",
            "(−$39,200)",
            "score 56/100",
            "gut 4/5",
            "Needs & demands",
            "[x] Same two office days every week",
        ):
            assert expected in text, expected
        # Tab reaches the lists below the table, however small the terminal.
        for _ in range(len(ops.OFFER_LISTS)):
            await press(pilot, "tab")
        assert "Cons" in visible_text(app)
        assert "VP was pushy" in visible_text(app)


async def test_filling_a_term_from_the_keyboard(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, OfferScreen(SLUG))
        await press(pilot, "l", "enter")  # the Offered cell of Base salary
        form = app.screen
        assert isinstance(form, FieldsForm)
        assert app.focused is not None and app.focused.id == "field-offered"

        await type_into_form(pilot, "-5000")
        await press(pilot, "enter")
        assert app.screen is form  # refused, and the form stays open to fix it
        assert "cannot be negative" in visible_text(app)

        await type_into_form(pilot, "$250k")
        await press(pilot, "enter")
        assert isinstance(app.screen, OfferScreen)
        base = on_disk(home)["offer"]["terms"][0]
        assert (base["name"], base["offered"]) == ("Base salary", 250_000)
        text = visible_text(app)
        assert "$250,000" in text and "+$5,000" in text

        # u undoes it, on screen and on disk.
        await press(pilot, "u")
        await settle(pilot)
        assert on_disk(home)["offer"]["terms"][0]["offered"] == 228_000
        assert "$228,000" in visible_text(app)


async def test_e_on_a_term_edits_its_figure_never_its_name(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, OfferScreen(SLUG))
        await press(pilot, "e")  # the cursor starts on the name of Base salary
        assert isinstance(app.screen, FieldsForm)
        assert app.focused is not None and app.focused.id == "field-offered"
        await pilot.press(*"140k")
        await press(pilot, "enter")
        base = on_disk(home)["offer"]["terms"][0]
        assert (base["name"], base["offered"], base["role"]) == ("Base salary", 140_000, "base")
        assert "Yearly $202,800" in visible_text(app)  # still counted in the yearly total


async def test_a_deadline_in_the_past_is_refused_in_the_form(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(app, pilot, OfferScreen(SLUG))
        before = on_disk(home)
        await press(pilot, *(["j"] * 9))  # Decision deadline
        await press(pilot, "l", "e")
        await type_into_form(pilot, "2020-01-01")
        await press(pilot, "enter")
        assert isinstance(app.screen, FieldsForm)
        assert "in the past" in visible_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, OfferScreen)
        assert on_disk(home) == before


async def test_adding_a_term_and_starting_a_worksheet(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, OfferScreen("saltmarsh-robotics"))
        assert "No offer worksheet yet" in visible_text(app)
        assert "offer" not in on_disk(home, "saltmarsh-robotics")
        await press(pilot, "s")
        terms = on_disk(home, "saltmarsh-robotics")["offer"]["terms"]
        assert [t["name"] for t in terms][:2] == ["Base salary", "Annual bonus"]
        assert terms[0]["walk_away"] == 215_000  # from the profile's numbers
        assert "Base salary" in visible_text(app)

        await press(pilot, "a")
        assert isinstance(app.screen, FieldsForm)
        assert app.focused is not None and app.focused.id == "field-name"
        await pilot.press(*"Relocation")
        await press(pilot, "tab", "tab", "tab")  # kind (money) and better: as they are
        await pilot.press(*"15k")
        await press(pilot, "enter")
        terms = on_disk(home, "saltmarsh-robotics")["offer"]["terms"]
        assert terms[-1]["name"] == "Relocation" and terms[-1]["offered"] == 15_000
        assert "Relocation" in visible_text(app)


async def test_lists_are_added_ticked_answered_and_deleted(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(app, pilot, OfferScreen(SLUG))
        await press(pilot, "tab")  # needs & demands
        assert app.focused is not None and app.focused.id == "list-needs"
        await press(pilot, "a")
        await pilot.press(*"Budget for a conference a year")
        await press(pilot, "enter")
        needs = on_disk(home)["offer"]["needs"]
        assert needs[-1]["text"] == "Budget for a conference a year"
        assert "Budget for a conference a year" in visible_text(app)

        await press(pilot, "end", "space")
        assert on_disk(home)["offer"]["needs"][-1]["done"] is True
        assert "[x] Budget for a conference a year" in visible_text(app)

        await press(pilot, "d")
        assert len(on_disk(home)["offer"]["needs"]) == 3
        assert "Budget for a conference a year" not in visible_text(app)

        await press(pilot, "tab")  # probing questions: the last one has no answer yet
        assert app.focused is not None and app.focused.id == "list-questions"
        await press(pilot, "end", "enter")
        assert app.focused is not None and app.focused.id == "field-answer"
        await pilot.press(*"Twice a year, with written criteria")
        await press(pilot, "enter")
        question = on_disk(home)["offer"]["questions"][-1]
        assert question["answer"] == "Twice a year, with written criteria"
        assert "Twice a year, with written criteria" in visible_text(app)


async def test_user_text_is_shown_literally(home: Path) -> None:
    hostile = "[bold]x[/] [@click=app.quit]q[/] $accent"
    ws = Workspace(home)
    ops.add_item(ws, SLUG, "needs", hostile)
    ops.add_term(ws, SLUG, "[red]Perks[/]", kind="text", offered="[i]y[/i] [/]")
    app = CatbirdApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(app, pilot, OfferScreen(SLUG))
        text = visible_text(app)
        assert hostile in text
        assert "[red]Perks[/]" in text
        assert "[i]y[/i] [/]" in text


# ---- decisions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "stage", "decision"),
    [
        ("a", "accepted", "accept"),
        ("n", "offer", "negotiate"),
        ("d", "declined", "decline"),
        ("w", "walked-away", "walk-away"),
    ],
)
async def test_each_decision_on_a_fresh_copy(
    home: Path, key: str, stage: str, decision: str
) -> None:
    ws = Workspace(home)
    ops.set_offer(ws, SLUG, talking_points="")  # so negotiating drafts them afresh
    app = CatbirdApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, OfferScreen(SLUG))
        await press(pilot, "D")
        assert isinstance(app.screen, DecideDialog)
        assert "Decline" in visible_text(app) and "Walk away" in visible_text(app)
        await press(pilot, key)
        await settle(pilot)

        data = on_disk(home)
        assert data["stage"] == stage
        assert data["offer"]["decision"] == decision
        follow_ups = [f["kind"] for f in data.get("follow_ups", [])]
        # Each ending brings its own plan; negotiating is no ending.
        if decision == "decline":
            assert follow_ups[0] == "decline" and "thanks" in follow_ups
        elif decision == "walk-away":
            assert follow_ups == ["thanks"]  # one note that leaves the door open
        elif decision == "accept":
            assert follow_ups and set(follow_ups) == {"landed"}  # the other searches' people
        else:
            assert follow_ups == []

        # The texts are drafted from the worksheet when shown, not saved as a snapshot.
        assert not data["offer"].get("talking_points")
        assert not data["offer"].get("decline_note")
        if decision == "negotiate":
            assert isinstance(app.screen, OfferTextDialog)
            points = app.screen.text
            assert "$17,000 more" in points and "Priya" in points
            assert "Talking points" in visible_text(app)
            assert "Base salary (must)" in visible_text(app)
        elif decision == "decline":
            assert isinstance(app.screen, OfferTextDialog)
            assert app.screen.text.startswith("Hi Priya,")
            assert "Hi Priya," in visible_text(app)
            assert data["closing"]["stage"] == "declined"
        else:
            assert isinstance(app.screen, OfferScreen)
            assert stage in visible_text(app)

        if isinstance(app.screen, OfferTextDialog):
            await press(pilot, "escape")
        assert isinstance(app.screen, OfferScreen)
        assert f"decision {decision}" in visible_text(app)


async def test_accepting_warns_by_name_about_must_haves_not_found_there(home: Path) -> None:
    ws = Workspace(home)
    # Fernhollow: every must-have was found there; take two back.
    ops.answer(ws, SLUG, "82b6aef6b8", "unknown")  # mostly remote
    ops.answer(ws, SLUG, "d315efc558", "no", quote="[b]Reviews[/b] are skipped now")
    app = CatbirdApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, OfferScreen(SLUG))
        await press(pilot, "D", "a")
        assert isinstance(app.screen, ConfirmDialog)
        text = visible_text(app)
        assert "Before you accept Fernhollow Software:" in text
        assert "must-have still unknown: Mostly remote: two office days a week" in text
        assert "must-have answered no: Blameless incident reviews" in text
        assert "“[b]Reviews[/b] are skipped now”" in text
        assert "this is the moment to ask" in text
        await press(pilot, "n")  # not yet: nothing decided
        assert isinstance(app.screen, OfferScreen)
        assert on_disk(home)["stage"] == "offer"
        await press(pilot, "D", "a", "y")
        await settle(pilot)
        assert on_disk(home)["stage"] == "accepted"


async def test_what_they_said_is_held_against_the_written_offer(home: Path) -> None:
    ws = Workspace(home)
    ops.record_claim(ws, SLUG, "pay", "250-270k [b]base[/b]", by="Priya")
    ops.set_offer(ws, SLUG, talking_points="")  # drafted afresh
    app = CatbirdApp(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, OfferScreen(SLUG))
        text = visible_text(app)
        summary = " ".join(text.split())
        assert (
            "✗ not what they said: Base salary: said 235-250k base for this level in round 2;"
            in summary
        )
        assert "Base salary: said 250-270k [b]base[/b]; offer $228,000" in summary
        await press(pilot, "T")
        assert isinstance(app.screen, OfferTextDialog)
        draft = app.screen.query_one(TextArea).text
        assert "- They said 250-270k [b]base[/b]; offer $228,000: hold them to" in draft


async def test_decide_can_be_cancelled(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, OfferScreen(SLUG))
        before = on_disk(home)
        await press(pilot, "D", "escape")
        assert isinstance(app.screen, OfferScreen)
        assert on_disk(home) == before


async def test_talking_points_are_edited_copied_and_exported(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, OfferScreen(SLUG))
        await press(pilot, "T")
        assert isinstance(app.screen, OfferTextDialog)
        assert "I want to say yes" in visible_text(app)

        await press(pilot, "y")
        assert app.clipboard.startswith("- I want to say yes.")

        await press(pilot, "e", *(["down"] * 30), "end", "enter")
        await pilot.press(*"- Ask about the on-call budget.")
        await press(pilot, "escape")  # leaves editing and saves
        assert isinstance(app.screen, OfferTextDialog)
        saved = on_disk(home)["offer"]["talking_points"]
        assert saved.rstrip().endswith("- Ask about the on-call budget.")
        assert saved.startswith("- I want to say yes.")

        await press(pilot, "x")
        await type_into_form(pilot, "points.md")
        await press(pilot, "enter")
        exported = (tmp_path / "points.md").read_text("utf-8")
        assert exported.startswith("# Talking points — Fernhollow Software")
        assert "- Ask about the on-call budget." in exported

        # The same path again: asked first; "n" keeps the file as it was.
        (tmp_path / "points.md").write_text("mine", "utf-8")
        await press(pilot, "x")
        await type_into_form(pilot, "points.md")
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "n")
        assert (tmp_path / "points.md").read_text("utf-8") == "mine"
        await press(pilot, "x")
        await type_into_form(pilot, "points.md")
        await press(pilot, "enter", "y")
        assert "Ask about the on-call budget" in (tmp_path / "points.md").read_text("utf-8")

        # Never into the workspace itself.
        await press(pilot, "x")
        await type_into_form(pilot, str(home / "opportunities" / "x.md"))
        await press(pilot, "enter")
        assert not (home / "opportunities" / "x.md").exists()

        await press(pilot, "escape")
        assert isinstance(app.screen, OfferScreen)
        assert "T talking points (saved)" in visible_text(app)


# ---- side by side, and what is due ------------------------------------------------------


async def test_offers_side_by_side(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(app, pilot, CompareScreen([SLUG, "ambergate-insurance"]))
        text = visible_text(app)
        for expected in (
            "Fernhollow Software",
            "Ambergate Insurance",
            "~ $228,000",
            "✗ $205,000",
            "✗ 30%",
            "$290,800",
            "56/100",
            "6/100",
        ):
            assert expected in text, expected
        await press(pilot, "enter")  # the first offer's column
        screen = app.screen
        assert isinstance(screen, OfferScreen) and screen.slug == SLUG


THREE = [SLUG, "ambergate-insurance", "kestrel-works"]


@pytest.mark.parametrize("size", SIZES)
async def test_three_offers_fit_side_by_side_and_l_reaches_the_third(
    home: Path, size: tuple[int, int]
) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=size) as pilot:
        await open_screen(app, pilot, CompareScreen(THREE))
        header = visible_text(app).split("\n")[1]
        for company in ("Fernhollow Soft", "Ambergate Insur", "Kestrel Works"):
            assert company in header, header  # all three on screen, none scrolled away
        before = visible_text(app)
        await press(pilot, "l", "l")
        table = app.screen.query_one("#compare")
        assert table.cursor_coordinate.column == 3
        # Nothing scrolled sideways: no tail of a cut column is left beside the terms.
        assert visible_text(app).split("\n")[1:] == before.split("\n")[1:]
        await press(pilot, "h")
        assert table.cursor_coordinate.column == 2
        await press(pilot, "l", "enter")
        screen = app.screen
        assert isinstance(screen, OfferScreen) and screen.slug == "kestrel-works"


async def test_compare_from_the_worksheet_needs_another_offer(home: Path) -> None:
    ws = Workspace(home)
    app = CatbirdApp(ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(app, pilot, OfferScreen(SLUG))
        await press(pilot, "c")
        assert isinstance(app.screen, CompareScreen)
        text = visible_text(app)
        assert "Fernhollow Software" in text and "Ambergate Insurance" in text


@pytest.mark.parametrize("size", SIZES)
async def test_due_list_marks_a_follow_up_done(home: Path, size: tuple[int, int]) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=size) as pilot:
        screen = DueScreen()
        await open_screen(app, pilot, screen)
        await press(pilot, "w")  # everything still open, whatever today is
        assert screen.items
        index = next(i for i, item in enumerate(screen.items) if item.kind == "follow-up")
        item = screen.items[index]
        assert item.company in visible_text(app)
        await press(pilot, "home", *(["j"] * index))
        await press(pilot, "space")
        follow_up = next(
            f for f in on_disk(home, item.slug)["follow_ups"] if f["id"] == item.follow_up_id
        )
        assert "done_at" in follow_up
        assert all(i.follow_up_id != item.follow_up_id for i in screen.items)

        await press(pilot, "home", "enter")
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.slug == screen.items[0].slug


async def test_a_decline_shows_up_in_the_due_list(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(app, pilot, OfferScreen(SLUG))
        await press(pilot, "D", "d")
        await settle(pilot)
        await press(pilot, "escape", "escape")  # the note, then the worksheet
        screen = DueScreen()
        app.push_screen(screen)
        await settle(pilot)
        fernhollow = [i for i in screen.items if i.slug == SLUG]
        assert any(i.kind == "follow-up" and "Priya Raman" in i.text for i in fernhollow)
        assert "Send Priya Raman a short thank-you" in visible_text(app)


async def test_due_list_rewords_redates_and_removes_a_follow_up(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = DueScreen()
        await open_screen(app, pilot, screen)
        await press(pilot, "w")
        index = next(i for i, item in enumerate(screen.items) if item.kind == "follow-up")
        item = screen.items[index]
        await press(pilot, "home", *(["j"] * index), "e")
        await type_into_form(pilot, "Call [bold]Arturo[/] about the platform team")
        await press(pilot, "tab")
        await type_into_form(pilot, "2027-01-15")
        await press(pilot, "enter")
        task = next(
            f for f in on_disk(home, item.slug)["follow_ups"] if f["id"] == item.follow_up_id
        )
        assert task["title"] == "Call [bold]Arturo[/] about the platform team"
        assert task["due"].isoformat() == "2027-01-15"
        assert "Call [bold]Arturo[/] about the platform team" in visible_text(app)

        # A date in the past is refused inside the form; nothing is written.
        before = (home / "opportunities" / f"{item.slug}.toml").read_bytes()
        edited = next(i for i, it in enumerate(screen.items) if it.follow_up_id == task["id"])
        await press(pilot, "home", *(["j"] * edited), "e", "tab")
        await type_into_form(pilot, "2020-01-01")
        await press(pilot, "enter")
        assert "in the past" in visible_text(app)
        await press(pilot, "escape")
        assert (home / "opportunities" / f"{item.slug}.toml").read_bytes() == before

        await press(pilot, "d")
        assert all(f["id"] != task["id"] for f in on_disk(home, item.slug)["follow_ups"])
        await press(pilot, "u")  # the app's undo puts it back
        assert any(f["id"] == task["id"] for f in on_disk(home, item.slug)["follow_ups"])
