"""Shell completion, exercised in the real shells: bash (the completion function called as
bash calls it), zsh (an interactive zsh on a pty, Tab pressed) and fish (`complete -C`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import tui as bench_tui


def _workspace(tmp_path: Path) -> Path:
    home = tmp_path / "ws"
    folder = home / "opportunities"
    folder.mkdir(parents=True)
    for slug in ("northwind-labs", "northwind-logistics", "acme-rockets"):
        (folder / f"{slug}.toml").write_text(f'company = "{slug}"\n')
    # Not opportunities: a sync tool's conflict copy and a dot file.
    (folder / "acme-rockets.sync-conflict-20261130-123456-ABCDEFG.toml").write_text("")
    (folder / ".hidden.toml").write_text("")
    return home


def _script(shell: str, tmp_path: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATBIRD_")}
    result = subprocess.run(
        [sys.executable, "-m", "catbird", "completion", shell],
        capture_output=True,
        text=True,
        env=env | {"CATBIRD_HOME": str(tmp_path / "not-this-one")},
        timeout=60,
        check=True,
    )
    assert "not-this-one" not in result.stdout  # the shell's $CATBIRD_HOME is read at Tab
    return result.stdout


def _need(shell: str) -> str:
    found = shutil.which(shell)
    if found is None:
        pytest.skip(f"{shell} is not installed here (apt-get install {shell})")
    return found


BASH_DRIVER = """
source "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMPREPLY=()
fn=$(complete -p catbird | sed -E 's/.* -F ([^ ]+) .*/\\1/')
"$fn"
printf '%s\\n' "${COMPREPLY[@]}"
"""


def test_bash_completes_commands_options_stages_and_opportunities(tmp_path: Path) -> None:
    bash = _need("bash")
    home = _workspace(tmp_path)
    script = tmp_path / "catbird.bash"
    script.write_text(_script("bash", tmp_path))
    driver = tmp_path / "driver.sh"
    driver.write_text(BASH_DRIVER)

    def complete(*words: str, env_home: Path | None = home) -> list[str]:
        env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
        if env_home is not None:
            env["CATBIRD_HOME"] = str(env_home)
        result = subprocess.run(
            [bash, "--norc", str(driver), str(script), "catbird", *words],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
        )
        assert result.returncode == 0, result.stderr
        return [line for line in result.stdout.splitlines() if line]

    assert complete("fl") == ["flag"]
    assert {"search", "edit", "completion"} <= set(complete(""))
    assert complete("flag", "acme-rockets", "x", "--gr") == ["--green"]
    assert complete("move", "acme-rockets", "int") == ["interviewing"]
    assert complete("list", "--stage", "walk") == ["walked-away"]
    assert complete("completion", "f") == ["fish"]
    # The company as typed (a capital, a space) and a part of it find the slugs; the
    # conflict copy and the dot file are not opportunities.
    assert complete("flag", "Nor") == ["northwind-labs", "northwind-logistics"]
    assert complete("note", "Northwind La") == ["northwind-labs"]
    assert complete("show", "rock") == ["acme-rockets"]
    assert complete("edit", "") == ["acme-rockets", "northwind-labs", "northwind-logistics"]
    # --home on the line wins over $CATBIRD_HOME; no workspace, no names, no error.
    assert complete("--home", str(home), "flag", "acme", env_home=tmp_path) == ["acme-rockets"]
    assert complete("flag", "acme", env_home=tmp_path / "none") == []


def test_zsh_completes_on_tab_in_a_real_terminal(tmp_path: Path) -> None:
    zsh = _need("zsh")
    home = _workspace(tmp_path)
    functions = tmp_path / "zfunc"
    functions.mkdir()
    (functions / "_catbird").write_text(_script("zsh", tmp_path))
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "TERM": "dumb",
        "CATBIRD_HOME": str(home),
    }
    shell = bench_tui.PtyProcess([zsh, "-f", "-i"], env, 100, 24)
    try:
        shell.send(f"PS1='> '; fpath=({functions} $fpath); autoload -Uz compinit; compinit -u\r")
        shell.settle(0.3, 10)

        def tab(line: str, expected: str) -> None:
            shell.send("\x15" + line + "\t")  # ctrl+u clears what the last one left
            shell.wait_for(lambda s: expected in s.text(), 20)

        tab("catbird fl", "catbird flag")
        tab("catbird flag Nor", "catbird flag northwind-l")
        tab("catbird flag northwind-la", "catbird flag northwind-labs")
        tab("catbird move acme-rockets int", "acme-rockets interviewing")
        tab("catbird completion f", "catbird completion fish")
    finally:
        shell.close("\x15exit\r")


def test_fish_completes_from_the_same_parser(tmp_path: Path) -> None:
    fish = _need("fish")
    home = _workspace(tmp_path)
    script = tmp_path / "catbird.fish"
    script.write_text(_script("fish", tmp_path))

    def complete(line: str) -> list[str]:
        result = subprocess.run(
            [fish, "--no-config", "-c", f"source {script}; complete -C {line!r}"],
            capture_output=True,
            text=True,
            env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "CATBIRD_HOME": str(home)},
            timeout=30,
        )
        assert result.returncode == 0, result.stderr
        return [out.split("\t")[0] for out in result.stdout.splitlines()]

    assert complete("catbird fl") == ["flag"]
    assert complete("catbird flag Nor") == ["northwind-labs", "northwind-logistics"]
    assert complete("catbird move acme-rockets int") == ["interviewing"]
    assert "--green" in complete("catbird flag acme-rockets x --")
    assert complete("catbird completion z") == ["zsh"]


def test_files_and_folders_complete_where_a_path_is_asked_for(tmp_path: Path) -> None:
    bash = _need("bash")
    script = tmp_path / "catbird.bash"
    script.write_text(_script("bash", tmp_path))
    driver = tmp_path / "driver.sh"
    driver.write_text(BASH_DRIVER)
    (tmp_path / "spreadsheets").mkdir()
    (tmp_path / "spreadsheets" / "huntr.csv").write_text("")

    def complete(*words: str) -> list[str]:
        result = subprocess.run(
            [bash, "--norc", str(driver), str(script), "catbird", *words],
            capture_output=True,
            text=True,
            cwd=tmp_path / "spreadsheets",
            env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},
            timeout=30,
        )
        return [line for line in result.stdout.splitlines() if line]

    assert complete("import", "hu") == ["huntr.csv"]
    assert complete("export", "--output", "hu") == ["huntr.csv"]
