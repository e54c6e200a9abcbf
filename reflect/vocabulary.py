"""Fixed choices that describe a clinical session (stored as keys, shown as labels)."""

from __future__ import annotations

SETTINGS: dict[str, str] = {
    "outpatient": "Outpatient clinic",
    "inpatient": "Inpatient ward",
    "community": "Community / home visit",
    "crisis": "Crisis",
    "other": "Other",
}

CONTACT_TYPES: dict[str, str] = {
    "assessment": "Assessment",
    "review": "Review",
    "care-planning": "Care planning",
    "medication-review": "Medication review",
    "crisis": "Crisis",
    "discharge-transfer": "Discharge / transfer",
    "group": "Group",
    "other": "Other",
}

MODALITIES: dict[str, str] = {
    "in-person": "In person",
    "video": "Video",
    "phone": "Phone",
}

STATUS_DRAFT = "draft"
STATUS_COMPLETE = "complete"


def label(choices: dict[str, str], key: str) -> str:
    """Label for a stored key; an unknown key (from a newer version) is shown as is."""
    return choices.get(key, key)
