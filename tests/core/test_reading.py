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
