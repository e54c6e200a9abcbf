"""Identifier scanner: finds patient-identifiable details in free text (Qt-free).

Reflections must not identify patients, so free text is scanned before it is saved
or exported. The scanner favours catching identifiers over staying quiet, but it
must not nag about ordinary clinical prose (doses, times, scores, years, ward and
bed numbers, appointment dates), or people learn to ignore it.

Nothing here logs or stores the scanned text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

KIND_NHS = "nhs_number"
KIND_CHI = "chi_number"
KIND_POSTCODE = "postcode"
KIND_DOB = "date_of_birth"
KIND_PHONE = "phone_number"
KIND_EMAIL = "email_address"
KIND_NAME = "name"
KIND_RECORD = "record_number"

KIND_LABELS: dict[str, str] = {
    KIND_NHS: "NHS number",
    KIND_CHI: "CHI number",
    KIND_POSTCODE: "Postcode",
    KIND_DOB: "Date of birth",
    KIND_PHONE: "Phone number",
    KIND_EMAIL: "E-mail address",
    KIND_NAME: "Name",
    KIND_RECORD: "Record number",
}

# When two findings cover the same span, the more specific kind is reported
# (a CHI number is also a plausible phone number, for example).
_SPECIFICITY: dict[str, int] = {
    kind: rank
    for rank, kind in enumerate(
        (KIND_EMAIL, KIND_CHI, KIND_NHS, KIND_RECORD, KIND_DOB, KIND_POSTCODE, KIND_PHONE, KIND_NAME)
    )
}

EXIT_CLEAN = 0
EXIT_FOUND = 1

# Separators people and word processors put inside numbers: space, no-break space,
# thin space, hyphen and its typographic variants.
_SEP = "[ \u00a0\u2009\u2010\u2011\u2013-]"


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


class PatternError(ValueError):
    """A user-configured record-number pattern cannot be used; the message names it."""


@dataclass(frozen=True)
class RecordPattern:
    """A user-configured regular expression for hospital or record numbers.

    Compiled (case-insensitively) on construction, so a bad pattern is reported
    when the user enters it rather than while they type a reflection.
    """

    label: str
    pattern: str
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        name = self.label.strip() or KIND_LABELS[KIND_RECORD]
        object.__setattr__(self, "label", name)
        try:
            regex = re.compile(self.pattern, re.IGNORECASE)
        except re.error as exc:
            where = f" at position {exc.pos}" if exc.pos is not None else ""
            raise PatternError(
                f'The pattern for "{name}" ({self.pattern!r}) is not a valid regular expression: {exc.msg}{where}.'
            ) from None
        if regex.fullmatch(""):
            raise PatternError(
                f'The pattern for "{name}" ({self.pattern!r}) matches empty text, so it would flag everything.'
            )
        object.__setattr__(self, "regex", regex)


class ScannerConfig:
    """The user's own identifiers: names of people (e.g. today's list) and record-number patterns.

    Build it once when the settings change; scanning reuses the compiled expressions.
    """

    def __init__(self, names: Iterable[str] = (), patterns: Iterable[RecordPattern] = ()) -> None:
        cleaned = {" ".join(name.split()) for name in names}
        cleaned.discard("")
        self.names: tuple[str, ...] = tuple(sorted(cleaned, key=lambda n: (-len(n), n.casefold())))
        self.patterns: tuple[RecordPattern, ...] = tuple(patterns)
        self.names_regex: re.Pattern[str] | None = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(_name_expression(n) for n in self.names) + r")(?!\w)",
                re.IGNORECASE,
            )
            if self.names
            else None
        )


def config_from(names: Iterable[str], patterns: Iterable[Mapping[str, str]]) -> ScannerConfig:
    """Build the scanner's configuration from settings (names, and {"label", "pattern"} dicts).

    Raises PatternError, naming the pattern, when one cannot be used.
    """
    return ScannerConfig(names, [RecordPattern(p.get("label", ""), p.get("pattern", "")) for p in patterns])


def _name_expression(name: str) -> str:
    """A name matches with any whitespace between its words and either apostrophe."""
    words = (re.escape(word).replace("'", "['\u2019]") for word in name.replace("\u2019", "'").split())
    return r"\s+".join(words)


_EMPTY_CONFIG = ScannerConfig()

# --- NHS and CHI numbers ---------------------------------------------------------

_TEN_DIGITS = re.compile(rf"(?<![\w+])[0-9]{{3}}{_SEP}?[0-9]{{3}}{_SEP}?[0-9]{{4}}(?!\w)")


def mod11_check_digit(first_nine: str) -> int | None:
    """The NHS / CHI modulus-11 check digit for nine digits; None when no digit is possible (10)."""
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(digits: str) -> bool:
    """True for ten digits whose last is the modulus-11 check digit of the first nine."""
    if len(digits) != 10 or not (digits.isascii() and digits.isdigit()):
        return False
    return mod11_check_digit(digits[:9]) == int(digits[9])


def _is_ddmmyy(digits: str) -> bool:
    """Whether six digits read as a real date in either the 1900s or the 2000s."""
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    return _valid_date(1900 + year, month, day) or _valid_date(2000 + year, month, day)


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _scan_health_numbers(text: str) -> Iterable[Finding]:
    """Check-digit-valid ten-digit numbers: CHI when date-shaped, NHS otherwise.

    English, Welsh and Northern Irish numbers never start with a valid day
    (they begin 3, 4, 6, 7 or 9), so the date shape tells the two apart.
    """
    for match in _TEN_DIGITS.finditer(text):
        digits = "".join(ch for ch in match.group() if ch.isdigit())
        if is_valid_nhs_number(digits):
            kind = KIND_CHI if _is_ddmmyy(digits[:6]) else KIND_NHS
            yield Finding(kind, match.start(), match.end(), match.group())


# --- Postcodes --------------------------------------------------------------------

# Outward codes A9, A99, AA9, AA99, A9A, AA9A with the letters each position allows,
# then the inward code 9AA (never C, I, K, M, O or V), plus the special GIR 0AA.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?:"
    r"(?:[A-PR-UWYZ](?:[0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9]{1,2}|[A-HK-Y][0-9][ABEHMNPRVWXY]))"
    r"[ \u00a0]?(?P<inward>[0-9][ABD-HJLNP-UW-Z]{2})"
    r"|GIR[ \u00a0]?0AA"
    r")"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)

_ORDINAL_SUFFIX = {"1": "st", "2": "nd", "3": "rd"}


def _is_ordinal(outward: str, inward: str) -> bool:
    """'ST4 2nd year' or 'F2 3rd rotation': a grade then an ordinal, not a postcode.

    Told apart from a postcode typed in lower case ('b33 8th') by the capitalised outward part.
    """
    letters = inward[1:]
    return letters.islower() and not outward.islower() and letters == _ORDINAL_SUFFIX.get(inward[0], "th")


def _scan_postcodes(text: str) -> Iterable[Finding]:
    for match in _POSTCODE.finditer(text):
        inward = match.group("inward")
        if inward is None or not _is_ordinal(text[match.start() : match.start("inward")], inward):
            yield Finding(KIND_POSTCODE, match.start(), match.end(), match.group())


# --- Phone numbers -----------------------------------------------------------------

# Only digit runs that start like a phone number (+CC, 00CC, (0xx) or 0) reach the
# phonenumbers library: its matcher alone takes ~25 ms on 2,000 words of clinical
# prose and splits "07700 900123 5 times" wrongly.
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+.,/])"
    rf"(?:(?:\+|00)[1-9][0-9]{{0,2}}(?:{_SEP}?\(0\))?{_SEP}?|\(0[0-9]{{2,4}}\){_SEP}?|(?=0))"
    rf"[0-9]+(?:{_SEP}[0-9]+)*"
)
_MAX_PHONE_DIGITS = 15  # ITU-T E.164
_DIGIT_GROUP = re.compile("[0-9]+")


def _accept_phone(candidate: str) -> bool:
    """GB numbers of the right length (allocated or not), and valid numbers elsewhere.

    Ofcom's drama ranges (07700 900xxx, 01632 960xxx) are not 'valid' to
    phonenumbers, and a UK number in a range it does not list still identifies someone.
    The library is imported here, at the first phone-like candidate, not at start-up (~50 ms).
    """
    import phonenumbers

    try:
        number = phonenumbers.parse(candidate, "GB")
    except phonenumbers.NumberParseException:
        return False
    if number.country_code == 44:
        return phonenumbers.is_possible_number(number) and len(str(number.national_number)) in (9, 10)
    return phonenumbers.is_valid_number(number)


def _national_grouping(groups: Sequence[re.Match[str]]) -> bool:
    """UK numbers are written in groups of two or more digits led by the area code.

    This keeps lists such as "scores 0 1 2 3 4 5 6 7 8 9" from reading as a number.
    """
    return len(groups[0].group()) >= 3 and all(len(group.group()) >= 2 for group in groups)


def _scan_phones(text: str) -> Iterable[Finding]:
    for match in _PHONE_CANDIDATE.finditer(text):
        candidate = match.group()
        national = candidate.startswith("0") and not candidate.startswith("00")
        groups = list(_DIGIT_GROUP.finditer(candidate))
        # A run may continue into an unrelated number ("07700 900123 5 times"):
        # try the whole run, then drop trailing groups until a number fits.
        for count in range(len(groups), 0, -1):
            kept = groups[:count]
            digit_count = sum(len(group.group()) for group in kept)
            if digit_count > _MAX_PHONE_DIGITS or (national and not _national_grouping(kept)):
                continue
            if digit_count < 10:
                break
            end = kept[-1].end()
            if _accept_phone(candidate[:end]):
                yield Finding(KIND_PHONE, match.start(), match.start() + end, candidate[:end])
                break


# --- E-mail addresses --------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?![\w-])"
)


def _scan_emails(text: str) -> Iterable[Finding]:
    for match in _EMAIL.finditer(text):
        yield Finding(KIND_EMAIL, match.start(), match.end(), match.group())


# --- Dates of birth ----------------------------------------------------------------

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
                    plausible = _valid_date(year, _MONTHS[groups["mn"][:3].casefold()], day)
                else:
                    month = int(groups["m"])
                    plausible = _valid_date(year, month, day) or _valid_date(year, day, month)
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


def _scan_dates_of_birth(text: str, today: date) -> Iterable[Finding]:
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


# --- Names and record numbers ---------------------------------------------------------


def _scan_names(text: str, config: ScannerConfig) -> Iterable[Finding]:
    if config.names_regex is None:
        return
    for match in config.names_regex.finditer(text):
        yield Finding(KIND_NAME, match.start(), match.end(), match.group())


def _scan_records(text: str, config: ScannerConfig) -> Iterable[Finding]:
    for record in config.patterns:
        for match in record.regex.finditer(text):
            if match.end() > match.start():
                yield Finding(KIND_RECORD, match.start(), match.end(), match.group(), record.label)


# --- Public API -----------------------------------------------------------------------


def _resolve_overlaps(candidates: Iterable[Finding]) -> list[Finding]:
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


def scan(text: str, config: ScannerConfig | None = None, *, today: date | None = None) -> list[Finding]:
    """All suspected identifiers in `text`, sorted by position.

    `today` anchors two-digit years and age statements (defaults to the real date).
    """
    config = config or _EMPTY_CONFIG
    today = today or date.today()
    candidates: list[Finding] = [
        *_scan_emails(text),
        *_scan_health_numbers(text),
        *_scan_records(text, config),
        *_scan_dates_of_birth(text, today),
        *_scan_postcodes(text),
        *_scan_phones(text),
        *_scan_names(text, config),
    ]
    return _resolve_overlaps(candidates)


def redact(text: str, findings: Sequence[Finding]) -> str:
    """Replace each finding by a tag such as `[NHS number]`; overlapping findings become one tag."""
    parts: list[str] = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.start < cursor:
            cursor = max(cursor, finding.end)
            continue
        parts.append(text[cursor : finding.start])
        parts.append(f"[{finding.label}]")
        cursor = finding.end
    parts.append(text[cursor:])
    return "".join(parts)


def mask(text: str, char: str = "*") -> str:
    """Show a finding without revealing it: first and last character kept, the rest masked.

    Three characters or fewer are masked completely, since two of three would reveal too much.
    """
    if len(text) <= 3:
        return char * len(text)
    return text[0] + char * (len(text) - 2) + text[-1]


def check_text(text: str, config: ScannerConfig | None = None) -> tuple[int, list[str]]:
    """Exit code (1 when anything is found, 0 when clean) and one masked line per finding.

    Lines read "kind, start-end, masked text", so the output is safe to share.
    """
    findings = scan(text, config)
    lines = [f"{f.label}, {f.start}-{f.end}, {mask(f.text)}" for f in findings]
    return (EXIT_FOUND if findings else EXIT_CLEAN), lines
