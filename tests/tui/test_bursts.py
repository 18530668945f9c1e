"""Keys that arrive in one burst, as a laggy SSH link delivers them: a real Catbird on a real
pseudo-terminal (bench/tui.py's), keys written in one go, the result read from the files.

Textual hands each key to the widget that has the focus when the key is read, so without
care the text after a Tab lands in the box the Tab was leaving."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import tui as bench_tui

COLUMNS, LINES = 80, 24


@pytest.fixture
def catbird(sample_home: Path, tmp_path: Path) -> Iterator[bench_tui.PtyProcess]:
    """Catbird on the sample copy, at 80×24 on a pty, the board on screen."""
    with bench_tui.sample_board(sample_home, tmp_path, size=(COLUMNS, LINES)) as process:
        yield process


def on_disk(home: Path, slug: str) -> dict[str, object]:
    return tomllib.loads((home / "opportunities" / f"{slug}.toml").read_text("utf-8"))


def test_text_tab_text_in_one_burst_fills_both_boxes(
    catbird: bench_tui.PtyProcess, sample_home: Path
) -> None:
    catbird.send("n")
    catbird.wait_for(lambda s: "New opportunity" in s.text(), 20)
    catbird.send("Zephyr Labs\tStaff SRE\r")  # one write: one read on the app's side
    catbird.wait_for(lambda s: "New opportunity" not in s.text(), 20)
    saved = on_disk(sample_home, "zephyr-labs")
    assert (saved["company"], saved["role"]) == ("Zephyr Labs", "Staff SRE")


def test_a_burst_through_several_boxes_and_back(
    catbird: bench_tui.PtyProcess, sample_home: Path
) -> None:
    catbird.send("n")
    catbird.wait_for(lambda s: "New opportunity" in s.text(), 20)
    # Company, role, (stage as it is), next action; back up to the role (shift+Tab twice),
    # to the end of its text (End: a box selects all it holds when it gets the focus), add.
    catbird.send("Kite Works\tStaff\t\tCall Ana\x1b[Z\x1b[Z\x1b[F Engineer\r")
    catbird.wait_for(lambda s: "New opportunity" not in s.text(), 20)
    saved = on_disk(sample_home, "kite-works")
    assert (saved["company"], saved["role"]) == ("Kite Works", "Staff Engineer")
    assert saved["next_action"] == {"text": "Call Ana"}


def test_a_correction_in_a_burst_is_made_where_it_was_typed(
    catbird: bench_tui.PtyProcess, sample_home: Path
) -> None:
    catbird.send("n")
    catbird.wait_for(lambda s: "New opportunity" in s.text(), 20)
    catbird.send("Kitx\x7fe Works\r")  # a typo, backspace, the rest
    catbird.wait_for(lambda s: "New opportunity" not in s.text(), 20)
    assert on_disk(sample_home, "kite-works")["company"] == "Kite Works"


def test_the_keys_after_n_go_into_the_new_form(
    catbird: bench_tui.PtyProcess, sample_home: Path
) -> None:
    catbird.send("nZephyr Labs\tStaff SRE\r")  # the form is not even on screen yet
    catbird.wait_for(lambda s: "Zephyr Labs" in s.text() and "New opportunity" not in s.text())
    saved = on_disk(sample_home, "zephyr-labs")
    assert (saved["company"], saved["role"]) == ("Zephyr Labs", "Staff SRE")
