"""A Notion job-tracker database exported as CSV (UTF-8 with a BOM). Statuses carry emoji
(`🔄 On Hold`), dates are written out (`November 4, 2026 2:30 PM`), checkboxes are Yes/No.
"Days Since Applied" is a formula (a number), the Referral checkbox is a tag, and the "Next
Action Date" is the next step's date, not the posting's Deadline.
"""

from catbird.exchange.formats.format import Format, headers, signature
from catbird.model import Stage

FORMAT = Format(
    name="notion",
    label="a Notion job-tracker export",
    signature=signature("Days Since Applied", "Next Action Date"),
    columns=headers(
        {
            "Company": "company",
            "Position": "role",
            "Role": "role",
            "Status": "stage",
            "Date Applied": "applied",
            "Days Since Applied": "ignore",
            "Next Action": "next_action",
            "Next Action Date": "due",
            "Deadline": "deadline",
            "Interview Date": "interview",
            "Referral": "tag",
            "Contact": "contact",
            "Contact Email": "contact_email",
            "Job Posting": "link",
            "URL": "link",
            "Salary Range": "salary",
            "Location": "location",
            "Notes": "notes",
            "Created time": "created",
            "Last edited time": "ignore",
        }
    ),
    date_order="mdy",
    stage_default=Stage.LEAD,
    tags={"referral": "referral"},
)
