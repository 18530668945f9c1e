"""Shell completion scripts for bash, zsh and fish, generated from the argparse parser.

`shtab` turns the parser into each shell's script (commands, options, choices); what it
cannot know is added here: every argument named `ref` completes the workspace's opportunity
slugs, and every argument read with `stage_arg` the stages. The slugs come from the file names
in `$CATBIRD_HOME/opportunities` (or the `--home` on the line being completed), listed by
the shell itself: pressing Tab starts no Python, so it costs what listing a folder costs.
A slug is matched case-insensitively and, failing a match at its start, anywhere in it: the
company name typed as it is spelled (`Nor`, `wind`) completes to its slug.

Commands added later get the same completion for free, as long as their REF is `ref`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from catbird.cli.common import stage_arg
from catbird.model.stage import Stage

_REFS = {"bash": "_catbird_refs", "zsh": "_catbird_refs", "fish": "(__catbird_refs)"}
_STAGES = {"bash": "_catbird_stages", "zsh": "_catbird_stages", "fish": "(__catbird_stages)"}

_BASH = r"""
# The workspace the line being completed names: its --home, else $CATBIRD_HOME, else the
# default; set in _catbird_ws (no $(...): a subshell is a fork on every Tab).
_catbird_home() {
  local h="${CATBIRD_HOME:-@DEFAULT@}" i
  for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
    case "${COMP_WORDS[i]}" in
      --home)
        h="${COMP_WORDS[i+1]}"
        [[ "$h" == "=" ]] && h="${COMP_WORDS[i+2]}" ;;
      --home=*) h="${COMP_WORDS[i]#--home=}" ;;
    esac
  done
  _catbird_ws="${h/#\~/$HOME}"
}

_catbird_refs() {
  # Globs, not a loop over the folder: bash matches 10,000 names in C.
  local key="${1,,}" dir had=0 _catbird_ws
  local -a found names
  key="${key//[^a-z0-9-]/-}"
  _catbird_home
  dir="$_catbird_ws/opportunities"
  shopt -q nullglob && had=1
  shopt -s nullglob
  found=("$dir/$key"*.toml)
  ((${#found[@]})) || found=("$dir/"*"$key"*.toml)
  ((had)) || shopt -u nullglob
  ((${#found[@]})) || return 0
  names=("${found[@]##*/}")
  names=("${names[@]%.toml}")
  names=("${names[@]//*[!a-z0-9-]*/}")  # a sync tool's conflict copy is no opportunity
  local IFS=$'\n'
  names=(${names[*]})  # the emptied ones dropped
  ((${#names[@]})) && printf '%s\n' "${names[@]}"
  return 0
}

_catbird_stages() {
  local key="${1,,}"
  compgen -W "@STAGES@" -- "${key// /-}"
}
"""

_ZSH = r"""
_catbird_home() {
  local h="${CATBIRD_HOME:-@DEFAULT@}" i
  for (( i = 1; i < $#words; i++ )); do
    case "$words[i]" in
      --home) h="$words[i+1]" ;;
      --home=*) h="${words[i]#--home=}" ;;
    esac
  done
  print -r -- "${h/#\~/$HOME}"
}

_catbird_refs() {
  local -a refs
  refs=("$(_catbird_home)"/opportunities/[a-z0-9]*.toml(N:t:r))
  refs=(${refs:#*[^a-z0-9-]*})  # a sync tool's conflict copy is no opportunity
  _wanted refs expl opportunity \
    compadd -M 'm:{[:upper:]}={[:lower:]} m:{[:space:]_}=- l:|=* r:|=*' -a refs
}

_catbird_stages() {
  local -a stages
  stages=(@STAGES@)
  _wanted stages expl stage compadd -M 'm:{[:upper:]}={[:lower:]}' -a stages
}
"""

_FISH = r"""
function __catbird_home
    set -l h $CATBIRD_HOME
    test -n "$h"; or set h '@DEFAULT@'
    set -l words (commandline -opc)
    for i in (seq (count $words))
        switch $words[$i]
            case --home
                set -l j (math $i + 1)
                test $j -le (count $words); and set h $words[$j]
            case '--home=*'
                set h (string replace -- --home= '' $words[$i])
        end
    end
    string replace -r '^~' $HOME -- $h
end

function __catbird_refs
    set -l files (__catbird_home)/opportunities/*.toml
    test (count $files) -gt 0; or return 0
    string replace -r '^.*/' '' -- $files | string replace -r '\.toml$' '' \
        | string match -r '^[a-z0-9][a-z0-9-]*$'
end

function __catbird_stages
    printf '%s\n' @STAGES@
end
"""

_PREAMBLES = {"bash": _BASH, "zsh": _ZSH, "fish": _FISH}


def script(parser: argparse.ArgumentParser, shell: str, default_home: str) -> str:
    """The completion script of `parser` for `shell`; `default_home` is where the workspace
    is when neither $CATBIRD_HOME nor --home says."""
    import shtab  # only `catbird completion` needs it

    _mark(parser)
    preamble = (
        _PREAMBLES[shell]
        .replace("@DEFAULT@", _quoted(default_home, shell))
        .replace("@STAGES@", " ".join(stage.value for stage in Stage))
    )
    return str(shtab.complete(parser, shell, root_prefix="_catbird", preamble=preamble))


def _quoted(text: str, shell: str) -> str:
    """`text` safe inside the quotes of the preamble's default-home assignment."""
    if shell == "fish":  # inside single quotes
        return text.replace("\\", "\\\\").replace("'", "\\'")
    return "".join(f"\\{c}" if c in '"$`\\' else c for c in text)  # inside double quotes


def _mark(parser: argparse.ArgumentParser) -> None:
    """Tell shtab which arguments complete opportunities, stages, folders and files,
    everywhere in the parser (its sub-commands' parsers included)."""
    import shtab

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                _mark(sub)
        elif action.dest == "ref":
            _set(action, _REFS)
        elif action.type is stage_arg:
            _set(action, _STAGES)
        elif action.dest == "home":
            _set(action, shtab.DIRECTORY)
        elif action.type is Path:
            _set(action, shtab.FILE)


def _set(action: argparse.Action, complete: Any) -> None:
    target: Any = action  # shtab reads an attribute argparse does not declare
    target.complete = complete
