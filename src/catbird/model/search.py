"""Search across everything the user wrote down: notes, flags, answers, promises, contacts,
debriefs, follow-ups, stage notes and closing reasons.

Plain Python over the models: `catbird search` and the TUI's search screen both call
`search`. What is searched is a list of sources (`SOURCES`), each a name and a function
giving the texts of one opportunity with their dates: a new kind of text (letters, say) is
one more function and one more entry.

A query matches a text when every word of it appears in the text, case and accents of
letters aside (`on-call` finds "On-call rota", `rota call` finds it too).
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from catbird.model.opportunity import Opportunity
    from catbird.model.profile import Profile

Found = tuple[datetime | date | None, str, str]
"""One text of an opportunity: when, a few words on where it comes from, the text itself."""

Source = Callable[["Opportunity", "Profile | None"], Iterator[Found]]


@dataclass(frozen=True, slots=True)
class Hit:
    """One text that matched, with the opportunity it belongs to."""

    slug: str
    company: str
    kind: str
    """Which source: "note", "flag", "answer", "promise", "contact", …"""
    at: datetime | date | None
    where: str
    """A few words on where the text is ("round 2 debrief", "Priya Raman")."""
    text: str

    @property
    def day(self) -> date | None:
        return self.at.date() if isinstance(self.at, datetime) else self.at

    def to_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "company": self.company,
            "kind": self.kind,
            "at": self.at.isoformat() if self.at else None,
            "where": self.where,
            "text": self.text,
        }


def _notes(o: Opportunity, profile: Profile | None) -> Iterator[Found]:
    for note in o.notes:
        yield note.at, "", note.text
    for interview in o.interviews:
        for note in interview.notes:
            yield note.at, f"round {interview.round}", note.text


def _flags(o: Opportunity, profile: Profile | None) -> Iterator[Found]:
    for interview in o.interviews:
        for flag in interview.flags:
            who = o.who(flag.by)
            text = f"{flag.label} — {flag.note}" if flag.note else flag.label
            where = f"{flag.kind}, round {interview.round}" + (f", {who}" if who else "")
            yield flag.at, where, text


def _answers(o: Opportunity, profile: Profile | None) -> Iterator[Found]:
    for finding in o.findings:
        found = profile.criterion(finding.criterion) if profile else None
        criterion = found[1].text if found else finding.criterion
        who = o.who(finding.by)
        where = f"{criterion}: {finding.answer}" + (f", {who}" if who else "")
        yield finding.at, where, finding.quote or criterion


def _promises(o: Opportunity, profile: Profile | None) -> Iterator[Found]:
    for claim in o.claims:
        who = o.who(claim.by)
        yield claim.at, claim.topic + (f", {who}" if who else ""), claim.text


def _contacts(o: Opportunity, profile: Profile | None) -> Iterator[Found]:
    for contact in o.contacts:
        parts = [contact.name, contact.role, contact.email, contact.phone, contact.notes]
        yield None, contact.name, " · ".join(p for p in parts if p)


def _debriefs(o: Opportunity, profile: Profile | None) -> Iterator[Found]:
    for interview in o.interviews:
        if interview.debrief is not None and interview.debrief.summary:
            yield interview.debrief.at, f"round {interview.round}", interview.debrief.summary


def _follow_ups(o: Opportunity, profile: Profile | None) -> Iterator[Found]:
    for follow_up in o.follow_ups:
        text = f"{follow_up.title} — {follow_up.note}" if follow_up.note else follow_up.title
        yield follow_up.due, "done" if follow_up.is_done else "to do", text


def _stage_notes(o: Opportunity, profile: Profile | None) -> Iterator[Found]:
    for change in o.stage_history:
        if change.note:
            yield change.at, f"moved to {change.stage.value}", change.note
    if o.closing is not None and o.closing.reason:
        yield o.closing.at, f"closed as {o.closing.stage.value}", o.closing.reason


SOURCES: list[tuple[str, Source]] = [
    ("note", _notes),
    ("flag", _flags),
    ("answer", _answers),
    ("promise", _promises),
    ("contact", _contacts),
    ("debrief", _debriefs),
    ("follow-up", _follow_ups),
    ("stage", _stage_notes),
]
"""Every kind of text searched, in the order a tie between two hits lists them."""


def fold(text: str) -> str:
    """`text` as the search compares it: case and accents aside."""
    if text.isascii():  # most texts: no accent to take off
        return text.lower()
    return _accents().sub("", unicodedata.normalize("NFKD", text.casefold()))


@cache
def _accents() -> re.Pattern[str]:
    """The combining marks of the basic plane (what NFKD splits an accent into), to take
    off in one pass at C speed. Made on first use (~10 ms): most texts are ASCII. A text and
    a query are folded alike, so a rarer mark left on spoils nothing."""
    marks = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c)))
    return re.compile(f"[{re.escape(marks)}]")


def terms(query: str) -> list[str]:
    """The words of a query, as compared."""
    return fold(query).split()


class Corpus:
    """Every searchable text of some opportunities, folded once, so that each query is a
    scan of plain strings (the TUI's search screen keeps one and asks it at every key).
    An opportunity changed elsewhere is replaced alone (`put`, `drop`)."""

    def __init__(
        self,
        opportunities: Iterable[Opportunity] = (),
        profile: Profile | None = None,
        sources: Iterable[tuple[str, Source]] = SOURCES,
    ) -> None:
        self.profile = profile
        self.sources = list(sources)
        self._texts: dict[str, list[tuple[str, Hit]]] = {}
        for opportunity in opportunities:
            self.put(opportunity)

    def __len__(self) -> int:
        return len(self._texts)

    def copy(self) -> Corpus:
        """Another corpus holding the same texts, to change while this one is searched."""
        other = Corpus(profile=self.profile, sources=self.sources)
        other._texts = dict(self._texts)
        return other

    def put(self, opportunity: Opportunity) -> None:
        """Add an opportunity's texts, or replace those it had."""
        texts: list[tuple[str, Hit]] = []
        o = opportunity
        for kind, source in self.sources:
            for at, where, text in source(o, self.profile):
                hit = Hit(o.slug, o.company, kind, at, where, text)
                texts.append((fold(f"{where} {text}" if where else text), hit))
        self._texts[o.slug] = texts

    def drop(self, slug: str) -> None:
        self._texts.pop(slug, None)

    def find(self, query: str, limit: int | None = None) -> list[Hit]:
        """Every text that matches `query`, newest first (undated ones, contacts, last)."""
        words = terms(query)
        if not words:
            return []
        hits = [
            hit
            for texts in self._texts.values()
            for folded, hit in texts
            if all(word in folded for word in words)
        ]
        if limit is not None and len(hits) > limit:
            return heapq.nsmallest(limit, hits, key=_newest_first)
        hits.sort(key=_newest_first)
        return hits


def search(
    opportunities: Iterable[Opportunity],
    query: str,
    profile: Profile | None = None,
    sources: Iterable[tuple[str, Source]] = SOURCES,
) -> list[Hit]:
    """Every text of `opportunities` that matches `query`, newest first."""
    return Corpus(opportunities, profile, sources).find(query)


def _newest_first(hit: Hit) -> tuple[bool, float, str]:
    at = hit.at
    if at is None:
        return (True, 0.0, hit.slug)
    moment = at if isinstance(at, datetime) else datetime(at.year, at.month, at.day)
    return (False, -moment.timestamp(), hit.slug)


def excerpt(text: str, query: str, width: int = 100) -> str:
    """One line of `text` around the first word of `query` it holds, at most `width` long."""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    words = terms(query)
    folded = fold(line)
    start = min((folded.find(w) for w in words if w in folded), default=0)
    # NFKD can lengthen a text (ligatures): the position is a close guess, not exact.
    begin = max(0, min(start - width // 3, len(line) - width))
    piece = line[begin : begin + width - 2]
    return ("…" if begin else "") + piece + ("…" if begin + width - 2 < len(line) else "")
