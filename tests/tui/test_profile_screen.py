"""The homework editor (`p`), driven from the keyboard: what the user sees and what is on disk."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from helpers import wait_for
from textual import events
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea

from catbird.model.profile import Criterion, FlagPreset, Phrasing, Profile
from catbird.store import Workspace
from catbird.tui.app import CatbirdApp
from catbird.tui.dialogs.criterion_form import CriterionForm
from catbird.tui.dialogs.flag_form import FlagForm
from catbird.tui.screens.profile import ProfileScreen

HOSTILE = [
    "[bold]x[/]",
    "[@click=app.quit]quit[/]",
    "[link=https://evil.example]y[/link]",
    "[/]",
    "$accent \\[not] {braces}",
]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh workspace, with the user's own settings and workspace kept out of reach."""
    monkeypatch.setenv("CATBIRD_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("CATBIRD_HOME", str(tmp_path / "nowhere"))
    return tmp_path / "ws"


def on_disk(home: Path) -> dict[str, Any]:
    return tomllib.loads((home / "profile.toml").read_text("utf-8"))


def visible_text(app: CatbirdApp) -> str:
    """Every line the terminal would show for the current screen, as plain text."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


async def open_profile(app: CatbirdApp, pilot: Pilot[None]) -> ProfileScreen:
    for _ in range(200):
        if app.view.loaded:
            break
        await pilot.pause(0.02)
    assert app.view.loaded
    await pilot.pause()
    if type(app.screen).__name__ == "WelcomeScreen":
        await pilot.press("escape")
        await pilot.pause()
    await pilot.press("p")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ProfileScreen)
    return screen


def listed(screen: ProfileScreen, key: str) -> list[str]:
    """The items of one list section, as the screen shows them (first lines)."""
    listing = screen.query_one(f"#list-{key}", OptionList)
    return [Content.from_text(o.prompt).plain.split("\n")[0] for o in listing.options]


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await pilot.pause()


async def choose(pilot: Pilot[None], steps: int) -> None:
    """Open the focused Select, move `steps` down from the current option, pick it."""
    await press(pilot, "enter")
    await press(pilot, *(["down"] * steps), "enter")


@pytest.mark.parametrize(
    ("size", "theme"),
    [((120, 40), "catbird-dark"), ((80, 24), "catbird-light")],
)
async def test_homework_is_typed_in_and_saved(
    home: Path, tmp_path: Path, size: tuple[int, int], theme: str
) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.write_text(f'theme = "{theme}"\n')
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=size) as pilot:
        screen = await open_profile(app, pilot)
        assert app.theme == theme
        assert "Must-haves" in visible_text(app)
        assert "press a to add a must-have" in visible_text(app)

        # A must-have, weight 4, with a note.
        await press(pilot, "a")
        assert isinstance(app.screen, CriterionForm)
        await press(pilot, *"Remote-first team", "tab")
        await choose(pilot, 1)  # 3 -> 4
        await press(pilot, "tab", *"two office days at most", "enter")
        assert app.screen is screen
        text = visible_text(app)
        assert "●●●●○  Remote-first team" in text
        assert "two office days at most" in text

        # A dealbreaker: back to the sections, one down.
        await press(pilot, "h", "j")
        assert screen.current.key == "dealbreakers"
        await press(pilot, "a", *"Travel over 30%", "enter")
        assert "Travel over 30%" in visible_text(app)

        # A red flag preset linked to that dealbreaker, severity 3.
        await press(pilot, "h", "j", "j", "j", "j")
        assert screen.current.key == "flags"
        await press(pilot, "a")
        assert isinstance(app.screen, FlagForm)
        await press(pilot, *"Travel sprung on me late")
        await press(pilot, "tab")
        assert app.screen.query_one("#key", Input).value == "1"  # the first free key
        await press(pilot, "tab", "tab")  # past the key and red/green
        await choose(pilot, 1)  # severity 2 -> 3
        await press(pilot, "tab")
        await choose(pilot, 1)  # not linked -> the dealbreaker
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        text = visible_text(app)
        assert "Travel sprung on me late" in text
        assert "⇒ dealbreaker: Travel over 30%" in text

        # The minimum base, with a thousands separator.
        await press(pilot, "h", "k", "enter")
        assert screen.current.key == "numbers"
        assert app.focused is not None and app.focused.id == "number-currency"
        await press(pilot, "tab", *"150,000", "enter")
        assert app.screen.query_one("#number-min_base", Input).value == "150000"
        assert "Saved." in visible_text(app)

        data = on_disk(home)
        [must] = data["must_haves"]
        assert (must["text"], must["weight"], must["note"]) == (
            "Remote-first team",
            4,
            "two office days at most",
        )
        [dealbreaker] = data["dealbreakers"]
        assert dealbreaker["text"] == "Travel over 30%"
        [flag] = data["flags"]
        assert flag == {
            "id": flag["id"],
            "key": "1",
            "label": "Travel sprung on me late",
            "kind": "red",
            "severity": 3,
            "dealbreaker": dealbreaker["id"],
        }
        assert data["numbers"] == {"currency": "USD", "min_base": 150000}
        assert app.profile.numbers.min_base == 150000

        await press(pilot, "escape", "escape")  # out of the form, then back to the board
        assert type(app.screen).__name__ == "BoardScreen"


async def test_numbers_are_never_saved_half_valid(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_profile(app, pilot)
        screen.go_to("numbers")
        await press(pilot, "enter")  # into the form: the currency box
        await press(pilot, "tab", *"-5", "tab", *"200000", "tab", "tab", *"150", "enter")
        text = visible_text(app)
        assert "↑ cannot be negative" in text
        assert "↑ at most 100" in text
        assert "Not saved: 2 boxes to fix." in text
        assert app.focused is screen.query_one("#number-min_base", Input)
        assert not (home / "profile.toml").exists()
        assert app.profile.numbers.target_base is None

        await press(pilot, "ctrl+u", *"abc", "enter")
        assert "↑ a whole number, like 120000 (or leave it empty)" in visible_text(app)
        assert not (home / "profile.toml").exists()

        await press(pilot, "ctrl+u", *"90000")
        screen.query_one("#number-max_travel_pct", Input).value = "25"
        await press(pilot, "enter")
        assert "↑" not in visible_text(app)
        numbers = on_disk(home)["numbers"]
        assert (numbers["min_base"], numbers["target_base"], numbers["max_travel_pct"]) == (
            90000,
            200000,
            25,
        )

        # Emptying a box means "not set".
        screen.query_one("#number-max_travel_pct", Input).value = ""
        await press(pilot, "ctrl+s")
        assert "max_travel_pct" not in on_disk(home)["numbers"]


async def test_a_key_used_twice_shows_the_models_message(home: Path) -> None:
    Workspace(home).update_profile(
        lambda p: p.model_copy(update={"flags": [FlagPreset(key="1", label="Kept waiting")]})
    )
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_profile(app, pilot)
        screen.go_to("flags")
        await press(pilot, "a", *"Put on hold", "tab")
        assert app.screen.query_one("#key", Input).value == "2"
        await press(pilot, "backspace", "1", "enter")
        assert isinstance(app.screen, FlagForm)
        assert "key '1' is used by both 'Kept waiting' and 'Put on hold'" in visible_text(app)
        assert app.focused is app.screen.query_one("#key", Input)
        assert len(on_disk(home)["flags"]) == 1

        await press(pilot, "backspace", "3", "enter")
        assert app.screen is screen
        assert [f["key"] for f in on_disk(home)["flags"]] == ["1", "3"]

        # An empty label is refused by the model too, in words.
        await press(pilot, "a", "enter")
        assert "Label: must not be empty" in visible_text(app)
        await press(pilot, "escape")
        assert app.screen is screen
        assert len(on_disk(home)["flags"]) == 2


async def test_reorder_remove_and_put_back(home: Path) -> None:
    dealbreaker = Criterion(text="No remote days")
    Workspace(home).update_profile(
        lambda p: p.model_copy(
            update={
                "must_haves": [Criterion(text=t) for t in ("First", "Second", "Third")],
                "dealbreakers": [dealbreaker],
                "flags": [FlagPreset(key="1", label="Office only", dealbreaker=dealbreaker.id)],
            }
        )
    )

    def order() -> list[str]:
        return [c["text"] for c in on_disk(home)["must_haves"]]

    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_profile(app, pilot)
        await press(pilot, "enter")  # into the must-haves, on "First"
        await press(pilot, "J")
        assert order() == ["Second", "First", "Third"]
        await press(pilot, "J")
        assert order() == ["Second", "Third", "First"]
        await press(pilot, "J")  # already last: nothing changes
        assert order() == ["Second", "Third", "First"]
        await press(pilot, "k", "K")
        assert order() == ["Third", "Second", "First"]

        await press(pilot, "d")
        assert order() == ["Second", "First"]
        assert "Third" not in visible_text(app)
        await press(pilot, "u")
        assert order() == ["Third", "Second", "First"]
        await press(pilot, "ctrl+r")
        assert order() == ["Second", "First"]
        await press(pilot, "u")
        assert order() == ["Third", "Second", "First"]

        # A dealbreaker a flag points at: removing it unlinks the flag; u links it again.
        await press(pilot, "h", "j", "enter", "delete")
        data = on_disk(home)
        assert data.get("dealbreakers", []) == []
        assert "dealbreaker" not in data["flags"][0]
        await press(pilot, "u")
        data = on_disk(home)
        assert data["flags"][0]["dealbreaker"] == data["dealbreakers"][0]["id"]
        assert screen.current.key == "dealbreakers"

        # Editing keeps the id and the place.
        await press(pilot, "h", "k", "enter", "j", "e")
        assert isinstance(app.screen, CriterionForm)
        await press(pilot, "ctrl+u", *"Second, edited", "enter")
        assert order() == ["Third", "Second, edited", "First"]


async def test_u_undoes_a_criterion_edit_and_ctrl_r_redoes_it_on_the_app_s_history(
    home: Path,
) -> None:
    Workspace(home).update_profile(
        lambda p: p.model_copy(
            update={"must_haves": [Criterion(text=t, weight=3) for t in ("Remote", "Small team")]}
        )
    )

    def must_haves() -> list[tuple[str, int]]:
        return [(c["text"], c["weight"]) for c in on_disk(home)["must_haves"]]

    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_profile(app, pilot)
        await press(pilot, "enter", "j", "e")  # into the must-haves, the second, edit
        assert isinstance(app.screen, CriterionForm)
        await press(pilot, "ctrl+u", *"A small, kind team", "enter")
        assert must_haves() == [("Remote", 3), ("A small, kind team", 3)]
        assert "A small, kind team" in visible_text(app)

        await press(pilot, "u")  # the app's undo, here as on the board
        assert must_haves() == [("Remote", 3), ("Small team", 3)]
        # The screen follows the app's view on its own turn of the message loop (which a
        # loaded machine may take a moment to reach).
        undone = ["●●●○○  Remote", "●●●○○  Small team"]
        await wait_for(pilot, lambda: listed(screen, "must_haves") == undone, "the undo shown")
        assert listed(screen, "must_haves") == undone
        assert "Undone: edit must-have “A small, kind team”" in visible_text(app)

        await press(pilot, "ctrl+r")
        assert must_haves() == [("Remote", 3), ("A small, kind team", 3)]
        redone = ["●●●○○  Remote", "●●●○○  A small, kind team"]
        await wait_for(pilot, lambda: listed(screen, "must_haves") == redone, "the redo shown")
        assert listed(screen, "must_haves") == redone


async def test_u_brings_a_removed_preset_back_at_its_old_place(home: Path) -> None:
    Workspace(home).update_profile(
        lambda p: p.model_copy(
            update={
                "flags": [
                    FlagPreset(key=k, label=label)
                    for k, label in (("1", "Kept waiting"), ("2", "Put on hold"), ("3", "Rude"))
                ]
            }
        )
    )

    def labels() -> list[str]:
        return [f["label"] for f in on_disk(home)["flags"]]

    def shown(screen: ProfileScreen) -> list[str]:
        every = ("Kept waiting", "Put on hold", "Rude")
        return [label for line in listed(screen, "flags") for label in every if label in line]

    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_profile(app, pilot)
        screen.go_to("flags")
        await press(pilot, "l", "j", "d")  # into the flags, the second, remove
        assert labels() == ["Kept waiting", "Rude"]
        assert shown(screen) == ["Kept waiting", "Rude"]

        await press(pilot, "u")
        assert labels() == ["Kept waiting", "Put on hold", "Rude"]
        assert shown(screen) == ["Kept waiting", "Put on hold", "Rude"]
        listing = screen.query_one("#list-flags", OptionList)
        assert listing.highlighted_option is not None
        assert listing.highlighted_option.id == app.profile.flags[1].id  # the cursor is on it


@pytest.mark.parametrize("section", ["numbers", "tally"])
async def test_every_placeholder_fits_its_box_at_80_by_24(home: Path, section: str) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_profile(app, pilot)
        screen.go_to(section)
        await pilot.pause()
        boxes = [box for box in screen.query(Input) if box.region.width and box.placeholder]
        assert boxes
        for box in boxes:
            assert len(box.placeholder) <= box.content_region.width, box.placeholder
        if section == "tally":
            assert "8 (our" not in visible_text(app)
            assert "default, 8" in visible_text(app)


async def test_phrasing_and_threshold(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_profile(app, pilot)
        screen.go_to("tally")
        await press(pilot, "enter", *"12", "enter")
        assert on_disk(home)["tally"]["threshold"] == 12
        await press(pilot, *"0", "enter")  # 120: too high
        assert "↑ at most 100" in visible_text(app)
        assert on_disk(home)["tally"]["threshold"] == 12
        await press(pilot, "ctrl+u", "enter")  # empty: our default
        assert on_disk(home)["tally"]["threshold"] == 8

        screen.go_to("phrasing")
        await press(pilot, "enter")
        assert isinstance(app.focused, TextArea)
        await press(pilot, *"Thank you for your time.", "enter", *"It is not the right fit.")
        await press(pilot, "ctrl+s")
        phrasing = on_disk(home)["phrasing"]
        assert phrasing["exit_script"] == "Thank you for your time.\nIt is not the right fit."
        assert app.profile.phrasing.decline_note == ""


async def test_leaving_with_an_unsaved_form_asks_first(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_profile(app, pilot)
        screen.go_to("numbers")
        await press(pilot, "enter", "tab", *"100000")
        await press(pilot, "escape")  # out of the form, to the sections
        assert app.screen is screen and app.focused is screen.query_one("#sections")
        await press(pilot, "escape")
        assert app.screen is screen  # warned, not gone
        await press(pilot, "escape")
        assert type(app.screen).__name__ == "BoardScreen"
        assert not (home / "profile.toml").exists()


async def test_sections_and_boxes_are_reached_from_the_keyboard_as_the_help_says(
    home: Path,
) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_profile(app, pilot)
        sections = screen.query_one("#sections")
        # j/k choose a section, l goes in, h comes back (a list section).
        await press(pilot, "j", "l")
        assert screen.current.key == "dealbreakers"
        await press(pilot, "h")
        assert app.focused is sections
        # In a form the letters are typed; ↓/↑ move between boxes, Esc comes back out.
        await press(pilot, "j", "j", "j")
        assert screen.current.key == "numbers"
        await press(pilot, "l")
        first = app.focused
        assert isinstance(first, Input)
        await press(pilot, *"hjk")
        assert first.value == "hjk"
        await press(pilot, "down")
        second = app.focused
        assert isinstance(second, Input) and second is not first
        await press(pilot, "up")
        assert app.focused is first
        await press(pilot, "ctrl+u", *"USD", "escape")  # as it was: nothing to save
        assert app.screen is screen and app.focused is sections  # still in the homework
        assert screen.current.key == "numbers"
        await press(pilot, "escape")  # from the sections: back to the board
        assert type(app.screen).__name__ == "BoardScreen"


async def test_hostile_text_is_shown_literally(home: Path) -> None:
    dealbreakers = [Criterion(text=t, note=t) for t in HOSTILE]
    Workspace(home).update_profile(
        lambda p: Profile.model_validate(
            {
                **dict(p),
                "must_haves": [Criterion(text=t, note=t) for t in HOSTILE],
                "dealbreakers": dealbreakers,
                "flags": [
                    FlagPreset(key=str(n + 1), label=t[:60], dealbreaker=d.id)
                    for n, (t, d) in enumerate(zip(HOSTILE, dealbreakers, strict=True))
                ],
                "phrasing": Phrasing(exit_script="\n".join(HOSTILE)),
            }
        )
    )
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_profile(app, pilot)
        for key in ("must_haves", "dealbreakers", "flags"):
            screen.go_to(key)
            await pilot.pause()
            text = visible_text(app)
            for hostile in HOSTILE:
                assert hostile in text, (key, hostile)
        screen.go_to("phrasing")
        await pilot.pause()
        assert HOSTILE[1] in visible_text(app)

        # Typed in and edited through the forms, and shown in the help and the notices.
        screen.go_to("nice_to_haves")
        await press(pilot, "a", *"[b]bold?[/b] [@click=app.quit]", "enter")
        assert app.is_running
        assert "[b]bold?[/b] [@click=app.quit]" in visible_text(app)
        await press(pilot, "d")
        assert app.is_running
        await press(pilot, "question_mark")
        assert "homework" in visible_text(app)
        await press(pilot, "escape")

        # Pasted escape sequences and control characters never reach the file or the screen.
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, CriterionForm)
        box = form.query_one("#text", Input)
        box.post_message(events.Paste("\x1b]52;c;SGk=\x07\x1b[31mred\x1b[0m\x00 alert\x07"))
        await pilot.pause()
        await press(pilot, "enter")
        assert app.screen is screen
        [pasted] = on_disk(home)["nice_to_haves"]
        assert pasted["text"] == "red alert"
        assert "\x1b" not in visible_text(app)


async def test_a_profile_changed_elsewhere_is_shown(home: Path) -> None:
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_profile(app, pilot)
        Workspace(home).update_profile(
            lambda p: p.model_copy(update={"must_haves": [Criterion(text="From the CLI")]})
        )
        for _ in range(100):
            await pilot.pause(0.05)
            if screen.profile.must_haves:
                break
        await pilot.pause()
        assert "From the CLI" in visible_text(app)


async def test_a_broken_profile_is_reported_and_never_overwritten(home: Path) -> None:
    home.mkdir(parents=True)
    broken = 'schema_version = 1\nmust_haves = [ { text = "unclosed"\n'
    (home / "profile.toml").write_text(broken)
    app = CatbirdApp(Workspace(home))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_profile(app, pilot)
        assert "profile.toml could not be read" in visible_text(app)
        await press(pilot, "a", *"Anything", "enter")
        assert (home / "profile.toml").read_text() == broken
        assert app.profile.must_haves == []
