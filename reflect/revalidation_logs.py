"""Revalidation evidence beyond CPD: NMC practice hours, feedback, confirmation, the accounts a
reflective discussion covered, and RCPsych peer group meetings (Qt-free).

The rules that decide "met" live here, next to the records they read, so the CPD page and
the CPD PDF agree: a reflective discussion counts only once it is linked to five reflective
accounts (the NMC asks for the discussion to cover all five). Members of a peer group are
kept as initials or roles only, and every free text is scanned for patient identifiers by
the caller with ``reflect.privacy.scan_fields`` before it is saved.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select

from reflect.cpd import CpdError, NotFound
from reflect.data.db import Database
from reflect.data.model_base import utc_now
from reflect.data.models import Confirmation as ConfirmationRow
from reflect.data.models import DiscussionAccount
from reflect.data.models import PeerGroupMeeting as MeetingRow
from reflect.data.models import PracticeFeedback as FeedbackRow
from reflect.data.models import PracticeHours as HoursRow
from reflect.data.models import ReflectiveAccount as AccountRow
from reflect.privacy import FieldProblem, ScannerConfig, scan_fields
from reflect.revalidation import EvidenceFacts

ACCOUNTS_PER_DISCUSSION = 5  # NMC: the reflective discussion covers all five written accounts


@dataclass(frozen=True)
class PracticeHours:
    start: date
    end: date
    hours: float
    setting: str
    scope: str
    id: str | None = None


@dataclass(frozen=True)
class Feedback:
    day: date
    source: str  # e.g. "service user", "colleague", "audit" — never a name
    learning: str
    account_id: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class Confirmation:
    day: date
    confirmer: str
    registration: str  # "NMC PIN …" or another registration
    id: str | None = None


@dataclass(frozen=True)
class PeerMeeting:
    day: date
    members: str  # initials or roles only
    discussed: str
    pdp_agreed: bool = False
    id: str | None = None




def _text(value: str, what: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise CpdError(f"Give the {what}; it cannot be empty.")
    return cleaned


def discussion_met(linked_accounts: int) -> bool:
    """A reflective discussion counts towards revalidation only when it covered five accounts."""
    return linked_accounts >= ACCOUNTS_PER_DISCUSSION


def looks_like_full_names(members: str) -> bool:
    """True when the members text holds a word that looks like a name (a capitalised word of 3+ letters
    that is not a known role word); peer group records keep initials or roles only."""
    roles = {"consultant", "registrar", "trainee", "psychiatrist", "psychiatrists", "chair", "doctor", "doctors",
             "specialty", "speciality", "associate", "specialist", "locum", "nurse", "psychologist", "member",
             "members", "colleague", "colleagues", "and", "team", "manager", "lead", "clinical", "director",
             "supervisor", "pharmacist", "therapist", "worker", "social", "ward", "occupational", "senior",
             "junior", "core", "higher", "medical", "officer", "tutor", "peer", "group", "guest", "visitor",
             "child", "adult", "old", "age", "forensic", "liaison", "general", "learning", "disability",
             "psychotherapy", "addictions", "rehabilitation", "perinatal", "academic", "retired", "staff", "grade"}
    words = [w.strip(".,;()") for w in members.split()]
    return any(len(w) >= 3 and w[:1].isupper() and w[1:].islower() and w.lower() not in roles for w in words)


def feedback_problems(entry: Feedback, config: ScannerConfig) -> list[FieldProblem]:
    """Suspected identifiers in a piece of feedback (the same scanner as every other text)."""
    return scan_fields([("the source of the feedback", entry.source), ("what you learned", entry.learning)], config)


def meeting_problems(entry: PeerMeeting, config: ScannerConfig) -> list[FieldProblem]:
    return scan_fields([("the members", entry.members), ("what was discussed", entry.discussed)], config)


def hours_problems(entry: PracticeHours, config: ScannerConfig) -> list[FieldProblem]:
    return scan_fields([("the setting", entry.setting), ("the scope of practice", entry.scope)], config)


class EvidenceStore:
    """The evidence records of one data folder; each write is one transaction."""

    def __init__(self, database: Database) -> None:
        self._sessions = database.sessions

    # ----- generic helpers

    def _save(self, row_type: type, record: object, fields: dict[str, object]) -> str:
        now = utc_now()
        record_id = getattr(record, "id", None)
        with self._sessions.begin() as session:
            row = session.get(row_type, record_id) if record_id else None
            if record_id and row is None:
                raise NotFound(record_id)
            if row is None:
                record_id = uuid.uuid4().hex
                row = row_type(id=record_id, created_at=now, **fields)
                session.add(row)
            else:
                for key, value in fields.items():
                    setattr(row, key, value)
            row.updated_at = now
        assert record_id is not None
        return record_id

    def _delete(self, row_type: type, record_id: str) -> None:
        with self._sessions.begin() as session:
            if session.execute(delete(row_type).where(row_type.id == record_id)).rowcount == 0:  # type: ignore[attr-defined]
                raise NotFound(record_id)

    def _rows(self, row_type: type, order: Any) -> list[Any]:
        with self._sessions() as session:
            return list(session.scalars(select(row_type).order_by(order)))

    # ----- practice hours

    def practice_hours(self) -> list[PracticeHours]:
        return [PracticeHours(r.start, r.end, r.hours, r.setting, r.scope, r.id)
                for r in self._rows(HoursRow, HoursRow.start.desc())]

    def save_practice_hours(self, entry: PracticeHours) -> PracticeHours:
        if entry.end < entry.start:
            raise CpdError("The practice period ends before it starts; swap the dates.")
        if not 0 < entry.hours <= 24 * ((entry.end - entry.start).days + 1):
            raise CpdError("Give the hours as a number above 0 and no more than 24 for each day of the period.")
        fields = {"start": entry.start, "end": entry.end, "hours": float(entry.hours),
                  "setting": _text(entry.setting, "setting"), "scope": _text(entry.scope, "scope of practice")}
        return replace(entry, id=self._save(HoursRow, entry, fields))

    def delete_practice_hours(self, record_id: str) -> None:
        self._delete(HoursRow, record_id)

    # ----- feedback

    def feedback(self) -> list[Feedback]:
        return [Feedback(r.day, r.source, r.learning, r.account_id, r.id)
                for r in self._rows(FeedbackRow, FeedbackRow.day.desc())]

    def save_feedback(self, entry: Feedback) -> Feedback:
        fields = {"day": entry.day, "source": _text(entry.source, "source of the feedback"),
                  "learning": _text(entry.learning, "what you learned from it"), "account_id": entry.account_id}
        return replace(entry, id=self._save(FeedbackRow, entry, fields))

    def delete_feedback(self, record_id: str) -> None:
        self._delete(FeedbackRow, record_id)

    # ----- confirmation

    def confirmations(self) -> list[Confirmation]:
        return [Confirmation(r.day, r.confirmer, r.registration, r.id)
                for r in self._rows(ConfirmationRow, ConfirmationRow.day.desc())]

    def save_confirmation(self, entry: Confirmation) -> Confirmation:
        fields = {"day": entry.day, "confirmer": _text(entry.confirmer, "confirmer's name"),
                  "registration": _text(entry.registration, "confirmer's NMC PIN or other registration")}
        return replace(entry, id=self._save(ConfirmationRow, entry, fields))

    def delete_confirmation(self, record_id: str) -> None:
        self._delete(ConfirmationRow, record_id)

    # ----- peer group

    def meetings(self) -> list[PeerMeeting]:
        return [PeerMeeting(r.day, r.members, r.discussed, r.pdp_agreed, r.id)
                for r in self._rows(MeetingRow, MeetingRow.day.desc())]

    def save_meeting(self, entry: PeerMeeting) -> PeerMeeting:
        if looks_like_full_names(entry.members):
            raise CpdError("Write peer group members as initials or roles only (e.g. “AB, CD, chair”), not names.")
        fields = {"day": entry.day, "members": entry.members.strip(),
                  "discussed": _text(entry.discussed, "what was discussed"), "pdp_agreed": entry.pdp_agreed}
        return replace(entry, id=self._save(MeetingRow, entry, fields))

    def delete_meeting(self, record_id: str) -> None:
        self._delete(MeetingRow, record_id)

    # ----- discussion ↔ accounts

    def discussion_accounts(self, discussion_id: str) -> tuple[str, ...]:
        with self._sessions() as session:
            return tuple(session.scalars(select(DiscussionAccount.account_id).where(
                DiscussionAccount.discussion_id == discussion_id).order_by(DiscussionAccount.account_id)))

    def link_accounts(self, discussion_id: str, account_ids: Iterable[str]) -> None:
        """Replace the accounts the discussion covered."""
        with self._sessions.begin() as session:
            session.execute(delete(DiscussionAccount).where(DiscussionAccount.discussion_id == discussion_id))
            session.add_all(DiscussionAccount(discussion_id=discussion_id, account_id=a)
                            for a in dict.fromkeys(account_ids))

    def covered_count(self, discussion_id: str) -> int:
        """How many complete reflective accounts the discussion covered (drafts do not count)."""
        with self._sessions() as session:
            return int(session.scalar(
                select(func.count()).select_from(DiscussionAccount)
                .join(AccountRow, AccountRow.id == DiscussionAccount.account_id)
                .where(DiscussionAccount.discussion_id == discussion_id, AccountRow.complete.is_(True))
            ) or 0)

    def met_discussion_days(self, discussions: Sequence[tuple[str, date]]) -> list[date]:
        """Days of the discussions (id, day) that covered five complete accounts: only these count."""
        return [day for record_id, day in discussions if discussion_met(self.covered_count(record_id))]


def facts(store: EvidenceStore) -> EvidenceFacts:
    """What progress needs from the evidence logs of one data folder."""
    meetings = store.meetings()
    return EvidenceFacts(
        hours=tuple((h.end, h.hours) for h in store.practice_hours()),
        feedback_days=tuple(f.day for f in store.feedback()),
        confirmation_days=tuple(c.day for c in store.confirmations()),
        meeting_days=tuple(m.day for m in meetings),
        pdp_days=tuple(m.day for m in meetings if m.pdp_agreed),
    )
