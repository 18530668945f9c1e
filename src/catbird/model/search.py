"""Search across everything the user wrote down: notes, flags, answers, promises, contacts,
debriefs, follow-ups, stage notes and closing reasons.

Plain Python over the models: `catbird search` and the TUI's search screen both call
`search`. What is searched is a list of sources (`SOURCES`), each a name and a function
giving the texts of one opportunity with their dates (`Written`, which needs no profile, so
the search cache of `catbird.store.search_cache` keeps them until the file changes): a new
kind of text (letters, say) is one more function and one more entry.

A query matches a text when every word of it appears in the text, case and accents of
letters aside (`on-call` finds "On-call rota", `rota call` finds it too).
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from catbird.model.opportunity import Opportunity
    from catbird.model.profile import Profile


class Written(NamedTuple):
    """One searchable text of an opportunity, as a source gives it (and the search cache
    keeps it): it needs no profile, so it stays true until the file changes. (A named
    tuple: thousands are made for a search, and a frozen dataclass takes twice as long.)"""

    kind: str
    """Which source: "note", "flag", "answer", "promise", "contact", …"""
    at: datetime | date | None
    where: str
    """A few words on where the text is ("round 2 debrief", "Priya Raman")."""
    text: str
    criterion: str = ""
    """An answer's criterion (its id): the criterion's text in the profile leads `where`,
    and stands for `text` when no words were quoted."""

    def hit(self, slug: str, company: str, profile: Profile | None) -> Hit:
        """The text as searched and shown, with the criterion named as the profile has it."""
        if not self.criterion:
            return Hit(slug, company, self.kind, self.at, self.where, self.text)
        found = profile.criterion(self.criterion) if profile else None
        name = found[1].text if found else self.criterion
        return Hit(slug, company, self.kind, self.at, f"{name}: {self.where}", self.text or name)


Source = Callable[["Opportunity"], Iterator[Written]]


class Hit(NamedTuple):
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


def _notes(o: Opportunity) -> Iterator[Written]:
    for note in o.notes:
        yield Written("note", note.at, "", note.text)
    for interview in o.interviews:
        for note in interview.notes:
            yield Written("note", note.at, f"round {interview.round}", note.text)


def _flags(o: Opportunity) -> Iterator[Written]:
    for interview in o.interviews:
        for flag in interview.flags:
            who = o.who(flag.by)
            text = f"{flag.label} — {flag.note}" if flag.note else flag.label
            where = f"{flag.kind}, round {interview.round}" + (f", {who}" if who else "")
            yield Written("flag", flag.at, where, text)


def _answers(o: Opportunity) -> Iterator[Written]:
    for finding in o.findings:
        who = o.who(finding.by)
        where = finding.answer + (f", {who}" if who else "")
        yield Written("answer", finding.at, where, finding.quote, finding.criterion)


def _promises(o: Opportunity) -> Iterator[Written]:
    for claim in o.claims:
        who = o.who(claim.by)
        yield Written("promise", claim.at, claim.topic + (f", {who}" if who else ""), claim.text)


def _contacts(o: Opportunity) -> Iterator[Written]:
    for contact in o.contacts:
        parts = [contact.name, contact.role, contact.email, contact.phone, contact.notes]
        yield Written("contact", None, contact.name, " · ".join(p for p in parts if p))


def _debriefs(o: Opportunity) -> Iterator[Written]:
    for interview in o.interviews:
        if interview.debrief is not None and interview.debrief.summary:
            debrief = interview.debrief
            yield Written("debrief", debrief.at, f"round {interview.round}", debrief.summary)


def _follow_ups(o: Opportunity) -> Iterator[Written]:
    for follow_up in o.follow_ups:
        text = f"{follow_up.title} — {follow_up.note}" if follow_up.note else follow_up.title
        yield Written("follow-up", follow_up.due, "done" if follow_up.is_done else "to do", text)


def _stage_notes(o: Opportunity) -> Iterator[Written]:
    for change in o.stage_history:
        if change.note:
            yield Written("stage", change.at, f"moved to {change.stage.value}", change.note)
    if o.closing is not None and o.closing.reason:
        where = f"closed as {o.closing.stage.value}"
        yield Written("stage", o.closing.at, where, o.closing.reason)


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


def written(o: Opportunity, sources: Iterable[tuple[str, Source]] = SOURCES) -> list[Written]:
    """Every searchable text of `o`, source by source."""
    return [text for _, source in sources for text in source(o)]


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


SEPARATOR = "\x1f"
"""Between the texts of a blob: a unit separator, which no folded text holds (folding
turns every run of white space, this among it, into one space)."""


def folded(text: Written, profile: Profile | None) -> str:
    """A text as a query compares it: where and what, folded, on one line."""
    hit = text.hit("", "", profile)
    return " ".join(fold(f"{hit.where} {hit.text}" if hit.where else hit.text).split())


def blob_of(texts: Iterable[Written], profile: Profile | None) -> str:
    """Every text of one opportunity folded (`folded`), in order, in one string: a query
    whose words are not all in it matches none of its texts, so most opportunities are
    passed over with a few scans of one string, and of the others only the texts that
    match are made into hits."""
    return SEPARATOR.join(folded(text, profile) for text in texts)


class _Held:
    """One opportunity's texts in a corpus: their blob, and the texts themselves, parsed
    when a query first matches some of them (the search cache hands them over so)."""

    __slots__ = ("_load", "_texts", "blob", "company", "slug")

    def __init__(
        self,
        slug: str,
        company: str,
        blob: str,
        texts: Callable[[], list[Written]] | list[Written],
    ) -> None:
        self.slug, self.company, self.blob = slug, company, blob
        self._load = texts
        self._texts: list[Written] | None = texts if isinstance(texts, list) else None

    def texts(self) -> list[Written]:
        if self._texts is None:
            assert callable(self._load)
            self._texts = self._load()
        return self._texts


class Corpus:
    """Every searchable text of some opportunities, folded once, so that each query is a
    scan of plain strings (the TUI's search screen keeps one and asks it at every key).
    An opportunity changed elsewhere is replaced alone (`put`, `drop`). The search cache
    hands texts over with their blob (`put_blob`), to be parsed only when a query needs
    them."""

    def __init__(
        self,
        opportunities: Iterable[Opportunity] = (),
        profile: Profile | None = None,
        sources: Iterable[tuple[str, Source]] = SOURCES,
    ) -> None:
        self.profile = profile
        self.sources = list(sources)
        self._texts: dict[str, _Held] = {}
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
        o = opportunity
        self.put_written(o.slug, o.company, written(o, self.sources))

    def put_written(self, slug: str, company: str, texts: Iterable[Written]) -> None:
        """Add (or replace) the texts of the opportunity `slug`, as `written` gave them."""
        texts = list(texts)
        self._texts[slug] = _Held(slug, company, blob_of(texts, self.profile), texts)

    def put_blob(
        self, slug: str, company: str, blob: str, texts: Callable[[], list[Written]]
    ) -> None:
        """Add (or replace) the texts of `slug` by their `blob_of` (made with this corpus's
        profile) and a function giving the texts, called when a query first matches."""
        self._texts[slug] = _Held(slug, company, blob, texts)

    def drop(self, slug: str) -> None:
        self._texts.pop(slug, None)

    def find(self, query: str, limit: int | None = None) -> list[Hit]:
        """Every text that matches `query`, newest first (undated ones, contacts, last)."""
        words = terms(query)
        if not words:
            return []
        hits: list[Hit] = []
        for held in self._texts.values():
            blob = held.blob
            if not all(word in blob for word in words):
                continue
            matched = [
                n
                for n, text in enumerate(blob.split(SEPARATOR))
                if all(word in text for word in words)
            ]
            if matched:
                texts = held.texts()
                hits.extend(
                    texts[n].hit(held.slug, held.company, self.profile)
                    for n in matched
                    if n < len(texts)
                )
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
