"""`catbird search` and `--version` for real, and the rules behind search and the palette's
jump (model/search.py, model/jump.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

from catbird import ops
from catbird.model import CardSummary, Stage
from catbird.model.jump import Jumps
from catbird.model.search import SOURCES, Corpus, excerpt, search
from catbird.store import Workspace

RunCli = Callable[..., subprocess.CompletedProcess[str]]

OSC52 = "\x1b]52;c;aGk=\x07"
CSI = "\x1b[2J"
MARKUP = "[bold]x[/] [@click=app.quit]z"


def _searched(home: Path) -> Workspace:
    ws = Workspace(home)
    north = ops.add(ws, "Northwind Labs", role="Staff Engineer").slug
    ops.note(ws, north, "They run an On-Call rota every six weeks")
    ops.flag(ws, north, "Kept waiting", green=None, severity=None, profile=None)
    ops.add_contact(ws, north, "Priya Raman", role="Hiring manager", email="priya@example.com")
    other = ops.add(ws, f"Acme {MARKUP}", stage=Stage.APPLIED).slug
    ops.note(ws, other, f"Café chat: no on-call at all {MARKUP} {OSC52}{CSI}")
    return ws


def test_search_finds_every_word_in_any_kind_of_text_newest_first(tmp_path: Path) -> None:
    ws = _searched(tmp_path / "ws")
    opportunities, _ = ws.load_all()
    hits = search(opportunities, "on-call")
    assert [(h.slug, h.kind) for h in hits] == [
        ("acme-bold-x-click-app-quit-z", "note"),
        ("northwind-labs", "note"),
    ]
    assert [h.kind for h in search(opportunities, "priya")] == ["contact"]
    assert [h.kind for h in search(opportunities, "WAITING kept")] == ["flag"]
    assert [h.slug for h in search(opportunities, "cafe")] == ["acme-bold-x-click-app-quit-z"]
    assert search(opportunities, "on-call pangolin") == []
    assert search(opportunities, "   ") == []
    assert {name for name, _ in SOURCES} >= {"note", "flag", "answer", "promise", "contact"}


def test_the_corpus_follows_a_changed_opportunity_alone(tmp_path: Path) -> None:
    ws = _searched(tmp_path / "ws")
    corpus = Corpus(ws.load_all()[0])
    assert len(corpus.find("rota")) == 1
    ops.note(ws, "northwind-labs", "A second rota, for weekends")
    corpus.put(ws.read("northwind-labs"))
    assert len(corpus.find("rota")) == 2
    corpus.drop("northwind-labs")
    assert corpus.find("rota") == []


def test_an_excerpt_is_one_line_around_the_word() -> None:
    text = "word " * 50 + "the on-call rota\nnext line " + "tail " * 50
    shown = excerpt(text, "on-call", 60)
    assert "on-call" in shown and "\n" not in shown and len(shown) <= 60
    assert shown.startswith("…") and shown.endswith("…")


def test_catbird_search_prints_hits_with_their_opportunity_and_date_safely(
    run_cli: RunCli, tmp_path: Path
) -> None:
    home = tmp_path / "ws"
    _searched(home)
    plain = run_cli("search", "on-call", home=home)
    assert plain.returncode == 0, plain.stderr
    lines = plain.stdout.splitlines()
    assert len(lines) == 2 and "Northwind Labs [northwind-labs] note" in lines[1]
    assert MARKUP in lines[0]  # user text as it is, markup and all
    assert "\x1b" not in plain.stdout and "\x07" not in plain.stdout
    as_json = run_cli("search", "on", "call", "--json", home=home)
    data = json.loads(as_json.stdout)
    assert data["version"] == 1 and data["query"] == "on call"
    assert [h["kind"] for h in data["hits"]] == ["note", "note"]
    assert set(data["hits"][0]) == {"slug", "company", "kind", "at", "where", "text"}
    nothing = run_cli("search", "pangolin", home=home)
    assert (nothing.returncode, nothing.stdout) == (0, "") and "nothing found" in nothing.stderr


def test_the_version_is_the_one_pyproject_defines(run_cli: RunCli, tmp_path: Path) -> None:
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    defined = tomllib.loads(pyproject.read_text())["project"]["version"]
    shown = run_cli("--version", home=tmp_path)
    assert (shown.returncode, shown.stdout) == (0, f"catbird {defined}\n")


def test_a_capture_never_asks_for_the_version_nor_loads_shtab(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    script = (
        "import sys, importlib.metadata\n"
        "def asked(name): raise SystemExit('the version was looked up')\n"
        "importlib.metadata.version = asked\n"
        "from catbird.cli import main\n"
        "assert main(['--home', sys.argv[1], 'add', 'Acme']) == 0\n"
        "assert main(['--home', sys.argv[1], 'flag', 'acme', 'Late']) == 0\n"
        "print('shtab' in sys.modules)"
    )
    env = cli_env | {"PYDANTIC_DISABLE_PLUGINS": "__all__"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "ws")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "False"


def _card(slug: str, company: str, **more: object) -> CardSummary:
    return CardSummary(slug, company, "", Stage.APPLIED)._replace(**more)


def test_a_jump_ranks_the_company_first_then_people_roles_and_tags() -> None:
    cards = [
        _card("a", "Northwind Labs", role="Staff Engineer"),
        _card("b", "Acme", contacts=("Nora Diaz",), stage=Stage.REJECTED),
        _card("c", "Bright North", tags=("remote",)),
        _card("d", "Zed", role="Northern lead"),
        _card("e", "Nimbus Wks Ltd"),
    ]
    jumps = Jumps(cards)
    assert [j.card.slug for j in jumps.find("nor")] == ["a", "c", "b", "d"]
    assert [(j.field, j.value) for j in jumps.find("diaz")] == [("contact", "Nora Diaz")]
    assert [j.card.slug for j in jumps.find("nwl")] == ["e", "a"]  # letters in order (a tie)
    assert [j.card.slug for j in jumps.find("north staff")] == ["a"]  # every word
    assert [j.card.slug for j in jumps.find("REMOTE")] == ["c"]
    assert jumps.find("pangolin") == [] and jumps.find("") == []
    assert len(jumps.find("n", limit=2)) == 2


def test_a_jump_is_never_fooled_by_marks_or_markup_in_a_name() -> None:
    cards = [_card("x", "Evil\x01\x02\x1f Co [bold]x[/]", contacts=("A\nB",)), _card("y", "Good")]
    jumps = Jumps(cards)
    assert [j.card.slug for j in jumps.find("[bold]")] == ["x"]
    assert [j.card.slug for j in jumps.find("good")] == ["y"]
    assert [j.card.slug for j in jumps.find("b")] == ["x"]
