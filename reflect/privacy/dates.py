"""Dates of birth: a date counts only with a birth or age cue nearby in the same sentence.

So "seen 12/03/2025" stays quiet while "DOB 12/03/1961" or "aged 54, 12/03/1971" is flagged.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from reflect.privacy.findings import KIND_DOB, Finding
from reflect.privacy.numbers import valid_date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE_START = r"(?<![\w/.])(?<![0-9][:-])"  # "DOB:12/03/1961" yes, "10:12/03" or "2019-12-03-" no
_DATE_END = r"(?![\w]|[/.:-][0-9])"
_DATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # 12/03/1961, 12-3-61, 12.03.1961 (or month first, if the day cannot be the month)
        _DATE_START
        + r"(?P<d>[0-9]{1,2})(?P<sep> ?[/.-] ?)(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4}|[0-9]{2})"
        + _DATE_END,
        # 1961-03-12
        _DATE_START + r"(?P<y>(?:19|20)[0-9]{2})(?P<sep>[/.-])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})" + _DATE_END,
        # 12 March 1961, 12th of March, 1961
        rf"(?<!\w)(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mn>{_MONTH})\.?,?\s+"
        rf"(?P<y>[0-9]{{4}}|'?[0-9]{{2}})(?!\w)",
        # March 12, 1961
        rf"(?<!\w)(?P<mn>{_MONTH})\.?\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+"
        rf"(?P<y>[0-9]{{4}}|'?[0-9]{{2}})(?!\w)",
    )
)

_CUES = re.compile(
    r"(?<!\w)(?:"
    r"(?P<birth>born|d\.?o\.?b(?!\w)\.?|date\s+of\s+birth)"
    r"|age(?:d|\s+of)?\s*:?\s*(?P<age1>[0-9]{1,3})"
    r"|(?P<age2>[0-9]{1,3})(?:\s*-\s*|\s+)?(?:years?|yrs?)(?:\s*-\s*|\s+)old"
    r"|(?P<age3>[0-9]{1,3})\s*(?:yo|y/o|y\.o\.?)"
    r")(?!\w)",
    re.IGNORECASE,
)
_CUE_WINDOW = 48  # characters between a cue and the date it describes
_LONGEST_DATE = 32  # "12th of September, 1961" with room to spare
# A new sentence, clause (";") or paragraph between a cue and a date means they are unrelated.
_SENTENCE_BREAK = re.compile(r"[.!?][\"')\]]*\s+(?=[A-Z])|;\s|\n[ \t]*\n")


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    age: int | None  # None for "born" / "DOB" / "date of birth"


@dataclass(frozen=True)
class _Date:
    start: int
    end: int
    year: int


def _full_year(raw: str, today: date) -> int:
    """Four-digit year; two-digit years are the most recent that is not in the future."""
    digits = raw.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    return year if year <= today.year else year - 100


def _near_cues(cues: Sequence[_Cue], length: int) -> list[tuple[int, int]]:
    """Stretches of text where a date could belong to a cue; dates elsewhere never matter."""
    reach = _CUE_WINDOW + _LONGEST_DATE
    regions: list[tuple[int, int]] = []
    for cue in cues:
        low, high = max(0, cue.start - reach), min(length, cue.end + reach)
        if regions and low <= regions[-1][1]:
            regions[-1] = (regions[-1][0], high)
        else:
            regions.append((low, high))
    return regions


def _find_dates(text: str, regions: Sequence[tuple[int, int]], today: date) -> list[_Date]:
    found: list[_Date] = []
    for low, high in regions:
        for regex in _DATE_PATTERNS:
            for match in regex.finditer(text, low, high):
                groups = match.groupdict()
                day = int(groups["d"])
                year = _full_year(groups["y"], today)
                if groups.get("mn"):
                    plausible = valid_date(year, _MONTHS[groups["mn"][:3].casefold()], day)
                else:
                    month = int(groups["m"])
                    plausible = valid_date(year, month, day) or valid_date(year, day, month)
                if plausible:
                    found.append(_Date(match.start(), match.end(), year))
    found.sort(key=lambda d: d.start)
    return found


def _find_cues(text: str) -> list[_Cue]:
    cues = []
    for match in _CUES.finditer(text):
        age = match.group("age1") or match.group("age2") or match.group("age3")
        cues.append(_Cue(match.start(), match.end(), int(age) if age else None))
    return cues


def _cue_applies(cue: _Cue, when: _Date, today: date) -> bool:
    """A birth cue always applies; an age only to a date at least that many years ago.

    So in "54-year-old man, seen 12/03/2025" the appointment date stays clean,
    while "aged 54, 12/03/1971" is flagged.
    """
    return cue.age is None or when.year <= today.year - cue.age + 1


def scan_dates_of_birth(text: str, today: date) -> Iterable[Finding]:
    """Dates with a birth or age cue nearby, in the same sentence, and no other date between."""
    cues = _find_cues(text)
    dates = _find_dates(text, _near_cues(cues, len(text)), today)
    cue_starts = [cue.start for cue in cues]
    cue_ends = [cue.end for cue in cues]  # cues never overlap, so these are sorted too
    for index, when in enumerate(dates):
        low = max(when.start - _CUE_WINDOW, dates[index - 1].end if index else 0)
        high = min(when.end + _CUE_WINDOW, dates[index + 1].start if index + 1 < len(dates) else len(text))
        first = bisect.bisect_left(cue_ends, low)
        last = bisect.bisect_right(cue_starts, high)
        for cue in cues[first:last]:
            if cue.end <= when.start:
                gap = text[cue.end : when.start]
            elif cue.start >= when.end and cue.end <= high:
                gap = text[when.end : cue.start]
            else:
                continue
            if len(gap) <= _CUE_WINDOW and not _SENTENCE_BREAK.search(gap) and _cue_applies(cue, when, today):
                yield Finding(KIND_DOB, when.start, when.end, text[when.start : when.end])
                break
