"""What an offer worksheet adds up to: gaps, statuses, total compensation and a score.

Pure computations on `OfferWorksheet` and `OfferTerm`: no Textual, no files. The screens, the
texts, the export and the operations all read an offer through these functions, so a term
means the same thing everywhere.

Decisions written down here, because a reader of the numbers needs to know them:

- **Gap** is `offered − target`, signed so that a positive gap is always good news: for a
  term where less is better (travel, on-site days) it is `target − offered`. Dates count in
  days; `better = "higher"` means later is better (a start date with room to breathe, a
  deadline with time to think), `"lower"` means earlier is better.
- **Status**: "below" when the offer is on the wrong side of the walk-away line; "meets" when
  it reaches the target (or, with no target, the walk-away line); "acceptable" in between,
  including "under target with no line drawn"; "unknown" when nothing is offered yet or
  there is nothing to compare with. Text terms (title, manager) meet their target when equal
  ignoring case, are acceptable when equal to the walk-away text, and unknown otherwise.
- **Total yearly compensation** is base + bonus + equity per year. A sign-on bonus is paid
  once, so it is not spread over the years: it is shown on its own and added into a
  separate *first-year* figure. A bonus given as a percentage is taken of the base.
  It is held against the profile's *target total* when there is one (in the worksheet's
  currency); only without one do the targets of base, bonus and equity add up to the
  yardstick. A term counts by its role, never by its name.
- **Score** (0–100) weighs each term by its priority on the profile's 1–5 scale (must 5,
  want 3, flexible 1). A term meeting its target earns all its weight, one below the line
  none, and one in between a share that grows as the offer nears the target. A *must* term
  below its walk-away line caps the score at 25 and is named, because no total makes up
  for a line the candidate drew in advance.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from catbird.model.offer import (
    NUMERIC_KINDS,
    OfferTerm,
    OfferWorksheet,
    TermKind,
    TermRole,
    TermValue,
)
from catbird.model.profile import Profile
from catbird.model.stage import today

TermStatus = Literal["meets", "acceptable", "below", "unknown"]
PRIORITY_WEIGHTS: dict[str, int] = {"must": 5, "want": 3, "flexible": 1}
PRIORITY_ORDER: dict[str, int] = {"must": 0, "want": 1, "flexible": 2}
MUST_BELOW_CAP = 25
"""The highest score an offer can have while a must term is below its walk-away line."""

STATUS_MARKS: dict[str, str] = {"meets": "✓", "acceptable": "~", "below": "✗", "unknown": "?"}
STATUS_LABELS: dict[str, str] = {
    "meets": "meets",
    "acceptable": "ok",
    "below": "below",
    "unknown": "—",
}
STATUS_STYLES: dict[str, str] = {
    "meets": "$success",
    "acceptable": "$warning",
    "below": "bold $error",
    "unknown": "dim",
}
"""Theme variables for each status; the marks above carry the meaning without colour."""


def term_role(term: OfferTerm) -> TermRole | None:
    """Which standard term this is: its role, never its (editable) name."""
    return term.role


# ---- reading one term -------------------------------------------------------------------


def _comparable(term: OfferTerm, value: TermValue | None) -> float | None:
    """A term's value as a number to compare, or None when it cannot be compared."""
    if value is None:
        return None
    if term.kind == "date":
        return float(value.toordinal()) if isinstance(value, date) else None
    if term.kind in NUMERIC_KINDS:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return float(value)
    return None


def _tidy(number: float) -> int | float:
    """A whole number as an int, so it prints without a trailing `.0`."""
    return int(number) if float(number).is_integer() else number


def gap(term: OfferTerm) -> int | float | None:
    """How far the offer is from the target; positive is better than asked, negative short.

    Days for date terms. None for text terms, or when the offer or the target is missing.
    """
    offered, target = _comparable(term, term.offered), _comparable(term, term.target)
    if offered is None or target is None:
        return None
    difference = offered - target if term.better == "higher" else target - offered
    return _tidy(round(difference, 6))


def _at_least(term: OfferTerm, value: float, line: float) -> bool:
    return value >= line if term.better == "higher" else value <= line


def status(term: OfferTerm) -> TermStatus:
    """Where the offer stands for this term: meets / acceptable / below / unknown."""
    if term.kind == "text":
        said = _text_key(term.offered)
        if not said:
            return "unknown"
        if said == _text_key(term.target):
            return "meets"
        if said == _text_key(term.walk_away):
            return "acceptable"
        return "unknown"
    offered = _comparable(term, term.offered)
    target = _comparable(term, term.target)
    line = _comparable(term, term.walk_away)
    if offered is None or (target is None and line is None):
        return "unknown"
    if line is not None and not _at_least(term, offered, line):
        return "below"
    if target is None or _at_least(term, offered, target):
        return "meets"
    return "acceptable"


def _text_key(value: TermValue | None) -> str:
    return "" if value is None else " ".join(str(value).split()).casefold()


def line_problem(term: OfferTerm) -> str | None:
    """Why the target and the walk-away line contradict each other, or None."""
    target = _comparable(term, term.target)
    line = _comparable(term, term.walk_away)
    if target is None or line is None or _at_least(term, target, line):
        return None
    side = "below" if term.better == "higher" else "above"
    return f"{term.name}: the target is {side} the walk-away line; swap them?"


def term_points(term: OfferTerm) -> float | None:
    """The share of its weight a term earns in the score (0–1), or None if unknown.

    Between the walk-away line and the target the share runs from 0.25 up to 0.9 as the
    offer gets closer to the target, so a better offer never scores lower.
    """
    reading = status(term)
    if reading == "unknown":
        return None
    if reading == "meets":
        return 1.0
    if reading == "below":
        return 0.0
    offered = _comparable(term, term.offered)
    target = _comparable(term, term.target)
    line = _comparable(term, term.walk_away)
    if offered is None or target is None or line is None or target == line:
        return 0.5
    fraction = (offered - line) / (target - line)
    return 0.25 + 0.65 * min(1.0, max(0.0, fraction))


@dataclass(frozen=True, slots=True)
class TermReading:
    """One row of the worksheet as the screens show it."""

    term: OfferTerm
    status: TermStatus
    gap: int | float | None


def read_terms(worksheet: OfferWorksheet) -> list[TermReading]:
    return [TermReading(t, status(t), gap(t)) for t in worksheet.terms]


# ---- the whole offer --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Compensation:
    """Money a year from the worksheet; None where the worksheet does not say."""

    currency: str
    base: int | float | None
    bonus: int | float | None
    equity: int | float | None
    sign_on: int | float | None
    yearly: int | float | None
    """Base + bonus + equity per year; None without a base."""
    first_year: int | float | None
    """The yearly total plus the one-off sign-on bonus."""
    target_yearly: int | float | None
    """What the candidate aims for a year: the profile's target total (when it is in the
    worksheet's currency), else the targets of the same terms on this worksheet added up."""

    @property
    def shortfall(self) -> int | float | None:
        """Yearly total minus target: negative when the offer is short of it."""
        if self.yearly is None or self.target_yearly is None:
            return None
        return _tidy(self.yearly - self.target_yearly)


def _money_terms(worksheet: OfferWorksheet) -> dict[str, OfferTerm]:
    found: dict[str, OfferTerm] = {}
    for term in worksheet.terms:
        role = term_role(term)
        if role in ("base", "bonus", "equity", "sign_on") and role not in found:
            if role == "bonus" and term.kind not in ("money", "percent"):
                continue
            if role != "bonus" and term.kind != "money":
                continue
            found[role] = term
    return found


def _amount(term: OfferTerm | None, column: str, base: float | None) -> float | None:
    if term is None:
        return None
    value = _comparable(term, getattr(term, column))
    if value is None:
        return None
    if term.kind == "percent":  # a bonus as a share of the base
        return None if base is None else base * value / 100
    return value


def compensation(worksheet: OfferWorksheet, profile: Profile | None = None) -> Compensation:
    terms = _money_terms(worksheet)

    def column(name: str) -> tuple[float | None, ...]:
        base = _amount(terms.get("base"), name, None)
        return (
            base,
            _amount(terms.get("bonus"), name, base),
            _amount(terms.get("equity"), name, base),
            _amount(terms.get("sign_on"), name, base),
        )

    base, bonus, equity, sign_on = column("offered")
    yearly = None if base is None else base + (bonus or 0) + (equity or 0)
    first_year = None if yearly is None else yearly + (sign_on or 0)
    target: float | None = None
    if (
        profile is not None
        and profile.numbers.target_total is not None
        and profile.numbers.currency.upper() == worksheet.currency.upper()
    ):
        # The total the candidate wrote down is the yardstick; a base target alone is not one.
        target = float(profile.numbers.target_total)
    else:
        t_base, t_bonus, t_equity, _ = column("target")
        if t_base is not None:
            target = t_base + (t_bonus or 0) + (t_equity or 0)

    def whole(value: float | None) -> int | float | None:
        return None if value is None else _tidy(round(value, 2))

    return Compensation(
        currency=worksheet.currency,
        base=whole(base),
        bonus=whole(bonus),
        equity=whole(equity),
        sign_on=whole(sign_on),
        yearly=whole(yearly),
        first_year=whole(first_year),
        target_yearly=whole(target),
    )


@dataclass(frozen=True, slots=True)
class AgainstTarget:
    """The yearly total held against what the candidate aims for a year, in the figures and
    words every view shares: the worksheet's summary, the comparison, the talking points and
    the Markdown export (which `catbird show` prints). What the target is comes from
    `compensation`; how it is said, from here."""

    target: str
    """The yearly target as money: "$180,000"."""
    gap: str
    """How far from it, unsigned: "$20,000"."""
    short: bool
    """The offer is below the target."""

    @property
    def signed_gap(self) -> str:
        """The gap with its sign, good news positive: "−$20,000", "+$5,000"."""
        return f"{'−' if self.short else '+'}{self.gap}"

    def clause(self, target_words: str) -> str:
        """The comparison as a clause to end a sentence about the yearly total:
        ", $20,000 short of the $180,000 target" (`target_words` = "target")."""
        if self.short:
            return f", {self.gap} short of the {self.target} {target_words}"
        return f", at or above the {self.target} {target_words}"


def against_target(pay: Compensation) -> AgainstTarget | None:
    """The yearly total against the target, or None when either is missing."""
    shortfall = pay.shortfall
    if shortfall is None or pay.target_yearly is None:
        return None
    return AgainstTarget(
        target=money(pay.target_yearly, pay.currency),
        gap=money(abs(shortfall), pay.currency),
        short=shortfall < 0,
    )


@dataclass(frozen=True, slots=True)
class OfferScore:
    score: int | None
    """0–100, or None when no term can be read yet."""
    below_musts: tuple[str, ...]
    """Names of must terms below their walk-away line (these cap the score)."""
    below: tuple[str, ...]
    """Names of every term below its walk-away line."""
    counted: int
    """How many terms the score is built from (the rest are unknown)."""

    @property
    def capped(self) -> bool:
        return bool(self.below_musts)


def offer_score(worksheet: OfferWorksheet) -> OfferScore:
    earned = total = 0.0
    counted = 0
    below: list[str] = []
    below_musts: list[str] = []
    for term in worksheet.terms:
        points = term_points(term)
        if points is None:
            continue
        counted += 1
        weight = PRIORITY_WEIGHTS[term.priority]
        total += weight
        earned += weight * points
        if status(term) == "below":
            below.append(term.name)
            if term.priority == "must":
                below_musts.append(term.name)
    if total == 0:
        return OfferScore(None, (), (), 0)
    score = math.floor(100 * earned / total + 0.5)
    if below_musts:
        score = min(score, MUST_BELOW_CAP)
    return OfferScore(score, tuple(below_musts), tuple(below), counted)


def by_priority(readings: Iterable[TermReading]) -> list[TermReading]:
    """Most important first: musts, then wants, then flexibles; the worst status first."""
    rank = {"below": 0, "acceptable": 1, "unknown": 2, "meets": 3}
    return sorted(readings, key=lambda r: (PRIORITY_ORDER[r.term.priority], rank[r.status]))


# ---- the standard rows ------------------------------------------------------------------


def default_terms(profile: Profile) -> list[OfferTerm]:
    """The rows a new worksheet starts with, with the profile's targets and lines filled in.

    A term the profile draws a line for is a must; the rest start as wants or flexibles.
    """
    n = profile.numbers

    def must_if(line: object) -> Literal["must", "want"]:
        return "must" if line is not None else "want"

    return [
        OfferTerm(
            name="Base salary",
            role="base",
            kind="money",
            target=n.target_base,
            walk_away=n.min_base,
            priority="must",
        ),
        OfferTerm(name="Annual bonus", role="bonus", kind="money", priority="want"),
        OfferTerm(name="Equity per year", role="equity", kind="money", priority="want"),
        OfferTerm(name="Sign-on bonus", role="sign_on", kind="money", priority="flexible"),
        OfferTerm(
            name="PTO days",
            role="pto",
            kind="days",
            walk_away=n.min_pto_days,
            priority=must_if(n.min_pto_days),
        ),
        OfferTerm(
            name="On-site days per week",
            role="onsite",
            kind="days",
            better="lower",
            walk_away=n.max_onsite_days,
            priority=must_if(n.max_onsite_days),
        ),
        OfferTerm(
            name="Travel",
            role="travel",
            kind="percent",
            better="lower",
            walk_away=n.max_travel_pct,
            priority=must_if(n.max_travel_pct),
        ),
        OfferTerm(name="Title / level", role="title", kind="text", priority="want"),
        OfferTerm(name="Start date", role="start", kind="date", priority="flexible"),
        OfferTerm(name="Decision deadline", role="deadline", kind="date", priority="flexible"),
        OfferTerm(name="Manager", role="manager", kind="text", priority="want"),
    ]


# ---- reading and writing values as a person types them ----------------------------------

CURRENCY_SIGNS: dict[str, str] = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "INR": "₹",
    "CAD": "CA$",
    "AUD": "A$",
    "NZD": "NZ$",
}


def money(amount: int | float, currency: str = "USD") -> str:
    """An amount as people write it: $228,000, €1,250.50, CHF 90,000."""
    sign = CURRENCY_SIGNS.get(currency.upper())
    number = _number(amount)
    return f"{sign}{number}" if sign else f"{currency} {number}".strip()


def _number(value: int | float) -> str:
    value = _tidy(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _unit(count: int | float, one: str, many: str) -> str:
    return f"{_number(count)} {one if count == 1 else many}"


def format_value(term: OfferTerm, value: TermValue | None, currency: str = "USD") -> str:
    """A value of a term as the worksheet shows it; an em dash when there is none."""
    if value is None:
        return "—"
    if term.kind == "date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if (
        term.kind in NUMERIC_KINDS
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):
        if term.kind == "money":
            return money(value, currency)
        if term.kind == "percent":
            return f"{_number(value)}%"
        if term.kind == "days":
            return _unit(value, "day", "days")
        return _number(value)
    return str(value)


def format_gap(term: OfferTerm, difference: int | float | None, currency: str = "USD") -> str:
    """A gap with its sign: +$5,000, −$17,000, −2 days, +5 pts; empty when there is none."""
    if difference is None:
        return ""
    if difference == 0:
        return "±0"
    sign = "+" if difference > 0 else "−"
    size = abs(difference)
    if term.kind == "money":
        text = money(size, currency)
    elif term.kind == "percent":
        text = f"{_number(size)} pts"
    elif term.kind in ("days", "date"):
        text = _unit(size, "day", "days")
    else:
        text = _number(size)
    return sign + text


def how_far(term: OfferTerm, difference: int | float, currency: str = "USD") -> str:
    """The distance to the target in words: "$17,000 more", "1 day fewer", "7 days later"."""
    size = abs(difference)
    wanted_more = (term.better == "higher") == (difference < 0)
    if term.kind == "date":
        return f"{_unit(size, 'day', 'days')} {'later' if wanted_more else 'earlier'}"
    if term.kind == "money":
        amount = money(size, currency)
        return f"{amount} {'more' if wanted_more else 'less'}"
    if term.kind == "percent":
        return f"{_number(size)} percentage points {'more' if wanted_more else 'less'}"
    if term.kind == "days":
        return f"{_unit(size, 'day', 'days')} {'more' if wanted_more else 'fewer'}"
    return f"{_number(size)} {'more' if wanted_more else 'less'}"


_AMOUNT = re.compile(r"^(\d+(?:\.\d+)?)([km]?)$")


def parse_value(kind: TermKind, text: str) -> TermValue | None:
    """A value typed for a term of `kind`; empty (or a dash) clears it.

    Money takes 228000, 228,000, $228k, 1.2m; percentages 10 or 10%; dates 2027-01-04,
    today, tomorrow or +30 (days from today). Raises ValueError with a message to show.
    """
    raw = text.strip()
    if raw in ("", "-", "—", "–"):
        return None
    if kind == "text":
        return raw
    if kind == "date":
        lowered = raw.lower()
        if lowered == "today":
            return today()
        if lowered == "tomorrow":
            return today() + timedelta(days=1)
        if lowered.startswith("+") and lowered[1:].rstrip("d").isdigit():
            return today() + timedelta(days=int(lowered[1:].rstrip("d")))
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(
                f"{raw!r} is not a date: use 2027-01-04, today, tomorrow or +30"
            ) from None
    cleaned = raw.lower().replace(",", "").replace("_", "").replace(" ", "")
    for sign in sorted(CURRENCY_SIGNS.values(), key=len, reverse=True):
        cleaned = cleaned.replace(sign.lower(), "")
    cleaned = re.sub(r"^[a-z]{3}(?=[\d.-])|(?<=[\d.km])[a-z]{3}$", "", cleaned)
    for suffix in ("%", "days", "day", "d", "pts", "pt"):
        if kind in ("percent", "days") and cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)]
            break
    if cleaned.startswith(("-", "−")):
        raise ValueError(f"{raw!r}: an offer's numbers cannot be negative")
    match = _AMOUNT.match(cleaned)
    if match is None or (match.group(2) and kind != "money"):
        examples = {
            "money": "228000, 228k or $228,000",
            "percent": "10 or 10%",
            "days": "a number of days, like 25",
            "number": "a number, like 3",
        }[kind]
        raise ValueError(f"{raw!r} is not a number: try {examples}")
    number = float(match.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2)]
    if kind == "percent" and number > 100:
        raise ValueError(f"{raw!r}: a percentage runs from 0 to 100")
    if kind == "money":
        number = round(number, 2)
    return _tidy(number)


def value_text(term: OfferTerm, value: TermValue | None) -> str:
    """A value as it would be typed back into the edit form (parse_value reads it again)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value).replace(",", "")
    return str(value)
