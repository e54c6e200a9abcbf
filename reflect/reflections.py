"""Reflection services shared by the UI and the command line (Qt-free).

Records cross this boundary as plain dataclasses, so callers never hold ORM
objects or sessions. Every write runs in one transaction.
"""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, selectinload

from reflect.data.db import Database
from reflect.data.models import Rating, Reflection, ReflectionTag
from reflect.errors import StorageError
from reflect.frameworks import FrameworkCatalog
from reflect.rating_columns import RatingColumns
from reflect.records import (
    NotFound,
    RatingEntry,
    ReflectionFilter,
    ReflectionRecord,
    ReflectionSummary,
)
from reflect.reflection_columns import load_columns
from reflect.reflection_rows import (
    EXCERPT_CHARS,
    MergeResult,
    bulk_insert,
    excerpt,
    fill_row,
    merge_into,
    normalise_tags,
    to_record,
    updated_times_in,
    utc_now,
)
from reflect.scoring import Score, top_points
from reflect.vocabulary import STATUS_COMPLETE, STATUS_DRAFT

# conversion and bulk writes live in reflection_rows; callers import these names from here
__all__ = ["COMPLETE", "EVERY", "EXCERPT_CHARS", "MergeResult", "ReflectionStore", "merge_into", "normalise_tags"]

SelectT = TypeVar("SelectT", bound="Select[*tuple[Any, ...]]")
EVERY = ReflectionFilter()  # (filters are frozen: safe as defaults)
COMPLETE = ReflectionFilter(statuses=(STATUS_COMPLETE,))



def _with_ids(ids: builtins.list[str], query: Any) -> Any:
    return query.where(Reflection.id.in_(ids))


def where_matching(query: SelectT, flt: ReflectionFilter) -> SelectT:
    """`query` narrowed to the reflections `flt` matches: statuses, whole days, setting, words in text or tags."""
    query = query.where(Reflection.status.in_(flt.statuses))
    if flt.date_from:
        query = query.where(Reflection.occurred_at >= datetime.combine(flt.date_from, time.min))
    if flt.date_to:
        end = datetime.combine(flt.date_to + timedelta(days=1), time.min)
        query = query.where(Reflection.occurred_at < end)
    if flt.setting:
        query = query.where(Reflection.setting == flt.setting)
    needle = flt.text.strip()
    if needle:
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        tagged = select(ReflectionTag.reflection_id).where(
            ReflectionTag.tag.like(pattern, escape="\\")
        )
        query = query.where(
            or_(Reflection.text.like(pattern, escape="\\"), Reflection.id.in_(tagged))
        )
    return query


class ReflectionStore:
    """Create, read, update, list and delete reflections in one database."""

    def __init__(self, database: Database, catalog: FrameworkCatalog) -> None:
        self.database = database  # the import reaches the other tables and the evidence folder through it
        self._sessions = database.sessions
        self._catalog = catalog

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction; a full disk or read-only folder becomes one clear sentence."""
        try:
            with self._sessions.begin() as session:
                yield session
        except (OperationalError, OSError) as exc:
            detail = str(getattr(exc, "orig", None) or exc).lower()
            if "full" in detail:
                reason = "the disk is full"
            elif "readonly" in detail or "read-only" in detail or "permission" in detail:
                reason = "the data folder cannot be written to"
            else:
                reason = "the database could not be written"
            raise StorageError(f"Nothing was saved: {reason}. Free some space or check the folder, then try again.") from exc

    def max_points(self, framework_id: str) -> int:
        """Top of the framework's scale; 2 (the default scale) for an unknown framework."""
        framework = self._catalog.get(framework_id)
        return framework.max_points if framework else 2

    def save(self, record: ReflectionRecord) -> ReflectionRecord:
        """Insert a new reflection or replace an existing one; returns it as stored."""
        with self.writing() as session:
            row = session.get(Reflection, record.id) if record.id else None
            now = utc_now()
            if row is None:
                row = Reflection(
                    id=record.id or uuid.uuid4().hex,
                    created_at=record.created_at or now,
                )
                session.add(row)
            else:
                # replace children in a separate flush so primary keys can be reused
                row.ratings = []
                row.tags = []
                session.flush()
            fill_row(row, record)
            row.updated_at = now
            session.flush()
            return to_record(row)

    def save_many(self, records: Iterable[ReflectionRecord]) -> int:
        """Insert many new reflections in one transaction (demo data)."""
        batch = list(records)
        if batch:
            with self.writing() as session:
                bulk_insert(session, batch)
        return len(batch)

    def merge(self, records: Iterable[ReflectionRecord]) -> MergeResult:
        """Bring in reflections by their stable ids, all or nothing (import).

        A new id is added; a known id is replaced only when the incoming copy was
        updated later; an identical or older copy is left as it is.
        """
        with self.writing() as session:
            return merge_into(session, records)

    def updated_times(self, ids: list[str]) -> dict[str, datetime]:
        """When each of these reflections was last changed, for those that exist."""
        with self._sessions() as session:
            return updated_times_in(session, ids)

    def get(self, reflection_id: str) -> ReflectionRecord:
        with self._sessions() as session:
            row = session.get(
                Reflection,
                reflection_id,
                options=[selectinload(Reflection.ratings), selectinload(Reflection.tags)],
            )
            if row is None:
                raise NotFound(reflection_id)
            return to_record(row)

    def delete(self, reflection_id: str) -> ReflectionRecord:
        """Delete a reflection and return what it was, so the caller can offer undo."""
        with self.writing() as session:
            row = session.get(Reflection, reflection_id)
            if row is None:
                raise NotFound(reflection_id)
            snapshot = to_record(row)
            session.delete(row)
            return snapshot

    def restore(self, snapshot: ReflectionRecord) -> ReflectionRecord:
        """Put a deleted reflection back exactly as it was (undo)."""
        with self.writing() as session:
            row = Reflection(id=snapshot.id, created_at=snapshot.created_at or utc_now())
            fill_row(row, snapshot)
            row.updated_at = snapshot.updated_at or utc_now()
            session.add(row)
        return snapshot

    def latest_draft(self) -> ReflectionRecord | None:
        with self._sessions() as session:
            row = session.scalars(
                select(Reflection)
                .where(Reflection.status == STATUS_DRAFT)
                .order_by(Reflection.updated_at.desc())
                .limit(1)
            ).first()
            return to_record(row) if row else None

    def count(self, flt: ReflectionFilter = EVERY) -> int:
        with self._sessions() as session:
            query = where_matching(select(func.count()).select_from(Reflection), flt)
            return session.scalar(query) or 0

    def list(
        self, flt: ReflectionFilter = EVERY, offset: int = 0, limit: int = 200
    ) -> list[ReflectionSummary]:
        """One page of reflections, newest first, scored in SQL (fast on large histories).

        The page is chosen first and only its ratings are summed: summing every rating and then
        keeping one page took about 0.7 s a page at 100,000 reflections.
        """
        newest_first = (Reflection.occurred_at.desc(), Reflection.id.desc())
        page = where_matching(
            select(
                Reflection.id,
                Reflection.occurred_at,
                Reflection.setting,
                Reflection.contact_type,
                Reflection.modality,
                Reflection.status,
                Reflection.framework_id,
                func.substr(Reflection.text, 1, EXCERPT_CHARS * 2).label("start"),
            ),
            flt,
        ).order_by(*newest_first).offset(offset).limit(limit).cte("page")
        totals = (
            select(
                Rating.reflection_id,
                func.coalesce(func.sum(Rating.points), 0).label("points"),
                func.count(Rating.points).label("applicable"),
                func.max(Rating.points).label("highest"),
            )
            .where(Rating.reflection_id.in_(select(page.c.id)))
            .group_by(Rating.reflection_id)
            .subquery()
        )
        query = (
            select(
                *page.c,
                func.coalesce(totals.c.points, 0),
                func.coalesce(totals.c.applicable, 0),
                totals.c.highest,
            )
            .outerjoin(totals, totals.c.reflection_id == page.c.id)
            .order_by(page.c.occurred_at.desc(), page.c.id.desc())
        )
        with self._sessions() as session:
            return [
                ReflectionSummary(
                    id=row[0],
                    occurred_at=row[1],
                    setting=row[2],
                    contact_type=row[3],
                    modality=row[4],
                    status=row[5],
                    score=Score(row[8], row[9] * top_points(self.max_points(row[6]), row[10]), row[9]),
                    excerpt=excerpt(row[7]),
                )
                for row in session.execute(query)
            ]

    def records(self, flt: ReflectionFilter = COMPLETE) -> builtins.list[ReflectionRecord]:
        """Every matching reflection with ratings and tags, oldest first (reports with text, export).

        Plain rows rather than ORM objects: 20,000 reflections load in about a second. Charts
        need far less: ``columns`` reads just what they use.
        """
        return self._records(lambda query: where_matching(query, flt))

    def records_with_ids(self, ids: Iterable[str]) -> builtins.list[ReflectionRecord]:
        """The reflections with these ids that exist, oldest first: the few a chart's click lists."""
        wanted = builtins.list(dict.fromkeys(ids))
        found: builtins.list[ReflectionRecord] = []
        for start in range(0, len(wanted), 500):  # SQLite limits the parameters of one statement
            found += self._records(partial(_with_ids, wanted[start:start + 500]))
        return sorted(found, key=lambda r: (r.occurred_at, r.id or ""))

    def columns(self, flt: ReflectionFilter = COMPLETE) -> RatingColumns:
        """Just the columns the trend charts use, as arrays (see ``rating_columns``)."""
        return load_columns(self.database, flt)

    def _records(self, where: Callable[[Any], Any]) -> builtins.list[ReflectionRecord]:
        matching = where(select(Reflection.id)).subquery()
        base = where(
            select(
                Reflection.id, Reflection.occurred_at, Reflection.duration_min, Reflection.setting,
                Reflection.contact_type, Reflection.modality, Reflection.framework_id,
                Reflection.framework_version, Reflection.text, Reflection.status,
                Reflection.created_at, Reflection.updated_at, Reflection.privacy_warning,
            ),
        ).order_by(Reflection.occurred_at, Reflection.id)
        ratings_query = (
            select(Rating.reflection_id, Rating.item_id, Rating.choice, Rating.points, Rating.note)
            .where(Rating.reflection_id.in_(select(matching.c.id)))
            .order_by(Rating.reflection_id, Rating.position)
        )
        tags_query = (
            select(ReflectionTag.reflection_id, ReflectionTag.tag)
            .where(ReflectionTag.reflection_id.in_(select(matching.c.id)))
            .order_by(ReflectionTag.reflection_id, ReflectionTag.tag)
        )
        ratings: dict[str, builtins.list[RatingEntry]] = {}
        tags: dict[str, builtins.list[str]] = {}
        # the same few item ids, choices and settings repeat 200,000 times: share one string each
        shared: dict[str, str] = {}
        same = shared.setdefault
        with self._sessions() as session:
            connection = session.connection()  # Core results stream from the cursor; ORM ones buffer
            rows = connection.execute(base).all()
            for reflection_id, item_id, choice, points, note in connection.execute(ratings_query):
                ratings.setdefault(reflection_id, []).append(
                    RatingEntry(same(item_id, item_id), same(choice, choice), points, note)
                )
            for reflection_id, tag in connection.execute(tags_query):
                tags.setdefault(reflection_id, []).append(same(tag, tag))
        return [
            ReflectionRecord(
                id=row[0], occurred_at=row[1], duration_min=row[2], setting=same(row[3], row[3]),
                contact_type=same(row[4], row[4]), modality=same(row[5], row[5]),
                framework_id=same(row[6], row[6]), framework_version=same(row[7], row[7]), text=row[8],
                status=same(row[9], row[9]), created_at=row[10], updated_at=row[11],
                privacy_warning=bool(row[12]),
                ratings=tuple(ratings.pop(row[0], ())), tags=tuple(tags.pop(row[0], ())),
            )
            for row in rows
        ]
