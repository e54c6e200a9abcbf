"""The scan: every detector over a text, and `scan_fields`, the one check over a list of places.

Every caller (the checklist form, CPD, reports, CSV export, `reflect check-text`) hands in
(place, text) pairs. A list, not a dict keyed by place: two CPD entries titled
"Supervision" are two places to scan and to report, even with the same name.

Nothing here logs or stores the scanned text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from reflect.privacy.config import EMPTY_CONFIG, ScannerConfig
from reflect.privacy.dates import scan_dates_of_birth
from reflect.privacy.findings import Finding, resolve_overlaps
from reflect.privacy.numbers import scan_emails, scan_health_numbers, scan_phones
from reflect.privacy.people import (
    scan_listed_names,
    scan_relatives,
    scan_titled_names,
    scan_titled_names_in_capitals,
)
from reflect.privacy.places import scan_addresses, scan_postcodes, scan_wards_and_hospitals
from reflect.privacy.records import scan_hospital_numbers, scan_record_patterns
from reflect.privacy.redaction import mask

EXIT_CLEAN = 0
EXIT_FOUND = 1


def scan(text: str, config: ScannerConfig | None = None, *, today: date | None = None) -> list[Finding]:
    """All suspected identifiers in `text`, sorted by position.

    `today` anchors two-digit years and age statements (defaults to the real date).
    """
    config = config or EMPTY_CONFIG
    today = today or date.today()
    candidates: list[Finding] = [
        *scan_emails(text),
        *scan_health_numbers(text),
        *scan_record_patterns(text, config),
        *scan_hospital_numbers(text),
        *scan_dates_of_birth(text, today),
        *scan_postcodes(text),
        *scan_phones(text),
        *scan_addresses(text),
        *scan_wards_and_hospitals(text),
        *scan_listed_names(text, config),
        *scan_titled_names(text),
        *scan_titled_names_in_capitals(text),
        *scan_relatives(text),
    ]
    return resolve_overlaps(candidates)


@dataclass(frozen=True)
class FieldProblem:
    """Suspected identifiers in one place; `describe` names their kinds, never the identifiers.

    `index` is the place's position in the list given to `scan_fields`, which tells apart
    places with the same name.
    """

    where: str
    findings: tuple[Finding, ...]
    index: int = 0

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.label for f in self.findings))

    def describe(self) -> str:
        kinds = [k if k[:2].isupper() else k.lower() for k in self.kinds]  # "NHS number", "name"
        return f"a possible {' and '.join(kinds)} in {self.where}"


def scan_fields(
    fields: Iterable[tuple[str, str]],
    config: ScannerConfig | None = None,
    expected: Mapping[str, frozenset[str]] | None = None,
    *,
    today: date | None = None,
) -> list[FieldProblem]:
    """One problem per (place, text) pair with findings, in the order given; places may repeat.

    `expected` names, per place, kinds the field is meant to hold (a colleague's e-mail
    in the e-mail field), which are then not problems.
    """
    expected = expected or {}
    problems = []
    for index, (where, text) in enumerate(fields):
        if not text or not text.strip():
            continue
        allowed = expected.get(where, frozenset())
        found = tuple(f for f in scan(text, config, today=today) if f.kind not in allowed)
        if found:
            problems.append(FieldProblem(where, found, index))
    return problems


def check_text(text: str, config: ScannerConfig | None = None) -> tuple[int, list[str]]:
    """Exit code (1 when anything is found, 0 when clean) and one masked line per finding.

    Lines read "kind, start-end, masked text", so the output is safe to share.
    """
    findings = [f for problem in scan_fields([("the text", text)], config) for f in problem.findings]
    lines = [f"{f.label}, {f.start}-{f.end}, {mask(f.text)}" for f in findings]
    return (EXIT_FOUND if findings else EXIT_CLEAN), lines
