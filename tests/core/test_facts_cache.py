"""The facts cache (`.catbird/facts.jsonl`): the insights and the agenda of a new run read only
the files whose identity changed since the cache was written (an edit in place with the same
size and mtime among them); a damaged, doctored, truncated or odd cache is ignored and
written anew, never a traceback; an unreadable file is left out. Real files, real edits."""

from __future__ import annotations

import json
import os
import zlib
from datetime import date, timedelta
from pathlib import Path

import pytest

from catbird import ops
from catbird.model import FlagEvent, FollowUp, Opportunity, Stage, now, summarize
from catbird.model.agenda import agenda
from catbird.model.insights import compute
from catbird.store import Workspace
from catbird.store.facts import FACTS_VERSION, FactsCache, facts_path
from catbird.store.library import Library
from conftest import edit_in_place

DAYS = 400


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    for company, stage in (("Acme", Stage.INTERVIEWING), ("Globex", Stage.APPLIED)):
        slug = ops.add(workspace, company, stage=stage).slug
        ops.log_flag(workspace, slug, FlagEvent(label="Kept waiting", kind="red"), by="Dana")
        due = date.today() + timedelta(days=2)

        def follow_up(o: Opportunity, due: date = due) -> Opportunity:
            return o.model_copy(update={"follow_ups": [FollowUp(title="Thank Dana", due=due)]})

        workspace.update(slug, follow_up)
        ops.schedule(workspace, slug, now() + timedelta(days=3), people=["Dana"])
    initech = ops.add(workspace, "Initech", stage=Stage.SCREENING).slug
    ops.close(workspace, initech, Stage.REJECTED, "Internal candidate")
    return workspace


def _parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the opportunity files parsed from now on."""
    parsed: list[str] = []
    read = Workspace._read_file

    def counting(
        self: Workspace, path: Path, *, many: bool = False
    ) -> tuple[Opportunity, int, bytes]:
        parsed.append(path.name)
        return read(self, path, many=many)

    monkeypatch.setattr(Workspace, "_read_file", counting)
    return parsed


def _cards(ws: Workspace) -> dict[str, object]:
    return {card.slug: card for card in ws.summaries()[0]}


def _run(ws: Workspace) -> Library:
    """A run of the app: the insights and the agenda worked out, the cache written."""
    library = Library(ws)
    cards = _cards(ws)
    library.insights(cards, None)  # type: ignore[arg-type]
    library.agenda(cards, now(), DAYS)  # type: ignore[arg-type]
    library.save_facts()
    return library


def _both(ws: Workspace) -> tuple[object, object]:
    """What a new run shows (insights, agenda), checked against a fresh computation."""
    library = Library(ws)
    cards = _cards(ws)
    moment = now()
    counted = library.insights(cards, None)  # type: ignore[arg-type]
    shown = library.agenda(cards, moment, DAYS)  # type: ignore[arg-type]
    everything = ws.load_all()[0]
    assert counted == compute(everything, None, at=None) or counted == compute(everything)
    assert shown == agenda(everything, moment, DAYS)
    library.save_facts()
    return counted, shown


def _company_of(items: object) -> set[str]:
    return {item.company for item in items}  # type: ignore[attr-defined]


def test_a_new_run_reads_only_the_files_changed_since_the_cache_was_written(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(ws)
    assert facts_path(ws).is_file()
    parsed = _parsing(monkeypatch)
    library = Library(ws)
    cards = _cards(ws)
    parsed.clear()
    assert library.insights(cards, None).total == 3  # type: ignore[arg-type, union-attr]
    assert library.agenda(cards, now(), DAYS)  # type: ignore[arg-type]
    assert parsed == []  # all from the cache

    ops.note(Workspace(ws.home), "globex", "They called back")
    ops.move(Workspace(ws.home), "acme", Stage.OFFER)
    parsed.clear()
    counted, _ = _both(ws)
    assert sorted(set(parsed) - {"acme.toml", "globex.toml", "initech.toml"}) == []
    assert parsed.count("initech.toml") == 1  # the fresh computation's read; the run's none
    assert counted.step(Stage.OFFER).reached == 1  # type: ignore[attr-defined]


def test_a_file_edited_in_place_with_the_same_size_and_mtime_is_read_again(
    ws: Workspace,
) -> None:
    _run(ws)
    edit_in_place(ws.path_for("globex"), b'company = "Globex"', b'company = "Glebex"')
    # Only the change time moved (the kernel's own): the next run reads that file again.
    _, shown = _both(ws)
    assert "Glebex" in _company_of(shown) and "Globex" not in _company_of(shown)


def test_a_deleted_file_and_an_unreadable_one_leave_the_views(ws: Workspace) -> None:
    _run(ws)
    ws.remove("initech")
    ws.path_for("globex").write_text("company = [")
    library = Library(ws)
    cards = _cards(ws)  # the readable ones: globex is among the view's problems
    assert set(cards) == {"acme"}
    counted = library.insights(cards, None)  # type: ignore[arg-type]
    assert counted is not None and counted.total == 1 and counted.closed == 0
    assert _company_of(library.agenda(cards, now(), DAYS)) == {"Acme"}  # type: ignore[arg-type]
    library.save_facts()
    assert set(FactsCache.read(facts_path(ws)).entries) == {"acme"}


def _lines(ws: Workspace) -> list[bytes]:
    return facts_path(ws).read_bytes().split(b"\n")


def _crc(row: bytes) -> bytes:
    return b"%08x %s" % (zlib.crc32(row), row)


def _doctored_tally(ws: Workspace) -> bytes:
    """The cache with one more opportunity counted in its tally, its checksum made right
    (not its digest)."""
    lines = _lines(ws)
    head, _, state = lines[2][9:].partition(b"\t")
    tally = json.loads(state)
    tally["totals"][0] += 1
    lines[2] = _crc(head + b"\t" + json.dumps(tally).encode())
    return b"\n".join(lines)


def _doctored_items(ws: Workspace) -> bytes:
    """The cache with other items for globex, the line's checksum made right (not the
    digest the table gives for it)."""
    lines = _lines(ws)
    for n, line in enumerate(lines):
        if line[9:].startswith(b'["globex"'):
            head, _, contribution = line[9:].split(b"\t")
            lines[n] = _crc(head + b'\t["Globex",[]]') + b"\t" + contribution
    return b"\n".join(lines)


def _truncated(ws: Workspace) -> bytes:
    data = facts_path(ws).read_bytes()
    return data[: len(data) - 40]


def _other_version(ws: Workspace) -> bytes:
    data = facts_path(ws).read_bytes()
    return data.replace(b'{"version":%d}' % FACTS_VERSION, b'{"version":%d}' % (FACTS_VERSION + 1))


DAMAGE = {
    "empty": lambda ws: b"",
    "garbage": lambda ws: b"not json at all\n\xff\xfe\n\n\n",
    "bad-checksums": lambda ws: facts_path(ws).read_bytes().replace(b"\n", b"\nx"),
    "zeros": lambda ws: b'{"version":1}\n' + b"\x00" * 300 + b"\n\n\n",
    "truncated": _truncated,
    "other-version": _other_version,
    "doctored-tally": _doctored_tally,
    "doctored-items": _doctored_items,
    "odd-table": lambda ws: (
        b'{"version":1}\n' + _crc(b'{"acme":"1 2 3 4 5 -9 99999999999999999999 x"}') + b"\n-\n\n"
    ),
    "odd-tally": lambda ws: b"\n".join(
        [*_lines(ws)[:2], _crc(b'{"table":"x"}\t{"totals":[1,2,3,"4"]}'), *_lines(ws)[3:]]
    ),
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_or_doctored_cache_is_ignored_and_written_anew(
    ws: Workspace, damage: str
) -> None:
    _run(ws)
    honest, _ = _both(ws)
    facts_path(ws).write_bytes(DAMAGE[damage](ws))
    counted, shown = _both(ws)  # equal to a fresh computation, no traceback
    assert counted == honest
    assert all("\x1b" not in item.company for item in shown)  # type: ignore[attr-defined]
    cache = FactsCache.read(facts_path(ws))
    assert set(cache.entries) == {"acme", "globex", "initech"}
    assert cache.tally() is not None


def test_a_fifo_where_the_cache_should_be_never_hangs(ws: Workspace) -> None:
    facts_path(ws).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(facts_path(ws))
    library = Library(ws)
    cards = _cards(ws)
    counted = library.insights(cards, None)  # type: ignore[arg-type]
    assert counted is not None and counted.total == 3
    library.save_facts()  # replaces the FIFO with the cache (atomically)
    assert facts_path(ws).is_file()


def test_a_card_the_app_replaced_for_an_unchanged_file_reads_nothing(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new profile gives every card a new fit score, so new card objects: the files did
    not change, so none is read again."""
    library = Library(ws)
    cards = _cards(ws)
    library.insights(cards, None)  # type: ignore[arg-type]
    parsed = _parsing(monkeypatch)
    again = {slug: summarize(ws.read(slug)) for slug in cards}
    parsed.clear()
    assert library.insights(again, None) == library.insights(cards, None)  # type: ignore[arg-type]
    assert parsed == []


def test_the_agenda_of_a_follow_up_ticked_off_elsewhere_follows_its_file(ws: Workspace) -> None:
    _run(ws)
    first = next(f for f in ws.read("acme").follow_ups if not f.is_done)
    ops.complete_follow_up(Workspace(ws.home), "acme", first.id)
    _, shown = _both(ws)
    assert first.id not in {item.item_id for item in shown}  # type: ignore[attr-defined]
    later = date.today() + timedelta(days=3)
    assert all(item.day <= later + timedelta(days=DAYS) for item in shown)  # type: ignore[attr-defined]


ITEM = ["interview", "Round 1", "2026-01-01", "2026-01-01T10:00:00+00:00", 60, "", "", [], "a"]
ODD_ITEMS = [
    ["Glo\u001b[31mbex", [ITEM]],  # an escape sequence
    ["Globex", [[*ITEM[:5], "../../etc/passwd", *ITEM[6:]]]],  # no zone
    ["Globex", [[*ITEM[:4], 10**9, *ITEM[5:]]]],  # minutes past any timedelta
    ["Globex", [[*ITEM[:3], "2026-01-01T10:00:00", *ITEM[4:]]]],  # no offset
    ["Globex", [["party", *ITEM[1:]]]],  # no such kind
    ["Globex", [[*ITEM[:2], "9999-12-31", *ITEM[3:]]]],  # beyond the years a day may have
    ["Globex", [ITEM[:8]]],
    ["Globex", {"x": 1}],
    [1, []],
]
ODD_CONTRIBUTIONS = [
    ["lead", "Acme", 0, [], "", [], [], [], None],  # one short
    ["nowhere", "Acme", 0, [], "", [], [], [], None, "2026-01-01T10:00:00+00:00"],
    ["lead", "Acme", 99, [], "", [], [], [], None, "2026-01-01T10:00:00+00:00"],
    ["lead", "Acme", 0, [["declined", 1.0]], "", [], [], [], None, "2026-01-01T10:00:00+00:00"],
    [
        "lead",
        "Acme",
        0,
        [["lead", float("nan")]],
        "",
        [],
        [],
        [],
        None,
        "2026-01-01T10:00:00+00:00",
    ],
    [
        "lead",
        "Acme",
        0,
        [],
        "",
        [],
        [["blue", None, "x", None, "", 1, "2026-01-01T10:00:00+00:00"]],
        [],
        None,
        "2026-01-01T10:00:00+00:00",
    ],
    ["lead", "A\u009bcme", 0, [], "", [], [], [], None, "2026-01-01T10:00:00+00:00"],
    ["lead", "Acme", 0, [], "", [], [], [], None, "2026-01-01T10:00:00"],
    ["lead", "Acme", 0, [], "", [], [], [1], None, "2026-01-01T10:00:00+00:00"],
]


@pytest.mark.parametrize("items", ODD_ITEMS)
def test_odd_items_behind_right_checksums_are_refused_never_shown(items: object) -> None:
    from catbird.store.facts import Facts, _tabs

    row = _crc(b'["globex",[1,2,3,4,5]]\t' + json.dumps(items).encode())
    contribution = _crc(b"[]")
    line = row + b"\t" + contribution
    tabs = _tabs(line)
    assert tabs is not None
    with pytest.raises(ValueError):
        Facts((1, 2, 3, 4, 5), line=line, tabs=tabs).dated("globex")


@pytest.mark.parametrize("contribution", ODD_CONTRIBUTIONS)
def test_odd_contributions_behind_right_checksums_are_refused(contribution: object) -> None:
    from catbird.store.facts import Facts, _tabs

    line = (
        _crc(b'["acme",[1,2,3,4,5]]\t["Acme",[]]') + b"\t" + _crc(json.dumps(contribution).encode())
    )
    tabs = _tabs(line)
    assert tabs is not None
    with pytest.raises(ValueError):
        Facts((1, 2, 3, 4, 5), line=line, tabs=tabs).contribution()


def test_an_exit_does_not_wait_for_a_view_still_reading(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import catbird.store.library as library_module

    monkeypatch.setattr(library_module, "CLOSE_WAIT", 0.05)
    library = Library(ws)
    library.insights(_cards(ws), None)  # type: ignore[arg-type]  # learnt, not written yet
    reading, done = threading.Event(), threading.Event()

    def a_long_pass() -> None:  # a view's first count, holding the facts as it reads
        with library._facts_lock:
            reading.set()
            done.wait(10)

    worker = threading.Thread(target=a_long_pass)
    worker.start()
    reading.wait(10)
    library.close()
    closed_while_reading = not done.is_set()
    done.set()
    worker.join()
    assert closed_while_reading
    assert not facts_path(ws).exists()  # nothing half-written: read again next time
    # Without a pass under way, closing writes what was learnt.
    library = Library(ws)
    library.insights(_cards(ws), None)  # type: ignore[arg-type]
    library.close()
    assert set(FactsCache.read(facts_path(ws)).entries) == set(_cards(ws))
