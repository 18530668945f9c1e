"""The summary index at scale: what the board's first frame is drawn from.

Thousands of cards with awkward text go in and come out as they were (cleaned where they
had to be); a damaged line costs only its own card; and every card read from the index is
the card its file makes."""

from __future__ import annotations

import json
import sys
import zlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from catbird.model import summarize
from catbird.model.board_order import COLUMNS, column_of, order_of
from catbird.model.stage import Stage
from catbird.model.summary import CardSummary, Due
from catbird.store import Workspace
from catbird.store import index as index_module
from catbird.store.index import HEAD_DEPTH, SUFFIX, Index

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from generate import generate

# Texts that are clean but awkward for a JSON line or a terminal: kept exactly.
AWKWARD = [
    'Quote " and \\ backslash',
    "\\u001b[31m written out, not an escape",
    "[bold red]markup[/] [@click=app.quit]x[/]",
    "Ωmega — “typographic” ünïcødé",
    "שלום مرحبا (right-to-left letters, no override)",
    "日本語の会社",
    "emoji 🐦‍⬛ and a flag 🇳🇱",
    '{"not": ["a", "row"]}',
    "x" * 500,
]
# Texts a cache must never hand to the screen as they are: cleaned as the model cleans.
DIRTY = {
    "\x1b]52;c;aGk=\x07Evil\x1b[0m Corp": "Evil Corp",
    "bidi \u202eoverride": "bidi override",
    "C1 \x9b31m control": "C1  control",
    "line\nbreak": "line break",
}


def _card(number: int) -> tuple[CardSummary, CardSummary]:
    """A card as written to the index, and the card the index must give back."""
    awkward = AWKWARD[number % len(AWKWARD)]
    dirty, clean = list(DIRTY.items())[number % len(DIRTY)]
    day = date(2026, 1, 1) + timedelta(days=number % 400)
    is_dirty = number % 7 == 0
    company = dirty if is_dirty else f"{awkward} {number % 50}"
    stages = list(Stage)
    written = CardSummary(
        slug=f"card-{number:05d}",
        company=company,
        role=awkward,
        stage=stages[number % len(stages)],
        tags=("remote", awkward[:20].strip(), dirty if is_dirty else "rust"),
        next_action=f"Call {awkward}",
        next_due=day if number % 3 else None,
        red=number % 5,
        green=number % 4,
        red_weight=number % 9,
        fit=None if number % 2 else number % 101,
        unknown=number % 3,
        interviewing_now=number % 2 == 0,
        follow_ups_open=number % 4,
        next_follow_up=day + timedelta(days=2) if number % 4 else None,
        stage_since=day - timedelta(days=30),
        closed_reason=f"Went quiet\nafter {awkward}" if number % 5 == 0 else "",
        contacts=(f"Dana {awkward[:10].strip()}", dirty) if is_dirty else ("Dana",),
        last_news=day - timedelta(days=3),
        next_interviews=(datetime(2026, 12, 3, 14, 0, tzinfo=UTC),) if number % 6 == 0 else (),
        due=(
            (Due("next-action", f"Call {awkward}", day),)
            + ((Due("follow-up", dirty, day, f"f{number}", "thanks"),) if is_dirty else ())
            if number % 3
            else ()
        ),
    )
    if not is_dirty:
        return written, written
    expected = written._replace(
        company=clean,
        tags=("remote", awkward[:20].strip(), clean),
        contacts=(f"Dana {awkward[:10].strip()}", clean),
        due=tuple(d._replace(text=clean) if d.text == dirty else d for d in written.due),
    )
    return written, expected


def _write(path: Path, cards: list[CardSummary]) -> None:
    index = Index()
    for number, card in enumerate(cards):
        key = (1, 1000 + number, 700 + number, 1_796_134_038_727_828_985, 1_796_134_038_7)
        index.entries[card.slug + SUFFIX] = (key, f"{number:032x}", card)
    index.write(path)


def test_thousands_of_awkward_and_hostile_cards_come_back_as_written_or_cleaned(
    tmp_path: Path,
) -> None:
    pairs = [_card(number) for number in range(3000)]  # several batches of the reader
    path = tmp_path / "index.jsonl"
    _write(path, [written for written, _ in pairs])
    read = Index.read(path)
    assert list(read.entries) == [expected.slug + SUFFIX for _, expected in pairs]
    for (_, expected), card in zip(pairs, read.cards(), strict=True):
        assert card == expected
        assert type(card) is CardSummary and all(type(d) is Due for d in card.due)
    # Equal texts and days are shared among the cards (what keeps 10,000 of them small).
    first, second = read.cards()[1], read.cards()[1 + len(AWKWARD)]
    assert first.role == second.role and first.role is second.role
    assert first.next_due is not None and first.stage_since is not None
    same_day = [c for c in read.cards() if c.stage_since == first.stage_since]
    assert len(same_day) > 1 and all(c.stage_since is first.stage_since for c in same_day)


def test_a_damaged_line_costs_only_its_own_card(tmp_path: Path) -> None:
    cards = [_card(number)[1] for number in range(1500) if number % 7]  # the clean ones
    path = tmp_path / "index.jsonl"
    _write(path, cards)
    header, head, *lines = path.read_bytes().split(b"\n")
    damaged = {5: b"", 400: b"garbage", 401: b"00000000 " + lines[401][9:]}  # wrong checksum
    damaged[900] = lines[900][:-40]  # cut short: its checksum no longer matches either
    damaged[901] = lines[901].replace(b'"card-', b'"cord-')  # a checksum that no longer fits
    for number, line in damaged.items():
        lines[number] = line
    path.write_bytes(b"\n".join([header, head, *lines]))
    read = Index.read(path)
    assert [card.slug for card in read.cards()] == [
        card.slug for number, card in enumerate(cards) if number not in damaged
    ]


def test_every_card_from_the_index_is_the_card_its_file_makes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    generate(home, 300)  # contacts, flags, follow-ups, promises, interviews ahead, endings
    workspace = Workspace(home)
    profile = workspace.read_profile()
    made, problems = workspace.summaries(profile)  # no index yet: every file read
    assert problems == [] and len(made) == 300
    index = Index.read(workspace.index_path)
    assert len(index.entries) == 300
    for card in index.cards():
        assert card == summarize(workspace.read(card.slug), profile)
    assert any(card.due for card in index.cards()) and any(c.contacts for c in index.cards())
    # Checked against the files, the index's own cards are served: no file was made again.
    checked, _ = workspace.summaries(profile, index)
    kept = {card.slug: card for card in index.cards()}
    assert all(card is kept[card.slug] for card in checked)


# ---- the head: what the first frame is drawn from ---------------------------------------------


def _column_firsts(cards: list[CardSummary], depth: int) -> dict[str, list[str]]:
    """Each board column's first `depth` slugs in the board's order, worked out here."""
    found: dict[str, list[str]] = {}
    for column in COLUMNS:
        mine = [c for c in cards if column_of(c.stage) == column]
        found[column] = [c.slug for c in sorted(mine, key=order_of(column))[:depth]]
    return found


def test_the_head_holds_each_columns_count_and_first_cards_in_the_boards_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cards = [_card(number)[1] for number in range(1500) if number % 7]
    path = tmp_path / "index.jsonl"
    _write(path, cards)
    head = Index.read_head(path, depth=HEAD_DEPTH)
    assert head is not None
    assert head.counts == {c: sum(column_of(k.stage) == c for k in cards) for c in COLUMNS}
    assert head.counts["closed"] > HEAD_DEPTH  # some columns have more than the head holds
    read = {
        column: [c.slug for c in head.cards if column_of(c.stage) == column] for column in COLUMNS
    }
    assert read == _column_firsts(cards, HEAD_DEPTH)
    by_slug = {card.slug: card for card in cards}
    assert all(card == by_slug[card.slug] for card in head.cards)
    # The whole read leaves the head out and has every entry, as before there was a head.
    assert [card.slug for card in Index.read(path).cards()] == [card.slug for card in cards]
    # A screen taller than the head holds has no head to be drawn from.
    assert Index.read_head(path, depth=HEAD_DEPTH + 1) is None
    # A head longer than the start of the file read for it (texts of thousands of letters)
    # is read on to its end.
    monkeypatch.setattr(index_module, "HEAD_BYTES", 64)
    assert Index.read_head(path, depth=HEAD_DEPTH) == head


def test_a_damaged_or_doctored_head_is_never_drawn_as_it_is(tmp_path: Path) -> None:
    cards = [_card(number)[1] for number in range(200) if number % 7]
    path = tmp_path / "index.jsonl"
    _write(path, cards)
    header, head, *lines = path.read_bytes().split(b"\n")
    crc, _, row = head.partition(b" ")
    _, depth, counts, rows = json.loads(row)

    def with_head(line: bytes) -> None:
        path.write_bytes(b"\n".join([header, line, *lines]))

    def signed(value: object) -> bytes:
        row = json.dumps(value).encode()
        return b"%08x %s" % (zlib.crc32(row), row)

    whole = [card.slug for card in Index.read(path).cards()]
    for damaged in (
        crc + b" " + row.replace(b'"lead"', b'"leaf"', 1),  # its checksum no longer fits
        head[:-30],  # cut short
        signed(["head", depth, {**counts, "lead": "9"}, rows]),  # a count that is no number
        signed(["head", depth, {**counts, "lead": counts["lead"] + 1}, rows]),  # one too many
        signed(["head", depth, counts, rows[:-1]]),  # a card missing
        signed(["head", depth, counts, [*rows[:-1], ["nonsense"]]]),  # not a card
        signed(["head", depth - 1, counts, rows]),  # shallower than it says
    ):
        with_head(damaged)
        assert Index.read_head(path, depth=4) is None, damaged[:80]
        # Only the first frame goes without: every entry is still read.
        assert [card.slug for card in Index.read(path).cards()] == whole
    # A forger who gets the checksum right still gets no escape onto the screen.
    hostile = "\x1b]52;c;aGk=\x07Evil\x1b[0m Corp"
    forged = [[row[0], hostile, *row[2:]] for row in rows]
    with_head(signed(["head", depth, counts, forged]))
    shown = Index.read_head(path, depth=4)
    assert shown is not None and {card.company for card in shown.cards} == {"Evil Corp"}


def test_an_index_of_version_7_is_read_whole_and_written_again_with_a_head(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    generate(home, 60)
    workspace = Workspace(home)
    profile = workspace.read_profile()
    workspace.summaries(profile)
    header, _, *lines = workspace.index_path.read_bytes().split(b"\n")
    old = json.loads(header) | {"version": 7}
    workspace.index_path.write_bytes(b"\n".join([json.dumps(old).encode(), *lines]))
    index = Index.read(workspace.index_path)
    assert index.outdated and len(index.entries) == 60  # no cold start after the upgrade
    assert Index.read_head(workspace.index_path, depth=4) is None  # drawn from the whole
    checked, _ = workspace.summaries(profile, index)
    kept = {card.slug: card for card in index.cards()}
    assert all(card is kept[card.slug] for card in checked)  # no file read again
    again = Index.read(workspace.index_path)  # nothing changed, and still written again
    assert not again.outdated and len(again.entries) == 60
    assert Index.read_head(workspace.index_path, depth=4) is not None
    # Another version altogether is no index: every file is read again.
    workspace.index_path.write_bytes(json.dumps(old | {"version": 6}).encode() + b"\n")
    assert Index.read(workspace.index_path).entries == {}
