"""The workspace on disk: files, modes, links, broken files, migrations and the summary index."""

from __future__ import annotations

import json
import os
import stat
import time
import tomllib
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

import catbird.model.opportunity as opportunity_module
from catbird.model import (
    OPPORTUNITY_SCHEMA_VERSION,
    Criterion,
    Note,
    Opportunity,
    Profile,
    Stage,
    now,
)
from catbird.model.opportunity import Finding
from catbird.store import FileProblem, NotFound, Workspace, slugify
from catbird.store.index import INDEX_VERSION, Index
from catbird.store.migrate import MIGRATIONS
from conftest import RunCli, edit_in_place


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "locks" not in p.parts
    }


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _with_role(role: str):
    return lambda o: o.model_copy(update={"role": role})


@contextmanager
def _umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@contextmanager
def _timezone(name: str) -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


# ---- create, read, update ---------------------------------------------------------------------


def test_create_read_update(workspace: Workspace) -> None:
    change = workspace.create(Opportunity(company="Acme", role="Engineer"))
    assert change.slug == "acme" and change.before is None
    path = workspace.path_for("acme")
    assert path == workspace.home / "opportunities" / "acme.toml" and path.is_file()
    assert workspace.read("acme") == change.after
    assert workspace.slugs() == ["acme"]

    updated = workspace.update("acme", _with_role("Staff Engineer"), "promote")
    assert (updated.before.role, updated.after.role) == ("Engineer", "Staff Engineer")
    assert workspace.read("acme").role == "Staff Engineer"
    assert b'role = "Staff Engineer"' in path.read_bytes()


def test_an_update_that_changes_nothing_does_not_write(workspace: Workspace) -> None:
    workspace.create(Opportunity(company="Acme"))
    path = workspace.path_for("acme")
    before = path.stat()
    workspace.update("acme", lambda o: o)
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def _add_note(text: str) -> Callable[[Opportunity], Opportunity]:
    return lambda o: o.model_copy(update={"notes": [*o.notes, Note(text=text)]})


def test_a_save_over_our_own_last_save_still_sees_what_others_changed_since(
    workspace: Workspace,
) -> None:
    """A workspace remembers the files it saved last, to spare parsing them again; the
    file on disk is still what a save starts from: a capture from the shell, a comment
    written by hand, an edit in place that keeps the size and the time all survive."""
    workspace.create(Opportunity(company="Acme"))
    path = workspace.path_for("acme")
    workspace.update("acme", _add_note("from the board"))

    Workspace(workspace.home).update("acme", _add_note("from the shell"))  # another writer
    workspace.update("acme", _add_note("from the board again"))
    assert [n.text for n in workspace.read("acme").notes] == [
        "from the board",
        "from the shell",
        "from the board again",
    ]

    path.write_text("# written by hand\n" + path.read_text())
    workspace.update("acme", _add_note("after the comment"))
    assert path.read_text().startswith("# written by hand\n")
    assert workspace.read("acme").notes[-1].text == "after the comment"

    workspace.update("acme", _add_note("abcdef"))
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b'"abcdef"', b'"ABCDEF"'))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time
    workspace.update("acme", _add_note("last"))
    assert [n.text for n in workspace.read("acme").notes][-2:] == ["ABCDEF", "last"]

    workspace.update("acme", _add_note("then a broken file"))
    path.write_bytes(path.read_bytes() + b"broken = [\n")
    with pytest.raises(FileProblem):
        workspace.update("acme", _add_note("never written"))
    assert path.read_bytes().endswith(b"broken = [\n")


def test_reading_a_missing_opportunity_is_not_found(workspace: Workspace) -> None:
    with pytest.raises(NotFound):
        workspace.read("nobody")
    with pytest.raises(NotFound):
        workspace.update("nobody", lambda o: o)
    assert workspace.load_all() == ([], [])
    assert workspace.read_profile() == Profile()  # no profile yet: an empty one


def test_slugs_stay_unique_when_names_collide(workspace: Workspace) -> None:
    made = [
        workspace.create(Opportunity(company=company, role=role)).slug
        for company, role in [
            ("Acme", ""),
            ("Acme", ""),
            ("ACME", "Dev"),
            ("Acme", "Dev"),
            ("acme!", ""),
        ]
    ]
    assert made == ["acme", "acme-2", "acme-dev", "acme-3", "acme-4"]
    assert len(workspace.load_all()[0]) == 5


def test_slugify() -> None:
    assert slugify("Ünïcode Café & Co.") == "unicode-cafe-co"
    assert slugify("日本語") == "opportunity"
    assert slugify("[bold]x[/]") == "bold-x"
    assert slugify("\x1b[31mRed") == "31mred"
    long = slugify("word " * 40)
    assert len(long) <= 48 and not long.endswith("-")


def test_concurrent_creators_never_share_a_slug(workspace: Workspace) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        slugs = list(
            pool.map(lambda _: workspace.create(Opportunity(company="Acme")).slug, range(24))
        )
    assert len(set(slugs)) == 24
    assert sorted(slugs) == workspace.slugs()


def test_concurrent_updates_never_lose_an_event(workspace: Workspace) -> None:
    workspace.create(Opportunity(company="Acme"))

    def add_note(n: int) -> None:
        workspace.update(
            "acme", lambda o: o.model_copy(update={"notes": [*o.notes, Note(text=f"note {n}")]})
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(add_note, range(30)))
    notes = sorted(n.text for n in workspace.read("acme").notes)
    assert notes == sorted(f"note {n}" for n in range(30))


def test_writes_leave_no_temporary_files(workspace: Workspace) -> None:
    for n in range(3):
        workspace.create(Opportunity(company=f"Co {n}"))
    for n in range(5):
        workspace.update("co-0", _with_role(f"role {n}"))
    workspace.save_profile(Profile(name="Me"))
    workspace.summaries()
    names = [p.name for p in workspace.home.rglob("*") if p.is_file()]
    assert not [n for n in names if n.endswith(".tmp")], names
    assert sorted(os.listdir(workspace.opportunities_dir)) == [
        "co-0.toml",
        "co-1.toml",
        "co-2.toml",
    ]


@pytest.mark.parametrize("mask", [0o000, 0o022])
def test_files_are_0600_and_folders_0700(workspace: Workspace, mask: int) -> None:
    with _umask(mask):
        workspace.create(Opportunity(company="Acme"))
        workspace.update("acme", _with_role("Dev"))
        workspace.save_profile(Profile(name="Me"))
        workspace.summaries()
        workspace.create(Opportunity(company="Gone"))
        workspace.remove("gone")
    home = workspace.home
    for folder in (home, home / "opportunities", home / ".catbird", home / ".catbird" / "trash"):
        assert _mode(folder) == 0o700, folder
    for path in [p for p in home.rglob("*") if p.is_file()]:
        assert _mode(path) == 0o600, path


def test_a_file_made_readable_by_others_is_saved_back_as_0600(workspace: Workspace) -> None:
    workspace.create(Opportunity(company="Acme"))
    path = workspace.path_for("acme")
    path.chmod(0o644)
    workspace.update("acme", _with_role("Dev"))
    assert _mode(path) == 0o600


def test_writing_through_a_symlinked_file_keeps_the_link(
    workspace: Workspace, tmp_path: Path
) -> None:
    workspace.create(Opportunity(company="Acme"))
    synced = tmp_path / "synced"
    synced.mkdir()
    target = synced / "acme.toml"
    link = workspace.path_for("acme")
    link.rename(target)
    link.symlink_to(target)

    workspace.update("acme", _with_role("Dev"))
    assert link.is_symlink() and Path(os.readlink(link)) == target
    assert b'role = "Dev"' in target.read_bytes()
    assert workspace.read("acme").role == "Dev"
    assert os.listdir(synced) == ["acme.toml"]  # the temporary file went to the target's folder
    assert [p.name for p in workspace.opportunities_dir.iterdir()] == ["acme.toml"]


def test_stray_files_are_not_opportunities(workspace: Workspace) -> None:
    workspace.create(Opportunity(company="Acme"))
    folder = workspace.opportunities_dir
    (folder / ".acme.toml.123.abcd.tmp").write_text("half a file")
    (folder / ".hidden.toml").write_text("company = 'x'")
    (folder / "notes.txt").write_text("not mine")
    assert workspace.slugs() == ["acme"]
    assert [s.slug for s in workspace.summaries()[0]] == ["acme"]


# ---- broken files ------------------------------------------------------------------------------

CURRENT = OPPORTUNITY_SCHEMA_VERSION

BROKEN = {
    "bad-toml": (
        b'schema_version = 1\ncompany = "Acme"\nrole = "unterminated\nstage = "lead"\n',
        3,
        "invalid TOML",
    ),
    "wrong-type": (
        b'schema_version = 1\ncompany = "Acme"\nstage = "lead"\n\n'
        b'[[interviews]]\nround = 1\n\n[[interviews]]\nround = "three"\n',
        9,
        "interviews[1].round: Input should be a valid integer",
    ),
    "unknown-stage": (
        b'# written by hand\nschema_version = 1\ncompany = "Acme"\nstage = "hired"\n',
        4,
        "stage: Input should be 'lead', 'applied'",
    ),
    "newer-schema": (
        b'company = "Acme"\nschema_version = 99\n',
        2,
        f"written by a newer Catbird (schema 99; this one reads up to {CURRENT})",
    ),
    "nested-severity": (
        b'company = "Acme"\n\n[[interviews]]\nround = 1\n\n[[interviews.flags]]\n'
        b'label = "Late"\nseverity = 2\n\n[[interviews.flags]]\nlabel = "Rude"\nseverity = 7\n',
        12,
        "interviews[0].flags[1].severity: Input should be less than or equal to 3",
    ),
    "no-company": (b'schema_version = 1\nrole = "Dev"\n', 1, "company: Field required"),
    "not-utf8": (b'company = "Acme"\nrole = "caf\xe9"\n', 2, "not valid UTF-8 text"),
    "bad-version": (b'company = "Acme"\nschema_version = "two"\n', 2, "schema_version must be"),
    "negative-money": (
        b'company = "Acme"\n\n[offer]\ncurrency = "EUR"\n\n[[offer.terms]]\nname = "Base"\n'
        b'kind = "money"\noffered = -90000\n',
        6,
        "cannot be negative",
    ),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_reported_at_its_line_and_never_written(
    workspace: Workspace, name: str
) -> None:
    data, line, message = BROKEN[name]
    workspace.ensure()
    path = workspace.path_for(name)
    path.write_bytes(data)

    with pytest.raises(FileProblem) as caught:
        workspace.read(name)
    problem = caught.value
    assert (problem.path, problem.line) == (path, line)
    assert message in problem.message
    assert str(problem).startswith(f"{path}:{line}: ")

    with pytest.raises(FileProblem):
        workspace.update(name, _with_role("Dev"))
    assert path.read_bytes() == data
    assert not (workspace.state_dir / "backups").exists()


def test_load_all_and_check_skip_broken_files_and_read_the_rest(workspace: Workspace) -> None:
    workspace.create(Opportunity(company="Acme"))
    workspace.create(Opportunity(company="Globex"))
    for name, (data, _, _) in BROKEN.items():
        workspace.path_for(name).write_bytes(data)
    opportunities, problems = workspace.load_all()
    assert sorted(o.slug for o in opportunities) == ["acme", "globex"]
    assert sorted(p.path.stem for p in problems) == sorted(BROKEN)

    summaries, problems = workspace.summaries()
    assert [s.slug for s in summaries] == ["acme", "globex"]
    assert len(problems) == len(BROKEN)

    workspace.profile_path.write_bytes(b"name = 'Me'\n[[flags]]\nkey = 'xy'\nlabel = 'Late'\n")
    problems = workspace.check()
    assert problems[0].path == workspace.profile_path and problems[0].line == 3
    assert "flags[0].key" in problems[0].message
    assert len(problems) == 1 + len(BROKEN)


def test_a_file_named_outside_the_slug_rules_is_a_problem_not_a_crash(
    workspace: Workspace,
) -> None:
    workspace.ensure()
    odd = workspace.opportunities_dir / "Acme Two.toml"
    odd.write_text('company = "Acme"\n')
    _, problems = workspace.load_all()
    assert [p.path for p in problems] == [odd]


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Tokyo", "Pacific/Kiritimati"])
@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59", "0001-01-01T00:00:00"])
def test_local_times_at_the_ends_of_the_calendar_are_a_problem_not_a_crash(
    workspace: Workspace, zone: str, moment: str
) -> None:
    # A time without an offset is local; in some zones year 1 or 9999 cannot be placed.
    workspace.ensure()
    workspace.path_for("edge").write_text(f'company = "Acme"\ncreated_at = {moment}\n')
    with _timezone(zone):
        try:
            o = workspace.read("edge")
        except FileProblem as problem:
            assert problem.line == 2 and "created_at" in problem.message
        else:
            assert o.created_at.tzinfo is not None


def test_problems_never_carry_control_characters_from_the_file(workspace: Workspace) -> None:
    workspace.ensure()
    path = workspace.path_for("hostile")
    path.write_text('company = "Acme"\n"\\u001b]52;c;aGk=\\u0007\\nx" = 1\n')
    with pytest.raises(FileProblem) as caught:
        workspace.read("hostile")
    text = str(caught.value)
    assert "\x1b" not in text and "\x07" not in text and "\n" not in text
    assert "\\x1b]52;c;aGk=\\x07\\x0ax: Extra inputs are not permitted" in text


def test_a_broken_profile_is_never_overwritten(workspace: Workspace) -> None:
    workspace.ensure()
    data = b'name = "Me"\n[tally]\nthreshold = 0\n'
    workspace.profile_path.write_bytes(data)
    with pytest.raises(FileProblem) as caught:
        workspace.read_profile()
    assert caught.value.line == 3
    with pytest.raises(FileProblem):
        workspace.save_profile(Profile(name="New"))
    with pytest.raises(FileProblem):
        workspace.update_profile(lambda p: p.model_copy(update={"name": "New"}))
    assert workspace.profile_path.read_bytes() == data


# ---- migrations --------------------------------------------------------------------------------


NEXT = CURRENT + 1


@pytest.fixture
def schema_next(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this Catbird reads the schema after the current one, where `employer` was
    renamed `company` (the real migrations up to the current schema still run first)."""

    def rename_employer(data: dict[str, object]) -> dict[str, object]:
        data["company"] = data.pop("employer")
        return data

    monkeypatch.setitem(MIGRATIONS["opportunity"], CURRENT, rename_employer)
    monkeypatch.setattr(opportunity_module, "OPPORTUNITY_SCHEMA_VERSION", NEXT)


OLD_FILE = f'schema_version = {CURRENT}\nemployer = "Acme"\nstage = "applied"\n'.encode()


def test_an_older_file_is_read_migrated_and_left_alone(
    workspace: Workspace, schema_next: None
) -> None:
    workspace.ensure()
    path = workspace.path_for("acme")
    path.write_bytes(OLD_FILE)
    o = workspace.read("acme")
    assert (o.company, o.stage, o.schema_version) == ("Acme", Stage.APPLIED, NEXT)
    assert path.read_bytes() == OLD_FILE  # reading never writes
    assert not (workspace.state_dir / "backups").exists()


def test_an_older_file_is_migrated_on_update_with_a_backup(
    workspace: Workspace, schema_next: None
) -> None:
    workspace.ensure()
    path = workspace.path_for("acme")
    path.write_bytes(OLD_FILE)
    workspace.update("acme", lambda o: o)  # even a no-op update brings the file forward
    text = path.read_text()
    assert text.startswith(f"schema_version = {NEXT}\n")
    assert 'company = "Acme"' in text and "employer" not in text
    backups = list((workspace.state_dir / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith(f"acme.schema-{CURRENT}.")
    assert backups[0].read_bytes() == OLD_FILE
    assert _mode(backups[0]) == 0o600 and _mode(backups[0].parent) == 0o700

    workspace.update("acme", _with_role("Dev"))  # now current: no second backup
    assert len(list((workspace.state_dir / "backups").iterdir())) == 1
    assert workspace.read("acme").role == "Dev"


def test_offer_terms_get_their_roles_from_their_names_once(workspace: Workspace) -> None:
    workspace.ensure()
    path = workspace.path_for("acme")
    terms = "".join(
        f'[[offer.terms]]\nname = "{name}"\nkind = "money"\noffered = {n}\n'
        for n, name in enumerate(("Salary", "Signing bonus", "Relocation", "Base pay"), 1)
    )
    path.write_text(f'schema_version = 1\ncompany = "Acme"\n\n[offer]\n{terms}')
    offer = workspace.read("acme").offer
    assert offer is not None
    assert [t.role for t in offer.terms] == ["base", "sign_on", None, None]  # one base only
    workspace.update("acme", lambda o: o)
    assert tomllib.loads(path.read_text())["offer"]["terms"][0]["role"] == "base"
    # From schema 2 on, the name is only a label: a term written without a role has none.
    path.write_text(
        'schema_version = 2\ncompany = "Acme"\n\n[[offer.terms]]\n'
        'name = "Base salary"\nkind = "money"\noffered = 1\n'
    )
    offer = workspace.read("acme").offer
    assert offer is not None and offer.terms[0].role is None


def test_a_schema_1_file_goes_through_both_migrations(workspace: Workspace) -> None:
    workspace.ensure()
    path = workspace.path_for("acme")
    path.write_text(
        'schema_version = 1\ncompany = "Acme"\n\n[fit]\nmust1 = true\n\n[offer]\n'
        '[[offer.terms]]\nname = "Salary"\nkind = "money"\noffered = 1\n'
    )
    o = workspace.read("acme")
    assert o.offer is not None and o.offer.terms[0].role == "base"  # 1 → 2
    assert [(f.criterion, f.answer) for f in o.findings] == [("must1", "yes")]  # 2 → 3
    assert o.schema_version == OPPORTUNITY_SCHEMA_VERSION


def test_a_file_without_a_version_is_taken_as_version_1(workspace: Workspace) -> None:
    workspace.ensure()
    workspace.path_for("acme").write_bytes(b'company = "Acme"\n\n[fit]\nmust1 = true\n')
    o = workspace.read("acme")
    assert o.company == "Acme" and [(f.criterion, f.answer) for f in o.findings] == [
        ("must1", "yes")
    ]


def test_a_missing_migration_is_a_problem(
    workspace: Workspace, schema_next: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(opportunity_module, "OPPORTUNITY_SCHEMA_VERSION", NEXT + 1)
    workspace.ensure()
    path = workspace.path_for("acme")
    path.write_bytes(OLD_FILE)
    with pytest.raises(FileProblem, match=f"no migration from schema {NEXT} to {NEXT + 1}"):
        workspace.update("acme", _with_role("Dev"))
    assert path.read_bytes() == OLD_FILE
    assert not (workspace.state_dir / "backups").exists()


# ---- schema 2 → 3: `fit` becomes findings ------------------------------------------------------

SCHEMA_2 = b"""\
schema_version = 2
company = "Acme"
stage = "interviewing"
created_at = 2026-10-01T09:00:00Z

[[interviews]]
id = "intv0001"
started_at = 2026-10-05T10:00:00Z
ended_at = 2026-10-05T11:00:00Z

[[interviews.flags]]
id = "flag0001"
at = 2026-10-05T10:30:00Z
label = "Travel"
dealbreaker = "deal1"

# true = met; for a dealbreaker, present
[fit]
must1 = true
must2 = false
deal1 = false  # the travel flag was a false alarm
"""


def _migration_profile() -> Profile:
    return Profile(
        must_haves=[
            Criterion(id="must1", text="Remote", weight=4),
            Criterion(id="must2", text="Kind"),
        ],
        dealbreakers=[Criterion(id="deal1", text="Travel")],
    )


def test_schema_2_fit_becomes_findings_that_keep_its_verdicts(workspace: Workspace) -> None:
    from catbird.model.scoring import fit_score

    workspace.ensure()
    path = workspace.path_for("acme")
    path.write_bytes(SCHEMA_2)
    o = workspace.read("acme")
    assert path.read_bytes() == SCHEMA_2  # reading never writes
    assert [(f.criterion, f.answer) for f in o.findings] == [
        ("must1", "yes"),
        ("must2", "no"),
        ("deal1", "no"),
    ]
    # Dated at the latest time in the file: the explicit "false" still outranks the flag.
    assert {f.at.isoformat() for f in o.findings} == {"2026-10-05T11:00:00+00:00"}
    assert fit_score(o, _migration_profile()) == 57  # 4 of 7; the dealbreaker did not fire
    # The same file migrated twice (two machines) gives the same findings: a sync merges them.
    assert [f.id for f in workspace.read("acme").findings] == [f.id for f in o.findings]


def test_schema_2_is_backed_up_then_written_forward(workspace: Workspace) -> None:
    workspace.ensure()
    path = workspace.path_for("acme")
    path.write_bytes(SCHEMA_2)
    workspace.update("acme", _with_role("Dev"))
    text = path.read_text()
    assert text.startswith(f"schema_version = {OPPORTUNITY_SCHEMA_VERSION}\n")
    assert "[fit]" not in text and "[[findings]]" in text
    (backup,) = (workspace.state_dir / "backups").iterdir()
    assert backup.name.startswith("acme.schema-2.") and backup.read_bytes() == SCHEMA_2
    again = workspace.read("acme")
    assert again.role == "Dev" and len(again.findings) == 3


def test_what_this_version_writes_reads_back_without_a_migration(workspace: Workspace) -> None:
    change = workspace.create(
        Opportunity(company="Acme", findings=[Finding(criterion="must1", answer="mixed")])
    )
    workspace.update(change.slug, _with_role("Dev"))
    assert not (workspace.state_dir / "backups").exists()
    text = workspace.path_for(change.slug).read_text()
    assert text.startswith(f"schema_version = {OPPORTUNITY_SCHEMA_VERSION}\n")
    assert workspace.read(change.slug).findings[0].answer == "mixed"


def test_a_fit_that_is_not_a_table_is_reported_not_dropped(workspace: Workspace) -> None:
    workspace.ensure()
    workspace.path_for("acme").write_bytes(b'schema_version = 1\ncompany = "Acme"\nfit = 3\n')
    with pytest.raises(FileProblem, match="fit"):
        workspace.read("acme")


def test_a_schema_1_profile_is_read_and_backed_up_before_it_is_written(
    workspace: Workspace,
) -> None:
    from catbird.model.profile import PROFILE_SCHEMA_VERSION

    workspace.ensure()
    old = b'schema_version = 1\nname = "Maren"\n\n[[must_haves]]\nid = "must1"\ntext = "Remote"\n'
    workspace.profile_path.write_bytes(old)
    assert workspace.read_profile().must_haves[0].questions == []
    workspace.update_profile(
        lambda p: p.model_copy(
            update={"must_haves": [p.must_haves[0].model_copy(update={"questions": ["Days?"]})]}
        )
    )
    assert workspace.profile_path.read_text().startswith(
        f"schema_version = {PROFILE_SCHEMA_VERSION}\n"
    )
    (backup,) = (workspace.state_dir / "backups").iterdir()
    assert backup.name.startswith("profile.schema-1.") and backup.read_bytes() == old
    assert workspace.read_profile().must_haves[0].questions == ["Days?"]


def test_a_newer_profile_is_refused_with_a_clear_message(workspace: Workspace) -> None:
    workspace.ensure()
    workspace.profile_path.write_bytes(b"schema_version = 99\n")
    with pytest.raises(FileProblem, match="written by a newer Catbird"):
        workspace.read_profile()
    with pytest.raises(FileProblem):
        workspace.update_profile(lambda p: p)
    assert workspace.profile_path.read_bytes() == b"schema_version = 99\n"


def test_the_sample_data_reads_at_the_current_schema(tmp_path: Path) -> None:
    import shutil

    from catbird.store.paths import sample_data_dir

    shutil.copytree(sample_data_dir(), tmp_path / "ws")
    ws = Workspace(tmp_path / "ws")
    assert ws.check() == []
    opportunities, _ = ws.load_all()
    assert all(o.schema_version == OPPORTUNITY_SCHEMA_VERSION for o in opportunities)
    assert sum(len(o.findings) for o in opportunities) > 30
    assert b"[fit]" not in b"".join(p.read_bytes() for p in ws.opportunities_dir.iterdir())


# ---- the summary index -------------------------------------------------------------------------


def test_summaries_follow_changes_on_disk(workspace: Workspace) -> None:
    for company in ("Acme", "Globex", "Initech"):
        workspace.create(Opportunity(company=company))
    assert [s.slug for s in workspace.summaries()[0]] == ["acme", "globex", "initech"]
    index = workspace.index_path
    assert index.is_file() and _mode(index) == 0o600

    workspace.update("globex", _with_role("Dev"))  # through Catbird
    path = workspace.path_for("initech")  # by hand, in place (same inode)
    path.write_text(path.read_text().replace('company = "Initech"', 'company = "Initech Ltd"'))
    workspace.path_for("acme").unlink()
    summaries, problems = workspace.summaries()
    assert problems == []
    assert [(s.slug, s.company, s.role) for s in summaries] == [
        ("globex", "Globex", "Dev"),
        ("initech", "Initech Ltd", ""),
    ]
    assert sorted(name for name, _, _, _ in _index_entries(workspace)) == [
        "globex.toml",
        "initech.toml",
    ]

    # A file broken after it was indexed is reported, not served from the cache.
    path.write_text("company = \n")
    summaries, problems = workspace.summaries()
    assert [s.slug for s in summaries] == ["globex"]
    assert [p.path for p in problems] == [path]


def test_summaries_made_without_a_profile_are_not_reused_with_one(workspace: Workspace) -> None:
    profile = Profile(must_haves=[Criterion(id="must1", text="Remote")])
    workspace.save_profile(profile)
    workspace.create(
        Opportunity(company="Acme", findings=[Finding(criterion="must1", answer="yes")])
    )
    assert workspace.summaries()[0][0].fit is None
    assert workspace.summaries(profile)[0][0].fit == 100
    # A changed profile file is a changed key too.
    other = Profile(must_haves=[Criterion(id="must1", text="Remote"), Criterion(text="Pay")])
    workspace.save_profile(other)
    no = Finding(criterion="must1", answer="no", at=now() + timedelta(minutes=1))
    workspace.update("acme", lambda o: o.model_copy(update={"findings": [*o.findings, no]}))
    assert workspace.summaries(other)[0][0].fit == 0


def _index_entries(workspace: Workspace) -> list[list[object]]:
    lines = workspace.index_path.read_bytes().splitlines()[2:]  # after the header and head
    return [json.loads(line.partition(b" ")[2]) for line in lines]


def _index_line(entry: list[object]) -> bytes:
    """An index line as the index writes it: the entry led by its checksum."""
    row = json.dumps(entry).encode()
    return b"%08x %s" % (zlib.crc32(row), row)


HEADER = b'{"version": %d, "profile": null}' % INDEX_VERSION


@pytest.mark.parametrize(
    "garbage",
    [
        b"{not json",
        b"",
        b"null",
        b"[]",
        b'"text"',
        b'{"version": 1}',
        HEADER + b"\n[]",
        HEADER + b"\n5",
        HEADER + b'\n["acme.toml"]',
        HEADER + b'\n["acme.toml", 5, 6]',
        HEADER + b'\n["acme.toml", null, null]',
        HEADER + b'\n["acme.toml", [1, 2, 3], "x"]',
        HEADER + b'\n["acme.toml", [1, 2, 3, 4, 5], "x"]',
        HEADER + b"\n" + _index_line(["acme.toml", [1, 2, 3, 4, 5], "x"]),
        HEADER + b"\n" + _index_line(["acme.toml", [1, 2, 3, 4, 5], "ab", "x"]),
        HEADER + b"\n00000000 " + json.dumps(["acme.toml", [1, 2, 3, 4, 5], "", []]).encode(),
        HEADER + b'\n["acme.toml",{not json',
        b"\xff\xfe\x00",
    ],
)
def test_a_corrupted_index_is_ignored(workspace: Workspace, garbage: bytes) -> None:
    workspace.create(Opportunity(company="Acme", role="Dev"))
    workspace.summaries()
    index = workspace.index_path
    index.write_bytes(garbage)
    summaries, problems = workspace.summaries()
    assert [(s.slug, s.role) for s in summaries] == [("acme", "Dev")] and problems == []
    header = json.loads(index.read_bytes().splitlines()[0])
    assert header["version"] == INDEX_VERSION  # and rebuilt
    assert [name for name, _, _, _ in _index_entries(workspace)] == ["acme.toml"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (3, "nonsense"),  # not a stage
        (1, 5),  # a company that is not text: it would reach the screen
        (4, ["ok", 3]),  # a tag that is not text
        (7, "3"),  # a count that is not a number
        (6, 20261201),  # a date that is not ISO text
        (16, "one too many"),
    ],
)
def test_a_cached_entry_with_the_right_key_but_a_bad_summary_is_reread(
    workspace: Workspace, field: int, value: object
) -> None:
    workspace.create(Opportunity(company="Acme"))
    workspace.summaries()
    index = workspace.index_path
    header, head, line = index.read_bytes().splitlines()
    name, key, digest, row = json.loads(line.partition(b" ")[2])
    if field < len(row):
        row[field] = value
    else:
        row.append(value)
    index.write_bytes(b"\n".join([header, head, _index_line([name, key, digest, row])]) + b"\n")
    assert [s.company for s in workspace.summaries()[0]] == ["Acme"]


def test_an_unchanged_workspace_is_served_from_the_index(workspace: Workspace) -> None:
    workspace.create(Opportunity(company="Acme", role="Dev"))
    workspace.summaries()
    index = workspace.index_path
    header, head, line = index.read_bytes().splitlines()
    name, key, digest, summary = json.loads(line.partition(b" ")[2])
    summary[2] = "from the index"  # the role, only in the cache: proves the file was not read
    entry = _index_line([name, key, digest, summary])
    index.write_bytes(b"\n".join([header, head, entry]) + b"\n")
    # Trusting the key (the board's first check) serves it; verifying (its second check, and
    # `catbird list`) finds that the card is not the one made from this file, and mends it.
    assert [s.role for s in workspace.summaries(verify=False)[0]] == ["from the index"]
    assert [s.role for s in workspace.summaries()[0]] == ["Dev"]
    assert [s.role for s in workspace.summaries(verify=False)[0]] == ["Dev"]


# ---- remove and restore ------------------------------------------------------------------------


def test_remove_goes_to_the_trash_and_restore_brings_it_back(workspace: Workspace) -> None:
    created = workspace.create(Opportunity(company="Acme")).after
    removed = workspace.remove("acme")
    assert removed == created and workspace.slugs() == []
    trashed = list((workspace.state_dir / "trash").iterdir())
    assert len(trashed) == 1 and trashed[0].name.startswith("acme.")
    workspace.restore(removed)
    assert workspace.read("acme") == created


# ---- the index never wins over the file --------------------------------------------------------


def test_an_in_place_edit_that_keeps_size_and_mtime_is_seen(
    workspace: Workspace, run_cli: RunCli
) -> None:
    workspace.create(Opportunity(company="Acme", role="Backend"))
    path = workspace.path_for("acme")
    assert [s.role for s in workspace.summaries()[0]] == ["Backend"]
    edit_in_place(path, b'"Backend"', b'"Mobiles"')
    assert [s.role for s in workspace.summaries()[0]] == ["Mobiles"]
    listed = run_cli("list", home=workspace.home)
    assert listed.returncode == 0, listed.stderr
    assert "Mobiles" in listed.stdout and "Backend" not in listed.stdout


DOCTORED = {
    1: "\x1b]52;c;aGk=\x07\x1b[31mEvil Corp\x1b[0m",  # the company: OSC 52, CSI
    2: "[bold red]role[/] [@click=app.quit]x[/]",  # the role: markup
    3: "offer",  # the stage: wrong
    # What falls due (the due view draws it from the index): an escape in its text.
    20: [["follow-up", "\x1b]8;;http://x\x07Call\x1b]8;;\x07", "2030-01-01", "f1", "thanks"]],
}


def _doctor(workspace: Workspace, *, checksum: bool) -> None:
    """Change the cached card of acme behind Catbird's back, its key left matching (the
    head, what the first frame shows, is doctored alike in tests/core/test_summary_index.py)."""
    header, head, line = workspace.index_path.read_bytes().splitlines()
    name, key, digest, row = json.loads(line.partition(b" ")[2])
    for field, value in DOCTORED.items():
        row[field] = value
    if checksum:  # as a careful forger (or a bug in a tool) would: the line checks out
        doctored = _index_line([name, key, digest, row])
    else:  # as a hand edit would: the checksum is the old one
        entry = json.dumps([name, key, digest, row]).encode()
        doctored = line.partition(b" ")[0] + b" " + entry
    workspace.index_path.write_bytes(b"\n".join([header, head, doctored]) + b"\n")


def test_a_doctored_index_entry_is_never_shown_and_the_file_wins(
    workspace: Workspace, run_cli: RunCli
) -> None:
    workspace.create(Opportunity(company="Acme", role="Dev"))
    workspace.summaries()
    _doctor(workspace, checksum=False)
    assert Index.read(workspace.index_path).entries == {}  # what the first check would use
    cards = workspace.summaries()[0]
    assert [(c.company, c.role, c.stage) for c in cards] == [("Acme", "Dev", Stage.LEAD)]

    _doctor(workspace, checksum=False)
    listed = run_cli("list", home=workspace.home)
    assert listed.returncode == 0, listed.stderr
    assert "\x1b" not in listed.stdout and "\x07" not in listed.stdout
    assert "Acme" in listed.stdout and "lead" in listed.stdout
    assert "Evil" not in listed.stdout and "offer" not in listed.stdout


def test_text_from_an_index_entry_that_checks_out_is_still_cleaned(
    workspace: Workspace, run_cli: RunCli
) -> None:
    workspace.create(Opportunity(company="Acme", role="Dev"))
    workspace.summaries()
    _doctor(workspace, checksum=True)
    (card,) = Index.read(workspace.index_path).cards()  # what the first check trusts
    assert card.company == "Evil Corp"  # escapes and controls gone, as the model does
    assert card.role == DOCTORED[2]  # markup is text: shown literally wherever it is drawn
    assert [d.text for d in card.due] == ["Call"]
    # Its digest does not match the file: verifying makes the card again from the file.
    listed = run_cli("list", home=workspace.home)
    assert listed.returncode == 0, listed.stderr
    assert "\x1b" not in listed.stdout and "\x07" not in listed.stdout
    assert "Acme" in listed.stdout and "lead" in listed.stdout
    assert "Evil" not in listed.stdout and "offer" not in listed.stdout
    (card,) = Index.read(workspace.index_path).cards()
    assert (card.company, card.role, card.stage) == ("Acme", "Dev", Stage.LEAD)
