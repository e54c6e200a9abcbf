"""The CPD records as the rest of Reflect sees them (goals, activities, accounts, discussions),
their vocabularies, and their conversion from database rows (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from reflect.data.models import CpdActivity as CpdActivityRow
from reflect.data.models import Goal as GoalRow
from reflect.data.models import ReflectiveAccount as AccountRow
from reflect.data.models import ReflectiveDiscussion as DiscussionRow
from reflect.errors import UserError
from reflect.revalidation import ActivityFact

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




def split_themes(value: str) -> tuple[str, ...]:
    return tuple(value.split())


def goal_of(row: GoalRow) -> Goal:
    return Goal(
        id=row.id, title=row.title, why=row.why, target_date=row.target_date, status=row.status,
        tips=tuple(t.tip_id for t in row.tips), actions=tuple(GoalAction(a.text, a.done) for a in row.actions),
        reflection_ids=tuple(sorted(r.reflection_id for r in row.reflections)), updated_at=row.updated_at,
    )


def activity_of(row: CpdActivityRow) -> Activity:
    return Activity(
        id=row.id, day=row.day, title=row.title, method=row.method, hours=row.hours,
        participatory=row.participatory, clinical=row.clinical, themes=split_themes(row.themes), notes=row.notes,
        evidence=tuple(Evidence(e.name, e.stored, e.size, e.id) for e in row.evidence),
    )


def account_of(row: AccountRow) -> Account:
    return Account(
        id=row.id, day=row.day, title=row.title, nature=row.nature, learned=row.learned, changed=row.changed,
        relevance=row.relevance, themes=split_themes(row.themes), complete=row.complete,
        reflection_id=row.reflection_id, activity_id=row.activity_id,
    )


def discussion_of(row: DiscussionRow) -> Discussion:
    return Discussion(
        id=row.id, day=row.day, colleague_name=row.colleague_name, colleague_pin=row.colleague_pin,
        colleague_email=row.colleague_email, colleague_address=row.colleague_address, notes=row.notes,
    )


def required_text(value: str, what: str) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise CpdError(f"Give the {what}; it cannot be empty.")
    return cleaned


def safe_name(name: str) -> str:
    kept = "".join(c if c.isalnum() or c in "._- " else "_" for c in Path(name).name).strip(" .")
    return kept[:120] or "file"
