"""Identifier scanning for everything that travels in supervision: one call into the scanner.

Every pack, response and import goes through `privacy.scan_fields` with (place, text)
pairs, so the places are named in the message and the identifiers never are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from reflect.privacy import FieldProblem, ScannerConfig, scan_fields
from reflect.supervision.document import SupervisionFileError


def _pairs(fields: Mapping[str, str] | Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(fields.items()) if isinstance(fields, Mapping) else list(fields)


def find_identifiers(
    fields: Mapping[str, str] | Iterable[tuple[str, str]], config: ScannerConfig
) -> list[FieldProblem]:
    """Suspected identifiers per named text (the scanner's labels only, never the text)."""
    return scan_fields(_pairs(fields), config)


class IdentifiersInSupervision(SupervisionFileError):
    """Text that would travel (or arrive) holds suspected identifiers; nothing is written."""

    def __init__(self, problems: list[FieldProblem], advice: str) -> None:
        self.problems = problems
        shown = "; ".join(p.describe() for p in problems[:3])
        more = f" and {len(problems) - 3} more" if len(problems) > 3 else ""
        super().__init__(f"The scanner found {shown}{more}; {advice}")


def refuse_identifiers(
    fields: Mapping[str, str] | Iterable[tuple[str, str]], config: ScannerConfig, advice: str
) -> None:
    problems = find_identifiers(fields, config)
    if problems:
        raise IdentifiersInSupervision(problems, advice)
