"""What a tracker's status words mean as our stages, in the languages people keep them in.

Our own small table: English (with the emoji trackers put in front, `🔄 On Hold`), German,
French, Spanish and Dutch words for the usual steps of a search. A status is matched as a
whole first, then by the phrases it contains (a closed outcome before an open step, the longer
phrase before a shorter one inside it), so "Rejected after interview" is rejected and "Not
applied yet" is a lead. `--map-status TEXT=STAGE` says what the table does not know.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from catbird.model import Stage

# Each stage's words, closed outcomes first: that order settles a status naming two stages.
STATUS_WORDS: dict[Stage, tuple[str, ...]] = {
    Stage.ACCEPTED: (
        "accepted",
        "offer accepted",
        "hired",
        "signed",
        "joined",
        "starting",
        # de fr es nl
        "angenommen",
        "vertrag unterschrieben",
        "accepte",
        "offre acceptee",
        "aceptado",
        "aceptada",
        "contratado",
        "aangenomen",
    ),
    Stage.DECLINED: (
        "declined",
        "offer declined",
        "i declined",
        "turned down",
        "not interested",
        "passed",
        "archived",
        "abgelehnt von mir",
    ),
    Stage.WITHDRAWN: (
        "withdrew",
        "withdrawn",
        "i withdrew",
        "zuruckgezogen",
        "desiste",
        "retire",
        "retiree",
        "retirado",
        "retirada",
        "teruggetrokken",
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
        "absage",
        "abgelehnt",
        "refuse",
        "refusee",
        "refus",
        "candidature refusee",
        "rechazado",
        "rechazada",
        "no seleccionado",
        "afgewezen",
        "afwijzing",
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
        "keine antwort",
        "keine ruckmeldung",
        "pas de reponse",
        "sans reponse",
        "sin respuesta",
        "geen reactie",
        "geen antwoord",
    ),
    Stage.OFFER: (
        "offer",
        "offered",
        "offer received",
        "got offer",
        "negotiating",
        "negotiation",
        "angebot",
        "vertragsangebot",
        "zusage",
        "offre",
        "oferta",
        "aanbod",
        "contractaanbod",
    ),
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
        "vorstellungsgesprach",
        "bewerbungsgesprach",
        "gesprach",
        "entretien",
        "entrevista",
        "sollicitatiegesprek",
        "gesprek",
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
        "telefoninterview",
        "erstgesprach",
        "entretien telephonique",
        "entrevista telefonica",
        "telefonisch gesprek",
        "kennismakingsgesprek",
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
        "on hold",
        "beworben",
        "bewerbung gesendet",
        "bewerbung verschickt",
        "in bearbeitung",
        "postule",
        "candidature envoyee",
        "aplicado",
        "postulado",
        "solicitud enviada",
        "gesolliciteerd",
        "sollicitatie verstuurd",
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
        "draft",
        "merkliste",
        "interessant",
        "a postuler",
        "por aplicar",
        "guardado",
        "te solliciteren",
    ),
}

PLAIN: frozenset[str] = frozenset(
    {
        "applied",
        "screening",
        "screen",
        "phone screen",
        "interview",
        "interviewing",
        "offer",
        "accepted",
        "declined",
        "rejected",
        "ghosted",
        "no response",
        "lead",
        "wishlist",
        "saved",
        "bookmarked",
        "draft",
        "beworben",
        "absage",
        "angebot",
        "vorstellungsgesprach",
        "postule",
        "entretien",
        "offre",
        "refuse",
        "aplicado",
        "entrevista",
        "oferta",
        "rechazado",
        "gesolliciteerd",
        "gesprek",
        "aanbod",
        "afgewezen",
    }
)
"""Statuses that say no more than their stage: the others are kept in a note as written."""


@lru_cache(maxsize=8192)  # a file repeats its statuses and headers row after row
def normal(text: str) -> str:
    """A status or header as plain words: lower case, accents and emoji dropped, `(…)` dropped,
    camelCase and snake_case split. The table above is written in these words (so
    "Vorstellungsgespräch" is `vorstellungsgesprach`)."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", text)
    text = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ß", "ss")
    text = re.sub(r"\(.*?\)", " ", text)
    return " ".join(re.findall(r"[^\W_]+", text))


def contains(haystack: str, needle: str) -> tuple[int, int] | None:
    """Where `needle` sits in `haystack` as whole words."""
    match = re.search(rf"(?:^|\s){re.escape(needle)}(?:\s|$)", haystack)
    if match is None:
        return None
    start = match.start() + (1 if match.group().startswith(" ") else 0)
    return start, start + len(needle)


def parse_status(text: str, mapped: Mapping[str, Stage] | None = None) -> Stage | None:
    """Our stage for a tracker's status, or None if we cannot tell.

    `mapped` holds the user's own `--map-status` words (compared as `normal` text) and the
    exporting program's own list names; they win over the table.
    """
    words = normal(text)
    if not words:
        return None
    if mapped and words in mapped:
        return mapped[words]
    return _from_table(words)


@lru_cache(maxsize=4096)
def _from_table(words: str) -> Stage | None:
    try:
        return Stage.parse(words)
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
            span = contains(words, phrase)
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


def says_more(text: str, stage: Stage) -> bool:
    """Whether a status tells more than its stage (then it is kept, as written, in a note)."""
    words = normal(text)
    return bool(words) and words != stage.value.replace("-", " ") and words not in PLAIN


def parse_status_map(text: str) -> tuple[str, Stage]:
    """`TEXT=STAGE` from `--map-status` (the text may itself contain `=`)."""
    status, sep, name = text.rpartition("=")
    if not sep or not normal(status):
        raise ValueError(f"{text!r} is not STATUS=STAGE")
    return normal(status), Stage.parse(name)
