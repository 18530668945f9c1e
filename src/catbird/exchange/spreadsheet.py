"""`catbird import FILE.csv`: bring a spreadsheet tracker into the workspace.

Whatever program wrote the file: UTF-8 with or without a BOM, UTF-16 with a BOM, or a
Windows/Latin-1 code page; commas, semicolons or tabs; quoted cells spanning lines. Columns
are matched to our fields by their headers (`Employer`, `Job title`, `Status`, `Date applied`
…) unless `--map COLUMN=FIELD` says otherwise; columns we have no field for are kept, cell by
cell, in a note on each opportunity rather than dropped.

Nothing is half-imported: every row is read and validated before anything is written. A row
that cannot be read is reported as `FILE:line: message` (the line where the row starts in the
file) and, unless the user asks to skip bad rows, nothing is created at all. A row whose
company and role are already in the workspace (or earlier in the file) is skipped and
reported. Plain Python: no Textual.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from catbird.model import (
    Closing,
    Contact,
    NextAction,
    Note,
    Opportunity,
    Stage,
    StageChange,
    clean_line,
)
from catbird.store import CatbirdError, Change, FileProblem, Workspace
from catbird.store.errors import printable

MAX_FILE = 64 * 1024 * 1024
"""A tracker is a few thousand rows at most; anything much bigger is not one."""

DateOrder = Literal["dmy", "mdy"]

FIELDS: dict[str, str] = {
    "company": "the company (required)",
    "role": "the role or job title",
    "stage": "the status: one of our stages or words like Applied, Phone screen, Rejected",
    "link": "the posting's address",
    "location": "where the job is",
    "source": "where you found it",
    "tags": "tags, separated by ; or ,",
    "notes": "a note",
    "contact": "a person (recruiter, hiring manager); several separated by ;",
    "applied": "the date you applied",
    "created": "the date you added it",
    "stage_since": "the date it reached its current status",
    "next_action": "the next step",
    "due": "when the next step is due",
    "reason": "why it closed",
    "note": "keep the column, as `Header: value`, in a note",
    "ignore": "leave the column out",
}
"""What a column can be mapped to with --map COLUMN=FIELD."""

# Header words for each field, compared after `_normal` (lower case, words only). The first
# pass takes exact matches; the second, headers that contain one of these as whole words.
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
        "description",
        "thoughts",
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
    ),
    "applied": (
        "date applied",
        "applied",
        "applied on",
        "applied date",
        "application date",
        "date of application",
        "date submitted",
        "submitted",
        "submitted on",
        "date sent",
        "date",
    ),
    "created": ("created", "created at", "created on", "date added", "added", "added on", "saved"),
    "stage_since": (
        "stage since",
        "status since",
        "status date",
        "status changed",
        "last status change",
        "since",
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
        "deadline",
        "reminder",
    ),
    "reason": (
        "reason",
        "closed reason",
        "closing reason",
        "why closed",
        "rejection reason",
        "outcome reason",
    ),
    # Columns of `catbird export --format csv` that are derived, not data.
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
        "closed on",
    ),
}

# Status words found in trackers, by our stage. Checked whole-word, closed outcomes first, so
# "Rejected after interview" is rejected and "Not applied yet" is a lead.
STATUS_WORDS: dict[Stage, tuple[str, ...]] = {
    Stage.ACCEPTED: ("accepted", "offer accepted", "hired", "signed", "joined", "starting"),
    Stage.DECLINED: (
        "declined",
        "offer declined",
        "i declined",
        "turned down",
        "withdrew",
        "withdrawn",
        "not interested",
        "passed",
    ),
    Stage.WALKED_AWAY: ("walked away", "walked out", "walk away"),
    Stage.REJECTED: (
        "rejected",
        "rejection",
        "not selected",
        "unsuccessful",
        "not moving forward",
        "not progressed",
        "no offer",
        "denied",
        "position filled",
        "role filled",
        "filled",
        "position closed",
    ),
    Stage.GHOSTED: (
        "ghosted",
        "no response",
        "no reply",
        "no answer",
        "no news",
        "never heard back",
        "did not hear back",
        "didn t hear back",
        "silence",
        "dead",
        "stale",
        "expired",
    ),
    Stage.OFFER: ("offer", "offered", "offer received", "got offer", "negotiating", "negotiation"),
    Stage.INTERVIEWING: (
        "interview",
        "interviewing",
        "interviews",
        "interview scheduled",
        "technical interview",
        "tech interview",
        "first interview",
        "1st interview",
        "second interview",
        "2nd interview",
        "final interview",
        "final round",
        "onsite",
        "on site",
        "panel",
        "take home",
        "assessment",
        "coding test",
        "tech test",
        "in progress",
        "in process",
    ),
    Stage.SCREENING: (
        "screening",
        "screen",
        "phone screen",
        "phone screening",
        "phone call",
        "phone interview",
        "recruiter screen",
        "recruiter call",
        "hr screen",
        "hr call",
        "hr interview",
        "intro call",
        "initial call",
        "first call",
        "screening call",
        "call scheduled",
    ),
    Stage.APPLIED: (
        "applied",
        "application sent",
        "application submitted",
        "submitted",
        "sent",
        "cv sent",
        "resume sent",
        "waiting",
        "pending",
        "in review",
        "under review",
        "awaiting response",
    ),
    Stage.LEAD: (
        "lead",
        "idea",
        "wishlist",
        "wish list",
        "interested",
        "to apply",
        "saved",
        "bookmarked",
        "researching",
        "prospect",
        "considering",
        "maybe",
        "not applied",
        "not yet applied",
        "new",
    ),
}


def _normal(text: str) -> str:
    """A header or status as words: lower case, `(…)` dropped, punctuation as spaces."""
    text = re.sub(r"\(.*?\)", " ", text.casefold().replace("&", " and "))
    return " ".join(re.findall(r"[^\W_]+", text))


def _contains(haystack: str, needle: str) -> tuple[int, int] | None:
    match = re.search(rf"(?:^|\s){re.escape(needle)}(?:\s|$)", haystack)
    if match is None:
        return None
    start = match.start() + (1 if match.group().startswith(" ") else 0)
    return start, start + len(needle)


def parse_status(text: str) -> Stage | None:
    """Our stage for a tracker's status word, or None if we cannot tell."""
    words = _normal(text)
    if not words:
        return None
    try:
        return Stage.parse(text)
    except ValueError:
        pass
    for stage, phrases in STATUS_WORDS.items():
        if words in phrases:
            return stage
    # Whole-word matches anywhere; a match inside a longer one ("applied" in "not applied")
    # gives way to it, then the earliest stage in STATUS_WORDS (closed outcomes) wins.
    found: list[tuple[int, int, int, Stage]] = []
    for rank, (stage, phrases) in enumerate(STATUS_WORDS.items()):
        for phrase in phrases:
            span = _contains(words, phrase)
            if span is not None:
                found.append((rank, *span, stage))
    kept = [
        f
        for f in found
        if not any(
            o is not f and o[1] <= f[1] and f[2] <= o[2] and (o[2] - o[1]) > (f[2] - f[1])
            for o in found
        )
    ]
    return min(kept, key=lambda f: f[0])[3] if kept else None


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


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    header: str
    field: str
    """A key of FIELDS."""
    how: Literal["guessed", "--map", "unknown"]


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
    headers: Sequence[str], overrides: Sequence[tuple[str, str]] = (), *, name: str = "the file"
) -> list[Column]:
    """One Column per header: what the user said with --map, else what the header suggests,
    else kept in a note."""
    chosen: dict[int, tuple[str, Literal["guessed", "--map", "unknown"]]] = {}
    for column, target in overrides:
        index = _find_column(headers, column)
        if index is None:
            listed = ", ".join(repr(h) for h in headers)
            raise CatbirdError(f"{name}: no column {column!r} (the columns are: {listed})")
        chosen[index] = (target, "--map")
    taken = {f for f, _ in chosen.values() if f not in ("note", "ignore")}
    normal = [_normal(h) for h in headers]
    # Exact header matches first, in column order …
    for index, words in enumerate(normal):
        if index in chosen:
            continue
        for target, words_list in SYNONYMS.items():
            if words in words_list and (target == "ignore" or target not in taken):
                chosen[index] = (target, "guessed")
                if target != "ignore":
                    taken.add(target)
                break
    # … then headers containing a known phrase, the longest phrase winning.
    for index, words in enumerate(normal):
        if index in chosen:
            continue
        best: tuple[int, str] | None = None
        for target, words_list in SYNONYMS.items():
            if target in taken or target == "ignore":
                continue
            for phrase in words_list:
                if phrase and _contains(words, phrase) and (best is None or len(phrase) > best[0]):
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
        if _normal(header) == _normal(wanted) and _normal(wanted):
            return index
    if wanted.isdigit() and 1 <= int(wanted) <= len(headers):
        return int(wanted) - 1
    return None


# ---- reading cells ------------------------------------------------------------------------

_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_TEXT_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%d %b %y", "%b %d %y")
EXCEL_EPOCH = date(1899, 12, 30)


def _cell(text: str) -> str:
    text = text.strip()
    # `catbird export` (and careful spreadsheets) keep formula-like text as text with a quote.
    if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text[1:]
    return text


def parse_date(text: str, order: DateOrder) -> date:
    """A date as spreadsheets write them: ISO, 05/11/2026 (in `order`), 5 Nov 2026,
    Nov 5, 2026, or a spreadsheet serial number."""
    value = text.strip()
    try:
        day = datetime.fromisoformat(value).date()
    except ValueError:
        day = _parse_other_date(value, order)
    if not 1990 <= day.year <= 2100:
        raise ValueError(f"the date {text!r} is out of range")
    return day


def _parse_other_date(value: str, order: DateOrder) -> date:
    match = _NUMERIC_DATE.match(re.split(r"[ T]", value, maxsplit=1)[0])
    if match:
        a, b, c = (int(g) for g in match.groups())
        if len(match.group(1)) == 4:
            year, month, day_ = a, b, c
        else:
            day_, month = (a, b) if order == "dmy" else (b, a)
            year = c + 2000 if len(match.group(3)) <= 2 else c
        try:
            return date(year, month, day_)
        except ValueError:
            shape = "day/month/year" if order == "dmy" else "month/day/year"
            raise ValueError(f"{value!r} is not a date (read as {shape})") from None
    if value.isdigit() and 20000 <= int(value) <= 80000:
        return EXCEL_EPOCH + timedelta(days=int(value))
    words = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value, flags=re.IGNORECASE)
    words = re.sub(r"\bsept\b", "sep", words, flags=re.IGNORECASE)
    words = " ".join(re.split(r"[\s,\-/.]+", words)).strip()
    for fmt in _TEXT_FORMATS:
        try:
            return datetime.strptime(words, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date (try YYYY-MM-DD)")


DateSource = Literal["cells", "guessed", "unused"]


def guess_date_order(values: Iterable[str], delimiter: str) -> tuple[DateOrder, DateSource]:
    """Day or month first for dates like 05/11/2026, from the cells themselves; when no cell
    tells, semicolon files (European spreadsheets) are taken as day first. The second value
    says how it was decided ("unused" when the file has no such dates)."""
    day_first = month_first = seen = 0
    for value in values:
        match = _NUMERIC_DATE.match(re.split(r"[ T]", value.strip(), maxsplit=1)[0])
        if not match or len(match.group(1)) == 4:
            continue
        seen += 1
        a, b = int(match.group(1)), int(match.group(2))
        day_first += a > 12
        month_first += b > 12
    if day_first or month_first:
        return ("dmy" if day_first >= month_first else "mdy"), "cells"
    return ("dmy" if delimiter == ";" else "mdy"), "guessed" if seen else "unused"


def _split(text: str, separators: str) -> list[str]:
    return [part.strip() for part in re.split(f"[{separators}]", text) if part.strip()]


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
class Plan:
    """What an import would do: read, mapped and validated, nothing written yet."""

    file: str
    encoding: str
    delimiter: str
    date_order: DateOrder
    date_order_from: DateSource | Literal["--date-order"]
    columns: list[Column]
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


def plan(
    path: Path,
    ws: Workspace,
    *,
    overrides: Sequence[tuple[str, str]] = (),
    stage_default: Stage = Stage.LEAD,
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
    columns = guess_mapping(headers, overrides, name=name)
    fields = {c.field: c.index for c in columns if c.field not in ("note", "ignore")}
    if "company" not in fields:
        listed = ", ".join(repr(h) for h in headers)
        raise CatbirdError(
            f"{name}: no column for the company (the columns are: {listed}); "
            "name it with --map COLUMN=company"
        )
    rows = records[1:]
    date_cells = [
        cells[fields[f]]
        for f in ("applied", "created", "stage_since", "due")
        if f in fields
        for _, cells in rows
        if fields[f] < len(cells)
    ]
    order, decided = guess_date_order(date_cells, delimiter)
    how: DateSource | Literal["--date-order"] = decided
    if date_order is not None:
        order, how = date_order, "--date-order"
    result = Plan(name, encoding, delimiter, order, how, columns, read=len(rows))
    existing, _ = ws.load_all()
    seen: dict[tuple[str, str], str] = {
        _identity(o.company, o.role): f"already in the workspace ({o.slug})" for o in existing
    }
    moment = at or datetime.now().astimezone().replace(microsecond=0)
    for line, cells in rows:
        try:
            _no_swallowed_rows(cells, delimiter, len(headers))
            opportunity = _opportunity(cells, columns, headers, stage_default, order, moment, name)
        except _RowError as exc:
            result.problems.append(Problem(name, line, exc.message))
            continue
        key = _identity(opportunity.company, opportunity.role)
        what = opportunity.company + (f" — {opportunity.role}" if opportunity.role else "")
        if key in seen:
            result.duplicates.append(Problem(name, line, f"skipped: {what} is {seen[key]}"))
            continue
        seen[key] = f"already on line {line}"
        result.rows.append(Planned(line, opportunity))
    return result


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


def _opportunity(
    cells: list[str],
    columns: list[Column],
    headers: list[str],
    stage_default: Stage,
    order: DateOrder,
    moment: datetime,
    name: str,
) -> Opportunity:
    if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
        raise _RowError(
            0,
            f"{len(cells)} cells but {len(columns)} columns in the header "
            "(a quote left open, or a stray delimiter?)",
        )
    values: dict[str, str] = {}
    extras: list[str] = []
    for column in columns:
        cell = _cell(cells[column.index]) if column.index < len(cells) else ""
        if not cell or column.field == "ignore":
            continue
        if column.field == "note":
            extras.append(f"{clean_line(column.header)}: {cell}")
        else:
            values[column.field] = cell

    def day(key: str) -> date | None:
        text = values.get(key)
        if not text:
            return None
        try:
            return parse_date(text, order)
        except ValueError as exc:
            raise _RowError(0, f"{key.replace('_', ' ')}: {exc}") from None

    status = values.get("stage", "")
    stage = parse_status(status) if status else stage_default
    if stage is None:
        raise _RowError(
            0,
            f"unknown status {status!r}; use a stage ({', '.join(s.value for s in Stage)}) "
            "or a word such as Applied, Phone screen, Interview, Offer, Rejected, No response",
        )
    applied, created, since, due = day("applied"), day("created"), day("stage_since"), day("due")
    history = _history(stage, applied, since, created, moment, f"imported from {Path(name).name}")
    first = history[0].at
    created_at = min(_at(created), first) if created else first
    reason = values.get("reason", "")
    action_text = values.get("next_action", "")
    try:
        # Inside the try: a note made of 10,000 columns is too long, and says so on its line.
        notes = [Note(at=moment, text=values["notes"])] if "notes" in values else []
        if extras:
            notes.append(Note(at=moment, text=f"From {Path(name).name}:\n" + "\n".join(extras)))
        if reason and stage.is_active:
            notes.append(Note(at=moment, text=f"Reason: {reason}"))
        return Opportunity(
            company=values.get("company", ""),
            role=values.get("role", ""),
            link=values.get("link", ""),
            source=values.get("source", ""),
            location=values.get("location", ""),
            tags=_split(values.get("tags", ""), ";,"),
            stage=stage,
            created_at=created_at,
            stage_history=history,
            next_action=(
                NextAction(text=action_text or "Follow up", due=due) if action_text or due else None
            ),
            contacts=[Contact(name=n) for n in _split(values.get("contact", ""), ";\n")],
            notes=notes,
            closing=(
                Closing(at=history[-1].at, stage=stage, reason=reason) if stage.is_closed else None
            ),
        )
    except ValidationError as exc:
        from catbird.ops import invalid

        message = str(invalid(exc))
        if message.startswith("company:") and "company" not in values:
            message = "no company"
        raise _RowError(0, message) from None


def _at(day: date) -> datetime:
    # Noon, local time: the date stays the same date in any nearby time zone.
    return datetime.combine(day, time(12)).astimezone()


def _history(
    stage: Stage,
    applied: date | None,
    since: date | None,
    created: date | None,
    moment: datetime,
    note: str,
) -> list[StageChange]:
    """The stage history a row tells: when it was applied for and when it reached its status.

    Nothing is made up: a stage is entered on a date only if a cell gives it (else on the
    date it was added, else now), so time-in-stage insights are not skewed by guesses.
    """
    entered = since or (applied if stage == Stage.APPLIED else None)
    entries: list[tuple[datetime, Stage]] = []
    past_applied = stage != Stage.LEAD and stage != Stage.APPLIED
    if applied is not None and past_applied and entered is not None and applied < entered:
        entries.append((_at(applied), Stage.APPLIED))
    when = entered or applied or created
    entries.append((_at(when) if when else moment, stage))
    history: list[StageChange] = []
    for at, entry_stage in entries:
        previous = history[-1].stage if history else None
        history.append(StageChange(at=at, stage=entry_stage, from_stage=previous, note=note))
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
    """One line for the dry run: company — role [stage] next action (due)."""
    parts = [o.company + (f" — {o.role}" if o.role else ""), f"[{o.stage.value}]"]
    if o.next_action:
        due = f" ({o.next_action.due.isoformat()})" if o.next_action.due else ""
        parts.append(f"next: {o.next_action.text}{due}")
    history = " → ".join(f"{h.stage.value} {h.at:%Y-%m-%d}" for h in o.stage_history)
    parts.append(f"{{{history}}}")
    return "  ".join(parts)
