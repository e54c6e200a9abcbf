"""Showing findings without revealing them: redaction tags and masked text."""

from __future__ import annotations

from collections.abc import Sequence

from reflect.privacy.findings import Finding


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
