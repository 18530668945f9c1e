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


def keep_in_touch(company: str) -> str:
    return f"Keep in touch with the people at {company}: a short note now and then"


def decline(company: str) -> str:
    return f"Send {company} your decline note"


def withdraw(company: str) -> str:
    return f"Tell {company} you are stepping out of the process, with thanks"


def door_open(company: str) -> str:
    return f"Send {company} a short thank-you that leaves the door open"


def landed(people: list[str], company_there: str, company_here: str) -> str:
    if len(people) > 3:
        names = ", ".join(people[:3]) + f" and {len(people) - 3} more"
    elif len(people) > 1:
        names = ", ".join(people[:-1]) + " and " + people[-1]
    else:
        names = "".join(people)
    return f"Tell {names} ({company_there}) you landed at {company_here}"


def nudge(company: str) -> str:
    return f"Check in with {company}: no news for a while"


def quiet(company: str, days: int) -> str:
    return f"No news from {company} for {days} days: time to check in"


def ghosted(company: str, days: int) -> str:
    return f"No news from {company} for {days} days: close it as ghosted?"
