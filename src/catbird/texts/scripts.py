"""The scripts Catbird drafts. The user's own phrasing (profile.toml [phrasing]) wins; these
are our defaults. Only the names below are filled in (texts/fill.py), so a brace a user typed
stays as typed.

    {name} (the person you are talking to)  {company}  {role}
"""

from __future__ import annotations

from catbird.texts.fill import fill

EXIT_SCRIPT = """\
Thank you — I have really valued this conversation, and I have learned a lot about how \
{company} works. Hearing it, I am now fairly sure this role is not the right fit for me, \
and I would rather say so now than take more of your time. I would be glad to stay in \
touch, and if a role closer to what I do best opens up, I would love to hear about it."""

FOR_REAL_NO_ONLY = (
    "Only for a real no: this is not a bluff or a negotiating move. "
    "If you are not sure yet, dismiss this and keep listening."
)


def exit_script(own: str, *, company: str, role: str = "", name: str = "") -> str:
    """The polite walk-away script: the user's own words if they wrote some, else ours."""
    values = {"company": company, "role": role or "this role", "name": name or "there"}
    return fill(own.strip() or EXIT_SCRIPT, values)
