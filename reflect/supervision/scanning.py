"""Identifier scanning for everything that travels in supervision: one call into the scanner.

Every pack, response and import goes through `find_identifiers` with a mapping of
"where" → text, so the places are named in the message and the identifiers never are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reflect.privacy import ScannerConfig, scan
from reflect.supervision.document import SupervisionFileError


@dataclass(frozen=True)
class Problem:
    where: str
    kinds: tuple[str, ...]

    def describe(self) -> str:
        kinds = [k if k[:2].isupper() else k.lower() for k in self.kinds]  # "NHS number", "name"
        return f"a possible {' and '.join(kinds)} in {self.where}"


def find_identifiers(fields: Mapping[str, str], config: ScannerConfig) -> list[Problem]:
    """Suspected identifiers per named text (the scanner's labels only, never the text)."""
    problems = []
    for where, text in fields.items():
        kinds = tuple(dict.fromkeys(finding.label for finding in scan(text, config)))
        if kinds:
            problems.append(Problem(where, kinds))
    return problems


class IdentifiersInSupervision(SupervisionFileError):
    """Text that would travel (or arrive) holds suspected identifiers; nothing is written."""

    def __init__(self, problems: list[Problem], advice: str) -> None:
        self.problems = problems
        shown = "; ".join(p.describe() for p in problems[:3])
        more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
        super().__init__(f"The scanner found {shown}{more}; {advice}")


def refuse_identifiers(fields: Mapping[str, str], config: ScannerConfig, advice: str) -> None:
    problems = find_identifiers(fields, config)
    if problems:
        raise IdentifiersInSupervision(problems, advice)
