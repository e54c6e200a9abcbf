"""Identifier scanner: finds patient-identifiable details in free text (Qt-free).

Reflections must not identify patients, so free text is scanned before it is saved
or exported. The scanner favours catching identifiers over staying quiet, but it
must not nag about ordinary clinical prose (doses, times, scores, years, "the ward",
appointment dates), or people learn to ignore it. `tests/data/identifier_corpus.json`
holds the labelled sentences that measure both.

Modules: `findings` (kinds and labels), `numbers`, `dates`, `people`, `places`,
`records` (the detectors, with `words` for the name-shaped ones), `config` (the user's names and patterns, the one builder),
`scanner` (`scan`, `scan_fields`, `check_text`) and `redaction`. Import from here.
"""

from reflect.privacy.config import PatternError, RecordPattern, ScannerConfig, build_scanner
from reflect.privacy.findings import (
    KIND_ADDRESS,
    KIND_CHI,
    KIND_DOB,
    KIND_EMAIL,
    KIND_HOSPITAL,
    KIND_HOSPITAL_NUMBER,
    KIND_LABELS,
    KIND_NAME,
    KIND_NHS,
    KIND_PHONE,
    KIND_POSTCODE,
    KIND_RECORD,
    KIND_RELATIVE_NAME,
    KIND_TITLED_NAME,
    KIND_WARD,
    Finding,
)
from reflect.privacy.numbers import is_valid_nhs_number, mod11_check_digit
from reflect.privacy.redaction import mask, redact
from reflect.privacy.scanner import EXIT_CLEAN, EXIT_FOUND, FieldProblem, check_text, scan, scan_fields

__all__ = [
    "EXIT_CLEAN", "EXIT_FOUND", "KIND_ADDRESS", "KIND_CHI", "KIND_DOB", "KIND_EMAIL", "KIND_HOSPITAL",
    "KIND_HOSPITAL_NUMBER", "KIND_LABELS", "KIND_NAME", "KIND_NHS", "KIND_PHONE", "KIND_POSTCODE", "KIND_RECORD",
    "KIND_RELATIVE_NAME", "KIND_TITLED_NAME", "KIND_WARD", "FieldProblem", "Finding", "PatternError",
    "RecordPattern", "ScannerConfig", "build_scanner", "check_text", "is_valid_nhs_number", "mask",
    "mod11_check_digit", "redact", "scan", "scan_fields",
]
