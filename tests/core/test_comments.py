"""Hand-written comments and layout survive Catbird's saves (the README invites hand edits).

A file exactly as Catbird writes it is written anew (tomli-w, fast); any other one is edited
in place (tomlkit): these tests hold both to "every comment is still there, where it was, and
the file loads back as the model the save meant".
"""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

from catbird import ops
from catbird.model import Criterion, Opportunity, Stage
from catbird.store import Workspace
from catbird.store.tomlio import dumps
from conftest import SAMPLE_DATA, RunCli

# At the current schema: an older file is brought forward (with a backup) on its first save.
HAND_WRITTEN = """\
# Acme: met Dana at the meetup.   (top of the file)
schema_version = 3
company = "Acme"  # the parent company, really
role = "Platform engineer"
tags = ["remote", "go"]  # inline, after an array
stage = "applied"
created_at = 2026-11-01T09:00:00-05:00

# ---- how it went so far (between tables) ----
[[stage_history]]
id = "hist0001"
at = 2026-11-01T09:00:00-05:00
stage = "lead"

[[stage_history]]
# inside an array of tables: the day I applied
id = "hist0002"
at = 2026-11-02T10:00:00-05:00
stage = "applied"
from_stage = "lead"  # a note on a value inside an array of tables

[[notes]]
id = "note0001"
at = 2026-11-02T10:05:00-05:00
text = "Sent the CV."

[[interviews]]
id = "intv0001"
started_at = 2026-11-05T14:00:00-05:00
ended_at = 2026-11-05T15:00:00-05:00
kind = "video"
# who was there: only the recruiter

[[interviews.flags]]
# the first thing that happened
id = "flag0001"
at = 2026-11-05T14:10:00-05:00
kind = "green"
label = "On time"
severity = 1

# What I found out so far (introduces the table below).
[[findings]]
id = "find0001"
at = 2026-11-05T14:30:00-05:00
criterion = "must0001"  # remote, confirmed
answer = "yes"
"""

COMMENTS = re.findall(r"#.*", HAND_WRITTEN)


def _comments_in(text: str) -> list[str]:
    return [c for c in COMMENTS if c in text]


def _hand_written(home: Path) -> Path:
    (home / "opportunities").mkdir(parents=True)
    path = home / "opportunities" / "acme.toml"
    path.write_text(HAND_WRITTEN, "utf-8")
    return path


def _assert_loads_as(path: Path, ws: Workspace, expected: Opportunity) -> None:
    data = tomllib.loads(path.read_text("utf-8"))
    assert Opportunity.model_validate({**data, "slug": "acme"}) == expected
    assert ws.read("acme") == expected


def test_comments_survive_a_note_a_move_a_flag_and_their_undo(
    tmp_path: Path, run_cli: RunCli
) -> None:
    home = tmp_path / "home"
    path = _hand_written(home)
    ws = Workspace(home)
    original = ws.read("acme")

    noted = ops.note(ws, "acme", "Asked about on-call.\nThey have a rota of six.")
    moved = ops.move(ws, "acme", Stage.INTERVIEWING)
    flagged = run_cli("flag", "acme", "Kept waiting", "--severity", "3", home=home)
    assert flagged.returncode == 0, flagged.stderr
    text = path.read_text("utf-8")
    assert _comments_in(text) == COMMENTS
    assert text.startswith("# Acme: met Dana at the meetup.")
    # Each comment still sits by what it was about.
    assert 'company = "Acme"  # the parent company, really' in text
    assert "[[stage_history]]\n# inside an array of tables: the day I applied\n" in text
    assert "# What I found out so far (introduces the table below).\n[[findings]]" in text
    assert 'criterion = "must0001"  # remote, confirmed' in text
    now = ws.read("acme")
    assert now.stage == Stage.INTERVIEWING
    assert [n.text for n in now.notes][-1] == "Asked about on-call.\nThey have a rota of six."
    assert [(f.label, f.severity) for f in now.flags][-1] == ("Kept waiting", 3)
    assert moved.after is not None
    _assert_loads_as(path, ws, now)

    # Undo the move, then the note (the flag from the shell stays): comments still there.
    ops.undo(ws, moved)
    ops.undo(ws, noted)
    text = path.read_text("utf-8")
    assert _comments_in(text) == COMMENTS
    back = ws.read("acme")
    assert back.stage == Stage.APPLIED and back.notes == original.notes
    assert [f.label for f in back.flags][-1] == "Kept waiting"
    _assert_loads_as(path, ws, back)


def test_a_note_and_its_undo_give_back_the_hand_written_file_byte_for_byte(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    path = _hand_written(home)
    ws = Workspace(home)
    noted = ops.note(ws, "acme", "hello")
    assert path.read_text("utf-8") != HAND_WRITTEN
    ops.undo(ws, noted)
    assert path.read_text("utf-8") == HAND_WRITTEN


def test_values_a_file_leaves_out_are_not_added_by_a_save(tmp_path: Path) -> None:
    # The interview leaves out its round (1 by default) and the flag its note: a save that
    # touches neither (a new contact) leaves them as they are.
    home = tmp_path / "home"
    path = _hand_written(home)
    ws = Workspace(home)
    ops.add_contact(ws, "acme", "Dana Reyes", role="CTO")
    text = path.read_text("utf-8")
    interview = HAND_WRITTEN[HAND_WRITTEN.index("[[interviews]]") : HAND_WRITTEN.index("# What")]
    assert interview in text
    assert ws.read("acme").contacts[-1].name == "Dana Reyes"


def test_a_file_as_catbird_writes_it_is_written_anew(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ws = Workspace(home)
    created = ws.create(Opportunity(company="Plain"))
    ops.note(ws, created.slug, "one")
    after = ws.read(created.slug)
    assert ws.path_for(created.slug).read_bytes() == dumps(after)


def test_a_hand_ordered_file_without_comments_keeps_its_order(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "opportunities").mkdir(parents=True)
    path = home / "opportunities" / "acme.toml"
    path.write_text('stage = "lead"\ncompany = "Acme"\nschema_version = 1\n', "utf-8")
    ops.note(Workspace(home), "acme", "hi")
    assert path.read_text("utf-8").startswith('stage = "lead"\ncompany = "Acme"\n')


def test_the_sample_profiles_16_comments_survive_a_profile_edit(tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(SAMPLE_DATA, home)
    original = (home / "profile.toml").read_text("utf-8")
    comments = [c for c in re.findall(r"#.*", original) if not c.startswith('#"')]
    assert len(comments) == 16
    ws = Workspace(home)
    dropped = ws.read_profile().flags[-1]

    def change(profile):  # type: ignore[no-untyped-def]
        numbers = profile.numbers.model_copy(update={"min_base": 150_000})
        must = [*profile.must_haves, Criterion(text="A team that writes things down", weight=3)]
        flags = profile.flags[:-1]
        return profile.model_copy(update={"numbers": numbers, "must_haves": must, "flags": flags})

    change_made = ws.update_profile(change)
    before, after = change_made.before, change_made.after
    text = (home / "profile.toml").read_text("utf-8")
    assert [c for c in comments if c in text] == comments
    assert ws.read_profile() == after
    assert after.numbers.min_base == 150_000
    assert after.must_haves[-1].text == "A team that writes things down"
    assert dropped.id not in text
    # The profile screen's whole-profile save keeps them too.
    ws.save_profile(before)
    text = (home / "profile.toml").read_text("utf-8")
    assert [c for c in comments if c in text] == comments
    assert ws.read_profile() == before


def test_a_line_tomlkit_would_give_back_otherwise_is_kept_as_typed(tmp_path: Path) -> None:
    # tomlkit 0.15 writes `due = 2031-12-20 }` back as `due = 2031-12-20}` even untouched:
    # a save that does not change that line leaves it as the user typed it.
    home = tmp_path / "home"
    typed = 'next_action = { text = "Send the take-home", due = 2031-12-20 }  # mine\n'
    path = _hand_written(home)
    text = path.read_text("utf-8").replace('stage = "applied"\n', f'stage = "applied"\n{typed}', 1)
    path.write_text(text, "utf-8")
    ws = Workspace(home)
    ops.note(ws, "acme", "called back")
    after = path.read_text("utf-8")
    assert typed in after and "called back" in after
    assert ws.read("acme").next_action is not None
    # A change to that very line is written as the change says.
    ops.set_next_action(ws, "acme", "Send the take-home today", None)
    assert "Send the take-home today" in path.read_text("utf-8")
