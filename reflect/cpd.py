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
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from reflect.cpd_data import ReflectionTemplate
from reflect.data.db import Database
from reflect.data.models import CpdActivity as CpdActivityRow
from reflect.data.models import CpdEvidence as CpdEvidenceRow
from reflect.data.models import CpdEvidenceContent, GoalReflection, GoalTip, ReflectionSection
from reflect.data.models import Goal as GoalRow
from reflect.data.models import GoalAction as GoalActionRow
from reflect.data.models import ReflectiveAccount as AccountRow
from reflect.data.models import ReflectiveDiscussion as DiscussionRow
from reflect.errors import UserError
from reflect.evidence import EvidenceError, evidence_bytes, open_copy, read_evidence
from reflect.frameworks import Framework
from reflect.grammar import plural, with_article
from reflect.privacy import (
    KIND_ADDRESS,
    KIND_EMAIL,
    KIND_HOSPITAL,
    KIND_NAME,
    KIND_PHONE,
    KIND_POSTCODE,
    KIND_RECORD,
    KIND_TITLED_NAME,
    KIND_WARD,
    FieldProblem,
    ScannerConfig,
    scan_fields,
)
from reflect.records import ReflectionRecord
from reflect.revalidation import ActivityFact
from reflect.vocabulary import CONTACT_TYPES, MODALITIES, SETTINGS, label

GOAL_STATUSES: dict[str, str] = {
    "open": "Not started",
    "in-progress": "In progress",
    "achieved": "Achieved",
    "stopped": "Stopped",
}
METHODS: dict[str, str] = {
    "course": "Course",
    "reading": "Reading",
    "supervision": "Supervision",
    "reflective-practice": "Reflective practice",
    "peer-group": "Peer group",
    "e-learning": "E-learning",
    "other": "Other",
}
# Reflecting with others counts as participatory CPD for the NMC; these start ticked.
PARTICIPATORY_METHODS = frozenset({"course", "supervision", "peer-group"})


class CpdError(UserError):
    """A CPD record cannot be saved as asked; one sentence for the user."""


class NotFound(LookupError):
    """The record does not exist (perhaps deleted elsewhere)."""


@dataclass(frozen=True)
class GoalAction:
    text: str
    done: bool = False


@dataclass(frozen=True)
class Goal:
    title: str
    why: str = ""
    tips: tuple[str, ...] = ()
    target_date: date | None = None
    status: str = "open"
    actions: tuple[GoalAction, ...] = ()
    reflection_ids: tuple[str, ...] = ()
    id: str | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True)
class Evidence:
    name: str
    stored: str  # "<activity>/<id8>-<name>", its key in JSON exports
    size: int
    id: str | None = None


@dataclass(frozen=True)
class Activity:
    day: date
    title: str
    method: str
    hours: float
    participatory: bool = False
    clinical: bool = False
    themes: tuple[str, ...] = ()  # "code:theme" keys
    notes: str = ""
    evidence: tuple[Evidence, ...] = ()
    id: str | None = None

    def fact(self) -> ActivityFact:
        return ActivityFact(self.day, self.hours, self.participatory, self.clinical)


@dataclass(frozen=True)
class Account:
    """An NMC reflective account: the form's four answers and the Code themes ticked."""

    day: date
    title: str
    nature: str = ""
    learned: str = ""
    changed: str = ""
    relevance: str = ""
    themes: tuple[str, ...] = ()
    complete: bool = False
    reflection_id: str | None = None
    activity_id: str | None = None
    id: str | None = None

    def answers(self) -> dict[str, str]:
        return {"nature": self.nature, "learned": self.learned, "changed": self.changed, "relevance": self.relevance}


@dataclass(frozen=True)
class Discussion:
    """An NMC reflective discussion with another registrant."""

    day: date
    colleague_name: str
    colleague_pin: str
    colleague_email: str
    colleague_address: str = ""
    notes: str = ""
    id: str | None = None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _themes(value: str) -> tuple[str, ...]:
    return tuple(value.split())


def _goal(row: GoalRow) -> Goal:
    return Goal(
        id=row.id, title=row.title, why=row.why, target_date=row.target_date, status=row.status,
        tips=tuple(t.tip_id for t in row.tips), actions=tuple(GoalAction(a.text, a.done) for a in row.actions),
        reflection_ids=tuple(sorted(r.reflection_id for r in row.reflections)), updated_at=row.updated_at,
    )


def _activity(row: CpdActivityRow) -> Activity:
    return Activity(
        id=row.id, day=row.day, title=row.title, method=row.method, hours=row.hours,
        participatory=row.participatory, clinical=row.clinical, themes=_themes(row.themes), notes=row.notes,
        evidence=tuple(Evidence(e.name, e.stored, e.size, e.id) for e in row.evidence),
    )


def _account(row: AccountRow) -> Account:
    return Account(
        id=row.id, day=row.day, title=row.title, nature=row.nature, learned=row.learned, changed=row.changed,
        relevance=row.relevance, themes=_themes(row.themes), complete=row.complete,
        reflection_id=row.reflection_id, activity_id=row.activity_id,
    )


def _discussion(row: DiscussionRow) -> Discussion:
    return Discussion(
        id=row.id, day=row.day, colleague_name=row.colleague_name, colleague_pin=row.colleague_pin,
        colleague_email=row.colleague_email, colleague_address=row.colleague_address, notes=row.notes,
    )


def _required(value: str, what: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise CpdError(f"Give the {what}; it cannot be empty.")
    return cleaned


def _safe_name(name: str) -> str:
    kept = "".join(c if c.isalnum() or c in "._- " else "_" for c in Path(name).name).strip(" .")
    return kept[:120] or "file"


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
            goals = [_goal(r) for r in rows]
        done = ("achieved", "stopped")
        return sorted(goals, key=lambda g: (g.status in done, g.target_date or date.max, g.title.casefold()))

    def get_goal(self, goal_id: str) -> Goal:
        with self._sessions() as session:
            row = session.get(GoalRow, goal_id)
            if row is None:
                raise NotFound(goal_id)
            return _goal(row)

    def save_goal(self, goal: Goal) -> Goal:
        title = _required(goal.title, "goal's title")
        if goal.status not in GOAL_STATUSES:
            raise CpdError(f"{goal.status!r} is not a goal status.")
        with self._sessions.begin() as session:
            row = session.get(GoalRow, goal.id) if goal.id else None
            if row is None:
                row = GoalRow(id=goal.id or uuid.uuid4().hex, created_at=_now())
                session.add(row)
            else:
                row.actions, row.tips, row.reflections = [], [], []
                session.flush()  # the children's keys can be reused
            row.title, row.why, row.target_date, row.status = title, goal.why.strip(), goal.target_date, goal.status
            row.updated_at = _now()
            row.actions = [
                GoalActionRow(position=i, text=a.text.strip(), done=a.done)
                for i, a in enumerate(goal.actions) if a.text.strip()
            ]
            row.tips = [GoalTip(tip_id=t, position=i) for i, t in enumerate(dict.fromkeys(goal.tips))]
            row.reflections = [GoalReflection(reflection_id=r) for r in dict.fromkeys(goal.reflection_ids)]
            session.flush()
            return _goal(row)

    def delete_goal(self, goal_id: str) -> None:
        with self._sessions.begin() as session:
            if session.execute(delete(GoalRow).where(GoalRow.id == goal_id)).rowcount == 0:
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
            return [_activity(r) for r in rows]

    def get_activity(self, activity_id: str) -> Activity:
        with self._sessions() as session:
            row = session.get(CpdActivityRow, activity_id)
            if row is None:
                raise NotFound(activity_id)
            return _activity(row)

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
        title = _required(activity.title, "activity's title")
        if activity.method not in METHODS:
            raise CpdError(f"{activity.method!r} is not a CPD method.")
        if not 0 < activity.hours <= 1000:
            raise CpdError("Give the hours as a number above 0 (and at most 1,000).")
        for source in add_files:
            if not source.is_file():
                raise CpdError(f"{source} is not a file that can be attached; nothing was saved.")
        activity_id = activity.id or uuid.uuid4().hex
        try:
            added = [(uuid.uuid4().hex, source.name, read_evidence(source)) for source in add_files]
        except EvidenceError as exc:
            raise CpdError(str(exc)) from exc
        added += [(uuid.uuid4().hex, name, data) for name, data in add_content]
        with self._sessions.begin() as session:
            row = session.get(CpdActivityRow, activity_id)
            if row is None:
                row = CpdActivityRow(id=activity_id, created_at=_now())
                session.add(row)
            row.day, row.title, row.method, row.hours = activity.day, title, activity.method, activity.hours
            row.participatory, row.clinical = activity.participatory, activity.clinical
            row.themes, row.notes = " ".join(dict.fromkeys(activity.themes)), activity.notes.strip()
            row.updated_at = _now()
            for evidence in list(row.evidence):
                if evidence.id in remove_evidence:
                    row.evidence.remove(evidence)  # its content row goes with it (ON DELETE CASCADE)
            for evidence_id, name, data in added:
                stored = f"{activity_id}/{evidence_id[:8]}-{_safe_name(name)}"
                row.evidence.append(CpdEvidenceRow(
                    id=evidence_id, name=name, stored=stored, size=len(data), added_at=_now()
                ))
            session.flush()
            for evidence_id, _name, data in added:
                session.add(CpdEvidenceContent(evidence_id=evidence_id, data=data))
            session.flush()
            saved = _activity(row)
        return saved

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
            return [_account(r) for r in session.scalars(query.order_by(AccountRow.day.desc(), AccountRow.created_at.desc()))]

    def get_account(self, account_id: str) -> Account:
        with self._sessions() as session:
            row = session.get(AccountRow, account_id)
            if row is None:
                raise NotFound(account_id)
            return _account(row)

    def save_account(self, account: Account) -> Account:
        title = _required(account.title, "account's title")
        if account.complete and not all(account.answers()[k].strip() for k in ("nature", "learned", "changed")):
            raise CpdError("Answer the first three questions before marking the account complete.")
        if account.complete and not account.themes:
            raise CpdError("Tick at least one theme of the Code before marking the account complete.")
        with self._sessions.begin() as session:
            row = session.get(AccountRow, account.id) if account.id else None
            if row is None:
                row = AccountRow(id=account.id or uuid.uuid4().hex, created_at=_now())
                session.add(row)
            row.day, row.title, row.complete = account.day, title, account.complete
            row.nature, row.learned = account.nature.strip(), account.learned.strip()
            row.changed, row.relevance = account.changed.strip(), account.relevance.strip()
            row.themes = " ".join(dict.fromkeys(account.themes))
            row.reflection_id, row.activity_id = account.reflection_id, account.activity_id
            row.updated_at = _now()
            session.flush()
            return _account(row)

    def delete_account(self, account_id: str) -> None:
        with self._sessions.begin() as session:
            if session.execute(delete(AccountRow).where(AccountRow.id == account_id)).rowcount == 0:
                raise NotFound(account_id)

    # ----- reflective discussions

    def discussions(self, start: date | None = None, end: date | None = None) -> list[Discussion]:
        query = select(DiscussionRow)
        if start:
            query = query.where(DiscussionRow.day >= start)
        if end:
            query = query.where(DiscussionRow.day <= end)
        with self._sessions() as session:
            return [_discussion(r) for r in session.scalars(query.order_by(DiscussionRow.day.desc()))]

    def save_discussion(self, discussion: Discussion) -> Discussion:
        name = _required(discussion.colleague_name, "other registrant's name")
        pin = _required(discussion.colleague_pin, "other registrant's PIN or registration number")
        email = _required(discussion.colleague_email, "other registrant's e-mail address")
        if "@" not in email or " " in email:
            raise CpdError(f"{email!r} does not look like an e-mail address.")
        with self._sessions.begin() as session:
            row = session.get(DiscussionRow, discussion.id) if discussion.id else None
            if row is None:
                row = DiscussionRow(id=discussion.id or uuid.uuid4().hex, created_at=_now())
                session.add(row)
            row.day, row.colleague_name, row.colleague_pin, row.colleague_email = discussion.day, name, pin, email
            row.colleague_address, row.notes = discussion.colleague_address.strip(), discussion.notes.strip()
            row.updated_at = _now()
            session.flush()
            return _discussion(row)

    def delete_discussion(self, discussion_id: str) -> None:
        with self._sessions.begin() as session:
            if session.execute(delete(DiscussionRow).where(DiscussionRow.id == discussion_id)).rowcount == 0:
                raise NotFound(discussion_id)


# ----- prefilled records


def reflection_time_activity(count: int, minutes_each: int, start: date, end: date) -> Activity:
    """A reflective-practice CPD entry for time spent on reflections (the user decides to save it)."""
    if count <= 0:
        raise CpdError(f"No completed reflection from {start:%d %b %Y} to {end:%d %b %Y} has written learning "
                       "(a filled “Now what?” or action-plan section), so none can count as CPD.")
    if minutes_each <= 0:
        raise CpdError("Give the minutes per reflection as a whole number above 0.")
    hours = round(count * minutes_each / 60, 2)
    return Activity(
        day=end,
        title=f"Structured self-reflection after clinical sessions ({start:%d %b %Y} – {end:%d %b %Y})",
        method="reflective-practice",
        hours=hours,
        notes=(
            f"{count} reflection{'s' if count != 1 else ''} on the Ten Top Tips for recovery-oriented practice "
            f"with written learning, counted at {minutes_each} minutes each."
        ),
    )


def _session_line(record: ReflectionRecord, framework: Framework) -> str:
    score = record.score(framework.max_points)
    scored = f"{score.percent:.0f} %" if score.percent is not None else "not scored"
    return (
        f"A {record.duration_min}-minute {label(CONTACT_TYPES, record.contact_type).lower()} "
        f"({label(SETTINGS, record.setting).lower()}, {label(MODALITIES, record.modality).lower()}) on "
        f"{record.occurred_at:%d %B %Y}, self-evaluated with the {framework.title} (score {scored})."
    )


def account_from_reflection(
    record: ReflectionRecord,
    framework: Framework,
    template: ReflectionTemplate | None = None,
    sections: Mapping[str, str] | None = None,
) -> Account:
    """An account prefilled from a reflection: its session, its template sections or text, its weaker tips."""
    answers: dict[str, list[str]] = {"nature": [_session_line(record, framework)], "learned": [], "changed": []}
    if template and sections:
        for section in template.sections:
            text = sections.get(section.id, "").strip()
            if text and section.account in answers:
                answers[section.account].append(f"{section.label} {text}")
    if record.text.strip():  # the free text travels with the sections, never instead of them
        answers["learned"].append(record.text.strip())
    answers["learned"].extend(tip_notes(record, framework))
    weaker = [
        (framework.item(r.item_id).label if framework.item(r.item_id) else r.item_id)  # type: ignore[union-attr]
        for r in record.ratings if r.points is not None and r.points < framework.max_points
    ]
    if weaker:
        answers["changed"].append("Tips to work on: " + ", ".join(weaker) + ".")
    return Account(
        day=record.occurred_at.date(),
        title=f"Reflection on {with_article(_contact_noun(record.contact_type))}, {record.occurred_at:%d %b %Y}",
        nature="\n\n".join(answers["nature"]),
        learned="\n\n".join(answers["learned"]),
        changed="\n\n".join(answers["changed"]),
        reflection_id=record.id,
    )


def _contact_noun(contact_type: str) -> str:
    """The session kind as a noun ("review"); "other" alone is no noun, so it is "other session"."""
    noun = label(CONTACT_TYPES, contact_type).lower()
    return "other session" if contact_type == "other" else noun


def tip_notes(record: ReflectionRecord, framework: Framework) -> list[str]:
    """Each tip's note under the tip's name, in the checklist's order."""
    order = {item.id: index for index, item in enumerate(framework.items)}
    rated = sorted((r for r in record.ratings if r.note.strip()), key=lambda r: order.get(r.item_id, len(order)))
    return [f"{item.label if (item := framework.item(r.item_id)) else r.item_id}: {r.note.strip()}" for r in rated]


def account_from_activity(activity: Activity, nmc_code_id: str = "nmc-code") -> Account:
    """An account prefilled from a CPD entry, keeping the NMC themes it was mapped to."""
    kind = "participatory " if activity.participatory else ""
    nature = f"{METHODS.get(activity.method, activity.method)} ({kind}CPD, {plural(activity.hours, 'hour')}): {activity.title}."
    if activity.notes:
        nature += f"\n\n{activity.notes}"
    return Account(
        day=activity.day,
        title=activity.title,
        nature=nature,
        themes=tuple(t for t in activity.themes if t.startswith(f"{nmc_code_id}:")),
        activity_id=activity.id,
    )


# ----- identifier scanning: (place, text) lists for privacy.scan_fields; places may repeat, so
# two entries with one title are two places, each named as precisely as the record allows.

# What each of the discussion form's colleague fields is meant to hold is not a patient identifier.
DISCUSSION_EXPECTED: dict[str, frozenset[str]] = {
    "the registrant's name": frozenset({KIND_NAME, KIND_TITLED_NAME}),
    "the PIN": frozenset({KIND_RECORD}),
    "the e-mail": frozenset({KIND_EMAIL}),
    "the address": frozenset({KIND_POSTCODE, KIND_PHONE, KIND_EMAIL, KIND_ADDRESS, KIND_HOSPITAL, KIND_WARD}),
}


def goal_texts(goal: Goal) -> list[tuple[str, str]]:
    texts = [(f"goal “{goal.title}”", goal.title), (f"the why of goal “{goal.title}”", goal.why)]
    texts += [(f"action {n} of goal “{goal.title}”", a.text) for n, a in enumerate(goal.actions, 1)]
    return texts


def activity_texts(activity: Activity) -> list[tuple[str, str]]:
    entry = f"CPD entry “{activity.title}” of {activity.day:%d %b %Y}"
    return [(entry, activity.title), (f"the notes of {entry}", activity.notes)]


def account_texts(account: Account) -> list[tuple[str, str]]:
    name = f"account “{account.title}” of {account.day:%d %b %Y}"
    return [(name, account.title)] + [(f"the {key} answer of {name}", text) for key, text in account.answers().items()]


def discussion_texts(discussion: Discussion) -> list[tuple[str, str]]:
    """Named as DISCUSSION_EXPECTED names them, so a colleague's own details are not flagged."""
    return [
        ("the registrant's name", discussion.colleague_name),
        ("the PIN", discussion.colleague_pin),
        ("the e-mail", discussion.colleague_email),
        ("the address", discussion.colleague_address),
        ("the notes", discussion.notes),
    ]


def discussion_problems(discussion: Discussion, config: ScannerConfig) -> list[FieldProblem]:
    return scan_fields(discussion_texts(discussion), config, DISCUSSION_EXPECTED)
