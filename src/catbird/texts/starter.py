"""A suggested starting homework for a new profile, in our own words.

Criteria with the questions that find them out and the signals that give them away, and the
tally's flag presets, each red flag that is evidence of a dealbreaker linked to it. Being kept
waiting and a call put on hold are not linked: one late start should weigh in the tally, not
end the interview by itself. The user edits all of it afterwards (`p` on the board).
"""

from __future__ import annotations

from typing import Any

from catbird.model.profile import Profile

# (id, text, weight, questions, signals). Ids are fixed so that the flags can name their
# dealbreakers, and so that taking the suggestions twice never adds the same item twice.
_Row = tuple[str, str, int, tuple[str, ...], tuple[str, ...]]

MUST_HAVES: tuple[_Row, ...] = (
    (
        "mhtrust",
        "A manager who trusts me with real decisions",
        5,
        (
            "How do you decide who owns a piece of work, and what happens when you disagree?",
            "When did someone on the team last change your mind?",
        ),
        ("Credits people by name and talks about the team as “we”",),
    ),
    (
        "mhstretch",
        "Work that keeps stretching me",
        4,
        (
            "What would I work on in my first three months, and what after that?",
            "What is the hardest problem the team has not cracked yet?",
        ),
        ("Describes different, concrete problems, not one long backlog",),
    ),
    (
        "mhplace",
        "Office days and hours that suit my life",
        4,
        (
            "How many days a week is the team in the office, and who decides that?",
            "How often do calls fall outside working hours?",
        ),
        ("Interviews booked at odd hours, or late replies sent at midnight",),
    ),
    (
        "mhblameless",
        "A team that learns from mistakes without looking for someone to blame",
        3,
        ("Walk me through the last thing that went wrong, and what changed after it.",),
        ("Failures told as stories about the system, not about a person",),
    ),
    (
        "mhpay",
        "Pay that clears my walk-away number",
        4,
        ("What range is budgeted for this role?", "How are raises and bonuses decided?"),
        ("Gives a range early without being pushed",),
    ),
)

DEALBREAKERS: tuple[_Row, ...] = (
    (
        "dbboss",
        "A future boss who belittles people",
        5,
        (
            "How do you give feedback to someone who got something wrong?",
            "Could I talk to someone who reports to you today?",
        ),
        ("Interrupts, corrects with a sneer, or jokes at someone else’s expense",),
    ),
    (
        "dbcutthroat",
        "A cut-throat culture where colleagues compete against each other",
        5,
        (
            "Are reviews ranked on a curve, or is each person measured on their own?",
            "How does shared work get credited?",
        ),
        ("Stories of winners and losers inside the same team",),
    ),
    (
        "dbtravel",
        "More travel than I can take",
        4,
        ("How many days a month would I be away from home?",),
        ("Travel mentioned in passing: “you would be on the road a bit”",),
    ),
    (
        "dbnumbers",
        "A role that is mostly numbers and spreadsheets",
        4,
        ("How much of a week goes into reports, forecasts or spreadsheets?",),
        ("Questions about Excel or forecasting the posting never hinted at",),
    ),
    (
        "dbrepeat",
        "Doing the same task over and over",
        3,
        ("What does a usual week look like, and how different is the next one?",),
        ("The job described as a queue of tickets of one kind",),
    ),
)

NICE_TO_HAVES: tuple[_Row, ...] = (
    (
        "nhlearn",
        "Time and money to keep learning",
        2,
        ("What did someone on the team learn last year, and how did the company help?",),
        (),
    ),
    (
        "nhproud",
        "A product I am glad to explain to friends",
        2,
        ("Who uses what you make, and what changed for them last year?",),
        (),
    ),
)

FLEXIBLES: tuple[_Row, ...] = (
    (
        "fxtitle",
        "Job title, if the scope is right",
        2,
        ("How are levels and titles decided, and can they change after I join?",),
        (),
    ),
    (
        "fxmix",
        "The mix of cash and equity",
        2,
        ("How is equity granted, and how does it vest?",),
        (),
    ),
    ("fxstart", "Start date", 1, ("When would you need me to start?",), ()),
)

# (id, key, label, kind, severity, dealbreaker id or None)
FLAGS: tuple[tuple[str, str, str, str, int, str | None], ...] = (
    ("flwait", "1", "Kept waiting", "red", 1, None),
    ("flhold", "2", "Call put on hold again and again", "red", 1, None),
    ("flboss", "3", "Future boss talks down to people", "red", 3, "dbboss"),
    ("fltravel", "4", "Travel the posting never mentioned", "red", 2, "dbtravel"),
    ("flnumbers", "5", "Numbers-heavy work the posting never mentioned", "red", 2, "dbnumbers"),
    ("flrepeat", "6", "The work sounds repetitive", "red", 2, "dbrepeat"),
    ("flcutthroat", "7", "Colleagues played off against each other", "red", 3, "dbcutthroat"),
    ("flvague", "8", "Vague about scope, team or budget", "red", 1, None),
    ("fllistens", "!", "Asks, then really listens", "green", 2, None),
    ("flscope", "@", "Clear about what I would own", "green", 2, None),
    ("flhonest", "#", "Honest about what is hard", "green", 2, None),
)


def _criteria(rows: tuple[_Row, ...]) -> list[dict[str, Any]]:
    return [
        {"id": i, "text": t, "weight": w, "questions": list(q), "signals": list(s)}
        for i, t, w, q, s in rows
    ]


def suggested_profile() -> Profile:
    """The suggested homework as a profile: criteria, their questions and the flag pad."""
    return Profile.model_validate(
        {
            "must_haves": _criteria(MUST_HAVES),
            "dealbreakers": _criteria(DEALBREAKERS),
            "nice_to_haves": _criteria(NICE_TO_HAVES),
            "flexibles": _criteria(FLEXIBLES),
            "flags": [
                {"id": i, "key": k, "label": label, "kind": kind, "severity": sev}
                | ({"dealbreaker": deal} if deal else {})
                for i, k, label, kind, sev, deal in FLAGS
            ],
        }
    )
