"""A letter as an `.eml` draft any mail client opens, made with the standard library's
`email` package: the addresses, the subject and the body are set as values, never pasted
into headers, so a name or a subject full of odd characters cannot add a header or break
one (the policy folds and encodes them), and the body travels as UTF-8."""

from __future__ import annotations

from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate
from pathlib import Path

from catbird.store import CatbirdError
from catbird.texts.letters import Letter


def _address(name: str, email: str) -> Address | None:
    if not email.strip():
        return None
    user, at, domain = email.strip().rpartition("@")
    if not at or not user or not domain:
        return None  # not an address a client could send to: the name stays in the letter
    try:
        return Address(display_name=name, username=user, domain=domain)
    except (ValueError, IndexError):
        return None


def eml_message(letter: Letter) -> EmailMessage:
    """The letter as a draft message: To (those with an email), Subject, Date, the body."""
    message = EmailMessage(policy=SMTP)
    addresses = [a for name, email in letter.to if (a := _address(name, email)) is not None]
    if addresses:
        message["To"] = addresses
    message["Subject"] = " ".join(letter.subject.split())
    message["Date"] = formatdate(localtime=True)
    # Marks it as a draft to clients that read the header (Thunderbird, Apple Mail).
    message["X-Unsent"] = "1"
    message.set_content(letter.body, charset="utf-8")
    return message


def eml_bytes(letter: Letter) -> bytes:
    return eml_message(letter).as_bytes()


def write_eml(workspace_home: Path, target: Path, letter: Letter, *, force: bool) -> None:
    """Write the draft to `target`, checked and atomic as every export is."""
    from catbird.exchange.export import check_output_path
    from catbird.store.atomic import atomic_write

    check_output_path(workspace_home, target, force=force)
    try:
        atomic_write(target, eml_bytes(letter))
    except OSError as exc:
        raise CatbirdError(f"{target}: cannot write: {exc.strerror or exc}") from None
