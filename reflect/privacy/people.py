"""People: names after a title ("Mrs Patel", "Mr J. Smith"), a relative's name ("her son Tom"),
and the names the user asked to watch for.

Only capitalised words count as names, and a placeholder such as "Mr X" or a title on its
own ("the Dr said") stays quiet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reflect.privacy.config import ScannerConfig
from reflect.privacy.findings import KIND_NAME, KIND_RELATIVE_NAME, KIND_TITLED_NAME, Finding
from reflect.privacy.words import NAME_WORD, NOT_NAMES, SPACE, UPPER

# Abbreviated titles capitalised or in lower case ("Mr", "dr."); titles that are also words only
# capitalised. In capitals ("MRS JONES") both title and name are: "MR Angiography" is a scan.
_TITLE = r"(?:(?:Mrs|Mr|Ms|Mx|Dr|Prof|mrs|mr|ms|mx|dr|prof)\.?|Miss|Professor|Sir|Dame|Lady|Lord|Revd|Rev\.?|Reverend)"
_CAPITALS = re.compile(rf"(?<![\w.])(?:MRS|MR|MS|MX|DR|PROF|MISS)\.?{SPACE}(?P<name>[A-Z]{{3,}}(?:['’-][A-Z]+)*)(?![\w'’])")
_ACRONYMS = frozenset(["NHS", "CMHT", "CPN", "CRHT", "GMC", "NMC", "ECG", "ECT", "EEG", "MRI", "SCAN", "HEAD", "BRAIN", "AND", "THE", "WAS", "HAS", "SAID"])
_INITIALS = rf"(?:[{UPPER}](?:\.[ \t\u00a0]*|[ \t\u00a0]+)){{1,3}}"
# Lower-case particles of surnames: "Dr van der Merwe", "Mr de Souza".
_PARTICLES = rf"(?:(?:van|von|de|da|del|della|der|di|du|la|le|bin|ben|al|el|ap){SPACE}){{0,2}}"
_TITLED = re.compile(
    rf"(?<![\w.])(?P<title>{_TITLE}){SPACE}"
    rf"(?P<name>(?:{_INITIALS})?{_PARTICLES}{NAME_WORD}(?:{SPACE}{_PARTICLES}{NAME_WORD}){{0,2}})"
)

_RELATIONS = (
    "mother|mum|mom|mam|mummy|father|dad|daddy|parents?|sisters?|brothers?|siblings?|sons?|daughters?|"
    "child|children|kids?|wife|husband|partner|spouse|boyfriend|girlfriend|fianc[ée]e?|ex-partner|ex-wife|"
    "ex-husband|ex-boyfriend|ex-girlfriend|aunt|auntie|aunty|uncle|nan|nana|nanna|nanny|gran|granny|grandma|"
    "grandmother|grandad|granddad|grandpa|grandfather|grandsons?|granddaughters?|grandchild(?:ren)?|"
    "nieces?|nephews?|cousins?|friends?|neighbours?|carers?|flatmates?|housemates?|"
    "step(?:mother|father|mum|dad|sons?|daughters?|sisters?|brothers?)|half-(?:sisters?|brothers?)|twin"
)
# Relations count in lower case ("her son Tom", "mum Karen"), and these also capitalised after a
# possessive ("his Mum Jane"); a capitalised "Sister" or "Father" is often a title, not a relation.
_POSSESSIVE = r"(?:[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Oo]ur|[Yy]our)"
_CAPITALISED = "Mum|Mam|Mom|Dad|Nan|Nana|Gran|Granny|Grandma|Grandad|Auntie|Aunty|Uncle"
_RELATIVE = re.compile(
    rf"(?<![\w-])(?:(?:{_RELATIONS})|{_POSSESSIVE}{SPACE}(?:{_CAPITALISED}))"
    rf"(?:,|{SPACE}\()?[ \t\u00a0]*(?:(?:called|named){SPACE})?"
    rf"(?P<names>{NAME_WORD}(?:{SPACE}{NAME_WORD})?(?:(?:,{SPACE}|{SPACE}and{SPACE}|{SPACE}&{SPACE}){NAME_WORD})*)"
)
_WORD = re.compile(NAME_WORD)


def _name_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The part of a run of capitalised words that is a name: cut at the first word that never is one."""
    stop = end
    first = True
    for word in _WORD.finditer(text, start, end):
        if word.group() in NOT_NAMES:
            if first:
                return None
            stop = word.start()
            break
        first = False
    stop = len(text[start:stop].rstrip(" ,&\t\u00a0")) + start
    if stop > start and text[start:stop].endswith(" and"):
        stop -= 4
    return (start, stop) if stop > start else None


def scan_titled_names(text: str) -> Iterable[Finding]:
    for match in _TITLED.finditer(text):
        surname_start = match.start("name")
        # initials are part of the name; the word test starts at the first whole word
        words = list(_WORD.finditer(text, surname_start, match.end("name")))
        if not words or words[0].group() in NOT_NAMES:
            continue
        span = _name_span(text, words[0].start(), match.end("name"))
        if span is not None:
            yield Finding(KIND_TITLED_NAME, match.start(), span[1], text[match.start() : span[1]])


def scan_titled_names_in_capitals(text: str) -> Iterable[Finding]:
    if not any(title in text for title in ("MR", "MS", "MX", "DR", "PROF", "MISS")):
        return  # most text has no capitalised title at all: skip the expression
    for match in _CAPITALS.finditer(text):
        if match.group("name") not in _ACRONYMS:
            yield Finding(KIND_TITLED_NAME, match.start(), match.end(), match.group())


def scan_relatives(text: str) -> Iterable[Finding]:
    for match in _RELATIVE.finditer(text):
        span = _name_span(text, match.start("names"), match.end("names"))
        if span is not None:
            yield Finding(KIND_RELATIVE_NAME, span[0], span[1], text[span[0] : span[1]])


def scan_listed_names(text: str, config: ScannerConfig) -> Iterable[Finding]:
    if config.names_regex is None:
        return
    for match in config.names_regex.finditer(text):
        yield Finding(KIND_NAME, match.start(), match.end(), match.group())
