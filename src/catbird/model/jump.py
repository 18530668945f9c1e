"""Finding an opportunity by a few letters of its company, role, tags or people: the rule
behind the command palette's "jump anywhere".

Plain Python over the card summaries (no file is read). `Jumps` folds the cards' words once
into one text per kind of word (companies, people, roles and tags), a line per card, so that
each query is a handful of regular-expression scans run in C, not a loop over 10,000 cards.

A card is ranked by how each word of the query is found in it, best first: at the start of
the company; at the start of a word of the company; at the start of a person's name; at the
start of a word of the role or a tag; inside the company; inside any other; its letters in
order in the company (`nwl` finds Northwind Labs); its letters in order in any other. On a
tie, active stages come before closed ones, then companies in alphabetical order.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from catbird.model.search import fold
from catbird.model.summary import CardSummary

FIELDS = ("company", "contact", "role", "tag")
_SEPARATOR = "\x1f"
"""Between two people, or two tags, of one card: a match never runs across it."""
_LINE, _WORD = "\x01", "\x02"
"""Marks written before each line and each word of the folded texts, so that "at the start
of a word" is a plain substring search (`\x02nor`), which runs fast: a pattern that
begins with a look-behind is tried at every character, 25 ms a field at 10,000 cards."""


@dataclass(frozen=True, slots=True)
class Jump:
    """One card that matched, with its score (higher is better) and what matched best."""

    score: float
    card: CardSummary
    field: str
    """Which of the card's words matched the query best: "company", "contact", "role", "tag"."""
    value: str
    """That field's text, as the card has it (one tag's or one person's name)."""


# The tiers, best first: (field, how). "start": at the start of the field; "word": at the
# start of a word in it; "inside": anywhere in it; "letters": its letters in order.
_TIERS = (
    ("company", "start"),
    ("company", "word"),
    ("contact", "word"),
    ("role", "word"),
    ("tag", "word"),
    ("company", "inside"),
    ("contact", "inside"),
    ("role", "inside"),
    ("tag", "inside"),
    ("company", "letters"),
    ("contact", "letters"),
    ("role", "letters"),
    ("tag", "letters"),
)


class _Lines:
    """One text holding a line per card (already folded and marked), and where each line
    starts."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.rows = text.split("\n")
        self.starts: list[int] = []
        at = 0
        for row in self.rows:
            self.starts.append(at)
            at += len(row) + 1

    def cards(self, pattern: re.Pattern[str]) -> Iterable[int]:
        """The index of every card whose line matches (each once: the pattern runs on to
        the end of the line, so a second match cannot start on it)."""
        starts = self.starts
        for match in pattern.finditer(self.text):
            yield bisect_right(starts, match.start()) - 1


class Jumps:
    """The cards made ready to be found: each kind of word folded and marked as one text,
    a whole column at a time (a card at a time would cost ten times more at 10,000)."""

    def __init__(self, cards: Iterable[CardSummary]) -> None:
        self.cards = list(cards)
        sep = _SEPARATOR
        columns = {
            "company": [card.company for card in self.cards],
            "contact": [sep.join(card.contacts) for card in self.cards],
            "role": [card.role for card in self.cards],
            "tag": [sep.join(card.tags) for card in self.cards],
        }
        self._lines = {field: _Lines(_marked(column)) for field, column in columns.items()}

    def __len__(self) -> int:
        return len(self.cards)

    def find(self, query: str, limit: int = 30) -> list[Jump]:
        """The best `limit` cards for `query`, best first."""
        words = [word for word in fold(query).split() if word]
        if not words:
            return []
        # One word: the tiers are looked at best first, and no further than needed.
        found = self._tiers(words[0], limit) if len(words) == 1 else self._all_words(words)
        best = heapq.nsmallest(limit, found.items(), key=self._order)
        return [self._jump(index, tiers, words) for index, tiers in best]

    def _tiers(self, word: str, limit: int | None) -> dict[int, tuple[int, ...]]:
        """Card index → the best tier `word` reaches in it. With a `limit`, tiers stop being
        looked at once that many cards are found in better ones (they would not be shown)."""
        found: dict[int, tuple[int, ...]] = {}
        for tier, (field, how) in enumerate(_TIERS):
            if limit is not None and len(found) >= limit:
                break
            for index in self._lines[field].cards(_pattern(word, how)):
                found.setdefault(index, (tier,))
        return found

    def _all_words(self, words: list[str]) -> dict[int, tuple[int, ...]]:
        """Cards where every word is found: card index → each word's best tier. The rarest
        word is looked for across the cards; the others only in the cards it found."""
        everywhere = [sum(lines.text.count(w) for lines in self._lines.values()) for w in words]
        first = min(range(len(words)), key=lambda n: everywhere[n])
        found = {index: [tier] for index, (tier,) in self._tiers(words[first], None).items()}
        for n, word in enumerate(words):
            if n == first:
                continue
            for index in list(found):
                tier = self._tier_in(word, index)
                if tier is None:
                    del found[index]
                else:
                    found[index].append(tier)
        return {index: tuple(tiers) for index, tiers in found.items()}

    def _tier_in(self, word: str, index: int) -> int | None:
        """The best tier `word` reaches in one card, or None."""
        for tier, (field, how) in enumerate(_TIERS):
            if _pattern(word, how).search(self._lines[field].rows[index]):
                return tier
        return None

    def _order(self, item: tuple[int, tuple[int, ...]]) -> tuple[int, bool, str, str]:
        index, tiers = item
        card = self.cards[index]
        return (sum(tiers), card.stage.is_closed, card.company.casefold(), card.slug)

    def _jump(self, index: int, tiers: tuple[int, ...], words: list[str]) -> Jump:
        card = self.cards[index]
        best = min(range(len(tiers)), key=lambda n: tiers[n])
        field, how = _TIERS[tiers[best]]
        value = card.company
        if field == "role":
            value = card.role
        elif field in ("tag", "contact"):
            names = card.tags if field == "tag" else card.contacts
            pattern = _pattern(words[best], how)
            value = next((n for n in names if pattern.search(_marked([n]))), names[0])
        score = 1.0 - sum(tiers) / (len(tiers) * len(_TIERS))
        return Jump(score, card, field, value)


def _marked(column: list[str]) -> str:
    """The lines of `column` folded, joined, each line and each word led by its mark."""
    if _needs_marks(column):
        marks = str.maketrans({_LINE: " ", _WORD: " ", "\n": " ", "\t": " "})
        column = [line.translate(marks) for line in column]
    text = "\n".join(column)
    if text.isascii():
        text = text.lower()
    else:  # accents taken off line by line, the plain lines at C speed
        text = "\n".join(
            line.lower() if line.isascii() else fold(line) for line in text.split("\n")
        )
    text = text.replace(" ", " " + _WORD).replace(_SEPARATOR, _SEPARATOR + _WORD)
    return _LINE + _WORD + text.replace("\n", "\n" + _LINE + _WORD)


def _needs_marks(column: list[str]) -> bool:
    """Whether a text holds one of the characters the marks are made of (never, from a
    card: the model cleans control characters away; but a mark in it would misplace all)."""
    joined = "".join(column)
    return any(c in joined for c in (_LINE, _WORD, "\n", "\t"))


def _pattern(word: str, how: str) -> re.Pattern[str]:
    return _compiled(word, how)


_cache: dict[tuple[str, str], re.Pattern[str]] = {}


def _compiled(word: str, how: str) -> re.Pattern[str]:
    key = (word, how)
    pattern = _cache.get(key)
    if pattern is None:
        if len(_cache) > 256:
            _cache.clear()
        rest = r"[^\n]*"  # on to the end of the line: one match per card
        if how == "start":
            source = re.escape(_LINE + _WORD + word) + rest
        elif how == "word":
            source = re.escape(_WORD + word) + rest
        elif how == "inside":
            source = re.escape(word) + rest
        else:  # its letters in order, within one name (never across the separator)
            gap = r"[^\n\x1f]*?"
            source = gap.join(map(re.escape, word)) + rest
        pattern = _cache[key] = re.compile(source)
    return pattern
