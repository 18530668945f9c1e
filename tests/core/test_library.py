"""The whole opportunities held for the views across the workspace: a file is read again
only when its card changed, and what the app hands over is never read at all."""

from __future__ import annotations

import pytest

from catbird.model import Opportunity, summarize
from catbird.store import Workspace
from catbird.store.library import Library


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    for company in ("Acme", "Globex", "Initech"):
        workspace.create(Opportunity(company=company))
    return workspace


def _counting_reads(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    read = Workspace.read

    def counting(self: Workspace, slug: str) -> Opportunity:
        reads.append(slug)
        return read(self, slug)

    monkeypatch.setattr(Workspace, "read", counting)
    return reads


def test_only_the_files_whose_cards_changed_are_read_again(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(ws)
    reads = _counting_reads(ws, monkeypatch)
    cards = {card.slug: card for card in ws.summaries()[0]}
    first = library.whole(cards)
    assert {o.company for o in first.values()} == {"Acme", "Globex", "Initech"}
    assert sorted(reads) == ["acme", "globex", "initech"]

    reads.clear()
    assert library.whole(cards) == first and reads == []  # nothing changed: nothing read

    # Another process changes globex; the app's watcher gives it a new card.
    Workspace(ws.home).update("globex", lambda o: o.model_copy(update={"role": "Ops"}))
    cards = dict(cards, globex=summarize(ws.read("globex")))
    reads.clear()
    assert library.whole(cards)["globex"].role == "Ops"
    assert reads == ["globex"]


def test_what_the_app_saved_or_read_is_held_and_never_read(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(ws)
    cards = {card.slug: card for card in ws.summaries()[0]}
    library.whole(cards)
    change = ws.update("acme", lambda o: o.model_copy(update={"role": "Dev"}))
    assert change.after is not None
    card = summarize(change.after)
    library.hold(card, change.after)
    reads = _counting_reads(ws, monkeypatch)
    wholes = library.whole(dict(cards, acme=card))
    assert wholes["acme"].role == "Dev" and reads == []
    assert library.held("acme", card) is change.after
    assert library.held("acme", cards["acme"]) is None  # an older card: not that one


def test_an_unreadable_file_is_left_out(ws: Workspace) -> None:
    library = Library(ws)
    cards = {card.slug: card for card in ws.summaries()[0]}
    ws.path_for("initech").write_text("company = [")
    cards["initech"] = summarize(Opportunity(company="Initech", slug="initech"))
    assert set(library.whole(cards)) == {"acme", "globex"}


def test_a_long_running_command_reads_only_the_files_changed_since_its_last_round(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from catbird.store.library import Shelf

    shelf = Shelf(ws)
    parsed: list[str] = []
    read = Workspace._read_file

    def counting(self: Workspace, path):  # type: ignore[no-untyped-def]
        parsed.append(path.stem)
        return read(self, path)

    monkeypatch.setattr(Workspace, "_read_file", counting)
    first, problems = shelf.load_all()
    assert sorted(o.company for o in first) == ["Acme", "Globex", "Initech"] and problems == []
    assert sorted(parsed) == ["acme", "globex", "initech"]

    parsed.clear()
    assert shelf.load_all()[0] == first and parsed == []  # nothing changed: nothing read

    Workspace(ws.home).update("globex", lambda o: o.model_copy(update={"role": "Ops"}))
    path = ws.path_for("initech")  # edited in place, same size, the mtime put back
    before = path.stat()
    path.write_bytes(path.read_bytes().replace(b"Initech", b"Initeck"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    (ws.path_for("acme")).write_text("not = [toml")
    parsed.clear()
    now, problems = shelf.load_all()
    assert sorted(parsed) == ["acme", "globex", "initech"]
    assert sorted(o.company for o in now) == ["Globex", "Initeck"]
    assert [p.path.name for p in problems] == ["acme.toml"]
    assert next(o for o in now if o.company == "Globex").role == "Ops"

    ws.path_for("globex").unlink()
    parsed.clear()
    now, problems = shelf.load_all()
    assert [o.company for o in now] == ["Initeck"] and parsed == []
    assert [p.path.name for p in problems] == ["acme.toml"]  # still said, not read again
