"""Reflections as plain records: what crosses from storage to the UI and the command line.

Kept apart from `reflect.reflections` so the checklist can be built and painted
before SQLAlchemy is imported (start-up time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from reflect.scoring import Score, score
from reflect.vocabulary import STATUS_COMPLETE, STATUS_DRAFT

# The earliest date Reflect takes anywhere: sessions in the form, every date in an import, demo data.
EARLIEST_DAY = date(1990, 1, 1)


class NotFound(LookupError):
    """The reflection does not exist (perhaps deleted elsewhere)."""


@dataclass(frozen=True, slots=True)
class RatingEntry:
    item_id: str
    choice: str
    points: int | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReflectionRecord:
    """A reflection as the rest of the app sees it."""

    occurred_at: datetime
    duration_min: int
    setting: str
    contact_type: str
    modality: str
    framework_id: str
    framework_version: str
    ratings: tuple[RatingEntry, ...] = ()
    text: str = ""
    tags: tuple[str, ...] = ()
    status: str = STATUS_COMPLETE
    privacy_warning: bool = False  # the user saved it although the scanner flagged something
    id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def score(self, max_points: int = 2) -> Score:
        return score((r.points for r in self.ratings), max_points)

    def rating(self, item_id: str) -> RatingEntry | None:
        return next((r for r in self.ratings if r.item_id == item_id), None)


@dataclass(frozen=True)
class ReflectionSummary:
    """What a History row needs."""

    id: str
    occurred_at: datetime
    setting: str
    contact_type: str
    modality: str
    status: str
    score: Score
    excerpt: str


@dataclass(frozen=True)
class ReflectionFilter:
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    setting: str | None = None
    text: str = ""
    statuses: tuple[str, ...] = field(default=(STATUS_COMPLETE, STATUS_DRAFT))
