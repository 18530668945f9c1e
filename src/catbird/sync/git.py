"""The user's own `git`, run as a process in the workspace, its failures turned into words."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from catbird.store.errors import CatbirdError, printable

NETWORK_TIMEOUT = 120.0
"""Seconds a fetch or a push may take before the remote is taken as unreachable."""


class SyncError(CatbirdError):
    """Something the user can put right (a conflict, a broken file, no remote): exit 1."""


class RemoteDown(SyncError):
    """The remote could not be reached or refused us: nothing lost, try again later (exit 3)."""


class GitFailed(SyncError):
    def __init__(self, args: Sequence[str], done: subprocess.CompletedProcess[bytes]) -> None:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        last = said[-1] if said else f"exit status {done.returncode}"
        super().__init__(f"git {' '.join(args[:2])} failed: {printable(last, newlines=False)}")
        self.stderr = done.stderr.decode("utf-8", "replace")
        self.returncode = done.returncode


def git_executable() -> str:
    found = shutil.which("git")
    if found is None:
        raise SyncError("git is not installed (catbird sync runs your own git): install it first")
    return found


class Git:
    """`git` in one repository; every call captures its output and checks its exit status."""

    def __init__(self, top: Path) -> None:
        self.top = top
        self.executable = git_executable()
        env = dict(os.environ)
        env.pop("GIT_DIR", None)  # a hook or the user's shell must not point us elsewhere
        env.pop("GIT_WORK_TREE", None)
        env.pop("GIT_INDEX_FILE", None)
        if not (sys.stdin is not None and sys.stdin.isatty()):
            # No one to type a password: fail rather than wait (a hung SSH connection is
            # cut by NETWORK_TIMEOUT; the user's own ssh settings are left as they are).
            env["GIT_TERMINAL_PROMPT"] = "0"
        self.env = env

    @property
    def dir(self) -> Path:
        return self.top / ".git"

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        env: Mapping[str, str] | None = None,
        ok: Sequence[int] = (0,),
        timeout: float | None = None,
        umask: int = -1,
    ) -> subprocess.CompletedProcess[bytes]:
        done = subprocess.run(
            [self.executable, *args],
            cwd=self.top,
            input=input,
            capture_output=True,
            env={**self.env, **env} if env else self.env,
            timeout=timeout,
            check=False,
            umask=umask,
        )
        if done.returncode not in ok:
            raise GitFailed(args, done)
        return done

    def text(self, *args: str, ok: Sequence[int] = (0,)) -> str:
        return self.run(*args, ok=ok).stdout.decode("utf-8", "replace").strip()

    def rev(self, name: str) -> str | None:
        done = self.run("rev-parse", "-q", "--verify", f"{name}^{{commit}}", ok=(0, 1, 128))
        return (done.stdout.decode().strip() or None) if done.returncode == 0 else None

    def config(self, key: str) -> str | None:
        done = self.run("config", "--local", "--get", key, ok=(0, 1))
        return done.stdout.decode().strip() if done.returncode == 0 else None

    def blobs(self, specs: Sequence[str]) -> list[bytes | None]:
        """The contents of many objects (`rev:path`, `:path`, a blob's id) in one process;
        None for each that does not exist."""
        if not specs:
            return []
        out = self.run(
            "cat-file", "--batch", input="".join(f"{s}\n" for s in specs).encode()
        ).stdout
        found: list[bytes | None] = []
        at = 0
        for _ in specs:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            at = end + 1
            if len(header) < 3 or header[-1] == b"missing":
                found.append(None)
                continue
            size = int(header[2])
            found.append(out[at : at + size])
            at += size + 1
        return found

    def write_blob(self, data: bytes) -> str:
        return self.run("hash-object", "-w", "--stdin", input=data).stdout.decode().strip()
