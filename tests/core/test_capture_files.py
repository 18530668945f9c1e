"""The quick captures as a person runs them (`python -m catbird …`, the entry point tuned
for start-up: imports put off, patterns compiled on first use, the collector held back),
into files a person has had their hands on: a hand-laid-out file keeps every comment and
line, a file with a bad value elsewhere or broken TOML is refused at its line and left
byte for byte as it was, and nothing ever ends in a traceback."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from conftest import RunCli

HAND_LAID_OUT = """\
# Orbit: my own notes, kept by every save
company = 'Orbit Labs'   # a literal string, and the keys in my own order
schema_version = 3
stage = "interviewing"
created_at = 2026-11-01T09:00:00Z
tags = [
  "remote",   # an array over several lines
  "rust",
]
next_action = { text = "Send the take-home", due = 2031-12-20}

[[interviews]]
id = "intv0001"
started_at = 2026-11-05T14:00:00Z
kind = "video"
# still under way: the flags go here

  [[interviews.flags]]   # an indented header
  id = "flag0001"
  at = 2026-11-05T14:10:00Z
  label = "On time"
  kind = "green"
  severity = 1
"""

CAPTURES = [
    ["flag", "orbit", "Kept waiting"],
    ["note", "orbit", "called back"],
    ["said", "orbit", "pay", "180-200k"],
    ["schedule", "orbit", "2031-03-04T10:00", "--for", "45m"],
]


def _file(home: Path, text: str) -> Path:
    folder = home / "opportunities"
    folder.mkdir(parents=True)
    path = folder / "orbit.toml"
    path.write_text(text, "utf-8")
    return path


def _in_order(lines: list[str], text: str) -> bool:
    """Whether every one of `lines` is a line of `text`, in the same order."""
    rest = iter(text.splitlines())
    return all(any(line == other for other in rest) for line in lines)


@pytest.mark.parametrize("capture", CAPTURES, ids=lambda c: c[0])
def test_a_capture_into_a_hand_laid_out_file_keeps_every_line_of_it(
    capture: list[str], run_cli: RunCli, tmp_path: Path
) -> None:
    home = tmp_path / "ws"
    path = _file(home, HAND_LAID_OUT)
    done = run_cli(*capture, home=home)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    after = path.read_text("utf-8")
    assert _in_order(HAND_LAID_OUT.splitlines(), after), after
    data = tomllib.loads(after)
    if capture[0] == "flag":
        assert done.stdout == "orbit: red flag “Kept waiting” (severity 2)\n"
        assert [f["label"] for f in data["interviews"][0]["flags"]] == ["On time", "Kept waiting"]
    elif capture[0] == "note":
        assert done.stdout == "orbit: note added\n"
        assert [n["text"] for n in data["notes"]] == ["called back"]
    elif capture[0] == "said":
        assert [c["text"] for c in data["claims"]] == ["180-200k"]
    else:
        booked = data["scheduled"]  # at 10:00 on the clock of the zone it is written in
        assert [(s["at"].strftime("%Y-%m-%dT%H:%M"), s["minutes"]) for s in booked] == [
            ("2031-03-04T10:00", 45)
        ]
    shown = run_cli("show", "orbit", "--json", home=home)
    assert shown.returncode == 0, shown.stderr


@pytest.mark.parametrize("capture", CAPTURES, ids=lambda c: c[0])
@pytest.mark.parametrize(
    ("bad", "line", "says"),
    [
        # a value the model refuses, far from what the capture changes
        ("  severity = 1\n", "  severity = 9\n", "interviews[0].flags[0].severity: "),
        # TOML that does not parse
        ('stage = "interviewing"\n', 'stage = "interviewing\n', "invalid TOML: "),
        # a number Python refuses to read
        ('kind = "video"\n', "round = " + "7" * 5000 + "\n", "invalid TOML: a number too long"),
    ],
    ids=["bad-value", "broken-toml", "long-number"],
)
def test_a_capture_into_a_file_it_cannot_read_changes_nothing_and_says_where(
    capture: list[str], bad: str, line: str, says: str, run_cli: RunCli, tmp_path: Path
) -> None:
    home = tmp_path / "ws"
    text = HAND_LAID_OUT.replace(bad, line)
    assert text != HAND_LAID_OUT
    path = _file(home, text)
    number = text.splitlines().index(line.rstrip("\n")) + 1
    done = run_cli(*capture, home=home)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stdout == ""
    assert done.stderr.startswith(f"catbird: {path}:{number}: {says}"), done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert path.read_text("utf-8") == text
    assert sorted(p.name for p in path.parent.iterdir()) == ["orbit.toml"]  # no temp file left
