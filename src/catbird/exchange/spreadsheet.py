"""`catbird import FILE.csv`: bring a tracker's export or a spreadsheet into the workspace.

Whatever program wrote the file: UTF-8 with or without a BOM, UTF-16 with a BOM, or a
Windows/Latin-1 code page; commas, semicolons or tabs; quoted cells spanning lines. The
exports of the trackers we know (`catbird.exchange.formats`: Huntr, LinkedIn, JobSync,
Simplify, Notion) are recognised by their header set and read as those programs mean them;
any other file goes through the general mapper: headers matched as words (`companyName`,
`date_applied`, `Job Title` …) unless `--map COLUMN=FIELD` says otherwise, each column's cells
looked at as a whole (a Yes/No column is never a date, a link or a source; a column of numbers
is never a date), placeholders (`-`, `N/A`, `TBD` …) read as empty. Columns we have no field for
are kept, cell by cell, in a labelled note; internal ids are left out.

Nothing is half-imported: every row is read and validated before anything is written. A row
that cannot be read is reported as `FILE:line: message` (the physical line where the row starts)
and, unless the user asks to skip bad rows, nothing is created at all. Each row carries an
import key (a hash of the format and the row's identity), kept as the id of its first stage
change: a second import of the same file adds nothing. Plain Python: no Textual.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import hashlib
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from catbird.exchange.dates import (
    Ambiguous,
    DateOrder,
    Mention,
    Reading,
    column_order,
    find_date,
    looks_like_date,
    read_date,
)
from catbird.exchange.formats import Format, recognise
from catbird.exchange.statuses import STATUS_WORDS, contains, normal, parse_status, says_more
from catbird.model import (
    Closing,
    Contact,
    Interview,
    NextAction,
    Note,
    Opportunity,
    Stage,
    StageChange,
    clean_line,
    now,
)
from catbird.store import CatbirdError, Change, FileProblem, Workspace
from catbird.store.errors import printable

__all__ = [
    "FIELDS",
    "STATUS_WORDS",
    "Column",
    "Plan",
    "describe",
    "guess_mapping",
    "parse_date",
    "parse_map",
    "parse_status",
    "plan",
    "run",
]

MAX_FILE = 64 * 1024 * 1024
"""A tracker is a few thousand rows at most; anything much bigger is not one."""

FIELDS: dict[str, str] = {
    "company": "the company (required)",
    "role": "the role or job title",
    "stage": "the status: one of our stages or words like Applied, Phone screen, Rejected",
    "link": "the posting's address",
    "location": "where the job is",
    "source": "where you found it",
    "tags": "tags, separated by ; or ,",
    "notes": "a note",
    "posting": "the posting's text (kept in its own note)",
    "salary": "the pay advertised (kept in the note of the file's columns)",
    "contact": "a person (recruiter, hiring manager); several separated by ;",
    "contact_email": "the contact's email",
    "contact_phone": "the contact's phone",
    "applied": "the date you applied",
    "applied_flag": "yes/no: applied or not (for rows with no status)",
    "created": "the date you added it",
    "stage_since": "the date it reached its current status",
    "screening_on": "the date of the first screening call",
    "interview": "the date of an interview (held: an interview; ahead: the next action)",
    "offer_on": "the date of the offer",
    "closed_on": "the date it closed (rejected, declined …)",
    "next_action": "the next step",
    "due": "when the next step is due",
    "deadline": "the application deadline (a next action for a lead, else in a note)",
    "reason": "why it closed",
    "id": "the exporting program's own row id (the import key; never stored)",
    "tag": "yes/no: a yes becomes a tag named after the column",
    "note": "keep the column, as `Header: value`, in a note",
    "ignore": "leave the column out",
}
"""What a column can be mapped to with --map COLUMN=FIELD."""

DATE_FIELDS = (
    "applied",
    "created",
    "stage_since",
    "screening_on",
    "interview",
    "offer_on",
    "closed_on",
    "due",
    "deadline",
)
# Fields a column may feed more than once (Huntr's first and second interview).
REPEATABLE = ("interview", "note", "ignore", "tag")

# Header words for each field, compared after `normal` (lower case, words only, camelCase and
# snake_case split). The first pass takes exact matches; the second, headers that contain one
# of these as whole words, the longest phrase winning.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "company": (
        "company",
        "company name",
        "companies",
        "employer",
        "employer name",
        "organisation",
        "organization",
        "org",
        "firm",
        "business",
        "hiring company",
        "unternehmen",
        "firma",
        "entreprise",
        "empresa",
        "bedrijf",
    ),
    "role": (
        "role",
        "title",
        "job title",
        "position",
        "position title",
        "job",
        "job role",
        "role title",
        "job name",
        "vacancy",
        "opening",
        "stelle",
        "poste",
        "puesto",
        "functie",
    ),
    "stage": (
        "status",
        "stage",
        "application status",
        "current status",
        "state",
        "pipeline",
        "pipeline stage",
        "progress",
        "result",
        "outcome",
        "list",
        "list name",
        "column",
        "statut",
        "estado",
    ),
    "link": (
        "link",
        "url",
        "job link",
        "job url",
        "posting",
        "posting url",
        "job posting",
        "listing",
        "listing url",
        "website",
        "job ad",
        "application link",
    ),
    "location": (
        "location",
        "city",
        "place",
        "where",
        "office",
        "country",
        "region",
        "based in",
        "work location",
        "remote",
        "ort",
        "lieu",
        "ubicacion",
        "locatie",
    ),
    "source": (
        "source",
        "found via",
        "found on",
        "found through",
        "how found",
        "where found",
        "channel",
        "via",
        "job board",
        "board",
        "platform",
        "referral",
        "referred by",
        "lead source",
        "quelle",
    ),
    "tags": ("tags", "tag", "labels", "label", "categories", "category", "keywords"),
    "notes": (
        "notes",
        "note",
        "latest note",
        "comments",
        "comment",
        "remarks",
        "details",
        "thoughts",
        "notizen",
        "bemerkungen",
    ),
    "posting": (
        "description",
        "job description",
        "posting text",
        "job posting text",
        "job details",
    ),
    "salary": (
        "salary",
        "salary range",
        "compensation",
        "pay",
        "pay range",
        "base salary",
        "expected salary",
        "gehalt",
        "salaire",
        "salario",
        "salaris",
    ),
    "contact": (
        "contact",
        "contacts",
        "contact name",
        "contact person",
        "point of contact",
        "recruiter",
        "recruiter name",
        "hiring manager",
        "people",
        "person",
        "ansprechpartner",
    ),
    "contact_email": (
        "contact email",
        "email",
        "e mail",
        "recruiter email",
        "contact e mail",
        "email address",
    ),
    "contact_phone": (
        "contact phone",
        "contact phone number",
        "phone",
        "phone number",
        "recruiter phone",
        "telephone",
        "telefon",
    ),
    "applied": (
        "date applied",
        "applied",
        "applied on",
        "applied date",
        "applied at",
        "application date",
        "date of application",
        "date submitted",
        "submitted",
        "submitted on",
        "date sent",
        "date",
        "beworben am",
        "bewerbungsdatum",
    ),
    "created": (
        "created",
        "created at",
        "created on",
        "created time",
        "date added",
        "added",
        "added on",
        "saved",
        "date saved",
    ),
    "stage_since": (
        "stage since",
        "status since",
        "status date",
        "status changed",
        "last status change",
        "since",
        "last moved at",
    ),
    "screening_on": ("screening date", "phone screen date", "screen date", "screened on"),
    "interview": (
        "interview date",
        "interview on",
        "interview at",
        "interview time",
        "next interview",
        "first interview",
        "interview scheduled",
    ),
    "offer_on": ("offer date", "offer on", "offer at", "offered on", "date offered"),
    "closed_on": (
        "closed on",
        "closed date",
        "date closed",
        "rejected on",
        "rejected at",
        "rejection date",
        "date rejected",
    ),
    "next_action": (
        "next action",
        "next step",
        "next steps",
        "next",
        "action",
        "action item",
        "to do",
        "todo",
        "follow up action",
    ),
    "due": (
        "due",
        "due date",
        "next due",
        "follow up",
        "follow up date",
        "follow up on",
        "follow up by",
        "followup",
        "next date",
        "next action date",
        "next step date",
        "reminder",
    ),
    "deadline": (
        "deadline",
        "application deadline",
        "apply by",
        "closing date",
        "bewerbungsfrist",
    ),
    "reason": (
        "reason",
        "closed reason",
        "closing reason",
        "why closed",
        "rejection reason",
        "outcome reason",
    ),
    # Columns that are derived, or the bookkeeping of the program that wrote the file.
    "ignore": (
        "",
        "slug",
        "id",
        "no",
        "row",
        "red flags",
        "green flags",
        "red weight",
        "fit",
        "interviews",
        "days since applied",
        "days since",
        "days ago",
        "age",
        "updated",
        "updated at",
        "last updated",
        "last modified",
        "modified",
        "last edited time",
        "last edited by",
        "created by",
    ),
}

PLACEHOLDERS = frozenset(
    {
        "-",
        "--",
        "–",
        "—",
        "n/a",
        "n.a.",
        "na",
        "none",
        "null",
        "nil",
        "tbd",
        "tba",
        "not specified",
        "unspecified",
        "undefined",
        "?",
    }
)
"""What trackers write for an empty cell: read as empty in every field."""

YES = frozenset({"yes", "y", "true", "x", "✓", "✔", "☑", "✅", "checked", "ja", "oui", "si", "sí"})
NO = frozenset({"no", "n", "false", "☐", "unchecked", "nein", "non", "nee", "❌"})

_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:[,.\s]?\d{3})*(?:[.,]\d+)?$|^[+-]?\d+(?:[.,]\d+)?$")
_ID = re.compile(
    r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{24}|[0-9a-f]{32})$",
    re.IGNORECASE,
)
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)+/\S*$", re.IGNORECASE)
_NUMERIC_DAY = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b")
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def is_placeholder(text: str) -> bool:
    return len(text) <= 16 and " ".join(text.split()).casefold() in PLACEHOLDERS


# ---- reading the file ---------------------------------------------------------------------


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """The file's text and the encoding it was read as."""
    boms = (
        (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
        (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    )
    for bom, codec, label in boms:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), label
            except UnicodeDecodeError as exc:
                raise CatbirdError(
                    f"{name}: starts as {label} but byte {exc.start} is not valid {label}"
                ) from None
    if raw[:4000].count(b"\x00") > len(raw[:4000]) // 4:
        # UTF-16 without a BOM: every other byte of ASCII text is zero.
        codec = "utf-16-le" if raw[1:4000:2].count(0) > raw[0:4000:2].count(0) else "utf-16-be"
        try:
            return raw.decode(codec), "UTF-16"
        except UnicodeDecodeError:
            pass
    for codec, label in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252")):
        try:
            return raw.decode(codec), label
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "Latin-1"


DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


def _records(text: str, delimiter: str) -> Iterable[tuple[int, list[str]]]:
    """(line where the record starts, its cells) for every record, blank lines included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _RowError(line, f"cannot read this row: {exc}") from None
        yield line, cells
        line = reader.line_num + 1


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the most columns, most consistently."""
    sample = text[:65536]
    best, best_score = ",", (False, 0.0, 0)
    for delimiter in DELIMITERS:
        widths: list[int] = []
        try:
            for _, cells in _records(sample, delimiter):
                if any(c.strip() for c in cells):
                    widths.append(len(cells))
                if len(widths) >= 50:
                    break
        except _RowError:
            continue
        if not widths:
            continue
        header = widths[0]
        rows = widths[1:] or widths
        steady = sum(1 for w in rows if w == header) / len(rows)
        score = (header > 1, steady, header)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class _RowError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# ---- the column mapping -------------------------------------------------------------------

How = Literal["guessed", "--map", "format", "unknown"]


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    header: str
    field: str
    """A key of FIELDS."""
    how: How
    why: str = ""
    """Said in the dry run: why a column is read the way it is ("numbers, not dates")."""
    tag: str = ""
    """For a yes/no column kept as a tag: the tag a yes gives."""
    order: DateOrder | None = None
    """For a date column: the day/month order its values (or the file) showed."""


def parse_map(text: str) -> tuple[str, str]:
    """`COLUMN=FIELD` from the command line (the column may itself contain `=`)."""
    column, sep, name = text.rpartition("=")
    name = name.strip().lower().replace("-", "_")
    if not sep or not column.strip():
        raise ValueError(f"{text!r} is not COLUMN=FIELD")
    if name not in FIELDS:
        raise ValueError(f"unknown field {name!r}; fields are: {', '.join(FIELDS)}")
    return column.strip(), name


def guess_mapping(
    headers: Sequence[str],
    overrides: Sequence[tuple[str, str]] = (),
    *,
    name: str = "the file",
    known: Format | None = None,
    pinned: Mapping[int, tuple[str, How]] | None = None,
) -> list[Column]:
    """One Column per header: what the user said with --map, else what the known format says,
    else what the header suggests, else kept in a note. `pinned` columns are settled already
    (a column that turned out to be yes/no, say, leaves its field to another)."""
    chosen: dict[int, tuple[str, How]] = dict(pinned or {})
    for column, target in overrides:
        index = _find_column(headers, column)
        if index is None:
            listed = ", ".join(repr(h) for h in headers)
            raise CatbirdError(f"{name}: no column {column!r} (the columns are: {listed})")
        chosen[index] = (target, "--map")
    taken = {f for f, _ in chosen.values() if f not in REPEATABLE}
    normal_headers = [normal(h) for h in headers]
    if known is not None:
        for index, words in enumerate(normal_headers):
            target = known.columns.get(words, "")
            if index in chosen or not target or target in taken:
                continue
            chosen[index] = (target, "format")
            if target not in REPEATABLE:
                taken.add(target)
    # Exact header matches first, in column order …
    for index, words in enumerate(normal_headers):
        if index in chosen:
            continue
        for target, words_list in SYNONYMS.items():
            if words in words_list and (target == "ignore" or target not in taken):
                chosen[index] = (target, "guessed")
                if target not in REPEATABLE:
                    taken.add(target)
                break
        else:
            # The bookkeeping of the program that wrote the file: `boardId`, `user_id`.
            if words.endswith(" id") or words == "uuid":
                chosen[index] = ("ignore", "guessed")
    # … then headers containing a known phrase, the longest phrase winning.
    for index, words in enumerate(normal_headers):
        if index in chosen:
            continue
        best: tuple[int, str] | None = None
        for target, words_list in SYNONYMS.items():
            if target in taken or target == "ignore":
                continue
            for phrase in words_list:
                if phrase and contains(words, phrase) and (best is None or len(phrase) > best[0]):
                    best = (len(phrase), target)
        if best is not None:
            chosen[index] = (best[1], "guessed")
            taken.add(best[1])
    return [
        Column(index, header, *chosen.get(index, ("note", "unknown")))
        for index, header in enumerate(headers)
    ]


def _find_column(headers: Sequence[str], wanted: str) -> int | None:
    folded = wanted.strip().casefold()
    for index, header in enumerate(headers):
        if header.strip().casefold() == folded:
            return index
    for index, header in enumerate(headers):
        if normal(header) == normal(wanted) and normal(wanted):
            return index
    if wanted.isdigit() and 1 <= int(wanted) <= len(headers):
        return int(wanted) - 1
    return None


Kind = Literal["empty", "yes/no", "number", "id", "date", "url", "email", "text"]


def column_kind(values: Sequence[str]) -> Kind:
    """What a column holds, from all its cells (placeholders left out)."""
    if not values:
        return "empty"
    folded = [v.casefold() for v in values]
    if all(v in YES or v in NO for v in folded):
        return "yes/no"
    if all(_ID.match(v) for v in values):
        return "id"
    if all(_NUMBER.match(v) for v in values):
        serial = all(v.isdigit() and 20000 <= int(v) <= 80000 for v in values)
        return "date" if serial else "number"
    if all(_EMAIL.fullmatch(v) for v in values):
        return "email"
    if all(_URL.match(v) for v in values):
        return "url"
    if all(looks_like_date(v) for v in values):
        return "date"
    return "text"


def _tag_name(header: str) -> str:
    return "-".join(normal(header).split())[:40] or "yes"


def check_columns(columns: list[Column], rows: Sequence[Sequence[str]]) -> list[Column]:
    """Each guessed column looked at as a whole: a yes/no or number column is never a date, a
    link, a source or a person; ids are left out; a column of emails is the contact's email."""
    checked: list[Column] = []
    for column in columns:
        values = [
            v for cells in rows if column.index < len(cells) if (v := _cell(cells[column.index]))
        ]
        checked.append(_checked(column, column_kind(values)))
    return checked


def _checked(column: Column, kind: Kind) -> Column:
    target = column.field
    if column.how == "--map":
        if target == "tag":
            return Column(column.index, column.header, "tag", "--map", tag=_tag_name(column.header))
        return column
    if target == "tag" or (kind == "yes/no" and target not in ("applied_flag", "ignore")):
        if target == "applied":
            return _as(column, "applied_flag", "yes/no, not dates")
        if target in ("company", "role", "stage"):
            return column
        tag = _tag_name(column.header)
        return Column(
            column.index,
            column.header,
            "tag",
            column.how,
            why=f"yes/no: a yes is tagged {tag}",
            tag=tag,
        )
    if kind == "id" and target not in ("company", "role", "id"):
        return _as(column, "ignore", "internal ids")
    if kind == "number" and target in (*DATE_FIELDS, "link", "source", "contact", "stage"):
        return _as(column, "ignore" if target in DATE_FIELDS else "note", "numbers, not dates")
    if target == "contact" and kind == "email":
        return _as(column, "contact_email", "email addresses")
    if target == "link" and kind not in ("url", "empty", "text"):
        return _as(column, "note", "not web addresses")
    if target in DATE_FIELDS and kind in ("url", "email"):
        return _as(column, "note", "not dates")
    return column


def _as(column: Column, target: str, why: str) -> Column:
    return Column(column.index, column.header, target, column.how, why=why)


# ---- reading cells ------------------------------------------------------------------------


def _cell(text: str) -> str:
    text = text.strip()
    if is_placeholder(text):
        return ""
    # `catbird export` (and careful spreadsheets) keep formula-like text as text with a quote.
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def parse_date(text: str, order: DateOrder | None) -> date:
    """A date as trackers write them (see `catbird.exchange.dates`), in `order` when its day
    and month could be swapped; None refuses such a date rather than guess."""
    return read_date(text, order).day


def _split(text: str, separators: str) -> list[str]:
    return [part.strip() for part in re.split(f"[{separators}]", text) if part.strip()]


def _yes(text: str) -> bool:
    return text.casefold() in YES


# ---- the plan -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return printable(f"{self.file}:{self.line}: {self.message}", newlines=False)


@dataclass(frozen=True, slots=True)
class Planned:
    line: int
    opportunity: Opportunity


@dataclass
class StatusSeen:
    """One status value of the file, as the dry run shows it."""

    stage: Stage | None
    rows: int = 0
    kept: bool = False
    """Whether the text is kept in a note (it says more than the stage)."""


DateSource = Literal["cells", "format", "--date-order", "unused", "undecided"]


@dataclass
class Plan:
    """What an import would do: read, mapped and validated, nothing written yet."""

    file: str
    encoding: str
    delimiter: str
    date_order: DateOrder | None
    date_order_from: DateSource
    columns: list[Column]
    known: Format | None = None
    statuses: dict[str, StatusSeen] = field(default_factory=dict)
    rows: list[Planned] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[Problem] = field(default_factory=list)
    read: int = 0
    """Rows with anything in them (the header not counted)."""


def read_file(path: Path) -> bytes:
    """The tracker's bytes: a regular file of at most MAX_FILE (a FIFO or `/dev/zero` is
    refused, not read forever)."""
    from catbird.store.files import read_regular

    try:
        return read_regular(path, MAX_FILE)
    except FileProblem as problem:
        raise CatbirdError(f"{path}: {problem.message.removesuffix('; skipped')}") from None
    except FileNotFoundError:
        raise CatbirdError(f"{path}: no such file") from None
    except OSError as exc:
        raise CatbirdError(f"{path}: cannot read: {exc.strerror}") from None


@dataclass(frozen=True, slots=True)
class _Context:
    """What every row of one file is read with."""

    file: str
    columns: list[Column]
    known: Format | None
    stage_default: Stage
    status_map: Mapping[str, Stage]
    order: DateOrder | None
    moment: datetime

    @property
    def name(self) -> str:
        return Path(self.file).name


def plan(
    path: Path,
    ws: Workspace,
    *,
    overrides: Sequence[tuple[str, str]] = (),
    status_map: Sequence[tuple[str, Stage]] = (),
    stage_default: Stage | None = None,
    date_order: DateOrder | None = None,
    at: datetime | None = None,
) -> Plan:
    """Read `path` and work out every opportunity it would create, without writing anything."""
    name = str(path)
    text, encoding = decode(read_file(path), name)
    delimiter = sniff_delimiter(text)
    try:
        records = [(line, cells) for line, cells in _records(text, delimiter)]
    except _RowError as exc:
        raise CatbirdError(f"{name}:{exc.line}: {exc.message}") from None
    records = [(line, cells) for line, cells in records if any(c.strip() for c in cells)]
    if not records:
        raise CatbirdError(f"{name}: empty; a tracker needs a header row and rows under it")
    _, header_cells = records[0]
    headers = [
        clean_line(h.lstrip("\ufeff")) or f"column {n}" for n, h in enumerate(header_cells, 1)
    ]
    known = recognise(headers)
    rows = records[1:]
    table = [cells for _, cells in rows]
    columns = check_columns(guess_mapping(headers, overrides, name=name, known=known), table)
    demoted = {c.index: c for c in columns if c.why}
    if demoted:
        # A field whose column was not what its header said is free for another column:
        # `Applied` is Yes/No, so `Applied On` holds the date.
        pinned = {i: (c.field, c.how) for i, c in demoted.items()}
        again = guess_mapping(headers, overrides, name=name, known=known, pinned=pinned)
        columns = [demoted.get(c.index) or c for c in check_columns(again, table)]
    if "company" not in {c.field for c in columns}:
        listed = ", ".join(repr(h) for h in headers)
        raise CatbirdError(
            f"{name}: no column for the company (the columns are: {listed}); "
            "name it with --map COLUMN=company"
        )
    columns, order, how = _date_orders(columns, rows, known, date_order)
    mapped: dict[str, Stage] = dict(known.statuses) if known else {}
    mapped.update(status_map)
    default = stage_default or (known.stage_default if known else None) or Stage.LEAD
    moment = at or now()  # $CATBIRD_NOW stops the clock for tests and demos
    context = _Context(name, columns, known, default, mapped, order, moment)
    result = Plan(name, encoding, delimiter, order, how, columns, known, read=len(rows))
    existing, _ = ws.load_all()
    seen_keys: dict[str, str] = {}
    seen_names: dict[tuple[str, str], str] = {}
    for o in existing:
        where = f"already in the workspace ({o.slug})"
        seen_names.setdefault(_identity(o.company, o.role), where)
        for change in o.stage_history[:1]:
            seen_keys.setdefault(change.id, where)
    for line, cells in rows:
        _count_status(result, context, cells)
        try:
            _no_swallowed_rows(cells, delimiter, len(headers))
            opportunity = _opportunity(cells, context)
        except _RowError as exc:
            result.problems.append(Problem(name, line, exc.message))
            continue
        key = opportunity.stage_history[0].id
        what = opportunity.company + (f" — {opportunity.role}" if opportunity.role else "")
        already = seen_keys.get(key) or seen_names.get(
            _identity(opportunity.company, opportunity.role)
        )
        if already is not None:
            result.duplicates.append(Problem(name, line, f"skipped: {what} is {already}"))
            continue
        seen_keys[key] = f"already on line {line}"
        result.rows.append(Planned(line, opportunity))
    return result


def _date_orders(
    columns: list[Column],
    rows: Sequence[tuple[int, list[str]]],
    known: Format | None,
    date_order: DateOrder | None,
) -> tuple[list[Column], DateOrder | None, DateSource]:
    """Each date column's day/month order: what its own values show, else what the file's
    other date columns show, else what the exporting program writes, else --date-order; and
    the order the file as a whole is read in (for dates inside statuses)."""
    told: dict[int, DateOrder | None] = {}
    numeric: set[int] = set()
    for column in columns:
        if column.field in DATE_FIELDS:
            values = [cells[column.index] for _, cells in rows if column.index < len(cells)]
            said = column_order(values)
            told[column.index] = "dmy" if said == "dmy" else "mdy" if said == "mdy" else None
            if said is not None or any(_NUMERIC_DAY.match(v.strip()) for v in values):
                numeric.add(column.index)
    shown = {o for o in told.values() if o is not None}
    file_order: DateOrder | None = shown.pop() if len(shown) == 1 else None
    how: DateSource
    if date_order is not None:
        file_order, how = date_order, "--date-order"
    elif file_order is not None:
        how = "cells"
    elif known is not None and known.date_order is not None and numeric:
        file_order, how = known.date_order, "format"
    else:
        how = "undecided" if numeric else "unused"
    out: list[Column] = []
    for column in columns:
        if column.index in numeric:
            own = date_order or told[column.index] or file_order
            column = Column(
                column.index,
                column.header,
                column.field,
                column.how,
                column.why,
                column.tag,
                own,
            )
        out.append(column)
    if file_order is None and known is not None:
        file_order = known.date_order  # still how it writes a date inside a status
    return out, file_order, how


def _count_status(result: Plan, context: _Context, cells: list[str]) -> None:
    for column in context.columns:
        if column.field == "stage" and column.index < len(cells):
            text = clean_line(_cell(cells[column.index]))
            if not text:
                return
            seen = result.statuses.get(text)
            if seen is None:
                stage, _, kept = _read_status(text, context, context.moment.date())
                seen = result.statuses[text] = StatusSeen(stage, kept=kept)
            seen.rows += 1
            return


def _read_status(
    text: str, context: _Context, near: date
) -> tuple[Stage | None, Mention | None, bool]:
    """A status's stage, the date written in it (`Phone Screen 11/4 2:30pm`), and whether
    the text is worth keeping in a note (it has a date, or says more than the stage)."""
    mention = find_date(text, context.order, near)
    rest = _without(text, mention)
    stage = parse_status(text, context.status_map)
    if stage is None and mention is not None:
        stage = parse_status(rest, context.status_map)
    kept = stage is not None and (mention is not None or says_more(rest, stage))
    return stage, mention, kept


def _without(text: str, mention: Mention | None) -> str:
    if mention is None:
        return text
    return (text[: mention.start] + " " + text[mention.end :]).strip(" ,-–:@")


def _no_swallowed_rows(cells: list[str], delimiter: str, width: int) -> None:
    """Refuse a record whose quoted cell holds lines that look like rows of their own.

    A quote left open (`"likes tea` with no closing quote) makes the CSV reader run on,
    taking the next rows into one cell until some later quote closes it, or to the end of
    the file: three rows would be imported as one. A note written over several lines does
    not look like that: its lines do not have a delimiter for every column."""
    if width < 2:
        return
    swallowed = sum(
        1
        for cell in cells
        if "\n" in cell
        for text in cell.splitlines()[1:]
        if text.count(delimiter) >= width - 1
    )
    if swallowed:
        raise _RowError(
            0,
            f"a quote opened on this line is not closed where the row ends: the {swallowed} "
            f"row{'s' if swallowed > 1 else ''} after it were read into one cell (close the "
            'quote, or write a quote inside a cell as "")',
        )


def _identity(company: str, role: str) -> tuple[str, str]:
    return (" ".join(company.split()).casefold(), " ".join(role.split()).casefold())


def import_key(scope: str, identity: Sequence[str]) -> str:
    """A stable id for one row of one kind of export: the same row imported again has it."""
    text = "\x1f".join([scope, *(" ".join(part.split()).casefold() for part in identity)])
    return "i" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


# ---- one row --------------------------------------------------------------------------------


@dataclass
class _Row:
    values: dict[str, str] = field(default_factory=dict)
    """The first non-empty cell of each field."""
    interviews: list[tuple[Column, str]] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)


def _gather(cells: list[str], context: _Context) -> _Row:
    columns = context.columns
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
        raise _RowError(
            0,
            f"{len(cells)} cells but {len(columns)} columns in the header "
            "(a quote left open, or a stray delimiter?)",
        )
    row = _Row()
    for column in columns:
        cell = _cell(cells[column.index]) if column.index < len(cells) else ""
        if column.field == "id":
            row.ids.append(cell)
        if not cell or column.field in ("ignore", "id"):
            continue
        if column.field in ("note", "salary"):
            # Labelled with the file's own header: "Gehalt: 85.000" reads as it was written.
            row.extras.append(f"{clean_line(column.header)}: {cell}")
        elif column.field == "tag":
            if _yes(cell):
                row.tags.append(column.tag)
        elif column.field == "interview":
            row.interviews.append((column, cell))
        else:
            row.values.setdefault(column.field, cell)
    return row


def _opportunity(cells: list[str], context: _Context) -> Opportunity:
    row = _gather(cells, context)
    values = row.values
    orders = {c.field: c.order for c in context.columns if c.field in DATE_FIELDS}

    def reading(
        key: str, text: str | None = None, order: DateOrder | None = None
    ) -> Reading | None:
        text = values.get(key) if text is None else text
        if not text:
            return None
        try:
            return read_date(text, order or orders.get(key))
        except Ambiguous as exc:
            raise _RowError(0, f"{key.replace('_', ' ')}: {exc}") from None
        except ValueError as exc:
            raise _RowError(0, f"{key.replace('_', ' ')}: {exc}") from None

    status = clean_line(values.get("stage", ""))
    today = context.moment.date()
    mention: Mention | None = None
    noted_status = False
    if status:
        near = today
        for key in ("applied", "stage_since", "created"):
            with contextlib.suppress(_RowError):
                if (found := reading(key)) is not None:
                    near = found.day
                    break
        stage, mention, noted_status = _read_status(status, context, near)
    elif "applied_flag" in values:
        stage = Stage.APPLIED if _yes(values["applied_flag"]) else context.stage_default
    elif context.stage_default == Stage.LEAD and values.get("applied"):
        stage = Stage.APPLIED  # no status, but a date it was applied for: it was applied for
    else:
        stage = context.stage_default
    if stage is None:
        raise _RowError(
            0,
            f"unknown status {status!r}; use a stage ({', '.join(s.value for s in Stage)}), "
            "a word such as Applied, Phone screen, Interview, Offer, Rejected, No response, "
            'or say what it is with --map-status "TEXT=STAGE"',
        )
    applied, created, since = reading("applied"), reading("created"), reading("stage_since")
    screening, offer, closed = reading("screening_on"), reading("offer_on"), reading("closed_on")
    due, deadline = reading("due"), reading("deadline")
    # Interviews: held ones are kept as interviews, ones ahead become the next action.
    held: list[tuple[datetime, str]] = []
    ahead: list[tuple[Reading, str]] = []
    for column, text in row.interviews:
        found = reading(column.field, text, column.order)
        assert found is not None
        if found.day < today:
            held.append((_when(found), "Interview"))
        else:
            ahead.append((found, "Interview"))
    if mention is not None:
        what = _without(status, mention) or stage.label
        if mention.reading.day < today:
            held.append((_when(mention.reading), what))
        else:
            ahead.append((mention.reading, what))
    if noted_status:
        row.extras.insert(0, f"Status: {status}")

    next_action: NextAction | None = None
    action_text = values.get("next_action", "")
    if action_text or due:
        action_text = action_text or "Follow up"
        if due is not None and due.clock is not None:
            action_text += f" at {due.clock:%H:%M}"  # the date is the due date; keep the hour
        next_action = NextAction(text=action_text, due=due.day if due else None)
    elif ahead:
        first, what = min(ahead, key=lambda a: a[0].day)
        clock = f" at {first.clock:%H:%M}" if first.clock else ""
        next_action = NextAction(text=f"{what}{clock}", due=first.day)
    if deadline is not None:
        if next_action is None and stage == Stage.LEAD and deadline.day >= today:
            next_action = NextAction(text="Apply before the deadline", due=deadline.day)
        else:
            row.extras.append(f"Application deadline: {deadline.day.isoformat()}")

    interviews = [
        Interview(
            started_at=at,
            ended_at=at,
            round=number,
            kind=_interview_kind(what),
            notes=[],
        )
        for number, (at, what) in enumerate(sorted(held), 1)
    ]
    history = _history(
        stage,
        {
            Stage.APPLIED: applied,
            Stage.SCREENING: screening or _first(held, screen=True),
            Stage.INTERVIEWING: _first(held, screen=False),
            Stage.OFFER: offer,
        },
        since or (closed if stage.is_closed else None),
        created,
        context,
        _key(cells, row, values, context),
    )
    first_at = history[0].at
    created_at = min(_when(created), first_at) if created else first_at
    if interviews:
        created_at = min(created_at, interviews[0].started_at)
    reason = values.get("reason", "")
    closing_at = _when(closed) if closed else max(h.at for h in history)
    tags = _split(values.get("tags", ""), ";,")
    tags += [t for t in row.tags if t not in tags]
    try:
        # Inside the try: a note made of 10,000 columns is too long, and says so on its line.
        notes = [Note(at=context.moment, text=values["notes"])] if "notes" in values else []
        if "posting" in values:
            notes.append(Note(at=context.moment, text=f"Posting:\n{values['posting']}"))
        if row.extras:
            notes.append(
                Note(at=context.moment, text=f"From {context.name}:\n" + "\n".join(row.extras))
            )
        if reason and stage.is_active:
            notes.append(Note(at=context.moment, text=f"Reason: {reason}"))
        return Opportunity(
            company=values.get("company", ""),
            role=values.get("role", ""),
            link=values.get("link", ""),
            source=values.get("source", "") or (context.known.source if context.known else ""),
            location=values.get("location", ""),
            tags=tags,
            stage=stage,
            created_at=created_at,
            stage_history=history,
            next_action=next_action,
            contacts=_contacts(values, context.columns),
            notes=notes,
            interviews=interviews,
            closing=(
                Closing(at=closing_at, stage=stage, reason=reason) if stage.is_closed else None
            ),
        )
    except ValidationError as exc:
        from catbird.ops import invalid

        message = str(invalid(exc))
        if message.startswith("company:") and "company" not in values:
            message = "no company"
        raise _RowError(0, message) from None


def _key(cells: list[str], row: _Row, values: Mapping[str, str], context: _Context) -> str:
    if context.known is not None and any(row.ids):
        return import_key(context.known.name, row.ids)
    identity = [values.get(f, "") for f in ("company", "role", "link", "location")]
    identity += [values.get(f, "") for f in ("applied", "created")]
    return import_key(context.known.name if context.known else "csv", identity)


def _first(held: Sequence[tuple[datetime, str]], *, screen: bool) -> Reading | None:
    times = [at for at, what in held if (_interview_kind(what) == "phone") == screen]
    return Reading(min(times).date(), min(times).timetz()) if times else None


@functools.lru_cache(maxsize=1024)
def _interview_kind(what: str) -> Literal["phone", "video", "onsite", "other"]:
    words = normal(what)
    if parse_status(what) == Stage.SCREENING or "phone" in words or "call" in words:
        return "phone"
    if "onsite" in words or "on site" in words:
        return "onsite"
    if "video" in words or "zoom" in words:
        return "video"
    return "other"


def _contacts(values: Mapping[str, str], columns: Sequence[Column]) -> list[Contact]:
    """People from a name column, with the email and phone columns kept on them (a lone email
    or phone is kept on a contact named after the company, never as someone's name)."""
    header = next((c.header for c in columns if c.field == "contact"), "")
    role = {"recruiter": "recruiter", "hiring manager": "hiring manager"}.get(
        " ".join(w for w in normal(header).split() if w != "name"), ""
    )
    people: list[Contact] = []
    for text in _split(values.get("contact", ""), ";\n"):
        found = _EMAIL.search(text)
        name = text
        if found is not None:
            name = (text[: found.start()] + text[found.end() :]).strip(" <>()[],")
        people.append(
            Contact(
                name=name or f"Contact at {values.get('company', '')}".strip(),
                email=found.group() if found else "",
                role=role,
            )
        )
    email, phone = values.get("contact_email", ""), values.get("contact_phone", "")
    if email or phone:
        if len(people) == 1:
            person = people[0]
            people[0] = person.model_copy(
                update={"email": person.email or email, "phone": person.phone or phone}
            )
        else:
            people.append(
                Contact(
                    name=f"Contact at {values.get('company', '') or 'the company'}",
                    email=email,
                    phone=phone,
                    role=role,
                )
            )
    return people


def _when(reading: Reading) -> datetime:
    # A date alone is taken at noon, local time: the same date in any nearby time zone.
    return reading.moment() or datetime.combine(reading.day, time(12)).astimezone()


PIPELINE = (Stage.APPLIED, Stage.SCREENING, Stage.INTERVIEWING, Stage.OFFER)


def _history(
    stage: Stage,
    reached: Mapping[Stage, Reading | None],
    entered: Reading | None,
    created: Reading | None,
    context: _Context,
    key: str,
) -> list[StageChange]:
    """The stage history a row tells: the dates it reached each step, then its status.

    Nothing is made up: a step is entered on a date only if a cell gives it. When the current
    status has no date of its own but earlier steps do, it is left out of the history (the
    file does not say when it happened), so time-in-stage insights are not skewed by guesses;
    with no date at all, the status is entered on the date it was added, else now.
    """
    note = f"imported from {context.name}"
    if stage == Stage.LEAD:
        earlier: tuple[Stage, ...] = ()
    elif stage in PIPELINE:
        earlier = PIPELINE[: PIPELINE.index(stage)]
    else:
        earlier = PIPELINE
    entries = [(_when(r), s) for s, r in reached.items() if s in earlier and r is not None]
    if entered is not None:
        entries.append((_when(entered), stage))
    elif reached.get(stage) is not None:
        day = reached[stage]
        assert day is not None
        entries.append((_when(day), stage))
    if not entries:
        entries.append((_when(created) if created else context.moment, stage))
    entries.sort(key=lambda e: (e[0], PIPELINE.index(e[1]) if e[1] in PIPELINE else 99))
    history: list[StageChange] = []
    for number, (at, entry_stage) in enumerate(entries):
        previous = history[-1].stage if history else None
        change = StageChange(at=at, stage=entry_stage, from_stage=previous, note=note)
        history.append(change.model_copy(update={"id": key}) if number == 0 else change)
    return history


# ---- doing it -----------------------------------------------------------------------------


def run(ws: Workspace, planned: Plan) -> list[Change]:
    """Create every planned opportunity. If one cannot be written, the ones written before
    are taken out again (to the trash), so the import is all or nothing."""
    from catbird import ops

    source = Path(planned.file).name
    done: list[Change] = []
    for row in planned.rows:
        try:
            done.append(ops.import_opportunity(ws, row.opportunity, source))
        except (CatbirdError, OSError) as exc:
            for change in reversed(done):
                ws.remove(change.slug)
            undone = f"; the {len(done)} created before it were moved to the trash" if done else ""
            raise CatbirdError(
                f"{planned.file}:{row.line}: could not be saved: {exc}{undone}"
            ) from None
    return done


def describe(o: Opportunity) -> str:
    """One line for the dry run: company — role [stage] next action (due) {history}, then the
    interviews and people the row brings."""
    parts = [o.company + (f" — {o.role}" if o.role else ""), f"[{o.stage.value}]"]
    if o.next_action:
        due = f" ({o.next_action.due.isoformat()})" if o.next_action.due else ""
        parts.append(f"next: {o.next_action.text}{due}")
    history = " → ".join(f"{h.stage.value} {h.at:%Y-%m-%d}" for h in o.stage_history)
    parts.append(f"{{{history}}}")
    if o.interviews:
        held = ", ".join(f"{i.started_at:%Y-%m-%d}" for i in o.interviews)
        parts.append(f"interviews: {held}")
    if o.contacts:
        parts.append("people: " + "; ".join(c.name for c in o.contacts))
    return "  ".join(parts)
