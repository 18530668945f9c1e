"""Where a traceback or a silent wrong result used to be, a message: the real CLI, run as a
process (the clock, standard output and the exit code are the process's own)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest
from pydantic import ValidationError

from conftest import SAMPLE_DATA

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def _one_line(result: subprocess.CompletedProcess[str], *wanted: str) -> str:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("catbird: "), result.stderr
    for text in wanted:
        assert text in lines[0], lines[0]
    return lines[0]


def _run(
    env: dict[str, str], home: Path, *args: str, stdout: int | IO[str] = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "catbird", "--home", str(home), *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    shutil.copytree(SAMPLE_DATA, home)
    return home


def test_a_junk_catbird_now_is_one_message_and_changes_nothing(
    home: Path, cli_env: dict[str, str]
) -> None:
    env = cli_env | {"CATBIRD_NOW": "junk"}
    for args in (["list"], ["add", "Nimbus"], ["note", "halyard", "x"], []):
        _one_line(_run(env, home, *args), "CATBIRD_NOW='junk' is not a time")
    assert not (home / "opportunities" / "nimbus.toml").exists()


def test_a_closed_or_full_standard_output_is_one_message(
    home: Path, cli_env: dict[str, str]
) -> None:
    closed = subprocess.run(
        [
            "sh",
            "-c",
            'exec "$@" >&-',
            "sh",
            sys.executable,
            "-m",
            "catbird",
            "--home",
            str(home),
            "add",
            "Nimbus",
        ],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=60,
    )
    assert closed.stdout == ""
    _one_line(closed, "standard output is closed; nothing was done")
    assert not (home / "opportunities" / "nimbus.toml").exists()

    for args in (["list"], ["locate"], ["export"], ["show", "halyard"]):
        with open("/dev/full", "w") as full:
            _one_line(_run(cli_env, home, *args, stdout=full), "No space left on device")


def test_a_year_9999_time_is_refused_where_check_sees_it_not_crashing_exports(
    home: Path, run_cli: RunCli
) -> None:
    from catbird.model import Opportunity

    with pytest.raises(ValidationError, match="year 9999 is outside 1900–9000"):
        Opportunity.model_validate({"company": "Acme", "created_at": "9999-12-31T23:30:00-05:00"})

    file = home / "opportunities" / "quillmark.toml"
    text = file.read_text("utf-8")
    lines = text.splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("created_at"))
    file.write_text(text.replace(lines[number - 1], "created_at = 9999-12-31T23:30:00-05:00"))

    check = run_cli("check", home=home)
    assert check.returncode == 1
    assert f"{file}:{number}: created_at:" in check.stdout and "year 9999" in check.stdout
    for form in ("markdown", "csv", "json"):
        exported = run_cli("export", "--format", form, home=home)
        assert exported.returncode == 0 and "Traceback" not in exported.stderr
        assert "Halyard Systems" in exported.stdout
        assert f"skipped {file}:{number}" in exported.stderr


def test_ten_thousand_csv_columns_are_a_message_on_their_line(
    tmp_path: Path, run_cli: RunCli
) -> None:
    wide = tmp_path / "wide.csv"
    header = ",".join(["company", *(f"c{i}" for i in range(10_000))])
    # Real columns hold different values: kept in the note, they make it too long to save.
    cells = ["Acme", *(f"value {i}" for i in range(10_000))]
    wide.write_text(f"{header}\n" + ",".join(cells) + "\n")
    result = run_cli("import", str(wide), home=tmp_path / "home")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{wide}:2: ")
    assert not (tmp_path / "home" / "opportunities").exists()


def test_an_unbalanced_quote_in_a_csv_is_reported_on_its_line_not_merged(
    tmp_path: Path, run_cli: RunCli
) -> None:
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "company,role,notes\n"
        'Acme,Dev,"likes tea\n'  # the quote is never closed
        "Beta,QA,fine\n"
        "Gamma,Ops,ok\n"
        "Delta,PM,good\n"
    )
    result = run_cli("import", str(tracker), home=tmp_path / "home")
    assert result.returncode == 1, result.stdout
    assert (
        f"{tracker}:2: a quote opened on this line is not closed where the row ends: the 3 rows "
        'after it were read into one cell (close the quote, or write a quote inside a cell as "")'
    ) in result.stderr.splitlines()
    assert not (tmp_path / "home" / "opportunities").exists()

    # A note written over several lines, quoted properly, is still one cell.
    tracker.write_text('company,role,notes\nAcme,Dev,"likes tea\nand long walks"\nBeta,QA,ok\n')
    result = run_cli("import", str(tracker), home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["acme", "beta"]
