"""The one fill rule for every text Catbird drafts from a template (the exit script, the
decline note, and whatever the user writes in their own phrasing).

- `{name}`-style placeholders are filled in one pass, so a value that itself contains braces
  (a company called "{company}") is put in as typed, never read as a placeholder again.
- Names match whatever their case: `{Company}` is `{company}`.
- An unknown placeholder stays exactly as typed. Dropping it would change the user's words
  behind their back; left in place it is easy to spot and fix (`unknown_placeholders` lets a
  screen say so), and a brace that was never meant as a placeholder survives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(template: str, values: Mapping[str, str]) -> str:
    """`template` with each known `{name}` replaced by `values[name]` (keys in lower case)."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1).lower(), m.group(0)), template)


def unknown_placeholders(template: str, known: Iterable[str]) -> list[str]:
    """The placeholders in `template` that `fill` would leave as typed, sorted."""
    names = {name.lower() for name in known}
    return sorted(
        {m.group(1) for m in PLACEHOLDER.finditer(template) if m.group(1).lower() not in names}
    )
