"""`catbird sync` with real git and real processes, no network: a bare repository on local
disk and two clones of one workspace (a laptop and a remote box)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catbird import ops
from catbird.model import FlagEvent, Interview, Note, Opportunity, Stage
from catbird.store import Workspace
from catbird.sync.resolve import SYNC_NOTE_START, resolve

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
    reason="git is not installed",
)


class Machine:
    """One clone: its workspace folder and the real CLI run on it."""

    def __init__(self, home: Path, env: dict[str, str]) -> None:
        self.home = home
        self.env = env

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "catbird", "--home", str(self.home), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self.env,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, f"catbird {' '.join(args)}: {done.stdout}{done.stderr}"
        return done.stdout

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(self.home), *args],
            capture_output=True,
            text=True,
            check=True,
            env=self.env,
        ).stdout

    def opportunity(self, slug: str) -> Opportunity:
        return Workspace(self.home).read(slug)

    def labels(self, slug: str) -> set[str]:
        o = self.opportunity(slug)
        return {f.label for f in o.flags} | {n.text for n in o.notes}


@pytest.fixture
def git_env(tmp_path: Path, cli_env: dict[str, str]) -> dict[str, str]:
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Test Person\n\temail = test@example.org\n")
    return {**cli_env, "GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1"}


@pytest.fixture
def remote(tmp_path: Path, git_env: dict[str, str]) -> Path:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True, env=git_env)
    return bare


@pytest.fixture
def laptop(tmp_path: Path, git_env: dict[str, str], remote: Path) -> Machine:
    machine = Machine(tmp_path / "laptop", git_env)
    ws = Workspace(machine.home)
    ops.add(ws, "Northwind Labs", role="Staff Engineer")  # in-process: the syncs are the test
    ops.add(ws, "Hooli")
    machine.ok("sync", "--remote", str(remote))
    return machine


@pytest.fixture
def box(tmp_path: Path, git_env: dict[str, str], remote: Path, laptop: Machine) -> Machine:
    machine = Machine(tmp_path / "box", git_env)
    machine.ok("sync", "--remote", str(remote))
    return machine


def _clean(machine: Machine) -> None:
    """Every file validates, and no conflict marker is anywhere in the workspace."""
    done = machine.run("check")
    assert done.returncode == 0, done.stdout + done.stderr
    for path in machine.home.rglob("*.toml"):
        if ".git" in path.parts:
            continue
        text = path.read_text()
        assert "<<<<<<<" not in text and ">>>>>>>" not in text, path


def test_the_first_sync_makes_a_repository_with_catbird_ignored_and_the_driver_set(
    laptop: Machine, box: Machine
) -> None:
    assert (laptop.home / ".git").is_dir()
    assert ".catbird/" in (laptop.home / ".gitignore").read_text().splitlines()
    attributes = (laptop.home / ".gitattributes").read_text()
    assert "opportunities/*.toml merge=catbird" in attributes
    assert "profile.toml merge=catbird" in attributes
    driver = laptop.git("config", "merge.catbird.driver")
    assert driver.startswith(sys.executable) and "-m catbird.sync.driver %O %A %B %P" in driver
    tracked = laptop.git("ls-files").split()
    assert "opportunities/northwind-labs.toml" in tracked
    assert not any(p.startswith(".catbird") for p in tracked)
    assert laptop.git("log", "-1", "--format=%s").strip() == "added hooli; added northwind-labs"
    assert {"hooli", "northwind-labs"} <= set(Workspace(box.home).slugs())
    _clean(box)


def test_two_machines_flags_notes_a_move_and_a_rename_all_arrive_everywhere(
    laptop: Machine, box: Machine
) -> None:
    """Checked by, as the issue has it: flags and notes on the same opportunity on both
    sides, a stage move on one and a rename on the other, a sync on both."""
    laptop.ok("flag", "northwind", "Interviewer was rude")
    laptop.ok("note", "northwind", "laptop note")
    laptop.ok("move", "hooli", "offer")
    box.ok("flag", "northwind", "Clear growth path", "--green")
    box.ok("note", "northwind", "box note")
    ws = Workspace(box.home)
    ws.update("hooli", lambda o: o.model_copy(update={"role": "Principal Engineer"}))

    out = laptop.ok("sync")
    assert "committed: " in out and "on northwind-labs" in out and "moved hooli to offer" in out
    subjects = laptop.git("log", "--format=%s").splitlines()
    assert any("note, interview and flag on northwind-labs" in s for s in subjects), subjects
    box.ok("sync")
    laptop.ok("sync")

    for machine in (laptop, box):
        _clean(machine)
        northwind = machine.opportunity("northwind-labs")
        assert {"Interviewer was rude", "Clear growth path"} == {f.label for f in northwind.flags}
        assert {"laptop note", "box note"} <= {n.text for n in northwind.notes}
        # Each machine's `catbird flag` started "today's interview": one interview, not two.
        assert len(northwind.interviews) == 1
        hooli = machine.opportunity("hooli")
        assert hooli.stage == "offer" and hooli.role == "Principal Engineer"
    assert laptop.git("rev-parse", "HEAD") == box.git("rev-parse", "HEAD")
    assert laptop.git("status", "--porcelain") == ""


def _edit_at(machine: Machine, slug: str, when: float, **update: object) -> None:
    Workspace(machine.home).update(slug, lambda o: o.model_copy(update=update))
    path = machine.home / "opportunities" / f"{slug}.toml"
    os.utime(path, (when, when))


def test_a_value_both_changed_goes_to_the_later_change_and_the_other_is_kept_as_a_note(
    laptop: Machine, box: Machine
) -> None:
    now = time.time()
    _edit_at(box, "northwind-labs", now - 60, role="Principal Engineer", link="https://box")
    _edit_at(laptop, "northwind-labs", now - 600, role="Engineering Manager")
    box.ok("sync")
    out = laptop.ok("sync")  # the laptop merges: its own change is the earlier one
    assert "merged by event id: opportunities/northwind-labs.toml" in out
    box.ok("sync")
    for machine in (laptop, box):
        _clean(machine)
        o = machine.opportunity("northwind-labs")
        assert o.role == "Principal Engineer" and o.link == "https://box"
        kept = [n.text for n in o.notes if n.text.startswith(SYNC_NOTE_START)]
        assert len(kept) == 1
        assert "role" in kept[0] and "Engineering Manager" in kept[0]


def test_the_profile_merges_by_id_and_keeps_the_losing_value_as_a_comment(
    laptop: Machine, box: Machine
) -> None:
    from catbird.model.profile import Criterion

    def add(machine: Machine, text: str, headline: str, when: float) -> None:
        def change(p):  # type: ignore[no-untyped-def]
            musts = [*p.must_haves, Criterion(text=text)]
            return p.model_copy(update={"must_haves": musts, "headline": headline})

        Workspace(machine.home).update_profile(change)
        os.utime(machine.home / "profile.toml", (when, when))

    laptop.ok("sync")
    box.ok("sync")
    add(laptop, "Remote first", "Staff engineer, laptop", time.time() - 300)
    add(box, "Small team", "Staff engineer, box", time.time() - 30)
    laptop.ok("sync")
    box.ok("sync")
    laptop.ok("sync")
    for machine in (laptop, box):
        _clean(machine)
        profile = Workspace(machine.home).read_profile()
        assert {c.text for c in profile.must_haves} == {"Remote first", "Small team"}
        assert profile.headline == "Staff engineer, box"
        text = (machine.home / "profile.toml").read_text()
        assert text.startswith(f"# {SYNC_NOTE_START}") and "Staff engineer, laptop" in text


def test_a_file_that_does_not_validate_is_never_merged_over(laptop: Machine, box: Machine) -> None:
    path = "opportunities/northwind-labs.toml"
    broken = laptop.home / path
    broken.write_text(broken.read_text().replace('company = "Northwind Labs"', "company = ["))
    laptop.ok("sync")  # sent as it is: the laptop's own file, its own business
    box.ok("note", "northwind", "box note, kept")
    Workspace(box.home).update("northwind-labs", lambda o: o.model_copy(update={"company": "NW"}))

    done = box.run("sync")
    assert done.returncode == 1
    assert f"{path} (opportunities/northwind-labs.toml (theirs):" in done.stderr
    assert "does not validate" in done.stderr
    assert "nothing was sent" in done.stderr
    text = (box.home / path).read_text()
    # Git's ordinary conflict: both versions in the file, nothing of either lost.
    assert "box note, kept" in text and "company = [" in text and "<<<<<<< ours" in text
    assert "both modified" in box.git("status") or "unmerged" in box.git("status").lower()
    assert box.run("check").returncode == 1  # reported, and writes to it refused
    assert box.run("note", "northwind", "refused").returncode == 1

    # Still waiting while it is broken; concluded once it is fixed.
    again = box.run("sync")
    assert again.returncode == 1 and "fix" in again.stderr
    ours = box.git("show", f":2:{path}")
    (box.home / path).write_text(ours)
    box.ok("sync")
    assert "box note, kept" in {n.text for n in box.opportunity("northwind-labs").notes}
    _clean(box)
    laptop.ok("sync")
    _clean(laptop)


def test_the_remote_down_is_said_with_its_own_exit_code_and_nothing_is_lost(
    laptop: Machine, remote: Path
) -> None:
    laptop.ok("note", "hooli", "written offline")
    away = remote.with_name("away.git")
    remote.rename(away)
    done = laptop.run("sync")
    assert done.returncode == 3, done.stderr
    assert "cannot reach the remote" in done.stderr and "committed here" in done.stderr
    assert "Traceback" not in done.stderr
    assert laptop.git("log", "-1", "--format=%s").strip() == "note on hooli"
    assert "written offline" in laptop.labels("hooli")
    away.rename(remote)
    assert "sent to" in laptop.ok("sync")


def test_no_remote_yet_commits_here_and_says_how_to_give_one(
    tmp_path: Path, git_env: dict[str, str]
) -> None:
    alone = Machine(tmp_path / "alone", git_env)
    alone.ok("add", "Initech")
    done = alone.run("sync")
    assert done.returncode == 1 and "--remote URL" in done.stderr
    assert alone.git("log", "-1", "--format=%s").strip() == "added initech"


def test_a_plain_git_merge_uses_the_driver_too(laptop: Machine, box: Machine) -> None:
    """The driver is registered for git itself: a `git pull` by hand merges by event id."""
    laptop.ok("note", "northwind", "laptop")
    laptop.ok("sync")
    box.ok("note", "northwind", "box")
    box.git("add", "-A")
    box.git("commit", "-qm", "box note")
    box.git("pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    assert {"laptop", "box"} <= box.labels("northwind-labs")
    _clean(box)


def test_auto_commits_after_every_change(laptop: Machine) -> None:
    laptop.ok("sync", "--auto", "on")
    laptop.ok("flag", "hooli", "Kept waiting")
    assert laptop.git("log", "-1", "--format=%s").strip() == "interview and flag on hooli"
    laptop.ok("sync", "--auto", "off")
    laptop.ok("note", "hooli", "not yet committed")
    assert laptop.git("status", "--porcelain").strip()


def test_both_capturing_and_syncing_in_a_loop_lose_nothing(laptop: Machine, box: Machine) -> None:
    stop = threading.Event()
    failures: list[str] = []

    def capture(machine: Machine, name: str) -> None:
        for number in range(4):
            slug = ("northwind", "hooli")[number % 2]
            done = machine.run("flag", slug, f"{name} flag {number}")
            if done.returncode:
                failures.append(done.stderr)
            done = machine.run("note", slug, f"{name} note {number}")
            if done.returncode:
                failures.append(done.stderr)

    def syncing(machine: Machine) -> None:
        while not stop.is_set():
            done = machine.run("sync")
            if done.returncode not in (0,):
                failures.append(done.stderr)

    threads = [threading.Thread(target=syncing, args=(m,)) for m in (laptop, box)]
    captures = [
        threading.Thread(target=capture, args=(m, n)) for m, n in ((laptop, "L"), (box, "B"))
    ]
    for thread in threads + captures:
        thread.start()
    for thread in captures:
        thread.join()
    stop.set()
    for thread in threads:
        thread.join()
    assert not failures, failures
    for machine in (laptop, box, laptop):
        machine.ok("sync")
    expected = {f"{n} {kind} {i}" for n in "LB" for kind in ("flag", "note") for i in range(4)}
    for machine in (laptop, box):
        _clean(machine)
        seen = machine.labels("northwind-labs") | machine.labels("hooli")
        assert expected <= seen, expected - seen
        assert len(machine.opportunity("hooli").interviews) == 1


def test_a_sync_killed_at_any_point_is_completed_by_the_next(laptop: Machine, box: Machine) -> None:
    rng = random.Random(17)
    for number in range(5):
        ops.note(Workspace(box.home), "hooli", f"box {number}")
        box.ok("sync")
        ops.note(Workspace(laptop.home), "hooli", f"laptop {number}")
        child = subprocess.Popen(
            [sys.executable, "-m", "catbird", "--home", str(laptop.home), "sync"],
            env=laptop.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, 1.2))
        child.send_signal(signal.SIGKILL)
        child.wait()
    laptop.ok("sync")
    box.ok("sync")
    expected = {f"{side} {n}" for side in ("box", "laptop") for n in range(5)}
    for machine in (laptop, box):
        _clean(machine)
        assert expected <= machine.labels("hooli")


# ---- the merge itself, for random histories --------------------------------------------------

_texts = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=4)
_some = st.sets(st.sampled_from([0, 1, 2]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    added=st.tuples(_texts, _texts),
    flagged=st.tuples(_texts, _texts),
    removed=st.tuples(_some, _some),
    edited=st.tuples(_some, _some),
    swap=st.booleans(),
)
def test_merge_of_a_and_b_holds_the_same_events_as_of_b_and_a(
    added: tuple[list[str], list[str]],
    flagged: tuple[list[str], list[str]],
    removed: tuple[set[int], set[int]],
    edited: tuple[set[int], set[int]],
    swap: bool,
) -> None:
    """Random histories on two sides from one base (notes added, removed and edited, flags
    logged on the interview of the day): either order of the merge gives the same events,
    every event added on either side is there, and the result validates."""
    day = Interview(flags=[FlagEvent(label="x")])
    notes = [Note(text=f"base {n}") for n in range(3)]
    base = Opportunity(company="Acme", slug="acme", notes=notes, interviews=[day])

    def side(n: int, role: str) -> Opportunity:
        kept = [
            note.model_copy(update={"text": f"{note.text} edited by {role}"})
            if i in edited[n]
            else note
            for i, note in enumerate(notes)
            if i not in removed[n]
        ]
        interview = day.model_copy(
            update={"flags": [*day.flags, *(FlagEvent(label=f) for f in flagged[n])]}
        )
        return base.model_copy(
            update={
                "notes": [*kept, *(Note(text=t) for t in added[n])],
                "interviews": [interview],
                "role": role,
            }
        )

    a, b = side(0, "A"), side(1, "B")
    at_a, at_b = (1.0, 2.0) if swap else (2.0, 1.0)
    ab, ba = resolve(base, a, at_a, b, at_b), resolve(base, b, at_b, a, at_a)

    def events(o: Opportunity) -> set[str]:
        return {n.id for n in o.notes} | {f.id for i in o.interviews for f in i.flags}

    assert events(ab.merged) == events(ba.merged)
    new = (events(a) | events(b)) - events(base)
    assert new <= events(ab.merged)
    assert ab.merged.role == ba.merged.role == ("B" if swap else "A")
    assert ab.kept == ba.kept
    for done in (ab, ba):
        Opportunity.model_validate({**done.merged.model_dump(), "slug": "acme"})


def test_a_sync_writes_only_the_files_that_changed(laptop: Machine, box: Machine) -> None:
    """The board's summary index is then brought up to date for those files alone: every
    other file keeps its identity (inode, size, times), which is what the index keys on."""

    def identities() -> dict[str, tuple[int, int, int]]:
        folder = box.home / "opportunities"
        return {
            p.name: (p.stat().st_ino, p.stat().st_mtime_ns, p.stat().st_ctime_ns)
            for p in folder.iterdir()
        }

    laptop.ok("note", "hooli", "only this one")
    laptop.ok("sync")
    before = identities()
    assert "received 1 changed file(s)" in box.ok("sync")
    after = identities()
    assert after["northwind-labs.toml"] == before["northwind-labs.toml"]
    assert after["hooli.toml"] != before["hooli.toml"]


def test_the_message_names_what_is_new_in_each_file() -> None:
    from catbird.store.tomlio import dumps
    from catbird.sync.message import describe, subject_and_body

    before = Opportunity(company="Acme", slug="acme")
    interview = Interview(flags=[FlagEvent(label="rude"), FlagEvent(label="late")])
    after = before.model_copy(update={"interviews": [interview], "stage": Stage.SCREENING})
    phrases = describe("opportunities/acme.toml", dumps(before), dumps(after))
    assert phrases == ["interview and 2 flags on acme", "moved acme to screening"]
    renamed = after.model_copy(update={"company": "Acme Corp"})
    assert describe("opportunities/acme.toml", dumps(after), dumps(renamed)) == [
        'renamed acme "Acme Corp"'
    ]
    assert describe("opportunities/acme.toml", None, dumps(after)) == ["added acme"]
    assert describe("opportunities/acme.toml", dumps(after), None) == ["removed acme"]
    many = subject_and_body([f"flag on company-{n}" for n in range(9)])
    subject, _, body = many.partition("\n\n")
    assert len(subject) <= 72 and subject.endswith("more")
    assert body.splitlines() == [f"flag on company-{n}" for n in range(9)]


def test_a_folder_that_is_not_there_yet_becomes_the_remote(
    tmp_path: Path, git_env: dict[str, str]
) -> None:
    one, two = Machine(tmp_path / "one", git_env), Machine(tmp_path / "two", git_env)
    one.ok("add", "Initech")
    out = one.ok("sync", "--remote", str(tmp_path / "stick" / "catbird.git"))
    assert "a bare repository to sync through" in out
    two.ok("sync", "--remote", str(tmp_path / "stick" / "catbird.git"))
    assert Workspace(two.home).slugs() == ["initech"]
    assert ".*.tmp" in (two.home / ".gitignore").read_text().splitlines()


def test_the_driver_leaves_a_file_that_does_not_validate_to_gits_line_merge(
    tmp_path: Path,
) -> None:
    from catbird.sync.driver import main

    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    base.write_text('schema_version = 3\ncompany = "Acme"\nrole = "a"\n')
    ours.write_text('schema_version = 3\ncompany = [\nrole = "a"\n')
    theirs.write_text('schema_version = 3\ncompany = "Acme Corp"\nrole = "a"\n')
    assert main([str(base), str(ours), str(theirs), "opportunities/acme.toml"]) == 1
    text = ours.read_text()
    assert "<<<<<<< ours" in text and "company = [" in text and "Acme Corp" in text
    # Both valid: merged by id, written over ours, exit 0.
    ours.write_text('schema_version = 3\ncompany = "Acme"\nrole = "b"\n')
    assert main([str(base), str(ours), str(theirs), "opportunities/acme.toml"]) == 0
    merged = tomllib.loads(ours.read_text())
    assert merged["company"] == "Acme Corp" and merged["role"] == "b"


def test_two_moves_go_to_the_later_one_and_the_other_move_is_kept_in_words() -> None:
    from catbird.model import StageChange
    from catbird.sync.resolve import with_note

    base = Opportunity(company="Acme", slug="acme")
    laptop = base.model_copy(
        update={"stage": Stage.APPLIED, "stage_history": [StageChange(stage=Stage.APPLIED)]}
    )
    box = base.model_copy(
        update={"stage": Stage.OFFER, "stage_history": [StageChange(stage=Stage.OFFER)]}
    )
    for first, second in ((laptop, box), (box, laptop)):
        at = {id(laptop): 100.0, id(box): 200.0}
        done = resolve(base, first, at[id(first)], second, at[id(second)])
        merged = with_note(done.merged, done.kept)
        assert merged.stage == Stage.OFFER and [c.stage for c in merged.stage_history] == ["offer"]
        (note,) = merged.notes
        assert note.text.startswith(SYNC_NOTE_START) and 'stage "applied"' in note.text
        Opportunity.model_validate({**merged.model_dump(), "slug": "acme"})


def test_the_first_sync_of_a_second_machine_receives_every_file_private(
    tmp_path: Path, git_env: dict[str, str], remote: Path
) -> None:
    one, two = Machine(tmp_path / "one", git_env), Machine(tmp_path / "two", git_env)
    ws = Workspace(one.home)
    for number in range(30):
        ops.add(ws, f"Company {number}")
    one.ok("sync", "--remote", str(remote))
    two.home.mkdir()
    (two.home / "opportunities").mkdir()
    ops.add(Workspace(two.home), "Company 7", role="its own")  # the same name, made there
    two.ok("sync", "--remote", str(remote))
    assert len(Workspace(two.home).slugs()) == 30
    for path in (two.home / "opportunities").iterdir():
        assert path.stat().st_mode & 0o777 == 0o600, path
        assert path.read_bytes() == (one.home / "opportunities" / path.name).read_bytes() or (
            path.name == "company-7.toml"
        )
    both = Workspace(two.home).read("company-7")
    assert both.role == "its own"  # the two versions with no common one, joined
    _clean(two)


def test_the_later_change_is_the_files_own_not_its_commits(laptop: Machine, box: Machine) -> None:
    """One sync commits many files: each keeps its own time, so an old edit committed with
    a fresh one does not pass for fresh."""
    now = time.time()
    _edit_at(laptop, "northwind-labs", now - 600, role="Laptop's role")
    _edit_at(laptop, "hooli", now - 10, role="fresh")  # committed with it, later
    _edit_at(box, "northwind-labs", now - 300, role="Box's role")
    box.ok("sync")
    laptop.ok("sync")
    assert "Catbird-Changed: " in laptop.git("log", "--format=%B")
    box.ok("sync")
    for machine in (laptop, box):
        o = machine.opportunity("northwind-labs")
        assert o.role == "Box's role"
        assert any("Laptop's role" in n.text for n in o.notes)


def test_todays_interview_joined_by_one_sync_stays_one_while_the_other_keeps_capturing() -> None:
    """The laptop joins both machines' interview of the day into one; the box, not having
    synced yet, logs more flags on its own; merging those later keeps one interview with
    every flag (it once kept both, with the same flags twice, or lost the box's new ones)."""
    base = Opportunity(company="Acme", slug="acme")
    mine = Interview(flags=[FlagEvent(label="laptop 1")])
    later = mine.started_at + timedelta(minutes=1)  # the laptop's is kept, the box's joined in
    theirs = Interview(started_at=later, flags=[FlagEvent(label="box 1", at=later)])
    laptop = base.model_copy(update={"interviews": [mine]})
    box = base.model_copy(update={"interviews": [theirs]})
    joined = resolve(base, laptop, 10.0, box, 5.0).merged
    assert len(joined.interviews) == 1
    more = theirs.model_copy(update={"flags": [*theirs.flags, FlagEvent(label="box 2")]})
    box_later = box.model_copy(update={"interviews": [more]})
    for at_box, at_joined in ((20.0, 10.0), (1.0, 10.0)):  # the box's change later, or not
        for done in (
            resolve(box, box_later, at_box, joined, at_joined),
            resolve(box, joined, at_joined, box_later, at_box),
        ):
            (interview,) = done.merged.interviews
            assert {f.label for f in interview.flags} == {"laptop 1", "box 1", "box 2"}
            Opportunity.model_validate({**done.merged.model_dump(), "slug": "acme"})
