"""JobSync's jobs export. `applied` is Yes/No (the date is `appliedDate`), the role is
`JobTitle`, `dueDate` is the application's deadline (not a follow-up), and its statuses
include Draft, Expired and Archived besides the usual steps.
"""

from catbird.exchange.formats.format import Format, headers, signature, statuses
from catbird.model import Stage

FORMAT = Format(
    name="jobsync",
    label="a JobSync export",
    signature=signature("JobTitle", "Company", "Status", "applied"),
    columns=headers(
        {
            "id": "id",
            "JobTitle": "role",
            "Company": "company",
            "Location": "location",
            "Status": "stage",
            "Source": "source",
            "applied": "applied_flag",
            "appliedDate": "applied",
            "dueDate": "deadline",
            "createdAt": "created",
            "jobType": "note",
            "salaryRange": "salary",
            "jobUrl": "link",
            "description": "posting",
        }
    ),
    statuses=statuses(
        {
            "Draft": Stage.LEAD,
            "Bookmarked": Stage.LEAD,
            "Applied": Stage.APPLIED,
            "Interview": Stage.INTERVIEWING,
            "Offer": Stage.OFFER,
            "Rejected": Stage.REJECTED,
            "Expired": Stage.GHOSTED,
            "Archived": Stage.DECLINED,
        }
    ),
    date_order="mdy",
    identity=("id",),
)
