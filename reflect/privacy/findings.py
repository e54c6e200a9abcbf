"""What the scanner reports: the kinds of identifier, their labels, and one finding.

Kept apart from the detectors so callers that only show findings (masking, redaction,
the UI) need none of the regular expressions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

KIND_NHS = "nhs_number"
KIND_CHI = "chi_number"
KIND_POSTCODE = "postcode"
KIND_DOB = "date_of_birth"
KIND_PHONE = "phone_number"
KIND_EMAIL = "email_address"
KIND_NAME = "name"
KIND_RECORD = "record_number"
KIND_TITLED_NAME = "titled_name"
KIND_RELATIVE_NAME = "relative_name"
KIND_HOSPITAL_NUMBER = "hospital_number"
KIND_ADDRESS = "street_address"
KIND_WARD = "ward_name"
KIND_HOSPITAL = "hospital_name"

KIND_LABELS: dict[str, str] = {
    KIND_NHS: "NHS number",
    KIND_CHI: "CHI number",
    KIND_POSTCODE: "Postcode",
    KIND_DOB: "Date of birth",
    KIND_PHONE: "Phone number",
    KIND_EMAIL: "E-mail address",
    KIND_NAME: "Name",
    KIND_RECORD: "Record number",
    KIND_TITLED_NAME: "Name with a title",
    KIND_RELATIVE_NAME: "Relative's name",
    KIND_HOSPITAL_NUMBER: "Hospital number",
    KIND_ADDRESS: "Street address",
    KIND_WARD: "Ward name",
    KIND_HOSPITAL: "Hospital name",
}

# When two findings cover the same span, the more specific kind is reported
# (a CHI number is also a plausible phone number, for example).
_SPECIFICITY: dict[str, int] = {
    kind: rank
    for rank, kind in enumerate(
        (
            KIND_EMAIL, KIND_CHI, KIND_NHS, KIND_RECORD, KIND_HOSPITAL_NUMBER, KIND_DOB, KIND_POSTCODE,
            KIND_PHONE, KIND_ADDRESS, KIND_HOSPITAL, KIND_WARD, KIND_NAME, KIND_TITLED_NAME, KIND_RELATIVE_NAME,
        )
    )
}


@dataclass(frozen=True)
class Finding:
    """One suspected identifier: `text` is `source[start:end]`."""

    kind: str
    start: int
    end: int
    text: str
    label: str = ""

    def __post_init__(self) -> None:
        # Custom record patterns carry the user's label; built-in kinds use theirs.
        if not self.label:
            object.__setattr__(self, "label", KIND_LABELS.get(self.kind, self.kind))


def resolve_overlaps(candidates: Iterable[Finding]) -> list[Finding]:
    """Drop findings that lie inside another; equal spans keep the most specific kind.

    Findings that only partly overlap are both kept, so redaction still covers
    every character either of them found.
    """
    ordered = sorted(candidates, key=lambda f: (f.start, -f.end, _SPECIFICITY.get(f.kind, len(_SPECIFICITY))))
    kept: list[Finding] = []
    reach = -1  # furthest end so far: a finding ending before it lies inside an earlier one
    for finding in ordered:
        if finding.end > reach:
            kept.append(finding)
            reach = finding.end
    return kept
