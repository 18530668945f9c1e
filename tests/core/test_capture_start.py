"""What a capture command pays for before its work (issue 18): the real `catbird` entry point
imports none of what a capture does not use, builds the parser of its own command only, and
turns pydantic's plugin lookup off without touching the environment the $EDITOR and git get.
What a person sees of the command line — `--help`, a command's help, usage errors, the
completion scripts — is the same as from the whole parser. No timings here: bench/ has them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from catbird.cli import build_parser, command_named
from catbird.cli.common import SHELLS
from catbird.cli.completion import script

NEVER_IN_A_CAPTURE = (
    "textual",
    "rich",
    "tomlkit",  # only for a file with the user's comments
    "importlib.metadata",  # pydantic's plugin lookup and --version only
    "email",
    "zipfile",
    "csv",
    "shtab",
    "icalendar",
    "catbird.cli.completion",
    "catbird.sync.engine",
    # Reading many files at once (its worker processes) and the backups' copy only:
    "catbird.store.reading",
    "subprocess",
    "shutil",
)

PRESET_LABEL = "Kept waiting"


def _env(cli_env: dict[str, str], **more: str) -> dict[str, str]:
    env = {k: v for k, v in cli_env.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    return env | more


def _catbird(
    env: dict[str, str], *args: str, python_flags: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *python_flags, "-m", "catbird", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )


def _imported(stderr: str) -> set[str]:
    """The modules `python -X importtime` says were imported."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.add(name)
    return names


def test_the_capture_commands_import_only_what_they_use(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    home = str(tmp_path / "ws")
    env = _env(cli_env)
    assert _catbird(env, "--home", home, "add", "Acme", "--role", "Staff").returncode == 0
    soon = (date.today() + timedelta(days=3)).isoformat()
    captures = [
        ["flag", "acme", PRESET_LABEL],
        ["flag", "acme", "Clear answers", "--green", "--by", "Dana"],
        ["note", "acme", "called back"],
        ["said", "acme", "pay", "180-200k"],
        ["move", "acme", "interviewing"],
        ["contact", "add", "acme", "Dana Reyes", "--role", "recruiter"],
        ["schedule", "acme", f"{soon}T10:00"],
        ["reschedule", "acme", f"{soon}T11:00"],
        ["cancel", "acme"],
        ["close", "acme", "rejected", "--reason", "went quiet"],
    ]
    for args in captures:
        done = _catbird(env, "--home", home, *args, python_flags=("-X", "importtime"))
        assert done.returncode == 0, (args, done.stderr[-2000:])
        imported = _imported(done.stderr)
        assert "catbird.cli" in imported  # the importtime report was read
        unwanted = sorted(
            m for m in imported if any(m == n or m.startswith(n + ".") for n in NEVER_IN_A_CAPTURE)
        )
        assert not unwanted, (args, unwanted)


def test_a_command_builds_its_own_parser_and_no_other(home_with_one: Path) -> None:
    script_text = f"""
import argparse, sys
built = []
original = argparse.ArgumentParser.__init__
def recording(self, *args, **kwargs):
    original(self, *args, **kwargs)
    built.append(self.prog)
argparse.ArgumentParser.__init__ = recording
from catbird.cli import main
home = {str(home_with_one)!r}
for args in (["flag", "acme", "Late"], ["contact", "add", "acme", "Ann"], ["note", "acme", "hi"]):
    built.clear()
    assert main(["--home", home, *args]) == 0, args
    print(" | ".join(built))
"""
    done = subprocess.run(
        [sys.executable, "-c", script_text], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    progs = [line for line in done.stdout.splitlines() if line.startswith("catbird")]
    assert progs == [
        "catbird | catbird flag",
        "catbird | catbird contact | catbird contact add "
        "| catbird contact edit | catbird contact remove | catbird contact list",
        "catbird | catbird note",
    ]


@pytest.fixture
def home_with_one(tmp_path: Path, cli_env: dict[str, str]) -> Path:
    home = tmp_path / "ws"
    done = _catbird(_env(cli_env), "--home", str(home), "add", "Acme")
    assert done.returncode == 0, done.stderr
    return home


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _all_commands() -> list[list[str]]:
    """Every command and sub-command line of the whole parser, e.g. ["contact", "add"]."""
    lines: list[list[str]] = []
    for name, parser in _subcommands(build_parser()).items():
        lines.append([name])
        lines.extend([name, inner] for inner in _subcommands(parser))
    return lines


def test_each_command_alone_has_the_help_it_has_among_all() -> None:
    whole = build_parser()
    for line in _all_commands():
        alone = build_parser(only=line[0])
        assert len(_subcommands(alone)) == 1, line
        assert _help_of(alone, line) == _help_of(whole, line), line
        assert _help_of(alone, line).startswith(f"usage: catbird {' '.join(line)} ")


def _help_of(parser: argparse.ArgumentParser, line: list[str]) -> str:
    for word in line:
        parser = _subcommands(parser)[word]
    return parser.format_help()


def test_the_command_a_line_names() -> None:
    assert command_named(["flag", "acme", "Late"]) == "flag"
    assert command_named(["--home", "/x", "flag", "--help"]) == "flag"
    assert command_named(["--home=/x", "note", "a", "b"]) == "note"
    assert command_named(["--home", "flag", "flag"]) == "flag"  # a folder named flag
    assert command_named([]) == ""  # the board
    assert command_named(["--home", "/x"]) == ""
    # Whatever else comes first is the whole parser's to read, errors and all.
    for line in (
        ["--help"],
        ["-h"],
        ["--version"],
        ["--ho", "/x", "list"],
        ["--", "list"],
        ["--home"],
        ["--home", "-x", "list"],
        [""],
        ["--bogus", "list"],
    ):
        assert command_named(line) is None, line


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["frobnicate"], "invalid choice: 'frobnicate' (choose from 'add', 'move', 'flag'"),
        ([""], "invalid choice: '' (choose from 'add', 'move'"),
        (["fla", "acme", "x"], "invalid choice: 'fla' (choose from 'add'"),
        (["flag"], "usage: catbird flag [-h] [--green]"),
        (["flag", "a", "b", "--severity", "9"], "severity is 1, 2 or 3, not '9'"),
        (["answer", "a", "b", "maybe"], "argument answer: invalid choice: 'maybe'"),
        (["contact"], "catbird contact: error: the following arguments are required: ACTION"),
        (["contact", "zzz"], "argument ACTION: invalid choice: 'zzz' (choose from 'add', 'edit'"),
        (["--home"], "argument --home: expected one argument"),
        (["--home", "-x", "flag"], "argument --home: expected one argument"),
        (["fl\x1bag"], "invalid choice: 'fl\\x1bag'"),
    ],
)
def test_usage_errors_read_as_from_the_whole_parser(
    args: list[str], says: str, cli_env: dict[str, str], tmp_path: Path
) -> None:
    done = _catbird(_env(cli_env), *args)
    assert done.returncode == 2
    assert says in done.stderr
    whole = build_parser()
    with pytest.raises(SystemExit):
        whole.parse_args(args)  # the same words, from the parser with every command
    assert done.stderr.startswith("usage: catbird")
    assert "\x1b" not in done.stderr


def test_help_from_the_shell_is_the_whole_parsers(cli_env: dict[str, str]) -> None:
    env = _env(cli_env, COLUMNS="100")
    os_columns = os.environ.get("COLUMNS")
    try:
        os.environ["COLUMNS"] = "100"  # the parser here formats for the same width
        whole = build_parser()
        assert _catbird(env, "--help").stdout == whole.format_help()
        for line in (["flag"], ["schedule"], ["contact", "add"], ["completion"]):
            shown = _catbird(env, "--home", "/nowhere", *line, "--help")
            assert shown.returncode == 0
            assert shown.stdout == _help_of(whole, line), line
    finally:
        if os_columns is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = os_columns


@pytest.mark.parametrize("shell", SHELLS)
def test_completion_is_made_from_every_command(shell: str, cli_env: dict[str, str]) -> None:
    from catbird.store.paths import platform_home

    done = _catbird(_env(cli_env), "completion", shell)
    assert done.returncode == 0, done.stderr
    assert done.stdout == script(build_parser(), shell, str(platform_home()))
    for line in _all_commands():
        assert line[-1] in done.stdout, line


# ---- pydantic's plugins: off, without a word in the environment --------------------------------


def _recorder(tmp_path: Path, name: str, real: str | None = None) -> tuple[Path, Path]:
    """A script `name` that notes the PYDANTIC_DISABLE_PLUGINS it was started with, then
    runs the program `real` with its arguments (or, without one, leaves the file as it is)."""
    seen = tmp_path / f"{name}-saw"
    tool = tmp_path / "bin" / name
    tool.parent.mkdir(exist_ok=True)
    run_real = f'exec {real} "$@"' if real else "exit 0"
    tool.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "${{PYDANTIC_DISABLE_PLUGINS-unset}}" >> {seen}\n{run_real}\n'
    )
    tool.chmod(0o755)
    return tool, seen


def _which(name: str) -> str | None:
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = Path(folder) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


@pytest.mark.parametrize("users", [None, "__all__", "logfire"])
def test_the_editor_sees_the_plugin_setting_only_if_the_user_made_it(
    users: str | None, home_with_one: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    editor, seen = _recorder(tmp_path, "editor")
    env = _env(cli_env, EDITOR=str(editor), VISUAL=str(editor))
    if users is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = users
    done = _catbird(env, "--home", str(home_with_one), "edit", "acme")
    assert done.returncode == 0, done.stderr
    assert "acme: no change" in done.stderr
    assert seen.read_text().splitlines() == [users or "unset"]


@pytest.mark.skipif(_which("git") is None, reason="needs git on PATH")
@pytest.mark.parametrize("users", [None, "1"])
def test_git_sees_the_plugin_setting_only_if_the_user_made_it(
    users: str | None, home_with_one: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    git, seen = _recorder(tmp_path, "git", _which("git"))
    env = _env(cli_env, PATH=f"{git.parent}{os.pathsep}{os.environ['PATH']}")
    env |= {"GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"), "GIT_CONFIG_NOSYSTEM": "1"}
    if users is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = users
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True, env=env)
    seen.unlink(missing_ok=True)
    done = _catbird(env, "--home", str(home_with_one), "sync", "--remote", str(bare))
    assert done.returncode == 0, done.stderr
    saw = set(seen.read_text().splitlines())
    assert saw == {users or "unset"}


LOADER_CHECK = """
import sys
from catbird.startup import without_pydantic_plugins
without_pydantic_plugins()
from pydantic import BaseModel
class A(BaseModel):
    x: int
A(x=1)
loader = sys.modules["pydantic.plugin._loader"]
print(getattr(loader, "__file__", "stand-in"), "importlib.metadata" in sys.modules)
"""


@pytest.mark.parametrize(
    ("users", "stand_in"),
    [(None, True), ("__all__", True), ("1", True), ("true", True), ("logfire", False)],
)
def test_pydantic_plugins_are_looked_up_only_when_the_user_named_some(
    users: str | None, stand_in: bool, cli_env: dict[str, str]
) -> None:
    env = _env(cli_env)
    if users is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = users
    done = subprocess.run(
        [sys.executable, "-c", LOADER_CHECK], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    where, metadata = done.stdout.split()
    assert (where == "stand-in") is stand_in
    assert (metadata == "True") is not stand_in


def test_the_stand_in_has_every_name_of_pydantics_loader(cli_env: dict[str, str]) -> None:
    """pydantic takes `get_plugins` from its loader; were a new version to take another name
    from it, the stand-in would break every validator: this says so first."""
    check = (
        "import sys, types\n"
        "import pydantic.plugin._loader as real\n"
        "names = {n for n in vars(real) if not n.startswith('__')}\n"
        "names -= {n for n, v in vars(real).items() if isinstance(v, types.ModuleType)}\n"
        "del sys.modules['pydantic.plugin._loader']\n"
        "from catbird.startup import without_pydantic_plugins\n"
        "without_pydantic_plugins()\n"
        "ours = sys.modules['pydantic.plugin._loader']\n"
        "imported = {'os', 'warnings', 'Iterable', 'entry_points', 'TYPE_CHECKING', 'Final',\n"
        "            'annotations'}\n"
        "missing = sorted(names - imported - set(vars(ours)))\n"
        "assert not missing, missing\n"
        "assert list(ours.get_plugins()) == list(real.get_plugins()) == []\n"
    )
    env = _env(cli_env, PYDANTIC_DISABLE_PLUGINS="__all__")  # `real` looks up nothing either
    done = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("columns", [None, "", "57", "200", "0", "-4", "wide"])
def test_the_help_is_as_wide_as_argparse_would_make_it(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # catbird's parsers find the width without shutil (a capture does not import it); it
    # must be the one argparse finds with shutil, or every help text would change.
    import shutil

    from catbird.cli.common import Formatter

    monkeypatch.delenv("LINES", raising=False)
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    ours = Formatter("catbird")
    theirs = argparse.HelpFormatter("catbird")
    assert ours._width == theirs._width == shutil.get_terminal_size().columns - 2
    parser = build_parser()
    assert parser.formatter_class is Formatter
    assert all(
        p.formatter_class is Formatter
        for a in parser._actions
        if isinstance(a, argparse._SubParsersAction)
        for p in a.choices.values()
    )


def test_a_command_runs_with_a_larger_young_generation_and_gives_the_old_one_back(
    home_with_one: Path,
) -> None:
    # The collector still runs (a long command collects its cycles), only less often, and
    # the process is left as it was found: the board and the tests' own process included.
    import gc

    from catbird.cli import YOUNG_OBJECTS, main

    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        seen.append(gc.get_threshold())

    gc.callbacks.append(watch)
    try:
        gc.collect()  # one collection while the command's threshold is not set
        assert main(["--home", str(home_with_one), "note", "acme", "called back"]) == 0
        assert main(["--home", str(home_with_one), "flag", "nobody", "Late"]) == 1
    finally:
        gc.callbacks.remove(watch)
    assert gc.get_threshold() == before
    assert seen and all(t == before or t[0] == max(before[0], YOUNG_OBJECTS) for t in seen)
    assert "called back" in (home_with_one / "opportunities" / "acme.toml").read_text("utf-8")
