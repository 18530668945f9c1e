"""Titles of the follow-up tasks planned after an outcome (see `ops.follow_up_plan`)."""

from __future__ import annotations


def thanks(name: str, company: str) -> str:
    return f"Send {name} a short thank-you for their time at {company}"


def call(name: str) -> str:
    return f"Call {name}: you got on well, keep the conversation going"


def review(company: str) -> str:
    return f"Write down what went well and what to sharpen after {company}"


def network(company: str) -> str:
    return f"Connect with the people you met at {company}"


def help(company: str) -> str:
    return f"Offer the {company} team something useful: an intro, an article, a referral"


def check_in(company: str) -> str:
    return f"Check back in with {company}: new roles, how the team is doing"
