"""Back to the practitioner: a supervisor's response becomes comments, goals, a session and CPD.

Importing a response attaches each comment to its reflection (History and the form show
them), turns the agreed actions the practitioner accepts into development goals, records
a supervision session, and adds a participatory CPD entry whose evidence is the signed
supervision record PDF. Comments are scanned for identifiers like any other text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reflect.cpd import Activity, CpdStore, Discussion, Goal
from reflect.data.db import Database
from reflect.data.model_base import utc_now
from reflect.data.models import Reflection, SentPack, SupervisionAction, SupervisionComment, SupervisionSession
from reflect.privacy import ScannerConfig
from reflect.reports.supervision_record import RecordPeople, build_supervision_record
from reflect.settings import Settings
from reflect.supervision.document import SupervisionFileError
from reflect.supervision.response import Comment, Response
from reflect.supervision.scanning import refuse_identifiers
from reflect.wording import day_text

NMC_SCHEMES = ("nmc", "nmc-nurse-midwife")  # resources/schemes/nmc*.toml: the NMC asks for a reflective discussion record




@dataclass(frozen=True)
class ReceivedComment:
    supervisor: str
    day: date
    text: str


@dataclass(frozen=True)
class SessionSummary:
    id: str
    day: date
    supervisor: str
    comments: int
    goals: int
    activity_id: str | None
    discussion_id: str | None


@dataclass(frozen=True)
class SessionLearning:
    """What a supervision session gave: the supervisor's notes and comments, and the actions agreed."""

    comments: tuple[str, ...]  # the overall note first, then each comment in order
    actions: tuple[str, ...]


class SupervisionStore:
    """Supervision sessions received back, and the comments on the practitioner's reflections."""

    def __init__(self, database: Database) -> None:
        self._sessions = database.sessions
        self.cpd = CpdStore(database)

    def remember_sent(self, pack: Mapping[str, Any]) -> None:
        """Note a pack just sealed (its id and period), so its response can be imported here."""
        with self._sessions.begin() as session:
            session.merge(SentPack(
                id=pack["id"], period_start=date.fromisoformat(pack["period"]["start"]),
                period_end=date.fromisoformat(pack["period"]["end"]), sent_at=utc_now(),
            ))

    def learning_for_activity(self, activity_id: str) -> SessionLearning | None:
        """The session whose CPD entry this is, as learning and actions; None for any other entry."""
        with self._sessions() as session:
            row = session.scalars(select(SupervisionSession).where(SupervisionSession.activity_id == activity_id)).first()
            if row is None:
                return None
            comments = [row.overall_note, *(c.text for c in row.comments)]
            return SessionLearning(tuple(c.strip() for c in comments if c.strip()), tuple(a.text for a in row.actions))

    def comments_on(self, reflection_id: str) -> list[ReceivedComment]:
        query = (
            select(SupervisionComment.text, SupervisionSession.supervisor_name, SupervisionSession.day)
            .join(SupervisionSession).where(SupervisionComment.reflection_id == reflection_id)
            .order_by(SupervisionSession.day, SupervisionComment.position)
        )
        with self._sessions() as session:
            return [ReceivedComment(name, day, text) for text, name, day in session.execute(query)]

    def sessions(self) -> list[SessionSummary]:
        with self._sessions() as session:
            rows = session.scalars(select(SupervisionSession).order_by(SupervisionSession.day.desc())).all()
            return [
                SessionSummary(r.id, r.day, r.supervisor_name, len(r.comments),
                               sum(1 for a in r.actions if a.goal_id), r.activity_id, r.discussion_id)
                for r in rows
            ]

    def record(
        self, response: Response, settings: Settings, config: ScannerConfig,
        accepted: Iterable[int] = (), allow_identifiers: bool = False,
    ) -> SessionSummary:
        """Check, scan, then record everything (goals, CPD entry with the record, session); on failure nothing stays."""
        chosen = set(accepted)
        wrong = sorted(n for n in chosen if not 1 <= n <= len(response.actions))
        if wrong:
            raise SupervisionFileError(
                f"There is no agreed action {wrong[0]}; the response has {len(response.actions)}."
            )
        with self._sessions() as session:
            if session.get(SupervisionSession, response.id) is not None:
                raise SupervisionFileError("This response has already been imported.")
            if session.get(SentPack, response.pack_id) is None:
                raise SupervisionFileError(
                    "This response answers a pack this data folder did not send; nothing was imported."
                )
        if not allow_identifiers:
            refuse_identifiers(
                response.texts(), config,
                "ask your supervisor to remove it, or import it knowingly; nothing was imported.",
            )
        sign = response.sign_off
        assert sign is not None  # read_response refuses an unsigned response
        goals: list[Goal] = []
        activity: Activity | None = None
        discussion: Discussion | None = None
        try:
            goals = [self.cpd.save_goal(Goal(
                title=response.actions[n - 1][:200], why=f"Agreed in supervision with {sign.name} on "
                f"{day_text(response.discussed_on)}.", status="open",
            )) for n in sorted(chosen)]
            record = build_supervision_record(
                response, RecordPeople(settings.practitioner_name.strip(), settings.practitioner_role.strip()), chosen
            )
            activity = self.cpd.save_activity(Activity(
                day=response.discussed_on, title=f"Clinical supervision with {sign.name}"[:200],
                method="supervision", hours=response.hours, participatory=True, clinical=True,
                notes=f"Supervision of my reflections from {day_text(response.start)} to "
                f"{day_text(response.end)}; signed supervision record attached.",
            ), add_content=[(f"supervision-record-{response.discussed_on.isoformat()}.pdf", record)])
            if settings.revalidation_scheme in NMC_SCHEMES and sign.registration and sign.email:
                discussion = self.cpd.save_discussion(Discussion(
                    day=response.discussed_on, colleague_name=sign.name, colleague_pin=sign.registration,
                    colleague_email=sign.email,
                    notes="Reflective discussion in clinical supervision; the signed supervision record is the "
                    f"evidence of the CPD entry “{activity.title}”." + (f"\n\n{response.overall}" if response.overall else ""),
                ))
            self._save_session(response, activity.id, discussion.id if discussion else None,
                               {n: g.id for n, g in zip(sorted(chosen), goals, strict=True)})
        except Exception:
            for goal in goals:
                self.cpd.delete_goal(goal.id or "")
            if activity is not None:
                self.cpd.delete_activity(activity.id or "")
            if discussion is not None:
                self.cpd.delete_discussion(discussion.id or "")
            raise
        return next(s for s in self.sessions() if s.id == response.id)

    def _save_session(self, response: Response, activity_id: str | None, discussion_id: str | None,
                      goal_ids: dict[int, str | None]) -> None:
        sign = response.sign_off
        assert sign is not None
        with self._sessions.begin() as session:
            known = self._existing_reflections(session, [c.about for c in response.reflection_comments])
            row = SupervisionSession(
                id=response.id, pack_id=response.pack_id, day=response.discussed_on, period_start=response.start,
                period_end=response.end, hours=response.hours, supervisor_name=sign.name,
                supervisor_role=sign.role, supervisor_registration=sign.registration, signed_on=sign.signed_on,
                overall_note=response.overall, activity_id=activity_id, discussion_id=discussion_id,
                imported_at=utc_now(),
            )
            comments: list[tuple[str | None, str | None, Comment]] = [
                (c.about if c.about in known else None, None, c) for c in response.reflection_comments
            ]
            comments += [(None, c.about, c) for c in response.tip_comments]
            # a comment whose reflection was deleted here stays with the session, saying what it was on
            row.comments = [
                SupervisionComment(position=i, reflection_id=rid, tip_id=tip,
                                   text=c.text if rid or tip else f"On {c.title}: {c.text}")
                for i, (rid, tip, c) in enumerate(comments)
            ]
            row.actions = [
                SupervisionAction(position=i, text=text, goal_id=goal_ids.get(i + 1))
                for i, text in enumerate(response.actions)
            ]
            session.add(row)

    @staticmethod
    def _existing_reflections(session: Session, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        return set(session.scalars(select(Reflection.id).where(Reflection.id.in_(ids))))
