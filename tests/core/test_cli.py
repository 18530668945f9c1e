"""The CLI contract, run for real: `python -m catbird --home TMP …` in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from catbird.model import OPPORTUNITY_SCHEMA_VERSION
from conftest import SUMMARY_KEYS

RunCli = Callable[..., subprocess.CompletedProcess[str]]  # the `run_cli` fixture


def _snapshot(home: Path) -> dict[str, bytes]:
    """Every file of the workspace, byte for byte (lock files are empty and come and go)."""
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and "locks" not in p.parts
    }


def _ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def _no_escape(*results: subprocess.CompletedProcess[str]) -> None:
    for result in results:
        assert "\x1b" not in result.stdout, result.stdout[:400]
        assert "\x1b" not in result.stderr, result.stderr[:400]
        assert "\x9b" not in result.stdout + result.stderr
        assert "Traceback" not in result.stderr


def test_adding_a_company_already_there_keeps_it_and_names_the_slug_to_use(
    run_cli: RunCli, tmp_path: Path
) -> None:
    home = tmp_path / "ws"
    first = _ok(run_cli("add", "Northwind Labs", "--role", "Staff Engineer", home=home))
    assert (first.stdout, first.stderr) == ("northwind-labs\n", "")
    second = _ok(run_cli("add", "northwind labs", "--role", "Platform Lead", home=home))
    assert second.stdout == "northwind-labs-platform-lead\n"  # stdout: the slug, as ever
    assert "already here as northwind-labs;" in second.stderr
    assert "use that slug" in second.stderr and "northwind-labs-platform-lead" in second.stderr
    third = _ok(run_cli("add", "Northwind Labs", home=home))
    assert third.stdout == "northwind-labs-2\n"
    assert "northwind-labs, northwind-labs-platform-lead;" in third.stderr
    assert sorted(p.stem for p in (home / "opportunities").iterdir()) == [
        "northwind-labs",
        "northwind-labs-2",
        "northwind-labs-platform-lead",
    ]
    # A company whose slug merely starts the same way is another company.
    assert _ok(run_cli("add", "Northwind", home=home)).stderr == ""
    hostile = _ok(run_cli("add", "Evil\x1b]52;c;eA==\x07", home=home))
    again = _ok(run_cli("add", "Evil\x1b]52;c;eA==\x07", home=home))
    assert hostile.stderr == "" and "\x1b" not in again.stderr and "Evil" in again.stderr


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


# ---- capture and read ------------------------------------------------------------------------


def test_capture_then_read(run_cli: RunCli, home: Path, tmp_path: Path) -> None:
    today = date.today()
    added = _ok(
        run_cli(
            "add",
            "Acme Corp",
            "--role",
            "Staff Engineer",
            "--link",
            "https://acme.example/jobs/1",
            "--tag",
            "remote",
            "--next",
            "Send portfolio",
            "--due",
            today.isoformat(),
            home=home,
        )
    )
    assert added.stdout == "acme-corp\n"
    assert _ok(run_cli("add", "Acme Corp", home=home)).stdout == "acme-corp-2\n"
    assert _ok(run_cli("add", "Globex", "--stage", "APPLIED", home=home)).stdout == "globex\n"
    assert not (tmp_path / "not-this-one").exists()  # --home wins over $CATBIRD_HOME

    moved = _ok(run_cli("move", "acme-corp", "interviewing", "--note", "Phone screen", home=home))
    assert moved.stdout == "acme-corp: lead → interviewing\n"
    flagged = _ok(run_cli("flag", "acme-corp", "Kept waiting", "--severity", "3", home=home))
    assert flagged.stdout == "acme-corp: red flag “Kept waiting” (severity 3)\n"
    green = _ok(run_cli("flag", "glob", "Great questions", "--green", home=home))
    assert green.stdout == "globex: green flag “Great questions” (severity 2)\n"
    noted = _ok(run_cli("note", "acme-corp-2", "Remember the parking", home=home))
    assert noted.stdout == "acme-corp-2: note added\n"

    shown = json.loads(_ok(run_cli("show", "acme-corp", "--json", home=home)).stdout)
    assert shown["slug"] == "acme-corp" and shown["stage"] == "interviewing"
    assert shown["schema_version"] == OPPORTUNITY_SCHEMA_VERSION and shown["tags"] == ["remote"]
    assert shown["next_action"] == {"text": "Send portfolio", "due": today.isoformat()}
    assert [(h.get("from_stage"), h["stage"], h["note"]) for h in shown["stage_history"]] == [
        (None, "lead", ""),
        ("lead", "interviewing", "Phone screen"),
    ]
    [interview] = shown["interviews"]
    assert [(f["label"], f["kind"], f["severity"]) for f in interview["flags"]] == [
        ("Kept waiting", "red", 3)
    ]

    listed = json.loads(_ok(run_cli("list", "--json", home=home)).stdout)
    assert set(listed) == {"version", "opportunities", "problems"}
    assert listed["version"] == 1 and listed["problems"] == []
    for item in listed["opportunities"]:
        assert set(item) == SUMMARY_KEYS
    # Ordered by stage, then company.
    assert [(o["slug"], o["stage"]) for o in listed["opportunities"]] == [
        ("acme-corp-2", "lead"),
        ("globex", "applied"),
        ("acme-corp", "interviewing"),
    ]
    acme = listed["opportunities"][2]
    assert (acme["red"], acme["red_weight"], acme["next_due"]) == (1, 3, today.isoformat())

    only = _ok(run_cli("list", "--stage", "Interviewing", home=home))
    assert only.stdout.splitlines() == [
        f"acme-corp  interviewing  Acme Corp — Staff Engineer  → Send portfolio by {today}"
    ]
    text = _ok(run_cli("list", home=home)).stdout.splitlines()
    assert [line.split()[0] for line in text] == ["acme-corp-2", "globex", "acme-corp"]

    markdown = _ok(run_cli("show", "acme-corp", home=home)).stdout
    assert markdown.startswith("# Acme Corp — Staff Engineer\n")
    assert "Kept waiting (severity 3)" in markdown

    in_a_week = (today + timedelta(days=5)).isoformat()
    _ok(run_cli("add", "Initech", "--next", "Prepare", "--due", in_a_week, home=home))
    due = json.loads(_ok(run_cli("due", "--json", home=home)).stdout)
    assert set(due) == {"version", "today", "due"} and due["today"] == today.isoformat()
    assert [(d["slug"], d["kind"], d["text"]) for d in due["due"]] == [
        ("acme-corp", "next-action", "Send portfolio")
    ]
    assert set(due["due"][0]) == {
        "slug",
        "company",
        "kind",
        "text",
        "due",
        "follow_up_id",
        "follow_up_kind",
        "contact",
        "email",
        "letter",
    }
    week = _ok(run_cli("due", "--days", "7", home=home)).stdout.splitlines()
    assert len(week) == 2
    assert week[0].startswith(f"{today} today") and week[0].endswith("[acme-corp]")
    assert week[1].startswith(in_a_week) and "Initech: Prepare" in week[1]


def test_an_empty_workspace_reads_cleanly(run_cli: RunCli, home: Path) -> None:
    listed = _ok(run_cli("list", home=home))
    assert listed.stdout == "" and "catbird add COMPANY" in listed.stderr
    assert json.loads(_ok(run_cli("due", "--json", home=home)).stdout)["due"] == []


def test_locate_and_catbird_home(run_cli: RunCli, home: Path, cli_env: dict[str, str]) -> None:
    located = _ok(run_cli("locate", home=home)).stdout.splitlines()
    assert located[:3] == [
        f"workspace      {home}",
        f"profile        {home / 'profile.toml'}",
        f"opportunities  {home / 'opportunities'}",
    ]
    assert located[3] == f"config         {cli_env['CATBIRD_CONFIG']}"
    assert not home.exists()  # locating creates nothing

    other = home.parent / "from-env"
    env = {**cli_env, "CATBIRD_HOME": str(other)}
    result = subprocess.run(
        [sys.executable, "-m", "catbird", "add", "Acme"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0 and (other / "opportunities" / "acme.toml").is_file()


# ---- errors: 1 for what the user can fix (nothing changed), 2 for wrong usage ---------------


def test_user_errors_exit_1_and_change_nothing(run_cli: RunCli, home: Path) -> None:
    for company in ("Acme", "Acme"):
        _ok(run_cli("add", company, home=home))
    _ok(run_cli("move", "acme", "applied", home=home))
    (home / "opportunities" / "broken.toml").write_bytes(b'company = "Broken"\nstage = 5\n')
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    cases = [
        (("move", "ac", "interviewing"), "'ac' matches 2 opportunities:\n  acme  (Acme)"),
        (("move", "hooli", "lead"), "no opportunity matches 'hooli'"),
        (("move", "acme", "applied"), "acme is already at 'applied'"),
        (("note", "acme", "  \x07 "), "must not be empty"),
        (("note", "acme", "x" * 100_000), "at most 50000"),
        (("flag", "acme", "\x1b[31m"), "must not be empty"),
        (("add", "Initech", "--next", "Call", "--due", yesterday), "is in the past"),
        (("add", "\x1b]52;c;aGk=\x07"), "must not be empty"),
        (("flag", "broken", "Late"), "broken.toml:2: stage: Input should be"),
        (("show", "broken"), "broken.toml:2: stage"),
        (("export", "broken"), "broken.toml:2: stage"),
    ]
    for args, message in cases:
        before = _snapshot(home)
        result = run_cli(*args, home=home)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stdout == ""
        assert result.stderr.startswith("catbird: ") and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert _snapshot(home) == before, args


def test_usage_errors_exit_2(run_cli: RunCli, home: Path) -> None:
    _ok(run_cli("add", "Acme", home=home))
    before = _snapshot(home)
    cases = [
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("move", "acme", "hired"), "unknown stage 'hired'; stages are: lead, applied"),
        (("add", "X", "--stage", "won"), "unknown stage 'won'"),
        (("list", "--stage", "nope"), "unknown stage 'nope'"),
        (("flag", "acme", "Late", "--severity", "4"), "severity is 1, 2 or 3, not '4'"),
        (("flag", "acme", "Late", "--severity", "high"), "severity is 1, 2 or 3"),
        (("add",), "the following arguments are required: company"),
        (("add", "X", "--due", "tomorrow"), "'tomorrow' is not a date like 2026-12-01"),
        (("export", "--format", "pdf"), "invalid choice: 'pdf'"),
        (("list", "--stage", "\x1b[31mred"), "unknown stage '\\x1b[31mred'"),
        (("list", "\x1b]52;c;aGk=\x07"), "unrecognized arguments: \\x1b]52;c;aGk=\\x07"),
    ]
    for args, message in cases:
        result = run_cli(*args, home=home)
        assert result.returncode == 2, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        _no_escape(result)
    assert _snapshot(home) == before


# ---- check -----------------------------------------------------------------------------------


def test_check_reports_each_broken_file_at_its_line(run_cli: RunCli, home: Path) -> None:
    _ok(run_cli("add", "Acme", home=home))
    _ok(run_cli("add", "Globex", home=home))
    clean = _ok(run_cli("check", home=home))
    assert clean.stdout == "" and "2 opportunities and the profile read cleanly" in clean.stderr

    folder = home / "opportunities"
    (folder / "bad-toml.toml").write_text('company = "Bad"\nrole = "unterminated\n')
    (folder / "bad-stage.toml").write_text('# by hand\ncompany = "Bad"\n\nstage = "hired"\n')
    (folder / "newer.toml").write_text('company = "New"\nschema_version = 99\n')
    (home / "profile.toml").write_text("[tally]\nthreshold = 0\n")
    before = {k: v for k, v in _snapshot(home).items() if not k.startswith(".catbird")}

    result = run_cli("check", home=home)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{home / 'profile.toml'}:2",
        f"{folder / 'bad-stage.toml'}:4",
        f"{folder / 'bad-toml.toml'}:2",
        f"{folder / 'newer.toml'}:2",
    ]
    assert lines[0].endswith("tally.threshold: Input should be greater than or equal to 1")
    assert lines[1].endswith(
        "stage: Input should be 'lead', 'applied', 'screening', "
        "'interviewing', 'offer', 'accepted', 'declined', 'withdrawn', 'walked-away', "
        "'rejected' or 'ghosted'"
    )
    assert "invalid TOML" in lines[2] and "upgrade Catbird" in lines[3]
    assert "4 problem(s)" in result.stderr

    # The rest still loads; the broken ones are named on stderr.
    listed = _ok(run_cli("list", home=home))
    assert [line.split()[0] for line in listed.stdout.splitlines()] == ["acme", "globex"]
    assert listed.stderr.count("catbird: skipped ") == 3
    assert "(profile ignored)" in listed.stderr
    data = json.loads(_ok(run_cli("list", "--json", home=home)).stdout)
    assert len(data["opportunities"]) == 2 and len(data["problems"]) == 3
    # Reading and checking never touch the files (only Catbird's own index may change).
    after = _snapshot(home)
    assert {k: v for k, v in after.items() if not k.startswith(".catbird")} == before


# ---- export ------------------------------------------------------------------------------------


def test_export_formats_and_safe_output(run_cli: RunCli, home: Path, tmp_path: Path) -> None:
    for company in ('=HYPERLINK("http://evil.example","click")', "+1 Corp", "@SUM(A1)", "Acme"):
        _ok(run_cli("add", company, "--role=-2+3", home=home))
    _ok(run_cli("flag", "acme", "Late", home=home))

    markdown = _ok(run_cli("export", home=home)).stdout
    assert markdown.startswith("# Job search — 4 opportunities\n")
    assert "## Acme — -2+3" in markdown

    rows = list(
        csv.reader(io.StringIO(_ok(run_cli("export", "--format", "csv", home=home)).stdout))
    )
    header, body = rows[0], rows[1:]
    assert header[:4] == ["slug", "company", "role", "stage"]
    companies = sorted(row[1] for row in body)
    assert companies == [
        "'+1 Corp",
        '\'=HYPERLINK("http://evil.example","click")',
        "'@SUM(A1)",
        "Acme",
    ]
    assert {row[2] for row in body} == {"'-2+3"}
    for row in body:
        assert not any(cell[:1] in "=+-@" for cell in row if cell), row

    data = json.loads(_ok(run_cli("export", "acme", "--format", "json", home=home)).stdout)
    assert data["version"] == 1 and [o["slug"] for o in data["opportunities"]] == ["acme"]
    assert data["opportunities"][0]["interviews"][0]["flags"][0]["label"] == "Late"

    out = tmp_path / "export.json"
    written = _ok(run_cli("export", "--format", "json", "--output", str(out), home=home))
    assert written.stdout == "" and "wrote 4 opportunities" in written.stderr
    assert len(json.loads(out.read_text())["opportunities"]) == 4
    first = out.read_bytes()

    _ok(run_cli("note", "acme", "changed", home=home))
    again = run_cli("export", "--format", "json", "--output", str(out), home=home)
    assert again.returncode == 1 and "already exists (add --force to overwrite)" in again.stderr
    assert out.read_bytes() == first
    _ok(run_cli("export", "--format", "json", "--output", str(out), "--force", home=home))
    assert out.read_bytes() != first

    before = _snapshot(home)
    for inside in (home / "export.md", home / "opportunities" / "acme.toml", home):
        refused = run_cli("export", "--output", str(inside), "--force", home=home)
        assert refused.returncode == 1
        assert "refusing to write an export inside the workspace" in refused.stderr
    nowhere = run_cli("export", "--output", str(tmp_path / "no" / "such" / "x.md"), home=home)
    assert nowhere.returncode == 1 and "no such folder" in nowhere.stderr
    assert _snapshot(home) == before


# ---- hostile text ------------------------------------------------------------------------------

HOSTILE = [
    ("[bold]x[/]", "[bold]x[/]"),
    ("[@click=app.quit]Quit[/]", "[@click=app.quit]Quit[/]"),
    ("[link=http://x]Link[/link]", "[link=http://x]Link[/link]"),
    ("Clip\x1b]52;c;aGk=\x07board", "Clipboard"),
    ("\x1b]8;;http://evil.example\x1b\\Hyper\x1b]8;;\x1b\\link", "Hyperlink"),
    ("\x1b[31mRed\x1b[0m Co", "Red Co"),
    ("Pasted\x08\x07\x0b\x0c\x7f\x9b2J Ltd", "Pasted Ltd"),
]


def test_hostile_text_is_kept_literally_and_never_reaches_the_terminal(
    run_cli: RunCli, home: Path, tmp_path: Path
) -> None:
    results = []
    slugs = []
    for raw, _ in HOSTILE:
        added = _ok(run_cli("add", raw, "--role", raw, "--next", raw, home=home))
        results.append(added)
        slugs.append(added.stdout.strip())
    target = slugs[0]
    huge = "€uro " * 14_000  # 98 kB of UTF-8, 70,000 characters: refused, clearly
    refused = run_cli("note", target, huge, home=home)
    assert refused.returncode == 1 and "at most 50000" in refused.stderr
    big = ("\x1b[31m€\x1b[0m" * 8_000) + "[bold]end[/]"  # 96 kB typed, 24 kB once cleaned
    results += [
        refused,
        _ok(run_cli("note", target, big, home=home)),
        _ok(run_cli("flag", target, "Said \x1b]52;c;aGk=\x07[red]no[/]", home=home)),
    ]
    listing = _ok(run_cli("list", home=home))
    as_json = _ok(run_cli("list", "--json", home=home))
    shown = _ok(run_cli("show", target, home=home))
    shown_json = _ok(run_cli("show", target, "--json", home=home))
    exported = [
        _ok(run_cli("export", "--format", fmt, home=home)) for fmt in ("markdown", "csv", "json")
    ]
    due = _ok(run_cli("due", "--days", "1", home=home))
    results += [listing, as_json, shown, shown_json, *exported, due]
    _no_escape(*results)

    companies = {o["company"] for o in json.loads(as_json.stdout)["opportunities"]}
    assert companies == {kept for _, kept in HOSTILE}
    for _, kept in HOSTILE:
        assert kept in listing.stdout
    record = json.loads(shown_json.stdout)
    assert record["notes"][0]["text"] == "€" * 8_000 + "[bold]end[/]"
    assert record["interviews"][0]["flags"][0]["label"] == "Said [red]no[/]"
    assert "€" * 8_000 + "\\[bold\\]end\\[/\\]" in shown.stdout  # Markdown-escaped, not lost
    files = b"".join(p.read_bytes() for p in (home / "opportunities").iterdir())
    assert b"\x1b" not in files and b"\x07" not in files


# ---- capture never imports Textual -----------------------------------------------------------


def test_capture_commands_do_not_import_textual(home: Path, cli_env: dict[str, str]) -> None:
    # Nor tomlkit (a file with no comments of the user's is written anew), nor
    # importlib.metadata (pydantic's plugin lookup, answered as the entry point does), nor
    # shtab. More in test_capture_start.py, through the entry point itself.
    script = """
import sys
from catbird.startup import without_pydantic_plugins
without_pydantic_plugins()
from catbird.cli import main
home = sys.argv[1]
for args in (["add", "Acme"], ["flag", "acme", "Late"], ["note", "acme", "hi"],
             ["move", "acme", "applied"], ["list"], ["list", "--json"], ["due"],
             ["show", "acme"]):
    assert main(["--home", home, *args]) == 0, args
never = ("textual", "rich", "tomlkit", "importlib.metadata", "shtab")
loaded = sorted(m for m in sys.modules if any(m == n or m.startswith(n + ".") for n in never))
assert not loaded, loaded
print("ok")
"""
    result = subprocess.run(
        [sys.executable, "-c", script, str(home)],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith("ok\n")
