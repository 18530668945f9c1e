"""Simplify's job tracker export. It writes `N/A` for a date it does not have and an
`Archived` column of TRUE/FALSE (only a TRUE says anything: it becomes the tag `archived`).
"""

from catbird.exchange.formats.format import Format, headers, signature, statuses
from catbird.model import Stage

FORMAT = Format(
    name="simplify",
    label="a Simplify export",
    signature=signature("Company", "Job Title", "Status", "Archived", "Date Saved"),
    columns=headers(
        {
            "Company": "company",
            "Job Title": "role",
            "Status": "stage",
            "Location": "location",
            "Salary": "salary",
            "Date Saved": "created",
            "Date Applied": "applied",
            "Last Updated": "ignore",
            "Job URL": "link",
            "Notes": "notes",
            "Archived": "tag",
        }
    ),
    statuses=statuses(
        {
            "Saved": Stage.LEAD,
            "Applied": Stage.APPLIED,
            "Screen": Stage.SCREENING,
            "Interviewing": Stage.INTERVIEWING,
            "Offer": Stage.OFFER,
            "Rejected": Stage.REJECTED,
        }
    ),
    date_order="mdy",
    tags={"archived": "archived"},
)
