"""Reading many files at once (a cold start, a sync): worker processes give the same cards
and the same problems as reading in one thread, and a worker that cannot start costs nothing
but time."""

from __future__ import annotations

from pathlib import Path

import pytest

from catbird.model import Opportunity, Profile
from catbird.store import Workspace
from catbird.store import reading as reading_module
from catbird.store.index import Index


@pytest.fixture
def many(workspace: Workspace) -> Workspace:
    for number in range(12):
        workspace.create(Opportunity(company=f"Firm {number}", tags=[f"t{number}"]))
    broken = workspace.opportunities_dir / "broken.toml"
    broken.write_text('company = "Broken"\nstage = "maybe"\n')
    return workspace


def _cold(ws: Workspace) -> tuple[dict[str, object], list[str]]:
    cards, problems = ws.summaries(Profile(), Index(), verify=False)
    return {card.slug: card for card in cards}, sorted(map(str, problems))


def test_workers_read_what_one_thread_reads(
    many: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _cold(many)
    monkeypatch.setattr(reading_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(reading_module, "CHUNK", 2)  # seven chunks for two workers and us
    shared = _cold(many)
    assert shared == alone
    assert len(shared[0]) == 12
    assert len(shared[1]) == 1 and f"{many.opportunities_dir / 'broken.toml'}:2:" in shared[1][0]
    # And the index written from the workers' cards serves the next start.
    index = Index.read(many.index_path)
    assert {card.slug for card in index.cards()} == set(shared[0])


def test_a_worker_that_cannot_start_leaves_the_reading_to_this_thread(
    many: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    alone = _cold(many)
    monkeypatch.setattr(reading_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(reading_module.sys, "executable", str(tmp_path / "no-python"))
    assert _cold(many) == alone


def test_a_worker_that_dies_gives_its_chunk_back(
    many: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    alone = _cold(many)
    # A "python" that reads a line and leaves without answering.
    fake = tmp_path / "dying-python"
    fake.write_text("#!/bin/sh\nread line\nread line\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(reading_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(reading_module, "CHUNK", 3)
    monkeypatch.setattr(reading_module.sys, "executable", str(fake))
    assert _cold(many) == alone


# ---- a cold start and a sync at a realistic size ---------------------------------------------


def _write_many(ws: Workspace, count: int) -> list[str]:
    """`count` opportunity files as Catbird writes them (written directly: quicker than
    `create` 500 times), and the names of a few broken ones among them."""
    from catbird.store.tomlio import dumps

    ws.ensure()
    for number in range(count):
        o = Opportunity(company=f"Firm {number}", role="Engineer", tags=[f"t{number % 7}"])
        (ws.opportunities_dir / f"firm-{number}.toml").write_bytes(dumps(o))
    broken = {
        "bad-toml.toml": b'company = "Bad"\nrole = = 2\n',
        "bad-stage.toml": b'company = "Odd"\nstage = "maybe"\n',
        "bad-bytes.toml": b'company = "\xff"\n',
        "bad-date.toml": b'company = "Late"\ncreated_at = 2026-02-30 10:00:00Z\n',
    }
    for name, data in broken.items():
        (ws.opportunities_dir / name).write_bytes(data)
    return sorted(broken)


def _count_spawns(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The worker processes started from now on (the real `_spawn`, counted)."""
    spawned: list[object] = []
    real = reading_module._spawn

    def spawn() -> object:
        worker = real()
        spawned.append(worker)
        return worker

    monkeypatch.setattr(reading_module, "_spawn", spawn)
    return spawned


def test_a_cold_read_of_500_with_broken_files_gives_what_one_thread_gives(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = _write_many(workspace, 500)
    monkeypatch.setattr(reading_module, "PARALLEL_FROM", 10_000)
    alone = _cold(workspace)
    monkeypatch.setattr(reading_module, "PARALLEL_FROM", 400)
    spawned = _count_spawns(monkeypatch)
    # As the board does before its first frame: the workers start ahead of the read.
    workspace.prepare_reads(Index())
    assert len(spawned) == reading_module._workers_wanted() > 0
    shared = _cold(workspace)
    assert shared == alone
    assert len(spawned) == reading_module._workers_wanted()  # those, and no others
    assert reading_module._spares == []
    cards, problems = shared
    assert len(cards) == 500
    # Every broken file is said, as `path:line: message`, with the cards it came with.
    assert [p.split(":", 1)[0] for p in problems] == [
        str(workspace.opportunities_dir / name) for name in broken
    ]
    assert all(p.split(":")[1].isdigit() for p in problems)


def test_workers_started_for_a_read_that_turns_out_small_are_let_go(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_many(workspace, 5)
    spawned = _count_spawns(monkeypatch)
    reading_module.start_workers(10_000)
    assert len(spawned) == reading_module._workers_wanted() > 0
    cards, problems = _cold(workspace)
    assert len(cards) == 5 and len(problems) == 4
    assert reading_module._spares == []
    for worker in spawned:  # each saw its input close, and left
        assert worker.wait(timeout=30) == 0  # type: ignore[attr-defined]


def test_after_a_sync_only_the_changed_files_are_read(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = _write_many(workspace, 500)
    workspace.summaries(Profile())  # the index, warm
    changed = {f"firm-{number}.toml" for number in range(0, 500, 10)}
    for name in changed:  # as a `git pull` leaves them: new files with new contents
        path = workspace.opportunities_dir / name
        path.write_text(path.read_text().replace('company = "Firm', 'company = "Synced'))
    import catbird.store.workspace as workspace_module

    read_from_disk: list[str] = []
    real_read = workspace_module.read_regular

    def read_regular(path: Path, *args: object, **kwargs: object) -> bytes:
        read_from_disk.append(path.name)
        return real_read(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(workspace_module, "read_regular", read_regular)
    spawned = _count_spawns(monkeypatch)
    # The board's first check: the files whose identity changed, read in this process (and
    # the broken ones, never in the index: their problems are said at every start).
    cards, problems = workspace.summaries(Profile(), verify=False)
    assert sorted(read_from_disk) == sorted(changed | set(broken))
    assert spawned == []
    synced = {card.slug for card in cards if card.company.startswith("Synced")}
    assert synced == {name.removesuffix(".toml") for name in changed}
    assert len(problems) == 4
    # And the check after it reads every file's bytes (the in-place-edit guarantee) but
    # parses only the broken ones: the index has the others right now.
    read_from_disk.clear()
    parsed: list[str] = []
    real_summarize = workspace_module.summarize_files

    def summarize_files(home: Path, names: list[str], profile: Profile | None) -> object:
        parsed.extend(names)
        return real_summarize(home, names, profile)

    monkeypatch.setattr(workspace_module, "summarize_files", summarize_files)
    assert workspace.summaries(Profile())[0] == cards
    assert len(read_from_disk) == 504  # the 500 checked, the 4 broken parsed again
    assert sorted(parsed) == broken
