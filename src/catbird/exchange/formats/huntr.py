"""Huntr's board export: one row per job card, camelCase headers, `-` for an empty cell.

The list a card sits in (`listName`: Wishlist, Applied, Interview, Offer, Rejected) is its
stage; the per-list dates are its stage history; a `deadline` is the posting's application
deadline, not a follow-up.
"""

from catbird.exchange.formats.format import Format, headers, signature, statuses
from catbird.model import Stage

FORMAT = Format(
    name="huntr",
    label="a Huntr export",
    signature=signature("companyName", "listName", "createdAt"),
    columns=headers(
        {
            "id": "id",
            "title": "role",
            "companyName": "company",
            "listName": "stage",
            "boardName": "ignore",
            "url": "link",
            "location": "location",
            "salary": "salary",
            "description": "posting",
            "notes": "notes",
            "createdAt": "created",
            "updatedAt": "ignore",
            "lastMovedAt": "stage_since",
            "appliedAt": "applied",
            "firstInterviewAt": "interview",
            "secondInterviewAt": "interview",
            "offerAt": "offer_on",
            "rejectedAt": "closed_on",
            "deadline": "deadline",
            "contactName": "contact",
            "contactEmail": "contact_email",
            "contactPhone": "contact_phone",
        }
    ),
    statuses=statuses(
        {
            "Wishlist": Stage.LEAD,
            "Applied": Stage.APPLIED,
            "Interview": Stage.INTERVIEWING,
            "Offer": Stage.OFFER,
            "Rejected": Stage.REJECTED,
        }
    ),
    date_order="mdy",
    identity=("id",),
)
