"""Places that locate a person: postcodes, street addresses, named wards and hospitals.

"the ward", "ward round", "admitted to ward 4" and "the General Hospital" stay quiet: a ward
or hospital is flagged only when named ("Ward 7", "Oak Ward", "St Thomas' Hospital"), and a
street only with a house number ("12 Elm Road").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reflect.privacy.findings import KIND_ADDRESS, KIND_HOSPITAL, KIND_POSTCODE, KIND_WARD, Finding
from reflect.privacy.words import GENERIC_PLACE_WORDS, NAME_WORD, NOT_NAMES, SPACE

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


def scan_postcodes(text: str) -> Iterable[Finding]:
    for match in _POSTCODE.finditer(text):
        inward = match.group("inward")
        if inward is None or not _is_ordinal(text[match.start() : match.start("inward")], inward):
            yield Finding(KIND_POSTCODE, match.start(), match.end(), match.group())


# --- Street addresses ----------------------------------------------------------------

_STREETS = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Crescent|Cres|Place|Pl|Way|Court|Ct|Gardens|Gdns|"
    "Grove|Terrace|Terr|Square|Sq|Hill|Row|Mews|View|Walk|Parade|Rise|Green|Vale|Wharf|Quay|Circus|Fold|"
    "Brow|Chase|Boulevard|Embankment|Park"
)
# Typed in lower case only the unmistakable street words count ("12 elm road", not "2 close friends").
_LOWER_STREETS = "road|street|avenue|lane|drive|crescent|terrace|gardens|grove|mews"
# Starts with a digit, so the search skips ahead fast; what comes before the number is checked after.
_ADDRESS = re.compile(
    rf"[0-9]{{1,4}}[A-Za-z]?(?:-[0-9]{{1,4}}[A-Za-z]?)?,?{SPACE}"
    rf"(?:(?P<words>(?:(?:St\.?|{NAME_WORD}(?:['’]s)?){SPACE}){{1,3}})(?:{_STREETS})\.?"
    rf"|(?P<lower>(?:[a-z]+{SPACE}){{1,2}})(?:{_LOWER_STREETS}))(?!\w)"
)
_NOT_STREET_NAMES = frozenset(["the", "a", "an", "to", "of", "in", "on", "down", "up", "along", "across", "busy", "main", "side", "quiet", "same", "other", "each", "every", "and", "or", "his", "her", "their", "my", "our"])


def scan_addresses(text: str) -> Iterable[Finding]:
    for match in _ADDRESS.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "_/.:,-"):
            continue  # part of a longer number, time, date or code
        words = (match.group("words") or match.group("lower") or "").split()
        if words[0] in NOT_NAMES or any(word.casefold() in _NOT_STREET_NAMES for word in words):
            continue
        yield Finding(KIND_ADDRESS, match.start(), match.end(), match.group())


# --- Wards and hospitals ---------------------------------------------------------------

_SAINT = r"(?:St\.?|Saint)(?!\w)"
_PLACE_WORDS = rf"(?:(?:{_SAINT}{SPACE})?{NAME_WORD}(?:['’]s?)?{SPACE}){{1,4}}"
# The place word is found first (a fast search), then its number or the name before it.
_PLACE = re.compile(r"(?:Ward|ward|Hospital|hospital|Infirmary|infirmary)(?!\w)")
_WARD_NUMBER = re.compile(r"[ \t\u00a0]*(?:[0-9]{1,3}[A-Za-z]?|[A-Z][0-9]{1,2})(?!\w)")
_NAME_BEFORE = re.compile(rf"(?<![\w'’])(?:{_PLACE_WORDS})$")
_REACH = 160  # characters before "Ward" or "Hospital" its name may take
_POSSESSIVE = re.compile("['’]s?$")


def _generic(word: str) -> bool:
    return word in GENERIC_PLACE_WORDS or _POSSESSIVE.sub("", word) in GENERIC_PLACE_WORDS


def _starts_sentence(text: str, start: int) -> bool:
    window = text[max(0, start - 12) : start]
    before = window.rstrip(" \t\u00a0")
    if not before:
        return start == len(window)  # only spaces between it and the start of the text
    return before[-1] in ".!?:;\n\"“(-"


def _named(text: str, words_start: int, words_end: int, kind: str) -> int | None:
    """Where the name of a ward or hospital starts, or None for a kind of place ("the Acute ward").

    Leading words that never name a place are dropped; with a lower-case "ward"/"hospital"
    the first word must not be capitalised merely because it starts a sentence.
    """
    words = list(re.finditer(rf"{_SAINT}|{NAME_WORD}(?:['’]s?)?", text[words_start:words_end]))
    while words and words[0].group() in NOT_NAMES:
        words.pop(0)
    if all(_generic(w.group()) for w in words):
        return None
    start = words_start + words[0].start()
    first = words[0].group()
    saint_or_possessive = first in ("St", "St.", "Saint") or any(_POSSESSIVE.search(w.group()) for w in words)
    if kind.islower() and not saint_or_possessive and _starts_sentence(text, start):
        return None
    return start


def scan_wards_and_hospitals(text: str) -> Iterable[Finding]:
    for match in _PLACE.finditer(text):
        start, end, kind = match.start(), match.end(), match.group()
        if start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
            continue  # inside a word: "Steward", "re-ward"
        number = _WARD_NUMBER.match(text, end) if kind == "Ward" else None
        if number is not None:
            yield Finding(KIND_WARD, start, number.end(), text[start : number.end()])
            continue
        before = _NAME_BEFORE.search(text, max(0, start - _REACH), start)
        name_start = _named(text, before.start(), start, kind) if before else None
        if name_start is not None:
            found = KIND_WARD if kind.casefold() == "ward" else KIND_HOSPITAL
            yield Finding(found, name_start, end, text[name_start:end])
