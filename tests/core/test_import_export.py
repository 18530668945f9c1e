"""`catbird export` and `catbird import`, run as real processes on throw-away workspaces."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from catbird.exchange.export import write_export
from catbird.exchange.spreadsheet import guess_mapping, parse_date, parse_status
from catbird.model import Opportunity, Stage
from catbird.store import CatbirdError, Workspace
from catbird.store.paths import sample_data_dir

RunCli = Callable[..., subprocess.CompletedProcess[str]]  # the `run_cli` fixture
SAMPLE = sample_data_dir()


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    home = tmp_path / "sample"
    shutil.copytree(SAMPLE, home)
    return home


def snapshot(home: Path) -> dict[str, bytes]:
    """Every file under `home`, byte for byte (folders too, as empty entries)."""
    if not home.exists():
        return {}
    out: dict[str, bytes] = {}
    for path in sorted(home.rglob("*")):
        key = str(path.relative_to(home))
        out[key] = b"<dir>" if path.is_dir() else path.read_bytes()
    return out


def loaded(home: Path) -> dict[tuple[str, str], Opportunity]:
    opportunities, problems = Workspace(home).load_all()
    assert problems == []
    return {(o.company, o.role): o for o in opportunities}


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# ---- export -------------------------------------------------------------------------------


def test_csv_export_import_round_trip(tmp_path: Path, sample: Path, run_cli: RunCli) -> None:
    exported = tmp_path / "search.csv"
    result = run_cli("export", "--format", "csv", "--output", str(exported), home=sample)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(exported.read_text("utf-8"))))
    assert len(rows) == 14
    assert {"applied_on", "closed_on", "people", "latest_note"} <= set(rows[0])

    fresh = tmp_path / "fresh"
    result = run_cli("import", str(exported), home=fresh)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.split()) == 14
    before, after = loaded(sample), loaded(fresh)
    assert set(after) == set(before)
    for key, o in before.items():
        n = after[key]
        assert n.stage == o.stage, key
        assert (n.link, n.source, n.location, n.tags) == (o.link, o.source, o.location, o.tags)
        assert n.next_action == o.next_action, key
        assert n.created_at.date() == o.created_at.date(), key
        assert n.stage_entered_at().date() == o.stage_entered_at().date(), key
        assert (n.closing.reason if n.closing else "") == (o.closing.reason if o.closing else "")
        assert [c.name for c in n.contacts] == [c.name for c in o.contacts], key
        if o.notes:
            assert n.notes[0].text == o.notes[-1].text, key

    # The same file again: every row is already there, skipped and reported; nothing new.
    again = run_cli("import", str(exported), home=fresh)
    assert again.returncode == 0, again.stderr
    assert again.stdout == ""
    assert again.stderr.count("already in the workspace") == 14
    assert len(Workspace(fresh).slugs()) == 14


def test_markdown_export_of_the_whole_search_reads_for_a_mentor(
    sample: Path, run_cli: RunCli
) -> None:
    result = run_cli("export", home=sample)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    for heading in (
        "# Job search — 14 opportunities",
        "## At a glance",
        "## Closed",
        "## What I am looking for",
        "### Dealbreakers",
        "## Insights",
        "### Funnel",
        "### Time in stage",
        "### Red flags seen most",
    ):
        assert f"\n{heading}\n" in f"\n{text}", heading
    assert "| applied | 12 | 86% |" in text
    assert "| Vague about scope, team or budget | 4 | 4 |" in text
    # Active opportunities come first, in pipeline order, closed ones last.
    assert text.index("## Halyard Systems") < text.index("## Fernhollow Software")
    assert text.index("## Fernhollow Software") < text.index("## Kestrel Works")


NOTE = "Base band 205k-240k. Team of six, two open seats."  # Larkspur, round 1
FLAG_NOTE = "Could not say what happens after the migration"  # Pinecrest, a flag's note


def test_interview_notes_are_in_every_export(sample: Path, run_cli: RunCli) -> None:
    Workspace(sample).update(
        "larkspur-analytics",
        lambda o: o.model_copy(
            update={
                "interviews": [
                    o.interviews[0].model_copy(
                        update={
                            "notes": [
                                *o.interviews[0].notes,
                                o.interviews[0]
                                .notes[0]
                                .model_copy(
                                    update={"id": "twolines00", "text": "First line\nsecond *line*"}
                                ),
                            ]
                        }
                    ),
                    *o.interviews[1:],
                ]
            }
        ),
    )
    markdown = run_cli("export", home=sample).stdout
    assert f"  - 13:27 Note: {NOTE}" in markdown
    assert "  - 13:27 Note: First line\n    second \\*line\\*" in markdown
    assert f"(severity 1) — {FLAG_NOTE}" in markdown

    rows = list(
        csv.DictReader(io.StringIO(run_cli("export", "--format", "csv", home=sample).stdout))
    )
    larkspur = next(r for r in rows if r["slug"] == "larkspur-analytics")
    assert f"Round 1, 2026-11-12 13:27: {NOTE}" in larkspur["interview_notes"].split("\n")
    assert list(rows[0])[-1] == "interview_notes"  # a new column goes at the end

    data = json.loads(run_cli("export", "--format", "json", home=sample).stdout)
    by_slug = {o["slug"]: o for o in data["opportunities"]}
    [first, *_] = by_slug["larkspur-analytics"]["interviews"]
    assert first["notes"][0]["text"] == NOTE
    assert set(first["notes"][0]) == {"id", "at", "text"}


def test_json_export_carries_the_profile(sample: Path, run_cli: RunCli) -> None:
    result = run_cli("export", "--format", "json", home=sample)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert len(data["opportunities"]) == 14
    assert data["profile"]["dealbreakers"][0]["text"].startswith("A future boss")


def test_export_refuses_paths_it_should_not_write(
    tmp_path: Path, sample: Path, run_cli: RunCli
) -> None:
    target = tmp_path / "out.md"
    target.write_text("mine\n")
    result = run_cli("export", "--output", str(target), home=sample)
    assert result.returncode == 1
    assert "--force" in result.stderr
    assert target.read_text() == "mine\n"

    result = run_cli("export", "--output", str(target), "--force", home=sample)
    assert result.returncode == 0, result.stderr
    assert target.read_text().startswith("# Job search")

    inside = sample / "opportunities" / "x.md"
    result = run_cli("export", "--output", str(inside), "--force", home=sample)
    assert result.returncode == 1 and "inside the workspace" in result.stderr
    assert not inside.exists()

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run_cli("export", "--output", str(fifo), "--force", home=sample)
    assert result.returncode == 1 and "not a regular file" in result.stderr
    assert fifo.exists() and not fifo.is_file()

    result = run_cli("export", "--output", str(tmp_path), home=sample)
    assert result.returncode == 1 and "folder" in result.stderr


def test_write_export_checks_the_target_then_writes_it_whole(tmp_path: Path, sample: Path) -> None:
    """The one writer behind `export --output` and the worksheet's text export."""
    ws = Workspace(sample)
    target = tmp_path / "notes.md"
    write_export(ws.home, target, "# Talking points\n", force=False)
    assert target.read_text("utf-8") == "# Talking points\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md", "sample"]  # no temp left
    with pytest.raises(CatbirdError, match="already exists"):
        write_export(ws.home, target, "other\n", force=False)
    write_export(ws.home, target, "other\n", force=True)
    assert target.read_text("utf-8") == "other\n"
    before = snapshot(sample)
    with pytest.raises(CatbirdError, match="inside the workspace"):
        write_export(ws.home, sample / "profile.toml", "x", force=True)
    assert snapshot(sample) == before
    with pytest.raises(CatbirdError, match="no such folder"):
        write_export(ws.home, tmp_path / "missing" / "x.md", "x", force=True)


# ---- import: what spreadsheets write ------------------------------------------------------

TRACKER = (
    "Company,Job Title,Status,Date Applied,Link,Location,Salary,Next step,Follow-up date,Notes\n"
    "Northwind Labs,Staff Engineer,Phone screen,11/05/2026,https://nw.example/1,Remote,"
    '180k,Send portfolio,11/30/2026,"Liked the team.\nAsk about on-call."\n'
    "Acme,SRE,Rejected after onsite,10/20/2026,,NYC,,,,\n"
    "Blue Harbor,,No response,10/01/2026,,,,,,\n"
)


def test_utf8_with_bom(tmp_path: Path, run_cli: RunCli) -> None:
    home = tmp_path / "home"
    path = write(tmp_path / "t.csv", "\ufeff" + TRACKER)
    result = run_cli("import", str(path), home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["northwind-labs", "acme", "blue-harbor"]
    got = loaded(home)
    nw = got[("Northwind Labs", "Staff Engineer")]
    assert nw.stage == Stage.SCREENING
    assert nw.link == "https://nw.example/1" and nw.location == "Remote"
    assert nw.created_at.date() == date(2026, 11, 5)
    assert nw.next_action is not None
    assert (nw.next_action.text, nw.next_action.due) == ("Send portfolio", date(2026, 11, 30))
    assert nw.notes[0].text == "Liked the team.\nAsk about on-call."
    assert nw.notes[1].text == "From t.csv:\nSalary: 180k"  # no field for it: kept, not lost
    acme = got[("Acme", "SRE")]
    assert acme.stage == Stage.REJECTED and acme.closing is not None
    assert got[("Blue Harbor", "")].stage == Stage.GHOSTED


def test_utf16_tab_separated(tmp_path: Path, run_cli: RunCli) -> None:
    # What "Unicode text" from a spreadsheet looks like: UTF-16 with a BOM, tabs, CRLF.
    text = "Employer\tPosition\tStage\r\nZürich Søftware\tBackend — Platform\tInterview\r\n"
    path = write(tmp_path / "t.txt", text, "utf-16")
    home = tmp_path / "home"
    result = run_cli("import", str(path), home=home)
    assert result.returncode == 0, result.stderr
    o = loaded(home)[("Zürich Søftware", "Backend — Platform")]
    assert o.stage == Stage.INTERVIEWING


def test_cp1252(tmp_path: Path, run_cli: RunCli) -> None:
    text = "Company,Role,Notes\nCafé Größe,Ingénieur,“Smart quotes” – and a dash\n"
    path = write(tmp_path / "t.csv", text, "cp1252")
    home = tmp_path / "home"
    dry = run_cli("import", str(path), "--dry-run", home=home)
    assert "Windows-1252" in dry.stdout
    result = run_cli("import", str(path), home=home)
    assert result.returncode == 0, result.stderr
    o = loaded(home)[("Café Größe", "Ingénieur")]
    assert o.notes[0].text == "“Smart quotes” – and a dash"


def test_semicolons_and_day_first_dates(tmp_path: Path, run_cli: RunCli) -> None:
    text = (
        "Unternehmen;Position;Status;Beworben am;Gehalt\n"
        "Kestrel GmbH;Entwickler;Applied;05/11/2026;85.000,50\n"
        "Lark AG;Architekt;Offer;25/10/2026;\n"
    )
    path = write(tmp_path / "t.csv", text)
    home = tmp_path / "home"
    # "Unternehmen" is not a header we know: name the company column.
    result = run_cli(
        "import",
        str(path),
        "--map",
        "Unternehmen=company",
        "--map",
        "Beworben am=applied",
        home=home,
    )
    assert result.returncode == 0, result.stderr
    got = loaded(home)
    kestrel = got[("Kestrel GmbH", "Entwickler")]
    assert kestrel.created_at.date() == date(2026, 11, 5)  # 25/10 shows days come first
    assert kestrel.notes[0].text == "From t.csv:\nGehalt: 85.000,50"
    assert got[("Lark AG", "Architekt")].stage == Stage.OFFER


def test_quoted_newlines_keep_physical_line_numbers(tmp_path: Path, run_cli: RunCli) -> None:
    text = (
        "Company,Status,Notes\n"  # line 1
        'Alpha,Applied,"one\ntwo\nthree"\n'  # lines 2-4
        "Beta,Blorp,\n"  # line 5: an unknown status
    )
    path = write(tmp_path / "t.csv", text)
    home = tmp_path / "home"
    result = run_cli("import", str(path), home=home)
    assert result.returncode == 1
    assert f"{path}:5: unknown status 'Blorp'" in result.stderr
    assert "nothing was imported" in result.stderr
    assert not home.exists()


def test_missing_columns_and_stage_default(tmp_path: Path, run_cli: RunCli) -> None:
    path = write(tmp_path / "t.csv", "Company\nOnly Name Inc\n\n,\n")
    home = tmp_path / "home"
    result = run_cli("import", str(path), "--stage-default", "applied", home=home)
    assert result.returncode == 0, result.stderr
    o = loaded(home)[("Only Name Inc", "")]
    assert o.stage == Stage.APPLIED and o.role == "" and o.notes == []


def test_hostile_text_is_stored_literally_without_escapes(tmp_path: Path, run_cli: RunCli) -> None:
    text = (
        "Company,Role,Notes,Tags\n"
        '"[bold]x[/]","Evil\x1b]52;c;aGk=\x07 role","[@click=app.quit]q[/] \x1b[31mred",'
        '"[link=https://e.example]t[/link]"\n'
    )
    path = write(tmp_path / "t.csv", text)
    home = tmp_path / "home"
    result = run_cli("import", str(path), home=home)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout + result.stderr
    o = loaded(home)[("[bold]x[/]", "Evil role")]
    assert o.notes[0].text == "[@click=app.quit]q[/] red"
    assert o.tags == ["[link=https://e.example]t[/link]"]
    stored = (home / "opportunities" / f"{o.slug}.toml").read_bytes()
    assert b"\x1b" not in stored and b"\x07" not in stored


def test_formula_guard_round_trips(tmp_path: Path, run_cli: RunCli) -> None:
    home = tmp_path / "home"
    assert run_cli("add", "=HYPERLINK(1)", "--role=-dash", home=home).returncode == 0
    exported = tmp_path / "out.csv"
    assert (
        run_cli("export", "--format", "csv", "--output", str(exported), home=home).returncode == 0
    )
    assert "'=HYPERLINK(1)" in exported.read_text()
    fresh = tmp_path / "fresh"
    result = run_cli("import", str(exported), home=fresh)
    assert result.returncode == 0, result.stderr
    assert ("=HYPERLINK(1)", "-dash") in loaded(fresh)


# ---- import: all or nothing ---------------------------------------------------------------


def test_a_bad_row_imports_nothing(tmp_path: Path, sample: Path, run_cli: RunCli) -> None:
    text = (
        "Company,Role,Status,Date applied\n"
        "Good One,Dev,Applied,2026-11-01\n"  # line 2
        "Bad Date,Dev,Applied,2026-13-45\n"  # line 3
        "Good Two,Dev,Interview,2026-11-02\n"  # line 4
        ",No company,Applied,\n"  # line 5
    )
    path = write(tmp_path / "t.csv", text)
    before = snapshot(sample)
    result = run_cli("import", str(path), home=sample)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{path}:3: applied:") for line in lines), result.stderr
    assert f"{path}:5: no company" in lines
    assert "2 of 4 rows could not be read; nothing was imported" in result.stderr
    assert snapshot(sample) == before

    dry = run_cli("import", str(path), "--dry-run", home=sample)
    assert dry.returncode == 1
    assert snapshot(sample) == before

    skipping = run_cli("import", str(path), "--skip-bad", home=sample)
    assert skipping.returncode == 0, skipping.stderr
    assert skipping.stdout.split() == ["good-one", "good-two"]
    assert f"{path}:3:" in skipping.stderr and "2 bad rows left out" in skipping.stderr
    assert ("Good Two", "Dev") in loaded(sample)


def test_dry_run_creates_nothing(tmp_path: Path, run_cli: RunCli) -> None:
    path = write(tmp_path / "t.csv", TRACKER)
    home = tmp_path / "home"
    result = run_cli("import", str(path), "--dry-run", home=home)
    assert result.returncode == 0, result.stderr
    assert "Company         → company" in result.stdout
    assert "Salary          → salary (kept in a note)" in result.stdout
    assert "line 2: Northwind Labs — Staff Engineer  [screening]" in result.stdout
    assert "line 4: Acme — SRE  [rejected]" in result.stdout  # line 2 spans lines 2-3
    assert "3 would be added; nothing written" in result.stderr
    assert not home.exists()


def test_duplicates_are_skipped_and_reported(tmp_path: Path, sample: Path, run_cli: RunCli) -> None:
    text = (
        "Company,Role\n"
        'corvane  trading technologies,"Staff Engineer, Execution Platform"\n'
        "New Place,Dev\n"
        "new place,dev\n"
    )
    path = write(tmp_path / "t.csv", text)
    result = run_cli("import", str(path), home=sample)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["new-place"]
    assert f"{path}:2: skipped: corvane  trading technologies" in result.stderr
    assert "is already in the workspace (corvane-trading-technologies)" in result.stderr
    assert f"{path}:4: skipped: new place — dev is already on line 3" in result.stderr


def test_a_row_with_too_many_cells_is_bad(tmp_path: Path, run_cli: RunCli) -> None:
    path = write(tmp_path / "t.csv", "Company,Role\nAcme,Staff Engineer, Platform\nOk,Dev,\n")
    home = tmp_path / "home"
    result = run_cli("import", str(path), home=home)
    assert result.returncode == 1
    assert f"{path}:2: 3 cells but 2 columns in the header" in result.stderr
    assert f"{path}:3" not in result.stderr  # an empty extra cell is only a trailing comma
    assert not home.exists()


def test_mapping_errors(tmp_path: Path, run_cli: RunCli) -> None:
    path = write(tmp_path / "t.csv", "Who,What\nX,Y\n")
    home = tmp_path / "home"
    result = run_cli("import", str(path), home=home)
    assert result.returncode == 1
    assert "no column for the company" in result.stderr and "--map" in result.stderr
    result = run_cli("import", str(path), "--map", "Who=employer-ish", home=home)
    assert result.returncode == 2 and "unknown field" in result.stderr
    result = run_cli("import", str(path), "--map", "Nope=company", home=home)
    assert result.returncode == 1 and "no column 'Nope'" in result.stderr
    result = run_cli("import", str(path), "--map", "1=company", "--map", "What=role", home=home)
    assert result.returncode == 0, result.stderr
    assert ("X", "Y") in loaded(home)
    assert not (tmp_path / "missing.csv").exists()
    result = run_cli("import", str(tmp_path / "missing.csv"), home=home)
    assert result.returncode == 1 and "no such file" in result.stderr


def test_import_does_not_load_textual(tmp_path: Path, cli_env: dict[str, str]) -> None:
    path = write(tmp_path / "t.csv", TRACKER)
    code = (
        "import sys\n"
        "from catbird.cli import main\n"
        f"rc = main(['--home', {str(tmp_path / 'home')!r}, 'import', {str(path)!r}])\n"
        "assert rc == 0, rc\n"
        "assert not any(m.split('.')[0] == 'textual' for m in sys.modules), 'textual loaded'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=cli_env, timeout=60
    )
    assert result.returncode == 0, result.stderr


# ---- the pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "stage"),
    [
        ("Applied", Stage.APPLIED),
        ("Phone screen", Stage.SCREENING),
        ("Interview", Stage.INTERVIEWING),
        ("2nd interview scheduled", Stage.INTERVIEWING),
        ("Offer", Stage.OFFER),
        ("Rejected", Stage.REJECTED),
        ("Rejected after interview", Stage.REJECTED),
        ("No response", Stage.GHOSTED),
        ("Not applied yet", Stage.LEAD),
        ("walked_away", Stage.WALKED_AWAY),
        ("Offer declined", Stage.DECLINED),
        ("Hired!", Stage.ACCEPTED),
        ("🔄 On Hold", Stage.APPLIED),
        ("📞 Phone Screen", Stage.SCREENING),
        ("Phone Screen 11/4 2:30pm", Stage.SCREENING),
        ("Beworben", Stage.APPLIED),
        ("Absage", Stage.REJECTED),
        ("Vorstellungsgespräch", Stage.INTERVIEWING),
        ("Angebot", Stage.OFFER),
        ("Zurückgezogen", Stage.WITHDRAWN),  # the candidate withdrew
        ("Keine Rückmeldung", Stage.GHOSTED),
        ("Candidature envoyée", Stage.APPLIED),
        ("Entretien téléphonique", Stage.SCREENING),
        ("Refusé", Stage.REJECTED),
        ("Entrevista", Stage.INTERVIEWING),
        ("Rechazado", Stage.REJECTED),
        ("Sin respuesta", Stage.GHOSTED),
        ("Gesolliciteerd", Stage.APPLIED),
        ("Afgewezen", Stage.REJECTED),
        ("Sollicitatiegesprek", Stage.INTERVIEWING),
        ("Draft", Stage.LEAD),
        ("Expired", Stage.GHOSTED),
    ],
)
def test_status_words(status: str, stage: Stage) -> None:
    assert parse_status(status) == stage


def test_unknown_status() -> None:
    assert parse_status("Blorp") is None


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("2026-11-05", "mdy", date(2026, 11, 5)),
        ("2026-11-05T14:30:00-05:00", "dmy", date(2026, 11, 5)),
        ("2026/11/05", "dmy", date(2026, 11, 5)),
        ("11/05/2026", "mdy", date(2026, 11, 5)),
        ("05/11/2026", "dmy", date(2026, 11, 5)),
        ("5.11.26", "dmy", date(2026, 11, 5)),
        ("Nov 5, 2026", "dmy", date(2026, 11, 5)),
        ("5th November 2026", "mdy", date(2026, 11, 5)),
        ("5-Nov-2026", "mdy", date(2026, 11, 5)),
        ("46331", "mdy", date(2026, 11, 5)),  # a spreadsheet's serial day number
    ],
)
def test_dates(text: str, order: str, expected: date) -> None:
    assert parse_date(text, order) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["13/13/2026", "soon", "0026-01-01", "31/02/2026"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text, "dmy")


def test_guessed_mapping() -> None:
    headers = [
        "Organisation",
        "Position (title)",
        "Application Status",
        "Job URL",
        "Recruiter",
        "Date",
        "Next Action",
        "Due Date",
        "Mood",
    ]
    fields = [c.field for c in guess_mapping(headers)]
    assert fields == [
        "company",
        "role",
        "stage",
        "link",
        "contact",
        "applied",
        "next_action",
        "due",
        "note",
    ]


def test_markdown_overview_with_an_empty_profile() -> None:
    from catbird.exchange import export
    from catbird.model import Profile

    opportunities = [Opportunity(company="A|B", stage=Stage.REJECTED), Opportunity(company="C")]
    text = export.markdown(opportunities, Profile())
    assert "## What I am looking for" not in text
    assert "| A\\|B |" in text  # a pipe in a company name does not break the table
    assert "| lead | 2 |" in text
