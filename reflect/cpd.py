"""CPD and development services shared by the UI, the command line and reports (Qt-free).

Development goals, the CPD log with evidence files, NMC reflective accounts and
reflective discussion records, and template sections of reflections. Records cross
this boundary as frozen dataclasses; every write runs in one transaction. Evidence
files are copied into the database (reflect/evidence.py) so the portfolio does not
depend on files elsewhere that may move, and a passphrase covers them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Result, delete, select
from sqlalchemy.orm import selectinload

from reflect.cpd_data import ReflectionTemplate
from reflect.cpd_prefill import (
    DISCUSSION_EXPECTED,
    account_from_activity,
    account_from_reflection,
    account_texts,
    activity_texts,
    discussion_problems,
    discussion_texts,
    goal_texts,
    reflection_time_activity,
)
from reflect.cpd_records import (
    GOAL_STATUSES,
    METHODS,
    PARTICIPATORY_METHODS,
    Account,
    Activity,
    CpdError,
    Discussion,
    Evidence,
    Goal,
    GoalAction,
    NotFound,
    account_of,
    activity_of,
    discussion_of,
    goal_of,
    required_text,
    safe_name,
    split_themes,
)
from reflect.data.db import Database
from reflect.data.model_base import utc_now
from reflect.data.models import CpdActivity as CpdActivityRow
from reflect.data.models import CpdEvidence as CpdEvidenceRow
from reflect.data.models import CpdEvidenceContent, GoalReflection, GoalTip, ReflectionSection
from reflect.data.models import Goal as GoalRow
from reflect.data.models import GoalAction as GoalActionRow
from reflect.data.models import ReflectiveAccount as AccountRow
from reflect.data.models import ReflectiveDiscussion as DiscussionRow
from reflect.evidence import EvidenceError, evidence_bytes, open_copy, read_evidence
from reflect.privacy import FieldProblem, scan_fields

# the records and the prefilled ones live in cpd_records and cpd_prefill; callers import them from here
__all__ = [
    "FieldProblem",  # (privacy's, imported from here by the CPD page)
    "scan_fields",
    "Account",
    "Activity",
    "CpdError",
    "DISCUSSION_EXPECTED",
    "Discussion",
    "Evidence",
    "GOAL_STATUSES",
    "Goal",
    "GoalAction",
    "METHODS",
    "NotFound",
    "PARTICIPATORY_METHODS",
    "account_from_activity",
    "account_from_reflection",
    "account_of",
    "account_texts",
    "activity_of",
    "activity_texts",
    "discussion_of",
    "discussion_problems",
    "discussion_texts",
    "goal_of",
    "goal_texts",
    "reflection_time_activity",
    "required_text",
    "safe_name",
    "split_themes",
    "utc_now",
    "CpdStore",
]


class CpdStore:
    """Goals, CPD activities with evidence, reflective accounts and discussions in one data folder."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._sessions = database.sessions

    # ----- goals

    def goals(self) -> list[Goal]:
        """Open goals first, then by target date (undated last) and title."""
        with self._sessions() as session:
            rows = session.scalars(
                select(GoalRow).options(
                    selectinload(GoalRow.actions), selectinload(GoalRow.tips), selectinload(GoalRow.reflections)
                )
            ).all()
            goals = [goal_of(r) for r in rows]
        done = ("achieved", "stopped")
        return sorted(goals, key=lambda g: (g.status in done, g.target_date or date.max, g.title.casefold()))

    def get_goal(self, goal_id: str) -> Goal:
        with self._sessions() as session:
            row = session.get(GoalRow, goal_id)
            if row is None:
                raise NotFound(goal_id)
            return goal_of(row)

    def save_goal(self, goal: Goal) -> Goal:
        title = required_text(goal.title, "goal's title")
        if goal.status not in GOAL_STATUSES:
            raise CpdError(f"{goal.status!r} is not a goal status.")
        with self._sessions.begin() as session:
            row = session.get(GoalRow, goal.id) if goal.id else None
            if row is None:
                row = GoalRow(id=goal.id or uuid.uuid4().hex, created_at=utc_now())
                session.add(row)
            else:
                row.actions, row.tips, row.reflections = [], [], []
                session.flush()  # the children's keys can be reused
            row.title, row.why, row.target_date, row.status = title, goal.why.strip(), goal.target_date, goal.status
            row.updated_at = utc_now()
            row.actions = [
                GoalActionRow(position=i, text=a.text.strip(), done=a.done)
                for i, a in enumerate(goal.actions) if a.text.strip()
            ]
            row.tips = [GoalTip(tip_id=t, position=i) for i, t in enumerate(dict.fromkeys(goal.tips))]
            row.reflections = [GoalReflection(reflection_id=r) for r in dict.fromkeys(goal.reflection_ids)]
            session.flush()
            return goal_of(row)

    def delete_goal(self, goal_id: str) -> None:
        with self._sessions.begin() as session:
            if _deleted(session.execute(delete(GoalRow).where(GoalRow.id == goal_id))) == 0:
                raise NotFound(goal_id)

    def goals_for_reflection(self, reflection_id: str) -> list[str]:
        """Ids of the goals a reflection is linked to (for the checklist form)."""
        with self._sessions() as session:
            return list(session.scalars(
                select(GoalReflection.goal_id).where(GoalReflection.reflection_id == reflection_id)
            ))

    def set_reflection_goals(self, reflection_id: str, goal_ids: Iterable[str]) -> None:
        """Link a reflection to exactly these goals."""
        with self._sessions.begin() as session:
            session.execute(delete(GoalReflection).where(GoalReflection.reflection_id == reflection_id))
            session.add_all(GoalReflection(goal_id=g, reflection_id=reflection_id) for g in dict.fromkeys(goal_ids))

    # ----- template sections of reflections

    def sections(self, reflection_id: str) -> tuple[str, dict[str, str]]:
        """The template id and section texts of a reflection; ("", {}) when it has none."""
        with self._sessions() as session:
            rows = session.scalars(
                select(ReflectionSection)
                .where(ReflectionSection.reflection_id == reflection_id)
                .order_by(ReflectionSection.position)
            ).all()
            if not rows:
                return "", {}
            return rows[0].template_id, {r.section_id: r.text for r in rows}

    def save_sections(self, reflection_id: str, template: ReflectionTemplate | None, texts: Mapping[str, str]) -> None:
        """Replace a reflection's sections; no template (or only empty sections) removes them."""
        with self._sessions.begin() as session:
            session.execute(delete(ReflectionSection).where(ReflectionSection.reflection_id == reflection_id))
            if template is None or not any(t.strip() for t in texts.values()):
                return
            session.add_all(
                ReflectionSection(
                    reflection_id=reflection_id, section_id=s.id, template_id=template.id, position=i,
                    text=texts.get(s.id, "").strip(),
                )
                for i, s in enumerate(template.sections)
            )

    # ----- CPD activities

    def activities(self, start: date | None = None, end: date | None = None) -> list[Activity]:
        """Activities in an inclusive period, newest first."""
        query = select(CpdActivityRow).options(selectinload(CpdActivityRow.evidence))
        if start:
            query = query.where(CpdActivityRow.day >= start)
        if end:
            query = query.where(CpdActivityRow.day <= end)
        with self._sessions() as session:
            rows = session.scalars(query.order_by(CpdActivityRow.day.desc(), CpdActivityRow.created_at.desc()))
            return [activity_of(r) for r in rows]

    def get_activity(self, activity_id: str) -> Activity:
        with self._sessions() as session:
            row = session.get(CpdActivityRow, activity_id)
            if row is None:
                raise NotFound(activity_id)
            return activity_of(row)

    def save_activity(
        self,
        activity: Activity,
        add_files: Sequence[Path] = (),
        remove_evidence: Sequence[str] = (),
        add_content: Sequence[tuple[str, bytes]] = (),
    ) -> Activity:
        """Save an activity, copy new evidence files in and drop removed ones, all or nothing.

        `add_content` attaches (name, bytes) made by Reflect itself (a signed supervision
        record), so no plain copy of it ever touches the disk."""
        title = _checked_activity(activity, add_files)
        activity_id = activity.id or uuid.uuid4().hex
        try:
            added = [(uuid.uuid4().hex, source.name, read_evidence(source)) for source in add_files]
        except EvidenceError as exc:
            raise CpdError(str(exc)) from exc
        added += [(uuid.uuid4().hex, name, data) for name, data in add_content]
        with self._sessions.begin() as session:
            row = session.get(CpdActivityRow, activity_id)
            if row is None:
                row = CpdActivityRow(id=activity_id, created_at=utc_now())
                session.add(row)
            row.day, row.title, row.method, row.hours = activity.day, title, activity.method, activity.hours
            row.participatory, row.clinical = activity.participatory, activity.clinical
            row.themes, row.notes = " ".join(dict.fromkeys(activity.themes)), activity.notes.strip()
            row.updated_at = utc_now()
            for evidence in list(row.evidence):
                if evidence.id in remove_evidence:
                    row.evidence.remove(evidence)  # its content row goes with it (ON DELETE CASCADE)
            for evidence_id, name, data in added:
                stored = f"{activity_id}/{evidence_id[:8]}-{safe_name(name)}"
                row.evidence.append(CpdEvidenceRow(
                    id=evidence_id, name=name, stored=stored, size=len(data), added_at=utc_now()
                ))
            session.flush()
            for evidence_id, _name, data in added:
                session.add(CpdEvidenceContent(evidence_id=evidence_id, data=data))
            session.flush()
            return activity_of(row)

    def evidence_bytes(self, evidence: Evidence) -> bytes | None:
        """The file's bytes, kept in the database (see reflect/evidence.py)."""
        return evidence_bytes(self.database, evidence.id or "")

    def open_evidence(self, evidence: Evidence) -> Path:
        """A temporary owner-only copy to open in another program (removed by `clear_opened`)."""
        return open_copy(self.database, evidence.id or "", evidence.name)

    def delete_activity(self, activity_id: str) -> None:
        """Delete an activity and its evidence copies (the originals elsewhere are untouched)."""
        with self._sessions.begin() as session:
            row = session.get(CpdActivityRow, activity_id)
            if row is None:
                raise NotFound(activity_id)
            session.delete(row)  # evidence and its content go with it (ON DELETE CASCADE)

    # ----- reflective accounts

    def accounts(self, start: date | None = None, end: date | None = None) -> list[Account]:
        query = select(AccountRow)
        if start:
            query = query.where(AccountRow.day >= start)
        if end:
            query = query.where(AccountRow.day <= end)
        with self._sessions() as session:
            return [account_of(r) for r in session.scalars(query.order_by(AccountRow.day.desc(), AccountRow.created_at.desc()))]

    def get_account(self, account_id: str) -> Account:
        with self._sessions() as session:
            row = session.get(AccountRow, account_id)
            if row is None:
                raise NotFound(account_id)
            return account_of(row)

    def save_account(self, account: Account) -> Account:
        title = required_text(account.title, "account's title")
        if account.complete and not all(account.answers()[k].strip() for k in ("nature", "learned", "changed")):
            raise CpdError("Answer the first three questions before marking the account complete.")
        if account.complete and not account.themes:
            raise CpdError("Tick at least one theme of the Code before marking the account complete.")
        with self._sessions.begin() as session:
            row = session.get(AccountRow, account.id) if account.id else None
            if row is None:
                row = AccountRow(id=account.id or uuid.uuid4().hex, created_at=utc_now())
                session.add(row)
            row.day, row.title, row.complete = account.day, title, account.complete
            row.nature, row.learned = account.nature.strip(), account.learned.strip()
            row.changed, row.relevance = account.changed.strip(), account.relevance.strip()
            row.themes = " ".join(dict.fromkeys(account.themes))
            row.reflection_id, row.activity_id = account.reflection_id, account.activity_id
            row.updated_at = utc_now()
            session.flush()
            return account_of(row)

    def delete_account(self, account_id: str) -> None:
        with self._sessions.begin() as session:
            if _deleted(session.execute(delete(AccountRow).where(AccountRow.id == account_id))) == 0:
                raise NotFound(account_id)

    # ----- reflective discussions

    def discussions(self, start: date | None = None, end: date | None = None) -> list[Discussion]:
        query = select(DiscussionRow)
        if start:
            query = query.where(DiscussionRow.day >= start)
        if end:
            query = query.where(DiscussionRow.day <= end)
        with self._sessions() as session:
            return [discussion_of(r) for r in session.scalars(query.order_by(DiscussionRow.day.desc()))]

    def save_discussion(self, discussion: Discussion) -> Discussion:
        name = required_text(discussion.colleague_name, "other registrant's name")
        pin = required_text(discussion.colleague_pin, "other registrant's PIN or registration number")
        email = required_text(discussion.colleague_email, "other registrant's e-mail address")
        if "@" not in email or " " in email:
            raise CpdError(f"{email!r} does not look like an e-mail address.")
        with self._sessions.begin() as session:
            row = session.get(DiscussionRow, discussion.id) if discussion.id else None
            if row is None:
                row = DiscussionRow(id=discussion.id or uuid.uuid4().hex, created_at=utc_now())
                session.add(row)
            row.day, row.colleague_name, row.colleague_pin, row.colleague_email = discussion.day, name, pin, email
            row.colleague_address, row.notes = discussion.colleague_address.strip(), discussion.notes.strip()
            row.updated_at = utc_now()
            session.flush()
            return discussion_of(row)

    def delete_discussion(self, discussion_id: str) -> None:
        with self._sessions.begin() as session:
            if _deleted(session.execute(delete(DiscussionRow).where(DiscussionRow.id == discussion_id))) == 0:
                raise NotFound(discussion_id)


def _checked_activity(activity: Activity, add_files: Sequence[Path]) -> str:
    """The activity's title once everything about it can be saved; CpdError (nothing saved) otherwise."""
    title = required_text(activity.title, "activity's title")
    if activity.method not in METHODS:
        raise CpdError(f"{activity.method!r} is not a CPD method.")
    if not 0 < activity.hours <= 1000:
        raise CpdError("Give the hours as a number above 0 (and at most 1,000).")
    for source in add_files:
        if not source.is_file():
            raise CpdError(f"{source} is not a file that can be attached; nothing was saved.")
    return title


def _deleted(result: Result[Any]) -> int:
    """How many rows a DELETE removed (its result is a cursor result, whatever the stubs say)."""
    return cast("CursorResult[Any]", result).rowcount
