"""`catbird import` on the exports people really have, with no flags, checked field by field.

The files under fixtures/import/ are written here, in each program's header set, with rows of
our own: Huntr's board export, LinkedIn's `Jobs/Job Applications.csv`, JobSync, Simplify, a
Notion job-tracker database, a German Excel sheet (Windows-1252, semicolons, CRLF) and a
spreadsheet saved as "Unicode text" (UTF-16 with a BOM, tabs, CRLF).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from catbird.model import Opportunity, Stage
from catbird.model.insights import funnel, stays
from catbird.store import Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "import"
NOW = "2026-11-10T09:00:00+00:00"
"""The clock of these tests: a Tuesday in the middle of the fixtures' search."""

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(tmp_path: Path, cli_env: dict[str, str]) -> Run:
    """`python -m catbird --home HOME import …`, with the clock stopped at NOW."""
    env = {**cli_env, "CATBIRD_NOW": NOW}

    def go(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "catbird", "--home", str(home), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=120,
        )

    return go


def fixture(tmp_path: Path, name: str) -> Path:
    # A copy: the path in messages is the test's own, and the fixture is never touched.
    target = tmp_path / name
    shutil.copy(FIXTURES / name, target)
    return target


def imported(run: Run, tmp_path: Path, name: str) -> tuple[dict[str, Opportunity], str]:
    """Import the fixture with no flags; every opportunity by company, and stderr."""
    home = tmp_path / "home"
    path = fixture(tmp_path, name)
    result = run("import", str(path), home=home)
    assert result.returncode == 0, result.stderr
    opportunities, problems = Workspace(home).load_all()
    assert problems == []
    assert len(result.stdout.split()) == len(opportunities)
    return {o.company: o for o in opportunities}, result.stderr


def history(o: Opportunity) -> list[tuple[str, date]]:
    return [(h.stage.value, h.at.date()) for h in o.stage_history]


def extras(o: Opportunity, file: str) -> list[str]:
    """The lines of the note that keeps the file's other columns."""
    block = [n.text for n in o.notes if n.text.startswith(f"From {file}:\n")]
    assert len(block) <= 1
    return block[0].splitlines()[1:] if block else []


# ---- each export --------------------------------------------------------------------------


def test_huntr(run: Run, tmp_path: Path) -> None:
    got, _ = imported(run, tmp_path, "huntr.csv")
    assert set(got) == {
        "Northwind Labs",
        "Acme Rockets",
        "Blue Harbor",
        "Kestrel Works",
        "Lark & Co",
    }
    nw = got["Northwind Labs"]
    assert (nw.role, nw.stage, nw.link, nw.location) == (
        "Staff Engineer",
        Stage.INTERVIEWING,
        "https://jobs.northwind.example/staff",
        "Remote",
    )
    assert history(nw) == [("applied", date(2026, 10, 3)), ("interviewing", date(2026, 10, 20))]
    assert nw.created_at.date() == date(2026, 10, 1)
    assert [(i.started_at.date(), i.round, i.is_open) for i in nw.interviews] == [
        (date(2026, 10, 20), 1, False)
    ]
    assert [(c.name, c.email, c.phone) for c in nw.contacts] == [
        ("Dana Reyes", "dana@northwind.example", "+1 555 0100")
    ]
    assert nw.notes[0].text == "Liked the team"
    assert nw.notes[1].text == "Posting:\nOwn the build platform.\nOn call one week in six."
    assert extras(nw, "huntr.csv") == ["salary: $180,000 - $210,000"]
    assert nw.next_action is None

    # A wishlist card: `-` is no link, and its deadline ahead is the next thing to do.
    acme = got["Acme Rockets"]
    assert (acme.stage, acme.link, acme.location) == (Stage.LEAD, "", "Denver, CO")
    assert acme.next_action is not None
    assert (acme.next_action.text, acme.next_action.due) == (
        "Apply before the deadline",
        date(2026, 11, 15),
    )
    assert acme.notes == []

    # Rejected after an interview: a deadline long gone is a note, never an overdue follow-up.
    blue = got["Blue Harbor"]
    assert blue.stage == Stage.REJECTED and blue.next_action is None
    assert history(blue) == [
        ("applied", date(2026, 9, 13)),
        ("interviewing", date(2026, 9, 29)),
        ("rejected", date(2026, 10, 14)),
    ]
    assert blue.closing is not None and blue.closing.at.date() == date(2026, 10, 14)
    assert extras(blue, "huntr.csv") == ["Application deadline: 2026-09-30"]

    lark = got["Lark & Co"]
    assert lark.stage == Stage.OFFER
    assert history(lark) == [
        ("applied", date(2026, 9, 2)),
        ("interviewing", date(2026, 9, 20)),
        ("offer", date(2026, 10, 30)),
    ]
    assert [(i.started_at.date(), i.round) for i in lark.interviews] == [
        (date(2026, 9, 20), 1),
        (date(2026, 10, 5), 2),
    ]
    # Time in stage counts what the export tells: 18 days applied, 40 interviewing.
    assert [(s, round(t.total_seconds() / 86400)) for s, t in stays(lark)] == [
        (Stage.APPLIED, 18),
        (Stage.INTERVIEWING, 40),
    ]
    kestrel = got["Kestrel Works"]
    assert history(kestrel) == [("applied", date(2026, 10, 29))]
    assert all(o.source == "" and o.tags == [] for o in got.values())


def test_linkedin(run: Run, tmp_path: Path) -> None:
    got, said = imported(run, tmp_path, "Job Applications.csv")
    assert "imported 3 opportunities from" in said
    assert "(LinkedIn's data export of job applications)" in said
    assert set(got) == {"Quill Payments", "Osprey Cloud", "Marten Health"}
    quill = got["Quill Payments"]
    assert (quill.role, quill.stage, quill.source) == (
        "Senior Backend Engineer",
        Stage.APPLIED,
        "LinkedIn",
    )
    assert quill.link == "https://www.linkedin.com/jobs/view/4012345678"
    applied = quill.stage_history[0].at
    assert (applied.date(), applied.hour, applied.minute) == (date(2026, 11, 3), 14, 22)
    # The contact is an email and a phone: kept on a contact, the email never its name.
    assert [(c.name, c.email, c.phone) for c in quill.contacts] == [
        ("Contact at Quill Payments", "recruiting@quill.example", "+1 (555) 010-2000")
    ]
    assert extras(quill, "Job Applications.csv") == [
        "Resume Name: Resume-2026-Backend.pdf",
        "Question And Answers: How many years of Python experience do you have?: 8",
        "Are you authorized to work in the US?: Yes",
    ]
    assert got["Osprey Cloud"].contacts == []
    assert history(got["Osprey Cloud"]) == [("applied", date(2026, 10, 28))]
    assert history(got["Marten Health"]) == [("applied", date(2026, 10, 7))]
    assert got["Marten Health"].contacts[0].email == "talent@marten.example"


def test_jobsync(run: Run, tmp_path: Path) -> None:
    got, _ = imported(run, tmp_path, "jobsync.csv")
    quartz = got["Quartz Analytics"]
    assert (quartz.role, quartz.stage, quartz.source, quartz.location) == (
        "Senior Data Engineer",
        Stage.APPLIED,
        "Indeed",
        "Toronto",
    )
    # `applied` is Yes/No, not the date; appliedDate is.
    assert history(quartz) == [("applied", date(2026, 10, 12))]
    assert quartz.created_at.date() == date(2026, 10, 11)
    # dueDate is the application's deadline: past it once applied, so only a note.
    assert quartz.next_action is None
    assert extras(quartz, "jobsync.csv") == [
        "jobType: Full-time",
        "salaryRange: $140k-$160k",
        "Application deadline: 2026-11-20",
    ]
    assert quartz.notes[0].text == "Posting:\nBuild the ingestion pipelines."
    orchid = got["Orchid AI"]
    assert orchid.stage == Stage.LEAD  # Draft
    assert orchid.next_action is not None
    assert (orchid.next_action.text, orchid.next_action.due) == (
        "Apply before the deadline",
        date(2026, 11, 30),
    )
    pinecone = got["Pinecone Foods"]
    assert pinecone.stage == Stage.GHOSTED and pinecone.next_action is None
    assert extras(pinecone, "jobsync.csv")[0] == "Status: Expired"
    saffron = got["Saffron Health"]
    assert saffron.stage == Stage.DECLINED and saffron.closing is not None
    assert extras(saffron, "jobsync.csv")[0] == "Status: Archived"
    assert got["Umber Bank"].stage == Stage.INTERVIEWING
    # The program's own ids are the import key, never a note.
    assert all("3f1c9a2e" not in n.text for o in got.values() for n in o.notes)


def test_simplify(run: Run, tmp_path: Path) -> None:
    got, _ = imported(run, tmp_path, "simplify.csv")
    assert len(got) == 4  # `N/A` for a date loses no row
    vireo = got["Vireo Systems"]
    assert (vireo.role, vireo.stage, vireo.location, vireo.link) == (
        "Frontend Engineer",
        Stage.APPLIED,
        "Austin, TX",
        "https://simplify.jobs/p/vireo-fe",
    )
    assert history(vireo) == [("applied", date(2026, 10, 4))]
    assert vireo.created_at.date() == date(2026, 10, 2)
    assert extras(vireo, "simplify.csv") == ["Salary: $130k"]  # and no "Archived: FALSE"
    assert vireo.tags == []
    tern = got["Tern Logistics"]
    assert (tern.stage, tern.notes) == (Stage.LEAD, [])
    assert history(tern) == [("lead", date(2026, 10, 20))]
    wren = got["Wren Media"]
    assert wren.stage == Stage.REJECTED and wren.tags == ["archived"]
    assert wren.notes[0].text == 'Recruiter said: "strong, but they went internal"'
    assert got["Yarrow Bio"].stage == Stage.SCREENING


def test_notion(run: Run, tmp_path: Path) -> None:
    got, _ = imported(run, tmp_path, "notion.csv")
    assert len(got) == 10  # all of them
    stages = {company: o.stage.value for company, o in got.items()}
    assert stages == {
        "Heron Robotics": "applied",
        "Ibis Energy": "applied",
        "Jacana Games": "screening",
        "Kite Finance": "interviewing",
        "Loon Studio": "offer",
        "Macaw Labs": "rejected",
        "Nene Logistics": "ghosted",
        "Oriole Health": "lead",
        "Petrel Media": "accepted",
        "Quetzal Pay": "declined",
    }
    heron = got["Heron Robotics"]
    assert heron.role == "Robotics Software Engineer"
    assert history(heron) == [("applied", date(2026, 10, 20))]  # not "21 days since"
    assert heron.tags == ["referral"] and heron.source == ""  # a checkbox is not a source
    # "Next Action Date" wins over "Deadline"; the hour it gave is kept with the step.
    assert heron.next_action is not None
    assert (heron.next_action.text, heron.next_action.due) == (
        "Follow up with the recruiter at 14:30",
        date(2026, 11, 12),
    )
    assert extras(heron, "notion.csv") == [
        "Salary Range: $160k–$185k",
        "Application deadline: 2026-11-30",
    ]
    assert [(c.name, c.email) for c in heron.contacts] == [
        ("Priya Natarajan", "priya@heron.example")
    ]
    assert heron.created_at.date() == date(2026, 10, 19)
    ibis = got["Ibis Energy"]
    assert extras(ibis, "notion.csv") == ["Status: 🔄 On Hold"]
    assert ibis.notes[0].text == "Hiring freeze until January, they said."
    kite = got["Kite Finance"]
    assert kite.tags == ["referral"]
    assert kite.notes[0].text == "Panel on the 18th.\nAsk about on-call."
    oriole = got["Oriole Health"]
    assert oriole.next_action is not None
    assert (oriole.next_action.text, oriole.next_action.due) == ("Apply", date(2026, 11, 20))
    assert extras(oriole, "notion.csv") == ["Application deadline: 2026-12-01"]
    assert got["Petrel Media"].closing is not None
    assert got["Quetzal Pay"].notes[0].text == "Too much travel."
    # The funnel counts every closed application as applied.
    steps = {step.stage: step.reached for step in funnel(list(got.values()))}
    assert steps[Stage.APPLIED] == 9


def test_german_excel_sheet(run: Run, tmp_path: Path) -> None:
    got, _ = imported(run, tmp_path, "german-excel.csv")
    kestrel = got["Kestrel GmbH"]
    assert (kestrel.role, kestrel.stage) == ("Entwickler", Stage.APPLIED)
    assert history(kestrel) == [("applied", date(2026, 11, 5))]  # 28.10. shows days first
    assert [c.name for c in kestrel.contacts] == ["Frau Weber"]
    assert kestrel.notes[0].text == "Über Xing gefunden"
    assert extras(kestrel, "german-excel.csv") == ["Gehalt: 85.000 €"]
    assert got["Lark AG"].stage == Stage.INTERVIEWING
    assert got["Möwe Software"].stage == Stage.REJECTED
    assert got["Möwe Software"].notes[0].text == "„Leider nein“ – schade"
    assert got["Reiher & Söhne"].stage == Stage.OFFER


def test_unicode_text_spreadsheet(run: Run, tmp_path: Path) -> None:
    got, _ = imported(run, tmp_path, "spreadsheet-utf16.txt")
    finch = got["Finch Data"]
    assert finch.stage == Stage.SCREENING
    # The date in the status is the next thing to do, not lost; the text is kept as written.
    assert finch.next_action is not None
    assert (finch.next_action.text, finch.next_action.due) == (
        "Phone Screen at 14:30",
        date(2026, 11, 14),
    )
    assert extras(finch, "spreadsheet-utf16.txt") == ["Status: Phone Screen 11/14 2:30pm"]
    assert [(c.name, c.email, c.phone, c.role) for c in finch.contacts] == [
        ("Sam Ortiz", "sam@finch.example", "555-0142", "recruiter")
    ]
    assert history(finch) == [("applied", date(2026, 10, 28))]
    # A screen that already happened is a held interview and the day screening began.
    gannet = got["Gannet Tech"]
    assert [(i.started_at.date(), i.kind, i.is_open) for i in gannet.interviews] == [
        (date(2026, 10, 30), "phone", False)
    ]
    assert history(gannet) == [("applied", date(2026, 10, 20)), ("screening", date(2026, 10, 30))]
    hoopoe = got["Hoopoe AI"]
    assert history(hoopoe) == [("applied", date(2026, 11, 4))]
    assert hoopoe.next_action is not None
    assert (hoopoe.next_action.text, hoopoe.next_action.due) == (
        "Send portfolio",
        date(2026, 11, 18),
    )
    # Placeholders are empty in every field; no status but a date applied: applied.
    ibis = got["Ibis Cloud"]
    assert (ibis.stage, ibis.next_action, ibis.contacts, ibis.notes) == (
        Stage.APPLIED,
        None,
        [],
        [],
    )
    assert history(ibis) == [("applied", date(2026, 11, 4))]
    assert all("9c1f3b7a" not in n.text for o in got.values() for n in o.notes)


# ---- again, and the dry run ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_a_second_import_adds_nothing(run: Run, tmp_path: Path, name: str) -> None:
    home = tmp_path / "home"
    path = fixture(tmp_path, name)
    first = run("import", str(path), home=home)
    assert first.returncode == 0, first.stderr
    files = sorted((home / "opportunities").iterdir())
    before = {p.name: p.read_bytes() for p in files}
    again = run("import", str(path), home=home)
    assert again.returncode == 0, again.stderr
    assert again.stdout == ""
    assert again.stderr.count("already in the workspace") == len(files)
    assert {p.name: p.read_bytes() for p in sorted((home / "opportunities").iterdir())} == before


def test_dry_run_of_a_huntr_export(run: Run, tmp_path: Path) -> None:
    home = tmp_path / "home"
    path = fixture(tmp_path, "huntr.csv")
    result = run("import", str(path), "--dry-run", home=home)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0].startswith(f"{path}: recognised as a Huntr export; UTF-8, comma-separated")
    assert "dates read as month/day/year" in out[0]
    columns = {
        line.split("→")[0].strip(): line.split("→")[1].strip() for line in out if "→" in line
    }
    assert columns["companyName"] == "company"
    assert columns["listName"] == "stage"
    assert columns["boardName"] == "left out"
    assert columns["description"] == "posting (its own note)"
    assert columns["deadline"].startswith("deadline")
    assert columns["Wishlist"] == "lead  (1 row)"
    assert (
        "  line 4: Acme Rockets — Platform Engineer  [lead]  next: Apply before the deadline"
        in (result.stdout)
    )
    assert not home.exists()


def test_dry_run_of_a_notion_export(run: Run, tmp_path: Path) -> None:
    path = fixture(tmp_path, "notion.csv")
    result = run("import", str(path), "--dry-run", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "recognised as a Notion job-tracker export; UTF-8 with BOM" in result.stdout
    assert "Days Since Applied  → left out" in result.stdout
    assert "Referral            → tag 'referral' where yes" in result.stdout
    assert "🔄 On Hold       → applied  (1 row, text kept in a note)" in result.stdout
    assert "10 would be added" in result.stderr


# ---- the general mapper -------------------------------------------------------------------


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_columns_are_judged_by_all_their_cells(run: Run, tmp_path: Path) -> None:
    # No known program: headers as words, and each column looked at as a whole.
    path = write(
        tmp_path / "mine.csv",
        "company_name,jobTitle,Applied,Applied On,Days Since Applied,Referral,Source,"
        "Website,Contact,user_id,Internal Ref\n"
        "Alder,Dev,Yes,2026-10-01,40,Yes,Meetup,https://alder.example,ops@alder.example,"
        "17,6f1e2d3c4b5a69788796a5b4\n"
        "Birch,QA,No,-,3,No,-,-,-,18,6f1e2d3c4b5a69788796a5b5\n",
    )
    home = tmp_path / "home"
    dry = run("import", str(path), "--dry-run", home=home)
    assert dry.returncode == 0, dry.stderr
    for line in (
        "company_name        → company",
        "jobTitle            → role",
        "Applied             → applied_flag  (yes/no, not dates)",
        "Applied On          → applied",
        "Days Since Applied  → left out",
        "Referral            → tag 'referral' where yes",
        "Source              → source",
        "Website             → link",
        "Contact             → contact_email  (email addresses)",
        "user_id             → left out",
        "Internal Ref        → left out  (internal ids)",
    ):
        assert line in dry.stdout, line
    result = run("import", str(path), home=home)
    assert result.returncode == 0, result.stderr
    got = {o.company: o for o in Workspace(home).load_all()[0]}
    alder, birch = got["Alder"], got["Birch"]
    assert (alder.role, alder.stage, alder.source, alder.tags) == (
        "Dev",
        Stage.APPLIED,
        "Meetup",
        ["referral"],
    )
    assert history(alder) == [("applied", date(2026, 10, 1))]
    assert [(c.name, c.email) for c in alder.contacts] == [
        ("Contact at Alder", "ops@alder.example")
    ]
    assert alder.notes == [] and birch.notes == []
    assert (birch.stage, birch.source, birch.link, birch.tags) == (Stage.LEAD, "", "", [])


def test_status_words_can_be_mapped(run: Run, tmp_path: Path) -> None:
    path = write(
        tmp_path / "t.csv", "Company,Status\nAlder,Parked\nBirch,🔄 On Hold\nCedar,Beworben\n"
    )
    home = tmp_path / "home"
    refused = run("import", str(path), home=home)
    assert refused.returncode == 1
    assert f"{path}:2: unknown status 'Parked'" in refused.stderr
    assert '--map-status "TEXT=STAGE"' in refused.stderr
    dry = run("import", str(path), "--map-status", "parked=lead", "--dry-run", home=home)
    assert "Parked     → lead  (1 row, text kept in a note)" in dry.stdout
    result = run(
        "import",
        str(path),
        "--map-status",
        "Parked=lead",
        "--map-status",
        "On Hold=screening",
        home=home,
    )
    assert result.returncode == 0, result.stderr
    got = {o.company: o for o in Workspace(home).load_all()[0]}
    assert [got[c].stage for c in ("Alder", "Birch", "Cedar")] == [
        Stage.LEAD,
        Stage.SCREENING,
        Stage.APPLIED,
    ]
    bad = run("import", str(path), "--map-status", "Parked=somewhere", home=home)
    assert bad.returncode == 2 and "unknown stage 'somewhere'" in bad.stderr


def test_ambiguous_dates_are_refused_not_guessed(run: Run, tmp_path: Path) -> None:
    text = (
        "Company,Notes,Date applied\n"  # line 1
        'Alder,"two\nlines",05/11/2026\n'  # lines 2-3
        "Birch,,07/07/2026\n"  # line 4: the same either way
        "Cedar,,03/04/2026\n"  # line 5
    )
    path = write(tmp_path / "t.csv", text)
    home = tmp_path / "home"
    result = run("import", str(path), "--dry-run", home=home)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"{path}:2: applied: '05/11/2026' could be 5 November or 11 May" in lines[0]
    assert lines[1].startswith(f"{path}:5: applied: '03/04/2026' could be 3 April or 4 March")
    assert "day/month order not shown by any date (see --date-order)" in result.stdout
    assert "2 of 3 rows could not be read; nothing would be imported" in result.stderr
    told = run("import", str(path), "--date-order", "dmy", home=home)
    assert told.returncode == 0, told.stderr
    got = {o.company: o for o in Workspace(home).load_all()[0]}
    assert history(got["Alder"]) == [("applied", date(2026, 11, 5))]
    assert history(got["Birch"]) == [("applied", date(2026, 7, 7))]


def test_hostile_cells_are_printed_literally(run: Run, tmp_path: Path) -> None:
    evil = "[bold red]x[/] \x1b[31mred\x1b[0m \x1b]8;;https://e.example\x07link\x1b]8;;\x07"
    text = (
        f'Company,"[link=https://e.example]Status[/link]",Notes\n'
        f'"{evil}","[@click=app.quit]Applied\x1b]52;c;aGk=\x07","{evil}"\n'
        f"Plain,Blorp [b]\x1b[2J,\n"
    )
    path = write(tmp_path / "t.csv", text)
    result = run("import", str(path), "--dry-run", home=tmp_path / "home")
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "\x1b" not in output and "\x07" not in output
    assert "[link=https://e.example]Status[/link]  → stage" in result.stdout
    assert "[@click=app.quit]Applied" in result.stdout
    assert "[bold red]x[/]" in result.stdout
    assert f"{path}:3: unknown status 'Blorp [b]" in result.stderr
