"""The user's own identifiers (names to watch for, record-number patterns) and the one builder.

A bad record-number pattern has one policy everywhere: it is refused, naming it, when
entered in Settings, and any path that builds a scanner from saved settings (a hand-edited
or imported value) gets the same PatternError sentence rather than a scanner that silently
leaves the pattern out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from reflect.errors import UserError
from reflect.privacy.findings import KIND_LABELS, KIND_RECORD


class PatternError(UserError, ValueError):
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
    """Names of people to watch for and record-number patterns, compiled once.

    Build it when the settings change (`build_scanner`); scanning reuses the compiled expressions.
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


def build_scanner(names: Iterable[str], patterns: Iterable[Mapping[str, str]]) -> ScannerConfig:
    """The scanner set up from settings (names, and {"label", "pattern"} dicts): the only builder.

    Raises PatternError, naming the pattern, when one cannot be used, and when the stored
    settings are not of the shape Reflect writes (edited by hand, or damaged).
    """
    names, patterns = list(names), list(patterns)
    if not all(isinstance(n, str) for n in names) or not all(
        isinstance(p, Mapping) and all(isinstance(p.get(k, ""), str) for k in ("label", "pattern")) for p in patterns
    ):
        raise PatternError("The saved names or record-number patterns are damaged; enter them again in Settings.")
    return ScannerConfig(names, [RecordPattern(p.get("label", ""), p.get("pattern", "")) for p in patterns])


def _name_expression(name: str) -> str:
    """A name matches with any whitespace between its words and either apostrophe."""
    words = (re.escape(word).replace("'", "['\u2019]") for word in name.replace("\u2019", "'").split())
    return r"\s+".join(words)


EMPTY_CONFIG = ScannerConfig()
