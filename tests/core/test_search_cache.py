"""The search cache (`.catbird/search.jsonl`): a search parses only the files changed since
the cache was written; an entry is made again for a changed file, for one edited in place
with the same size and mtime, and dropped for a deleted one; a damaged cache is ignored
and written anew. Real files, real edits."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest

from catbird import ops
from catbird.model import Criterion, Opportunity
from catbird.store import Workspace
from catbird.store.search_cache import SearchCache, cache_path, searchable
from conftest import edit_in_place


@pytest.fixture
def ws(workspace: Workspace) -> Workspace:
    for company, note in (
        ("Acme", "They run an on-call rota"),
        ("Globex", "Lovely office by the river"),
        ("Initech", "Printer trouble again"),
    ):
        slug = ops.add(workspace, company).slug
        ops.note(workspace, slug, note)
    return workspace


def _parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files parsed from now on (a read for a digest is not a parse)."""
    parsed: list[str] = []
    read = Workspace._read_file

    def counting(self: Workspace, path: Path) -> tuple[Opportunity, int, bytes]:
        parsed.append(path.name)
        return read(self, path)

    monkeypatch.setattr(Workspace, "_read_file", counting)
    return parsed


def _found(ws: Workspace, query: str, *, verify: bool = True) -> list[str]:
    corpus, problems = searchable(ws, None, verify=verify)
    assert problems == []
    return sorted(hit.slug for hit in corpus.find(query))


def test_a_search_parses_only_the_files_changed_since_the_last(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _parsing(monkeypatch)
    assert _found(ws, "rota") == ["acme"]
    assert sorted(parsed) == ["acme.toml", "globex.toml", "initech.toml"]
    assert cache_path(ws).is_file()

    parsed.clear()
    assert _found(ws, "river") == ["globex"] and parsed == []  # all from the cache

    ops.note(Workspace(ws.home), "initech", "A river view from the roof")
    parsed.clear()
    assert _found(ws, "river") == ["globex", "initech"]
    assert parsed == ["initech.toml"]
    parsed.clear()
    assert _found(ws, "river") == ["globex", "initech"] and parsed == []  # written back


def test_a_file_edited_in_place_with_the_same_size_and_mtime_is_read_again(
    ws: Workspace,
) -> None:
    assert _found(ws, "printer") == ["initech"]
    edit_in_place(ws.path_for("initech"), b"Printer", b"Scanner")
    # The change time moved (only the kernel sets it): the entry is made again, even when
    # the identities are trusted without reading the files.
    assert _found(ws, "scanner", verify=False) == ["initech"]
    assert _found(ws, "printer", verify=False) == []


def test_an_entry_that_does_not_match_its_file_is_made_again(ws: Workspace) -> None:
    _found(ws, "rota")
    path = cache_path(ws)
    # Doctored by hand, its checksum made right: the texts no longer match the digest.
    lines = path.read_bytes().splitlines()
    for n, line in enumerate(lines):
        if b'"acme.toml"' in line:
            row = line.partition(b" ")[2].replace(b"rota", b"roti")
            lines[n] = b"%08x %s" % (zlib.crc32(row), row)
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert _found(ws, "rota") == ["acme"] and _found(ws, "roti") == []


def test_a_deleted_file_leaves_the_cache(ws: Workspace) -> None:
    assert _found(ws, "river") == ["globex"]
    ws.remove("globex")
    assert _found(ws, "river") == []
    assert set(SearchCache.read(cache_path(ws)).entries) == {"acme.toml", "initech.toml"}


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not json at all\n\xff\xfe",
        b'{"version": 2, "criteria": ""}\n00000000 ["acme.toml"]\tx\ty\n',
        b'{"version": 2, "criteria": ""}\n' + b"deadbeef " + b"\x00" * 300 + b"\n",
        b'{"version": 99}\n',
    ],
    ids=["empty", "garbage", "bad-checksum", "zeros", "other-version"],
)
def test_a_damaged_cache_is_ignored_and_written_anew(ws: Workspace, damage: bytes) -> None:
    _found(ws, "rota")
    cache_path(ws).write_bytes(damage)
    assert _found(ws, "rota") == ["acme"]
    assert set(SearchCache.read(cache_path(ws)).entries) == {
        "acme.toml",
        "globex.toml",
        "initech.toml",
    }


def test_a_cache_line_cut_short_loses_that_entry_alone(ws: Workspace) -> None:
    _found(ws, "rota")
    path = cache_path(ws)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # the last line cut (a crash mid-copy)
    assert len(SearchCache.read(path).entries) == 2
    assert _found(ws, "rota") == ["acme"] and _found(ws, "printer") == ["initech"]


def test_a_fifo_where_the_cache_should_be_never_hangs(ws: Workspace) -> None:
    cache_path(ws).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(cache_path(ws))
    assert _found(ws, "rota") == ["acme"]  # the cache is gone without, the search works


def test_a_criterion_renamed_in_the_profile_is_searched_under_its_new_name(
    ws: Workspace,
) -> None:
    profile = ws.read_profile().model_copy(
        update={"must_haves": [Criterion(id="remote01", text="Remote work")]}
    )
    ws.save_profile(profile)
    ops.answer(ws, "acme", "remote01", "yes", quote="never in the office")
    corpus, _ = searchable(ws, ws.read_profile())
    assert [h.where for h in corpus.find("remote work")] == ["Remote work: yes"]
    renamed = profile.model_copy(
        update={"must_haves": [Criterion(id="remote01", text="Work from home")]}
    )
    ws.save_profile(renamed)
    corpus, _ = searchable(ws, ws.read_profile())
    assert corpus.find("remote work") == []
    assert [h.where for h in corpus.find("home")] == ["Work from home: yes"]
