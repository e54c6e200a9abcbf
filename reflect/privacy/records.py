"""Record numbers: a number written after a cue word (MRN, hospital no., RiO, PAS, CPA…), and
the user's own record-number patterns.

A cue alone is not enough: the number after it needs five digits, or a letter and four, so
"CPA review 3 of 4" or "RiO in 2019" stay quiet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reflect.privacy.config import ScannerConfig
from reflect.privacy.findings import KIND_HOSPITAL_NUMBER, KIND_RECORD, Finding

_ID_WORD = r"(?:no\.?|nos\.?|number|num\.?|id|#|ref\.?)"
_CUE = (
    rf"(?:m\.?r\.?n\.?|(?:hospital|hosp\.?|unit|case|patient|client|record|medical[ \t]+record)[ \t]+{_ID_WORD}"
    rf"|(?:rio|pas|cpa|epr|systmone|emis|epic)(?:[ \t]+{_ID_WORD})?)"
)
_HOSPITAL_NUMBER = re.compile(
    rf"(?<![\w.])(?:{_CUE})[ \t]*(?:is[ \t]+|[:#=(-][ \t]*)?"
    r"(?P<id>(?-i:[A-Z]{0,3})[ -]?[0-9]{2,}(?:[ -][0-9]{2,}){0,3}[a-z]?)(?![\w-])",
    re.IGNORECASE,
)


def _long_enough(identifier: str) -> bool:
    digits = sum(ch.isdigit() for ch in identifier)
    letters = sum(ch.isalpha() for ch in identifier)
    return digits >= 5 or (digits >= 4 and letters > 0)


def scan_hospital_numbers(text: str) -> Iterable[Finding]:
    for match in _HOSPITAL_NUMBER.finditer(text):
        identifier = match.group("id")
        if _long_enough(identifier):
            yield Finding(KIND_HOSPITAL_NUMBER, match.start("id"), match.end("id"), identifier)


def scan_record_patterns(text: str, config: ScannerConfig) -> Iterable[Finding]:
    for record in config.patterns:
        for match in record.regex.finditer(text):
            if match.end() > match.start():
                yield Finding(KIND_RECORD, match.start(), match.end(), match.group(), record.label)
