"""`catbird sync`: commit what changed, fetch, merge by event id, write the result, push.

The merge never runs in the workspace itself: it is made in a private index, into objects
only (each file both sides changed merged by `catbird.sync.driver`, in this process), and
the files that changed are then written one by one under the same per-file lock every
Catbird save takes, atomically. A capture made while the sync runs (the TUI, `catbird flag`)
is never lost: the file is merged again with it. The TUI's watcher sees the new files as it
sees any other writer's. Only then does the branch move to the merge.

A file one side cannot read (it does not parse or validate) is never merged over: it gets
git's ordinary line merge, and if that conflicts the merge is left as git leaves one (the
conflict markers in that file, `git status` showing it unmerged, nothing pushed) and the
sync says so. Once the file is fixed, the next `catbird sync` concludes the merge.

Every step can be killed: a half-written set of files is recorded first and completed by
the next sync, and git's own lock files left by a killed sync are cleared.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from catbird.store.atomic import atomic_write, ensure_dir, file_lock
from catbird.store.errors import CatbirdError, FileProblem, printable
from catbird.store.workspace import Workspace
from catbird.sync.driver import kind_of, merge_versions
from catbird.sync.git import NETWORK_TIMEOUT, Git, GitFailed, RemoteDown, SyncError
from catbird.sync.message import describe, subject_and_body

REMOTE = "origin"
BRANCH = "main"
DRIVER = "catbird"
IGNORED = (".catbird/", ".*.tmp")
"""Ours (locks, the index, backups, trash), and a save's temporary file caught mid-write."""
ATTRIBUTES = ("profile.toml merge=catbird", "opportunities/*.toml merge=catbird")
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
MARKER = b"<<<<<<< "
CHANGED_AT = "Catbird-Changed"
"""The trailer giving one file's own time in a commit of several (seconds since the epoch)."""


@dataclass
class Report:
    """What a sync did, for the command to say."""

    created: bool = False
    made_remote: str = ""
    """A folder made a bare repository to sync through."""
    committed: str = ""
    """The subject of the commit of local changes ("" if there was nothing to commit)."""
    remote: str = ""
    received: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    """Files both sides changed, merged by event id."""
    kept: list[str] = field(default_factory=list)
    """Values that lost to a later change, kept in words (path: sentence)."""
    sent: bool = False
    problems: list[str] = field(default_factory=list)
    """Files that do not validate after the sync (`path:line: message`)."""


def driver_command() -> str:
    """The merge driver as git runs it: this very interpreter, so a pipx or wheel install works."""
    return f"{shlex.quote(sys.executable)} -m catbird.sync.driver %O %A %B %P"


class Sync:
    def __init__(self, ws: Workspace) -> None:
        self.ws = Workspace(ws.home.expanduser().absolute())
        self.git = Git(self.ws.home)
        self.report = Report()

    # ---- the state of our own that survives a kill --------------------------------------

    @property
    def _running(self) -> Path:
        return self.ws.state_dir / "sync-running"

    @property
    def _applying(self) -> Path:
        return self.ws.state_dir / "sync-applying"

    @contextlib.contextmanager
    def _held(self, wait: float = 300.0) -> Iterator[None]:
        locks = self.ws.state_dir / "locks"
        ensure_dir(locks)
        with file_lock(locks / "sync.lock", timeout=wait):
            if self._running.exists():
                self._clear_git_locks()  # a sync before us was killed: its locks are stale
            atomic_write(self._running, f"{os.getpid()}\n".encode())
            try:
                yield
            finally:
                self._running.unlink(missing_ok=True)

    def _clear_git_locks(self) -> None:
        if not self.git.dir.is_dir():
            return
        for folder, dirs, files in os.walk(self.git.dir):
            if folder == str(self.git.dir):
                dirs[:] = [d for d in dirs if d != "objects"]
            for name in files:
                if name.endswith(".lock"):
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(folder, name))

    # ---- setting up ---------------------------------------------------------------------

    def setup(self, remote: str | None, ask: Callable[[], str | None] | None) -> None:
        """Make the workspace a repository if it is not one, and (re)register the driver."""
        self.ws.ensure()
        if not self.git.dir.exists():
            self.git.run("init", "-q")
            self.git.run("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
            self.report.created = True
        self._ensure_lines(self.ws.home / ".gitignore", IGNORED)
        self._ensure_lines(self.ws.home / ".gitattributes", ATTRIBUTES)
        wanted = {
            f"merge.{DRIVER}.name": "Catbird: merge by event id, the later change wins",
            f"merge.{DRIVER}.driver": driver_command(),
        }
        if self.git.config("user.email") is None and not self._global("user.email"):
            host = socket.gethostname() or "localhost"
            wanted["user.name"] = f"Catbird on {host}"
            wanted["user.email"] = f"catbird@{host}"
        for key, value in wanted.items():
            if self.git.config(key) != value:
                self.git.run("config", "--local", key, value)
        current = self._remote_url()
        if remote is None and current is None and ask is not None:
            remote = ask() or None
        if remote is not None and remote != current:
            remote = self._folder_remote(remote)
            if current is None:
                self.git.run("remote", "add", REMOTE, remote)
            else:
                self.git.run("remote", "set-url", REMOTE, remote)

    def _folder_remote(self, remote: str) -> str:
        """A remote that is a folder on this machine (a USB stick, a synced folder), as an
        absolute path (as typed, it was relative to where the command ran, not to the
        workspace), made a bare repository if it is empty or not there yet."""
        if "://" in remote or re.match(r"^[^/.~][^/]*:", remote):
            return remote  # a URL, or host:path over SSH
        folder = Path(remote).expanduser().absolute()
        if not folder.exists() or (folder.is_dir() and not any(folder.iterdir())):
            self.git.run("init", "-q", "--bare", str(folder))
            self.report.made_remote = str(folder)
        return str(folder)

    def _global(self, key: str) -> bool:
        return bool(self.git.run("config", "--get", key, ok=(0, 1)).stdout.strip())

    def _remote_url(self) -> str | None:
        return self.git.config(f"remote.{REMOTE}.url")

    @staticmethod
    def _ensure_lines(path: Path, lines: tuple[str, ...]) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = ""
        have = set(text.splitlines())
        missing = [line for line in lines if line not in have]
        if missing:
            if text and not text.endswith("\n"):
                text += "\n"
            atomic_write(path, (text + "".join(f"{line}\n" for line in missing)).encode())

    # ---- local changes ------------------------------------------------------------------

    def commit_local(self) -> str:
        """Commit everything that changed here, with a message that says what; its subject."""
        self.git.run("add", "-A")
        head = self.git.rev("HEAD")
        listed = self.git.run(
            "diff", "--cached", "--name-status", "-z", "--no-renames", head or EMPTY_TREE
        ).stdout.split(b"\0")
        paths = [p.decode() for p in listed[1::2] if p]
        if not paths:
            return ""
        old = self.git.blobs([f"{head}:{p}" for p in paths]) if head else [None] * len(paths)
        new = self.git.blobs([f":{p}" for p in paths])
        phrases = [
            phrase
            for path, before, after in zip(paths, old, new, strict=True)
            if not path.startswith(".git")
            for phrase in describe(path, before, after)
        ] or ["set up catbird sync"]
        message = subject_and_body(phrases)
        times = self._mtimes(paths)
        newest = max(times.values(), default=int(time.time()))
        # Each file's own time, where it is not the commit's: a value both machines changed
        # goes to the later change of that file, not of the whole commit.
        stamps = [f"{CHANGED_AT}: {t} {p}" for p, t in times.items() if t != newest]
        if stamps:
            message = message.rstrip("\n") + "\n\n" + "\n".join(stamps) + "\n"
        self.git.run(
            "commit",
            "-q",
            "--no-verify",
            "--no-gpg-sign",  # a sync must never stop for a passphrase
            "-F",
            "-",
            input=message.encode(),
            env={"GIT_AUTHOR_DATE": f"@{newest}"},
        )
        return message.splitlines()[0]

    def _mtimes(self, paths: list[str]) -> dict[str, int]:
        """When each of these files was last changed here (seconds), those still there."""
        times = {}
        for path in paths:
            with contextlib.suppress(OSError):
                times[path] = int(os.stat(self.ws.home / path).st_mtime)
        return times

    # ---- a merge left for the user ------------------------------------------------------

    def conclude(self) -> None:
        """If a merge waits on a file the user was to fix, conclude it once the file is fixed."""
        if self.git.rev("MERGE_HEAD") is None:
            return
        unmerged = self.git.run("diff", "--name-only", "-z", "--diff-filter=U").stdout
        waiting = [p.decode() for p in unmerged.split(b"\0") if p]
        still = []
        for path in waiting:
            problem = self._problem(path)
            if problem:
                still.append(problem)
        if still:
            raise SyncError(
                "a merge is waiting for you to fix "
                + "; ".join(still)
                + " — then run catbird sync again (nothing was sent)"
            )
        self.git.run("add", "-A")
        self.git.run("commit", "-q", "--no-verify", "--no-gpg-sign", "--no-edit")

    def _problem(self, path: str) -> str:
        """Why a file of the workspace is not fit to send ("" if it is)."""
        target = self.ws.home / path
        try:
            raw = target.read_bytes()
        except FileNotFoundError:
            return ""
        except OSError as exc:
            return f"{path}: cannot read: {exc.strerror}"
        for number, line in enumerate(raw.splitlines(), start=1):
            if line.startswith(MARKER) or line.startswith(b">>>>>>> "):
                return f"{path}:{number}: git's conflict markers are still in it"
        kind = kind_of(path)
        if kind is None:
            return ""
        from catbird.sync.driver import load

        try:
            load(kind, path, raw)
        except FileProblem as problem:
            return str(problem)
        return ""

    # ---- the remote ---------------------------------------------------------------------

    def _network(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        url = self._remote_url() or REMOTE
        try:
            return self.git.run(*args, timeout=NETWORK_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise RemoteDown(
                f"the remote {url} did not answer within {NETWORK_TIMEOUT:.0f}s; "
                "your changes are committed here and go at the next sync"
            ) from None
        except GitFailed as failed:
            if args[0] == "push" and _rejected(failed.stderr):
                raise
            said = [
                line.strip()
                for line in failed.stderr.splitlines()
                if line.strip() and not line.startswith(("Please make sure", "and the repo"))
            ]
            why = printable("; ".join(said[:2]) or "no answer", newlines=False)
            raise RemoteDown(
                f"cannot reach the remote {url} ({why}); "
                "your changes are committed here and go at the next sync"
            ) from None

    def exchange(self) -> None:
        url = self._remote_url()
        if url is None:
            raise SyncError(
                "your changes are committed here, but there is no remote to sync with: "
                "run `catbird sync --remote URL` (a bare repository over SSH, a hosted "
                "repository or a folder)"
            )
        self.report.remote = url
        branch = self.git.text("symbolic-ref", "--short", "HEAD")
        for _ in range(5):
            self._network("fetch", "-q", REMOTE)
            head = self.git.rev("HEAD")
            upstream = self.git.rev(f"refs/remotes/{REMOTE}/{branch}")
            if upstream is None and head is not None:
                adopted = self._adopt_remote_branch()
                if adopted is not None:  # the remote's only branch has another name (master)
                    self.git.run("branch", "-q", "-m", adopted)
                    branch = adopted
                    upstream = self.git.rev(f"refs/remotes/{REMOTE}/{branch}")
            if head is None and upstream is None:
                return
            if upstream is not None and upstream != head:
                if head is None:
                    target = upstream
                elif self._ancestor(upstream, head):
                    target = head
                elif self._ancestor(head, upstream):
                    target = upstream
                else:
                    target = self.merge(head, upstream)
                if target != head:
                    self.apply(head or EMPTY_TREE, target)
            if self.git.rev("HEAD") == upstream:
                return
            try:
                self._network("push", "-q", REMOTE, f"HEAD:refs/heads/{branch}")
            except GitFailed:
                continue  # someone pushed meanwhile: fetch and merge again
            self.report.sent = True
            self.git.run("branch", "-q", f"--set-upstream-to={REMOTE}/{branch}", ok=(0, 1, 128))
            return
        raise RemoteDown("the remote kept changing while we synced; run catbird sync again")

    def _adopt_remote_branch(self) -> str | None:
        """The name of the remote's only branch, if it has just one (and not ours)."""
        prefix = f"refs/remotes/{REMOTE}/"
        listed = self.git.text("for-each-ref", "--format=%(refname)", prefix)
        names = [n[len(prefix) :] for n in listed.splitlines() if not n.endswith("/HEAD")]
        return names[0] if len(names) == 1 else None

    def _ancestor(self, older: str, newer: str) -> bool:
        return self.git.run("merge-base", "--is-ancestor", older, newer, ok=(0, 1)).returncode == 0

    # ---- the merge ----------------------------------------------------------------------

    def _times(self, base: str | None, side: str) -> dict[str, float]:
        """When each file was last changed on one side since the common commit: its own
        time if the commit gives one (`Catbird-Changed:`), else the commit's."""
        spec = f"{base}..{side}" if base else side
        out = self.git.text(
            "-c", "core.quotePath=false", "log", "--format=%x01%at%n%B%x02", "--name-only", spec
        )
        times: dict[str, float] = {}
        for commit in out.split("\x01")[1:]:
            head, _, names = commit.partition("\x02")
            at_line, _, body = head.partition("\n")
            at = float(at_line.strip() or 0)
            own: dict[str, float] = {}
            for line in body.splitlines():
                if line.startswith(f"{CHANGED_AT}: "):
                    stamp, _, path = line[len(CHANGED_AT) + 2 :].partition(" ")
                    with contextlib.suppress(ValueError):
                        own[path] = float(stamp)
            for name in names.splitlines():
                if name.strip():
                    times.setdefault(name, own.get(name, at))
        return times

    def merge(self, head: str, upstream: str) -> str:
        """The merge commit of the two, made in objects only (a private index; the
        workspace's files are not touched); SyncError if a file is left to the user (then
        the workspace holds git's ordinary conflict).

        `git read-tree -m` takes what only one side changed; each file both changed is
        merged here: by event id, or by git's line merge for a file that is not ours or
        does not validate. (This works with any git, unlike `merge-tree --write-tree`.)"""
        found = self.git.run("merge-base", head, upstream, ok=(0, 1))
        base = found.stdout.decode().strip() or None
        index = self.ws.state_dir / "sync-index"
        index.unlink(missing_ok=True)
        env = {"GIT_INDEX_FILE": str(index)}
        self.git.run(
            "read-tree", "-i", "-m", "--aggressive", base or EMPTY_TREE, head, upstream, env=env
        )
        listed = self.git.run("ls-files", "-u", "-z", env=env).stdout.split(b"\0")
        stages: dict[str, dict[int, tuple[str, str]]] = {}
        for entry in listed:
            if not entry:
                continue
            info, _, path = entry.decode().partition("\t")
            mode, sha, stage = info.split()
            stages.setdefault(path, {})[int(stage)] = (mode, sha)
        ours_at = self._times(base, head) if stages else {}
        theirs_at = self._times(base, upstream) if stages else {}
        resolved: dict[str, tuple[str, str]] = {}
        left: dict[str, tuple[bytes, str]] = {}
        for path, by_stage in stages.items():
            shas = [by_stage[n][1] if n in by_stage else "0" * 40 for n in (1, 2, 3)]
            common, ours, theirs = self.git.blobs(shas)
            mode = (by_stage.get(2) or by_stage.get(3) or by_stage[1])[0]
            if ours is None or theirs is None:
                # Changed on one side, removed on the other: the changed one stays.
                kept = by_stage.get(2) or by_stage.get(3)
                if kept is not None:
                    resolved[path] = kept
                continue
            try:
                done = merge_versions(
                    path, common, ours, theirs, ours_at.get(path, 0.0), theirs_at.get(path, 0.0)
                )
            except FileProblem as problem:
                text, clean = self._line_merge(common or b"", ours, theirs)
                if clean:
                    resolved[path] = (mode, self.git.write_blob(text))
                    if kind_of(path) is not None:
                        self.report.problems.append(
                            f"{problem} (so it was merged line by line, as git does, not by "
                            "event id; fix it and sync again)"
                        )
                else:
                    left[path] = (text, str(problem))
                continue
            self.report.merged.append(path)
            self.report.kept.extend(f"{path}: {s}" for s in done.kept)
            resolved[path] = (mode, self.git.write_blob(done.data))
        lines = [f"0 {'0' * 40}\t{path}\n" for path in stages]
        lines += [f"{mode} {sha}\t{path}\n" for path, (mode, sha) in resolved.items()]
        lines += [
            f"100644 {self.git.write_blob(text)}\t{path}\n" for path, (text, _) in left.items()
        ]
        if lines:
            self.git.run("update-index", "--index-info", input="".join(lines).encode(), env=env)
        final = self.git.run("write-tree", env=env).stdout.decode().strip()
        index.unlink(missing_ok=True)
        if left:
            self._leave_conflict(head, upstream, final, stages, left)
        message = f"catbird sync: merge from {self._remote_url() or REMOTE}\n"
        if self.report.merged:
            message += "\nmerged by event id:\n" + "".join(f"  {p}\n" for p in self.report.merged)
        return self.git.text(
            "commit-tree", "--no-gpg-sign", final, "-p", head, "-p", upstream, "-m", message
        )

    def _line_merge(self, base: bytes, ours: bytes, theirs: bytes) -> tuple[bytes, bool]:
        """git's ordinary merge of three texts: the result, and whether it is free of conflicts."""
        folder = self.ws.state_dir / "sync-tmp"
        ensure_dir(folder)
        files = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = folder / name
            path.write_bytes(data)
            files.append(str(path))
        done = self.git.run(
            "merge-file",
            "-p",
            "-L",
            "ours",
            "-L",
            "base",
            "-L",
            "theirs",
            *files,
            ok=range(0, 128),
        )
        return done.stdout, done.returncode == 0

    def _leave_conflict(
        self,
        head: str,
        upstream: str,
        final: str,
        stages: dict[str, dict[int, tuple[str, str]]],
        left: dict[str, tuple[bytes, str]],
    ) -> None:
        """The workspace as git leaves a merge that needs a person: every other file merged,
        the conflicted ones with their markers and unmerged in the index, MERGE_HEAD set."""
        self.apply(head, final, move_to=None)
        self.git.run("read-tree", final)
        info = []
        for path in left:
            info.append(f"0 {'0' * 40}\t{path}\n")
            for stage, (mode, sha) in sorted(stages[path].items()):
                info.append(f"{mode} {sha} {stage}\t{path}\n")
        self.git.run("update-index", "--index-info", input="".join(info).encode())
        (self.git.dir / "MERGE_HEAD").write_text(f"{upstream}\n")
        (self.git.dir / "MERGE_MSG").write_text(
            f"catbird sync: merge from {self._remote_url() or REMOTE}\n"
        )
        said = "; ".join(f"{p} ({why})" for p, (_, why) in left.items())
        raise SyncError(
            f"not merged: {said}. A version does not validate, so it was not merged by id: "
            "both versions are in the file between git's conflict markers. Fix it, then run "
            "catbird sync again (nothing was sent)"
        )

    # ---- writing the result into the workspace ------------------------------------------

    def resume(self) -> None:
        """Complete the writing a killed sync had begun."""
        try:
            recorded = self._applying.read_text().split()
        except FileNotFoundError:
            return
        if len(recorded) == 2:
            self.apply(recorded[0], recorded[1])
        else:
            self._applying.unlink(missing_ok=True)

    def apply(self, old: str, new: str, move_to: str | None = "") -> None:
        """Make the workspace's files go from commit (or tree) `old` to `new`, file by file
        under each file's lock, merging with any change made here since; then move the
        branch to `new` (unless `move_to` is None)."""
        atomic_write(self._applying, f"{old} {new}\n".encode())
        listed = self.git.run("diff-tree", "-r", "-z", "--no-renames", old, new).stdout.split(b"\0")
        changes: list[tuple[str, str, str]] = []
        for meta, name in zip(listed[0::2], listed[1::2], strict=False):
            if not meta:
                continue
            fields = meta.decode().lstrip(":").split()
            changes.append((name.decode(), fields[2], fields[3]))
        fresh = self._check_out_new(new, changes)
        changes = [c for c in changes if c[0] not in fresh]
        self.report.received.extend(p for p in fresh if p not in self.report.received)
        blobs = self.git.blobs([sha for _, a, b in changes for sha in (a, b)])
        for number, (path, _, _) in enumerate(changes):
            before, after = blobs[2 * number], blobs[2 * number + 1]
            self._write(path, before, after)
            if after is not None and path not in self.report.received:
                self.report.received.append(path)
        if move_to is not None:
            self.git.run("reset", "-q", new)
        self._applying.unlink(missing_ok=True)

    def _check_out_new(self, new: str, changes: list[tuple[str, str, str]]) -> set[str]:
        """Files new to this machine (none of its own by that name): written by git in one
        go, 0600, rather than one atomic save each (the first sync of a second machine
        receives every file). git never writes over a file that appeared meanwhile."""
        zero = "0" * 40
        fresh = [
            path
            for path, old_sha, _ in changes
            if old_sha == zero and not os.path.lexists(self.ws.home / path)
        ]
        if len(fresh) < 20:
            return set()
        index = self.ws.state_dir / "sync-checkout-index"
        env = {"GIT_INDEX_FILE": str(index)}
        self.git.run("read-tree", new, env=env)
        done = self.git.run(
            "checkout-index",
            "-z",
            "--stdin",
            input=b"\0".join(p.encode() for p in fresh) + b"\0",
            env=env,
            ok=(0, 1),
            umask=0o077,
        )
        index.unlink(missing_ok=True)
        said = done.stderr.decode("utf-8", "replace")
        written = set()
        for path in fresh:
            if path in said:  # there after all: merged with it like any other file
                continue
            with contextlib.suppress(OSError):
                os.chmod(self.ws.home / path, 0o600)
                written.add(path)
        return written

    def _lock(self, path: str) -> contextlib.AbstractContextManager[None]:
        kind = kind_of(path)
        if kind is None:
            return contextlib.nullcontext()
        locks = self.ws.state_dir / "locks"
        ensure_dir(locks)
        name = "profile" if kind == "profile" else Path(path).stem
        return file_lock(locks / f"{name}.lock")

    def _write(self, path: str, before: bytes | None, after: bytes | None) -> None:
        target = self.ws.home / path
        with self._lock(path):
            try:
                current: bytes | None = target.read_bytes()
            except FileNotFoundError:
                current = None
            if current == after:
                return
            if current != before:
                # Changed here since the commit the sync started from (a capture during the
                # sync): merged with it, never written over.
                if after is None or current is None:
                    return  # removed on one side, changed on the other: the change stays
                try:
                    after = merge_versions(path, before, current, after, time.time(), 0.0).data
                except FileProblem:
                    self._beside(target, after)
                    return
            if after is None:
                self._to_trash(target)
                return
            ensure_dir(target.parent)
            atomic_write(target, after)

    def _beside(self, target: Path, data: bytes) -> None:
        """The other side's version, next to a file that cannot be merged with it now, as a
        conflict copy (`catbird check --merge-copies` merges it in by id once it is fixed)."""
        copy = target.with_name(
            f"{target.stem}.sync-conflict-{time.strftime('%Y%m%d-%H%M%S')}-git.toml"
        )
        atomic_write(copy, data)
        self.report.problems.append(f"{copy}: the other machine's version, kept beside it")

    def _to_trash(self, target: Path) -> None:
        trash = self.ws.state_dir / "trash"
        ensure_dir(trash)
        with contextlib.suppress(FileNotFoundError):
            os.replace(
                target, trash / f"{target.stem}.{time.strftime('%Y%m%dT%H%M%S')}{target.suffix}"
            )

    # ---- the whole run ------------------------------------------------------------------

    def run(self, remote: str | None = None, ask: Callable[[], str | None] | None = None) -> Report:
        with self._held():
            self.setup(remote, ask)
            self.resume()
            self.conclude()
            self.report.committed = self.commit_local()
            self.exchange()
        self.report.problems.extend(
            p for p in map(self._problem, dict.fromkeys(self.report.received)) if p
        )
        return self.report

    def commit_only(self, wait: float = 300.0) -> str:
        """Commit what changed here, nothing more (after every change, with --auto on).
        LockTimeout if a sync holds the workspace longer than `wait` seconds."""
        with self._held(wait):
            if not self.git.dir.exists():
                return ""
            self.resume()
            if self.git.rev("MERGE_HEAD") is not None:
                return ""
            return self.commit_local()


def _rejected(stderr: str) -> bool:
    return any(word in stderr for word in ("rejected", "fetch first", "non-fast-forward"))


AUTO_MARK = "sync-auto"


def auto_enabled(ws: Workspace) -> bool:
    return (ws.state_dir / AUTO_MARK).exists()


def set_auto(ws: Workspace, on: bool) -> None:
    mark = ws.state_dir / AUTO_MARK
    if on:
        ensure_dir(ws.state_dir)
        atomic_write(mark, b"commit after every change\n")
    else:
        mark.unlink(missing_ok=True)


class AutoCommitter:
    """Commits after every change in a long-running program (the TUI), off its main thread:
    changes that come while a commit runs are taken by one more commit after it."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._state = threading.Lock()
        self._running = False
        self._again = False
        self.problems: list[str] = []

    def changed(self) -> None:
        if not auto_enabled(self.ws) or not (self.ws.home / ".git").is_dir():
            return
        with self._state:
            if self._running:
                self._again = True
                return
            self._running = True
        threading.Thread(target=self._commit, name="catbird-auto-commit", daemon=True).start()

    def _commit(self) -> None:
        while True:
            try:
                Sync(self.ws).commit_only()
            except (CatbirdError, OSError) as exc:
                self.problems.append(str(exc))
            with self._state:
                if not self._again:
                    self._running = False
                    return
                self._again = False
