"""Reflection services shared by the UI and the command line (Qt-free).

Records cross this boundary as plain dataclasses, so callers never hold ORM
objects or sessions. Every write runs in one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Select, delete, func, insert, or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, selectinload

from reflect.data.db import Database
from reflect.data.models import Rating, Reflection, ReflectionTag
from reflect.errors import StorageError
from reflect.frameworks import FrameworkCatalog
from reflect.records import (
    NotFound,
    RatingEntry,
    ReflectionFilter,
    ReflectionRecord,
    ReflectionSummary,
)
from reflect.scoring import Score, top_points
from reflect.vocabulary import STATUS_COMPLETE, STATUS_DRAFT

EXCERPT_CHARS = 80


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Trim, lower-case and de-duplicate tags, keeping their order."""
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = " ".join(tag.split()).lower()
        if cleaned:
            seen.setdefault(cleaned[:60], None)
    return tuple(seen)


def _to_record(row: Reflection) -> ReflectionRecord:
    return ReflectionRecord(
        id=row.id,
        occurred_at=row.occurred_at,
        duration_min=row.duration_min,
        setting=row.setting,
        contact_type=row.contact_type,
        modality=row.modality,
        framework_id=row.framework_id,
        framework_version=row.framework_version,
        ratings=tuple(RatingEntry(r.item_id, r.choice, r.points, r.note) for r in row.ratings),
        text=row.text,
        tags=tuple(t.tag for t in row.tags),
        status=row.status,
        privacy_warning=row.privacy_warning,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _excerpt(text: str) -> str:
    words = " ".join(text.split())
    if len(words) <= EXCERPT_CHARS:
        return words
    return words[: EXCERPT_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _fill(row: Reflection, record: ReflectionRecord) -> None:
    row.occurred_at = record.occurred_at
    row.duration_min = record.duration_min
    row.setting = record.setting
    row.contact_type = record.contact_type
    row.modality = record.modality
    row.framework_id = record.framework_id
    row.framework_version = record.framework_version
    row.text = record.text
    row.status = record.status
    row.privacy_warning = record.privacy_warning
    row.ratings = [
        Rating(item_id=r.item_id, position=i, choice=r.choice, points=r.points, note=r.note)
        for i, r in enumerate(record.ratings)
    ]
    row.tags = [ReflectionTag(tag=t) for t in normalise_tags(record.tags)]


@dataclass(frozen=True)
class MergeResult:
    added: int
    updated: int
    unchanged: int
    replaced: tuple[str, ...] = ()  # ids whose newer copy replaced the one here


def _bulk_rows(
    records: list[ReflectionRecord],
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    """Plain rows for the reflection, rating and tag tables, ready for bulk statements."""
    now = _now()
    reflections: list[dict[str, object]] = []
    ratings: list[dict[str, object]] = []
    tags: list[dict[str, object]] = []
    for record in records:
        reflection_id = record.id or uuid.uuid4().hex
        reflections.append(
            {
                "id": reflection_id,
                "occurred_at": record.occurred_at,
                "duration_min": record.duration_min,
                "setting": record.setting,
                "contact_type": record.contact_type,
                "modality": record.modality,
                "framework_id": record.framework_id,
                "framework_version": record.framework_version,
                "text": record.text,
                "status": record.status,
                "privacy_warning": record.privacy_warning,
                "created_at": record.created_at or now,
                "updated_at": record.updated_at or now,
            }
        )
        ratings.extend(
            {
                "reflection_id": reflection_id,
                "item_id": r.item_id,
                "position": i,
                "choice": r.choice,
                "points": r.points,
                "note": r.note,
            }
            for i, r in enumerate(record.ratings)
        )
        tags.extend({"reflection_id": reflection_id, "tag": t} for t in normalise_tags(record.tags))
    return reflections, ratings, tags


_RATING_COLUMNS = ("reflection_id", "item_id", "position", "choice", "points", "note")
_INSERT_RATINGS = f"INSERT INTO rating ({', '.join(_RATING_COLUMNS)}) VALUES ({', '.join('?' * len(_RATING_COLUMNS))})"


def _insert_ratings(session: Session, ratings: list[dict[str, object]]) -> None:
    """Ratings are plain text and numbers: straight to the driver's executemany (ten per reflection)."""
    if ratings:
        session.connection().exec_driver_sql(
            _INSERT_RATINGS, [tuple(row[c] for c in _RATING_COLUMNS) for row in ratings]
        )


def _bulk_insert(session: Session, records: list[ReflectionRecord]) -> None:
    """Insert reflections with core bulk statements: 20,000 take seconds, not a minute."""
    reflections, ratings, tags = _bulk_rows(records)
    for model, rows in ((Reflection, reflections), (ReflectionTag, tags)):
        if rows:  # a Core insert on the table: one executemany, not the ORM's per-row bookkeeping
            session.execute(insert(model.__table__), rows)
    _insert_ratings(session, ratings)


def _updated_times(session: Session, ids: list[str]) -> dict[str, datetime]:
    found: dict[str, datetime] = {}
    for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
        chunk = ids[start : start + 500]
        query = select(Reflection.id, Reflection.updated_at).where(Reflection.id.in_(chunk))
        found.update((row[0], row[1]) for row in session.execute(query))
    return found


def merge_into(session: Session, records: Iterable[ReflectionRecord]) -> MergeResult:
    """Bring in reflections by their stable ids inside the caller's transaction (import).

    A new id is added; a known id is replaced only when the incoming copy was
    updated later; an identical or older copy is left as it is. A replaced
    reflection is updated in place, because deleting its row would cascade to
    its template sections and goal links and unlink its accounts and sessions.
    """
    incoming = {r.id: r for r in records if r.id}
    known = _updated_times(session, list(incoming))
    newer = [i for i, r in incoming.items() if i in known and r.updated_at and r.updated_at > known[i]]
    for start in range(0, len(newer), 500):
        chunk = newer[start : start + 500]
        session.execute(delete(Rating).where(Rating.reflection_id.in_(chunk)))
        session.execute(delete(ReflectionTag).where(ReflectionTag.reflection_id.in_(chunk)))
    reflections, ratings, tags = _bulk_rows([incoming[i] for i in newer])
    if reflections:
        session.execute(update(Reflection), reflections)
    if tags:
        session.execute(insert(ReflectionTag.__table__), tags)
    _insert_ratings(session, ratings)
    _bulk_insert(session, [r for i, r in incoming.items() if i not in known])
    added = sum(1 for i in incoming if i not in known)
    return MergeResult(added, len(newer), len(incoming) - added - len(newer), tuple(newer))


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
            now = _now()
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
            _fill(row, record)
            row.updated_at = now
            session.flush()
            return _to_record(row)

    def save_many(self, records: Iterable[ReflectionRecord]) -> int:
        """Insert many new reflections in one transaction (demo data)."""
        batch = list(records)
        if batch:
            with self.writing() as session:
                _bulk_insert(session, batch)
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
            return _updated_times(session, ids)

    def get(self, reflection_id: str) -> ReflectionRecord:
        with self._sessions() as session:
            row = session.get(
                Reflection,
                reflection_id,
                options=[selectinload(Reflection.ratings), selectinload(Reflection.tags)],
            )
            if row is None:
                raise NotFound(reflection_id)
            return _to_record(row)

    def delete(self, reflection_id: str) -> ReflectionRecord:
        """Delete a reflection and return what it was, so the caller can offer undo."""
        with self.writing() as session:
            row = session.get(Reflection, reflection_id)
            if row is None:
                raise NotFound(reflection_id)
            snapshot = _to_record(row)
            session.delete(row)
            return snapshot

    def restore(self, snapshot: ReflectionRecord) -> ReflectionRecord:
        """Put a deleted reflection back exactly as it was (undo)."""
        with self.writing() as session:
            row = Reflection(id=snapshot.id, created_at=snapshot.created_at or _now())
            _fill(row, snapshot)
            row.updated_at = snapshot.updated_at or _now()
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
            return _to_record(row) if row else None

    def _filtered(self, query: Select, flt: ReflectionFilter) -> Select:  # type: ignore[type-arg]
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

    def count(self, flt: ReflectionFilter = ReflectionFilter()) -> int:
        with self._sessions() as session:
            query = self._filtered(select(func.count()).select_from(Reflection), flt)
            return session.scalar(query) or 0

    def list(
        self, flt: ReflectionFilter = ReflectionFilter(), offset: int = 0, limit: int = 200
    ) -> list[ReflectionSummary]:
        """One page of reflections, newest first, scored in SQL (fast on large histories)."""
        totals = (
            select(
                Rating.reflection_id,
                func.coalesce(func.sum(Rating.points), 0).label("points"),
                func.count(Rating.points).label("applicable"),
                func.max(Rating.points).label("highest"),
            )
            .group_by(Rating.reflection_id)
            .subquery()
        )
        query = self._filtered(
            select(
                Reflection.id,
                Reflection.occurred_at,
                Reflection.setting,
                Reflection.contact_type,
                Reflection.modality,
                Reflection.status,
                Reflection.framework_id,
                func.substr(Reflection.text, 1, EXCERPT_CHARS * 2),
                func.coalesce(totals.c.points, 0),
                func.coalesce(totals.c.applicable, 0),
                totals.c.highest,
            ).outerjoin(totals, totals.c.reflection_id == Reflection.id),
            flt,
        )
        query = query.order_by(Reflection.occurred_at.desc(), Reflection.id.desc()).offset(offset).limit(limit)
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
                    excerpt=_excerpt(row[7]),
                )
                for row in session.execute(query)
            ]

    def records(self, flt: ReflectionFilter = ReflectionFilter(statuses=(STATUS_COMPLETE,))) -> list[ReflectionRecord]:
        """Every matching reflection with ratings and tags, oldest first (analytics, reports, export).

        Plain rows rather than ORM objects: 20,000 reflections load in about a second.
        """
        matching = self._filtered(select(Reflection.id), flt).subquery()
        base = self._filtered(
            select(
                Reflection.id, Reflection.occurred_at, Reflection.duration_min, Reflection.setting,
                Reflection.contact_type, Reflection.modality, Reflection.framework_id,
                Reflection.framework_version, Reflection.text, Reflection.status,
                Reflection.created_at, Reflection.updated_at, Reflection.privacy_warning,
            ),
            flt,
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
        ratings: dict[str, list[RatingEntry]] = {}
        tags: dict[str, list[str]] = {}
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
