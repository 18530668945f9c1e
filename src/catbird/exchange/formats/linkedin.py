"""LinkedIn's data export, `Jobs/Job Applications.csv`: the applications sent through Easy
Apply. Every row is an application (stage applied), found on LinkedIn; dates are US style with
two-digit years and a time (`11/3/26, 2:22 PM`); the contact is an email and a phone, no name.
"""

from catbird.exchange.formats.format import Format, headers, signature
from catbird.model import Stage

FORMAT = Format(
    name="linkedin",
    label="LinkedIn's data export of job applications",
    signature=signature("Application Date", "Company Name", "Job Title", "Job Url"),
    columns=headers(
        {
            "Application Date": "applied",
            "Contact Email": "contact_email",
            "Contact Phone Number": "contact_phone",
            "Company Name": "company",
            "Job Title": "role",
            "Job Url": "link",
            "Resume Name": "note",
            "Question And Answers": "note",
        }
    ),
    date_order="mdy",
    stage_default=Stage.APPLIED,
    source="LinkedIn",
)
