"""The JSON backup format's constants and the records of what an import would do and did.

Shared by ``exchange_json`` (writing and reading the document) and ``exchange`` (import
and CSV); the format itself is described in ``reflect/exchange.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from reflect.data.models import Base, CpdEvidence, CpdEvidenceContent
from reflect.import_checks import ExchangeError as ExchangeError

FORMAT_NAME = "reflect-export"
SCHEMA_VERSION = 2
# settings that belong to the user's data rather than to one computer's window
PORTABLE_SETTINGS = (
    "framework_id", "last_setting", "last_contact_type", "last_modality", "last_duration_min",
    "practitioner_name", "practitioner_role", "focus_tip", "focus_start",
    "revalidation_scheme", "cycle_start", "reflection_cpd_minutes",
)
# tables with their own section (data.reflections) and machine state, not in data.tables
OWN_SECTION = frozenset({"reflection", "rating", "reflection_tag"})
MACHINE_STATE = frozenset({"prompt_notice"})
# evidence bytes travel as data.evidence_files; private settings as data.settings (name and role)
NOT_IN_TABLES = frozenset({"cpd_evidence_content", "private_setting"})
EVIDENCE_FILES = "evidence_files"
# how previews and results count records; None: part of another record, not counted on its own
TABLE_NOUNS: dict[str, tuple[str, str] | None] = {
    "expected_session": ("expected session", "expected sessions"),
    "goal": ("goal", "goals"),
    "cpd_activity": ("CPD activity", "CPD activities"),
    "reflective_account": ("reflective account", "reflective accounts"),
    "reflective_discussion": ("reflective discussion", "reflective discussions"),
    EVIDENCE_FILES: ("evidence file", "evidence files"),
    "goal_action": None,
    "goal_tip": None,
    "goal_reflection": None,
    "reflection_section": None,
    "cpd_evidence": None,
    "practice_hours": ("practice-hours entry", "practice-hours entries"),
    "practice_feedback": ("piece of feedback", "pieces of feedback"),
    "revalidation_confirmation": ("confirmation", "confirmations"),
    "peer_group_meeting": ("peer group meeting", "peer group meetings"),
    "discussion_account": None,
    "supervisee": ("supervisee", "supervisees"),
    "received_pack": ("supervision pack received", "supervision packs received"),
    "sent_pack": ("supervision pack sent", "supervision packs sent"),
    "supervision_session": ("supervision session", "supervision sessions"),
    "supervision_comment": None,
    "supervision_action": None,
}


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do, shown before anything is changed."""

    total: int
    new: int
    duplicates: int  # already here, identical or newer
    updates: int  # already here, but the file has a later edit
    first: date | None
    last: date | None
    settings: dict[str, Any]
    others: tuple[TableCount, ...] = ()  # goals, CPD activities, evidence files…


@dataclass(frozen=True)
class TableCount:
    """How many records of one kind the file holds and how many of them are not here yet."""

    table: str
    total: int
    new: int

    def describe(self) -> str:
        return count_text(self.table, self.total) + f" ({self.new:,} new)"


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the reflections' merge and the other records added."""

    added: int
    updated: int
    unchanged: int
    others: tuple[tuple[str, int], ...] = ()  # (table or EVIDENCE_FILES, records added)

    def describe_others(self) -> str:
        """E.g. "3 goals, 12 CPD activities"; empty when nothing else was added."""
        return ", ".join(count_text(name, n) for name, n in self.others if n and TABLE_NOUNS.get(name, ()) is not None)


def count_text(table: str, count: int) -> str:
    nouns = TABLE_NOUNS.get(table) or (table.replace("_", " "), table.replace("_", " ") + " records")
    return f"{count:,} {nouns[0] if count == 1 else nouns[1]}"


def user_tables() -> list[Table]:
    """The tables of data.tables, parents before children (foreign-key order)."""
    return [t for t in Base.metadata.sorted_tables if t.name not in OWN_SECTION | MACHINE_STATE | NOT_IN_TABLES]


def evidence_content(session: Session) -> dict[str, bytes]:
    """Every evidence file's bytes here, by its stored name."""
    query = select(CpdEvidence.stored, CpdEvidenceContent.data).join(
        CpdEvidenceContent, CpdEvidenceContent.evidence_id == CpdEvidence.id
    )
    return {stored: data for stored, data in session.execute(query)}
