"""Identifiers made of digits or addresses: NHS and CHI numbers, phone numbers, e-mail addresses."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from reflect.privacy.findings import KIND_CHI, KIND_EMAIL, KIND_NHS, KIND_PHONE, Finding

# Separators people and word processors put inside numbers: space, no-break space,
# thin space, hyphen and its typographic variants.
SEP = "[ \u00a0\u2009\u2010\u2011\u2013-]"

# --- NHS and CHI numbers ---------------------------------------------------------

# 3-3-4 (NHS style, also 6-4 and 10 in a row) or 2-2-2-4 (a CHI written as its date).
_TEN = rf"(?:[0-9]{{3}}{SEP}?[0-9]{{3}}{SEP}?[0-9]{{4}}|[0-9]{{2}}{SEP}[0-9]{{2}}{SEP}[0-9]{{2}}{SEP}[0-9]{{4}})"
_TEN_DIGITS = re.compile(rf"(?<![\w+]){_TEN}(?!\w)")
# "NHS no. 943…", "CHI: 0101…": a number introduced as one is reported even with a typo in it.
_HEALTH_CUE = re.compile(rf"(?<!\w)(?P<cue>NHS|CHI)(?:{SEP}?(?:no\.?|number|num\.?|#))?\s*[:#.]?\s*$", re.IGNORECASE)
_CUE_REACH = 16


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


def valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _is_ddmmyy(digits: str) -> bool:
    """Whether six digits read as a real date in either the 1900s or the 2000s."""
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    return valid_date(1900 + year, month, day) or valid_date(2000 + year, month, day)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def scan_health_numbers(text: str) -> Iterable[Finding]:
    """Check-digit-valid ten-digit numbers (CHI when date-shaped, NHS otherwise), and any
    ten-digit number written right after "NHS" or "CHI".

    English, Welsh and Northern Irish numbers never start with a valid day
    (they begin 3, 4, 6, 7 or 9), so the date shape tells the two apart.
    """
    for match in _TEN_DIGITS.finditer(text):
        digits = _digits(match.group())
        if is_valid_nhs_number(digits):
            kind = KIND_CHI if _is_ddmmyy(digits[:6]) else KIND_NHS
        elif cue := _HEALTH_CUE.search(text, max(0, match.start() - _CUE_REACH), match.start()):
            kind = KIND_CHI if cue.group("cue").upper() == "CHI" else KIND_NHS
            if kind == KIND_CHI and not _is_ddmmyy(digits[:6]):
                continue
        else:
            continue
        yield Finding(kind, match.start(), match.end(), match.group())


# --- Phone numbers -----------------------------------------------------------------

# Only digit runs that start like a phone number (+CC, 00CC, (0xx) or 0) reach the
# phonenumbers library: its matcher alone takes ~25 ms on 2,000 words of clinical
# prose and splits "07700 900123 5 times" wrongly.
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w+.,/])(?<![0-9]:)"  # not inside a word or number, nor the minutes of a time ("at 10:00 07700 …")
    rf"(?:(?:\+|00)[1-9][0-9]{{0,2}}(?:{SEP}?\(0\))?{SEP}?|\(0[0-9]{{2,4}}\){SEP}?|(?=0))"
    rf"[0-9]+(?:{SEP}[0-9]+)*"
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


def scan_phones(text: str) -> Iterable[Finding]:
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


def scan_emails(text: str) -> Iterable[Finding]:
    for match in _EMAIL.finditer(text):
        yield Finding(KIND_EMAIL, match.start(), match.end(), match.group())
