"""After the outcome, from the shell: closing as an ending (with its plan), the people of an
opportunity, and the letters of its follow-ups (printed, written as .eml, marked sent).

None of them imports Textual.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from catbird.cli.common import (
    EXIT_OK,
    JSON_VERSION,
    Commands,
    print_json,
    profile_or_none,
    stage_arg,
)

if TYPE_CHECKING:
    from catbird.model import FollowUp, Opportunity
    from catbird.store import Change, Workspace


def register(sub: Commands) -> None:
    p = sub.add_parser(
        "close",
        help="close as an ending (rejected, ghosted, declined, withdrawn, walked-away, "
        "accepted), with its follow-up plan",
    )
    p.add_argument("ref")
    p.add_argument("stage", type=stage_arg)
    p.add_argument("--reason", default="", help="why, in a few words (kept with the closing)")
    p.set_defaults(run=cmd_close)

    p = sub.add_parser("contact", help="the people of an opportunity: add, edit, remove, list")
    people = p.add_subparsers(dest="contact_command", metavar="ACTION", required=True)
    add = people.add_parser("add", help="add a person")
    add.add_argument("ref")
    add.add_argument("name")
    _contact_options(add)
    add.set_defaults(run=cmd_contact_add)
    edit = people.add_parser("edit", help="change a person (only what is given)")
    edit.add_argument("ref")
    edit.add_argument("who", help="their name, part of it, or their id")
    edit.add_argument("--name")
    _contact_options(edit, editing=True)
    edit.set_defaults(run=cmd_contact_edit)
    remove = people.add_parser("remove", help="remove a person")
    remove.add_argument("ref")
    remove.add_argument("who")
    remove.set_defaults(run=cmd_contact_remove)
    listing = people.add_parser("list", help="list the people")
    listing.add_argument("ref")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=cmd_contact_list)

    p = sub.add_parser(
        "letter",
        help="the letters of an opportunity's follow-ups: list, print, write as .eml, mark sent",
        description="Without TASK, lists the follow-ups that come with a letter. TASK is a "
        "number from that list, a follow-up's id, or a person's name (part of it).",
    )
    p.add_argument("ref")
    p.add_argument("task", nargs="?")
    p.add_argument("--eml", type=Path, metavar="FILE", help="write the letter as an .eml draft")
    p.add_argument("--force", action="store_true", help="overwrite an existing FILE")
    p.add_argument("--sent", action="store_true", help="mark it sent (the task is done)")
    p.add_argument("--kind", help="only the letters of this kind (thanks, call, check-in…)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=cmd_letter)


def _contact_options(p: argparse.ArgumentParser, *, editing: bool = False) -> None:
    default = None if editing else ""
    for option in ("role", "email", "phone", "link", "notes"):
        p.add_argument(f"--{option}", default=default)
    what = {
        "met": "you met them",
        "clicked": "you got on well: worth a call after the outcome",
        "raised-flags": "they raised the red flags: never praised or called",
    }
    for flag, help_text in what.items():
        dest = flag.replace("-", "_")
        p.add_argument(f"--{flag}", dest=dest, action="store_true", default=None, help=help_text)
        p.add_argument(f"--not-{flag}", dest=dest, action="store_false", help=f"not: {help_text}")
    p.add_argument(
        "--round",
        dest="rounds",
        type=int,
        action="append",
        help="an interview round they were in (repeatable); --no-rounds takes them out of all",
    )
    if editing:
        p.add_argument("--no-rounds", action="store_true")


def _contact_values(args: argparse.Namespace) -> dict[str, object]:
    names = ("name", "role", "email", "phone", "link", "notes", "met", "clicked", "raised_flags")
    return {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}


def _plan_lines(change: Change) -> list[str]:
    from catbird import ops

    planned = ops.planned(change.before, change.after)
    lines = [f"  {f.due.isoformat()}  {f.title}" for f in planned]
    if planned:
        lines.insert(0, f"planned {len(planned)} follow-up{'s' if len(planned) != 1 else ''}:")
    return lines


def cmd_close(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops

    change = ops.close(ws, ops.resolve(ws, args.ref), args.stage, args.reason)
    assert change.before and change.after
    print(f"{change.slug}: {change.before.stage.value} → {change.after.stage.value}")
    for line in _plan_lines(change):
        print(line)
    return EXIT_OK


def cmd_contact_add(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops

    slug = ops.resolve(ws, args.ref)
    values = _contact_values(args)
    values.pop("name", None)
    change = ops.add_contact(ws, slug, args.name, rounds=args.rounds, **values)
    assert change.after
    print(f"{slug}: added {change.after.contacts[-1].name} ({change.after.contacts[-1].id})")
    return EXIT_OK


def cmd_contact_edit(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops

    slug = ops.resolve(ws, args.ref)
    contact = ops.find_contact(ws.read(slug), args.who)
    rounds = [] if args.no_rounds else args.rounds
    change = ops.edit_contact(ws, slug, contact.id, rounds=rounds, **_contact_values(args))
    assert change.after
    edited = change.after.contact(contact.id)
    print(f"{slug}: {edited.name if edited else contact.name} changed")
    return EXIT_OK


def cmd_contact_remove(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops

    slug = ops.resolve(ws, args.ref)
    contact = ops.find_contact(ws.read(slug), args.who)
    ops.remove_contact(ws, slug, contact.id)
    print(f"{slug}: removed {contact.name}")
    return EXIT_OK


def cmd_contact_list(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops

    o = ws.read(ops.resolve(ws, args.ref))
    if args.json:
        print_json(
            {
                "version": JSON_VERSION,
                "slug": o.slug,
                "contacts": [
                    c.model_dump(mode="json")
                    | {
                        "rounds": ops.rounds_of(o, c.id),
                        "red_flags": ops.raised_red_flags(o, c),
                    }
                    for c in o.contacts
                ],
            }
        )
        return EXIT_OK
    if not o.contacts:
        print(f"{o.slug}: nobody yet (`catbird contact add {o.slug} NAME`)", file=sys.stderr)
    for c in o.contacts:
        marks = [
            m
            for m, on in (
                ("met", c.met or c in ops.met(o)),
                ("clicked", c.clicked),
                ("red flags", ops.raised_red_flags(o, c)),
            )
            if on
        ]
        rounds = ops.rounds_of(o, c.id)
        if rounds:
            marks.append("rounds " + ", ".join(map(str, rounds)))
        role = f", {c.role}" if c.role else ""
        reach = "  ".join(x for x in (c.email, c.phone, c.link) if x)
        line = f"{c.name}{role}"
        if reach:
            line += f"  {reach}"
        if marks:
            line += f"  [{'; '.join(marks)}]"
        print(line)
    return EXIT_OK


def _with_letters(o: Opportunity) -> list[FollowUp]:
    from catbird.texts.letters import has_letter

    return [f for f in o.follow_ups if has_letter(f)]


def _find_task(o: Opportunity, tasks: list[FollowUp], ref: str) -> FollowUp:
    from catbird.store import CatbirdError

    key = ref.strip()
    if key.isdigit() and 1 <= int(key) <= len(tasks):
        return tasks[int(key) - 1]
    by_id = [t for t in tasks if t.id == key]
    if by_id:
        return by_id[0]
    needle = key.casefold()
    by_person = [
        t
        for t in tasks
        if t.contact and (c := o.contact(t.contact)) is not None and needle in c.name.casefold()
    ]
    if len(by_person) == 1:
        return by_person[0]
    open_ones = [t for t in by_person if not t.is_done]
    if len(open_ones) == 1:
        return open_ones[0]
    if by_person:
        raise CatbirdError(f"{ref!r} names several letters: use its number from `catbird letter`")
    raise CatbirdError(f"{o.slug}: no letter {ref!r} (`catbird letter {o.slug}` lists them)")


def cmd_letter(ws: Workspace, args: argparse.Namespace) -> int:
    from catbird import ops
    from catbird.model import Profile
    from catbird.texts.letters import letter

    slug = ops.resolve(ws, args.ref)
    o = ws.read(slug)
    profile = profile_or_none(ws) or Profile()
    tasks = _with_letters(o)
    if args.kind:
        tasks = [t for t in tasks if t.kind == args.kind.strip().lower()]
    if args.task is None:
        if args.json:
            print_json(
                {
                    "version": JSON_VERSION,
                    "slug": slug,
                    "letters": [
                        _letter_json(o, t, letter(o, t, profile), n) for n, t in enumerate(tasks, 1)
                    ],
                }
            )
            return EXIT_OK
        if not tasks:
            print(f"{slug}: no follow-up with a letter yet", file=sys.stderr)
        for n, t in enumerate(tasks, 1):
            state = "sent" if t.sent_at else ("done" if t.is_done else t.due.isoformat())
            own = "" if not t.letter.strip() else "  (edited)"
            print(f"{n:>2}  {state:<10}  {t.kind:<9} {t.title}{own}")
        return EXIT_OK
    task = _find_task(o, tasks, args.task)
    made = letter(o, task, profile)
    if args.eml:
        from catbird.exchange.eml import write_eml

        target = args.eml.expanduser()
        write_eml(
            ws.home, target if target.is_absolute() else Path.cwd() / target, made, force=args.force
        )
        print(f"{slug}: wrote {target}", file=sys.stderr)
    if args.sent:
        ops.mark_sent(ws, slug, task.id, made.body)
        print(f"{slug}: marked sent: {task.title}", file=sys.stderr)
    if args.json:
        print_json({"version": JSON_VERSION, "slug": slug} | _letter_json(o, task, made, None))
    elif not args.eml and not args.sent:
        to = ", ".join(f"{n} <{e}>" if e else n for n, e in made.to)
        if to:
            print(f"To: {to}")
        print(f"Subject: {made.subject}")
        print()
        print(made.body, end="" if made.body.endswith("\n") else "\n")
    for name in made.unknown:
        print(
            f"catbird: {{{name}}} in your phrasing is not filled: it stays as typed",
            file=sys.stderr,
        )
    return EXIT_OK


def _letter_json(
    o: Opportunity, task: FollowUp, made: object, number: int | None
) -> dict[str, object]:
    from catbird.texts.letters import Letter

    assert isinstance(made, Letter)
    out: dict[str, object] = {
        "follow_up_id": task.id,
        "kind": task.kind,
        "title": task.title,
        "due": task.due.isoformat(),
        "done": task.is_done,
        "sent_at": task.sent_at.isoformat() if task.sent_at else None,
        "to": [{"name": n, "email": e or None} for n, e in made.to],
        "subject": made.subject,
        "body": made.body,
        "drafted": made.drafted,
        "sends": made.sends,
    }
    if number is not None:
        out = {"number": number} | out
    return out
