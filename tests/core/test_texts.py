"""Our own words: the one fill rule every text uses, and the texts built on it."""

from __future__ import annotations

from catbird.model import Contact, Opportunity, Phrasing, Profile
from catbird.texts.fill import fill, unknown_placeholders
from catbird.texts.offer_texts import decline_note, unfilled_placeholders
from catbird.texts.scripts import exit_script


def test_known_placeholders_are_filled_whatever_their_case() -> None:
    values = {"name": "Priya", "company": "Acme"}
    assert fill("Hi {name}, thanks from {Company}.", values) == "Hi Priya, thanks from Acme."


def test_an_unknown_placeholder_stays_as_typed() -> None:
    assert fill("Hi {nickname}, thanks.", {}) == "Hi {nickname}, thanks."
    assert fill("Hi {name} {Nickname}!", {"name": "Sam"}) == "Hi Sam {Nickname}!"
    # Braces that are no placeholder at all are left alone too.
    assert fill("{} {0} {not a name} {{company}}", {"company": "X"}) == "{} {0} {not a name} {X}"
    assert unknown_placeholders("Hi {name} {nickname} {Company}", ["name", "company"]) == [
        "nickname"
    ]


def test_braces_in_a_value_are_never_filled_again() -> None:
    filled = fill("Hi {name}, about {company}.", {"name": "{company}", "company": "X"})
    assert filled == "Hi {company}, about X."


def test_the_exit_script_and_the_decline_note_follow_the_one_rule() -> None:
    """Both used to disagree: the exit script kept an unknown `{x}`, the decline note dropped
    it. Now both keep it as typed, and fill the names they know."""
    script = exit_script("Bye {name} at {company}, {role}. {mood}", company="{role} Inc", name="Jo")
    assert script == "Bye Jo at {role} Inc, this role. {mood}"

    o = Opportunity(company="Acme {me}", role="Engineer", contacts=[Contact(name="Ann")])
    own = Phrasing(decline_note="Dear {Name}, no to {company} ({role}) from {me}. {mood}")
    note = decline_note(o, Profile(name="Sam", phrasing=own), name="Priya")
    assert note == "Dear Priya, no to Acme {me} (Engineer) from Sam. {mood}\n"
    assert unfilled_placeholders(own.decline_note) == ["mood"]
