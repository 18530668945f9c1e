"""Theme files: the shipped ones load and work; broken ones are reported, never fatal."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import Button, Footer, Input, OptionList

from catbird.model import CardSummary, Stage
from catbird.store.paths import shipped_themes_dir
from catbird.tui.themes import load_themes, read_theme
from catbird.tui.widgets.column import BoardColumn

SHIPPED = shipped_themes_dir()
NAMES = ("catbird-dark", "catbird-light", "catbird-high-contrast", "catbird-ansi")

GOOD = """\
name = "mine"
dark = true
primary = "#336699"
secondary = "#446688"
accent = "#ff8800"
warning = "#ffcc00"
error = "#ff3333"
success = "#33cc33"
foreground = "#eeeeee"
background = "#111111"
surface = "#1a1a1a"
panel = "#222222"
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = Color.parse(colour).rgb
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# ---- what we ship --------------------------------------------------------------------------


def test_every_shipped_theme_loads() -> None:
    themes, problems = load_themes([SHIPPED])
    assert problems == []
    names = {theme.name for theme in themes}
    assert set(NAMES) <= names
    for path in SHIPPED.glob("*.toml"):
        theme = read_theme(path)
        assert theme.name == path.stem  # one theme per file, named like the file


def test_dark_and_light_are_what_they_say() -> None:
    themes = {t.name: t for t in load_themes([SHIPPED])[0]}
    assert themes["catbird-dark"].dark
    assert not themes["catbird-light"].dark
    for name in ("catbird-dark", "catbird-light", "catbird-high-contrast"):
        theme = themes[name]
        assert theme.foreground and theme.background
        assert contrast(theme.foreground, theme.background) >= 7, name


def test_high_contrast_is_strong_and_distinct() -> None:
    themes = {t.name: t for t in load_themes([SHIPPED])[0]}
    high = themes["catbird-high-contrast"]
    assert high.foreground and high.background and high.error and high.success
    assert contrast(high.foreground, high.background) >= 20
    for colour in (high.error, high.success, high.warning, high.primary, high.accent):
        assert colour and contrast(colour, high.background) >= 7
    cursor = high.variables["block-cursor-background"]
    assert contrast(high.variables["block-cursor-foreground"], cursor) >= 7
    assert high.background != themes["catbird-dark"].background


def test_ansi_theme_follows_the_terminal_palette() -> None:
    themes = {t.name: t for t in load_themes([SHIPPED])[0]}
    ansi = themes["catbird-ansi"]
    assert ansi.ansi
    for colour in (ansi.primary, ansi.error, ansi.success, ansi.warning, ansi.background):
        assert colour and colour.startswith("ansi_")
        assert Color.parse(colour).ansi is not None
    assert ansi.background == "ansi_default"


class ThemedApp(App[None]):
    def compose(self) -> ComposeResult:
        yield BoardColumn("Lead", (Stage.LEAD,), id="column")
        yield Button("Save")
        yield Input("text")
        yield OptionList("one", "two")
        yield Footer()

    def on_mount(self) -> None:
        themes, problems = load_themes([SHIPPED])
        assert problems == []
        for theme in themes:
            self.register_theme(theme)
        column = self.query_one(BoardColumn)
        column.set_cards(
            [CardSummary(slug="a", company="Acme", role="SRE", stage=Stage.LEAD, red=2)]
        )
        column.focus()


@pytest.mark.parametrize("name", NAMES)
async def test_shipped_theme_applies_to_the_widgets(name: str) -> None:
    app = ThemedApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = name
        await pilot.pause()
        assert app.current_theme.name == name
        column = app.query_one(BoardColumn)
        assert "Acme" in column.render_line(1).text
        assert "▲2" in column.render_line(3).text
        app.export_screenshot()  # the whole screen renders with this theme


# ---- what goes wrong -----------------------------------------------------------------------


def test_broken_toml_is_reported_with_its_line(tmp_path: Path) -> None:
    write(tmp_path, "good.toml", GOOD)
    broken = write(tmp_path, "broken.toml", 'name = "broken"\nprimary = "#fff\ndark = true\n')
    themes, problems = load_themes([tmp_path])
    assert [t.name for t in themes] == ["mine"]
    assert len(problems) == 1
    assert problems[0].startswith(f"{broken}:2: invalid TOML")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            GOOD.replace('accent = "#ff8800"', 'accent = "nope"'),
            5,
            "accent: 'nope' is not a colour",
        ),
        (GOOD.replace('primary = "#336699"', "primary = 12"), 3, "primary must be a colour"),
        (GOOD.replace("dark = true", 'dark = "yes"'), 2, "dark must be true or false"),
        (GOOD + "acent = '#fff'\n", 13, "unknown key 'acent'"),
        (GOOD.replace('name = "mine"', 'name = "[bold]x"'), 1, "name must be"),
        (GOOD.replace('name = "mine"\n', ""), 1, "missing 'name'"),
        (GOOD + "luminosity_spread = 7\n", 13, "luminosity_spread must be a number"),
        (GOOD + "[variables]\nborder = 'sparkly'\n", 14, "variables.border: 'sparkly'"),
        (
            GOOD + "[variables]\nborder = '#fff'\nblock-cursor-text-style = 'shiny'\n",
            15,
            "not a text style",
        ),
        (GOOD + "[variables]\nborder = '#fff 150%'\n", 14, "expected a colour"),
        (GOOD + "[variables]\nborder = 3\n", 14, "must be text"),
        (GOOD + "variables = 3\n", 13, "variables must be a table"),
    ],
)
def test_invalid_fields_are_reported_with_their_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, "bad.toml", text)
    themes, problems = load_themes([tmp_path])
    assert themes == []
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:{line}: "), problems[0]
    assert message in problems[0]


def test_unreadable_files_are_problems_not_crashes(tmp_path: Path) -> None:
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b'name = "x"\nprimary = "\xff\xfe"\n')
    huge = tmp_path / "huge.toml"
    huge.write_text("# " + "x" * 300_000 + "\n")
    (tmp_path / "folder.toml").mkdir()  # not a file: ignored
    (tmp_path / "notes.txt").write_text("not a theme")
    themes, problems = load_themes([tmp_path, tmp_path / "does-not-exist"])
    assert themes == []
    assert sorted(problems) == sorted(
        [
            f"{binary}:2: not valid UTF-8 text",
            f"{huge}:1: too large for a theme file (over 262144 bytes)",
        ]
    )


def test_valid_variables_are_kept(tmp_path: Path) -> None:
    text = GOOD + (
        "[variables]\n"
        'border = "#ff0000 50%"\n'
        'text-muted = "auto 60%"\n'
        'block-cursor-text-style = "bold underline"\n'
        'footer-key-foreground = "ansi_red"\n'
    )
    write(tmp_path, "mine.toml", text)
    themes, problems = load_themes([tmp_path])
    assert problems == []
    assert themes[0].variables["border"] == "#ff0000 50%"
    assert themes[0].variables["block-cursor-text-style"] == "bold underline"


def test_an_ansi_theme_gets_the_variables_textual_needs(tmp_path: Path) -> None:
    write(tmp_path, "term.toml", 'name = "term"\nansi = true\nprimary = "ansi_blue"\n')
    themes, problems = load_themes([tmp_path])
    assert problems == []
    assert themes[0].variables["ansi-background"] == "ansi_black"


async def test_a_minimal_user_theme_applies(tmp_path: Path) -> None:
    write(tmp_path, "term.toml", 'name = "term"\nansi = true\nprimary = "ansi_blue"\n')
    write(tmp_path, "tiny.toml", 'name = "tiny"\nprimary = "#884488"\n')
    themes, problems = load_themes([tmp_path])
    assert problems == []

    class TinyApp(ThemedApp):
        def on_mount(self) -> None:
            for theme in themes:
                self.register_theme(theme)

    app = TinyApp()
    async with app.run_test(size=(60, 20)) as pilot:
        for name in ("term", "tiny"):
            app.theme = name
            await pilot.pause()
            app.export_screenshot()


# ---- the user's folder ---------------------------------------------------------------------


def test_user_folder_overrides_and_adds(tmp_path: Path) -> None:
    user = tmp_path / "user-themes"
    write(
        user, "my-dark.toml", GOOD.replace('"mine"', '"catbird-dark"').replace("#336699", "#abcdef")
    )
    write(user, "extra.toml", GOOD.replace('"mine"', '"extra"'))
    themes, problems = load_themes([SHIPPED, user])
    assert problems == []
    by_name = {t.name: t for t in themes}
    assert [t.name for t in themes].count("catbird-dark") == 1
    assert by_name["catbird-dark"].primary == "#abcdef"
    assert "extra" in by_name
    assert set(NAMES) <= set(by_name)


def test_a_broken_user_theme_leaves_the_shipped_one(tmp_path: Path) -> None:
    user = tmp_path / "user-themes"
    bad = write(user, "dark.toml", GOOD.replace('"mine"', '"catbird-dark"').replace("#336699", "x"))
    themes, problems = load_themes([SHIPPED, user])
    by_name = {t.name: t for t in themes}
    assert by_name["catbird-dark"].primary == read_theme(SHIPPED / "catbird-dark.toml").primary
    assert problems == [f"{bad}:3: primary: 'x' is not a colour"]


def test_the_same_name_twice_in_one_folder_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", GOOD)
    second = write(tmp_path, "b.toml", GOOD.replace("#336699", "#000000"))
    themes, problems = load_themes([tmp_path])
    assert [t.primary for t in themes] == ["#336699"]
    assert problems == [
        f"{second}:1: theme 'mine' is already defined in a.toml; this file is skipped"
    ]


async def test_without_colours_the_highlighted_row_of_a_list_stands_out(
    sample_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR greys every colour: the highlighted option differed from the others by two
    shades. It is drawn the other way round instead, dark on light."""
    from helpers import loaded, press

    from catbird.store import Workspace
    from catbird.tui.app import CatbirdApp
    from catbird.tui.dialogs.close_as import CloseDialog

    monkeypatch.setenv("NO_COLOR", "1")
    app = CatbirdApp(Workspace(sample_home))
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await press(pilot, "l", "l", "l", "x")
        assert isinstance(app.screen, CloseDialog)
        options = app.screen.query_one(OptionList)
        strips = app.screen._compositor.render_strips()
        top = options.region.y + options.styles.gutter.top
        highlighted = 0 if options.highlighted is None else options.highlighted

        def background(row: int) -> float:
            strip = strips[top + row]
            x = options.content_region.x + 2
            cells = 0
            for segment in strip:
                cells += len(segment.text)
                if cells > x and segment.style and segment.style.bgcolor:
                    triplet = segment.style.bgcolor.get_truecolor()
                    return Color(*triplet).brightness
            raise AssertionError(f"no background on row {row}")

        lit, other = background(highlighted), background(highlighted + 1)
        assert lit - other > 0.5, (lit, other)
