"""Reflections between records and database rows: conversion, excerpts, and the bulk writes
(20,000 reflections in seconds) that the store, the demo data and the import share (Qt-free)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from reflect.data.model_base import utc_now
from reflect.data.models import Rating, Reflection, ReflectionTag
from reflect.records import (
    RatingEntry,
    ReflectionRecord,
)

EXCERPT_CHARS = 80




def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Trim, lower-case and de-duplicate tags, keeping their order."""
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = " ".join(tag.split()).lower()
        if cleaned:
            seen.setdefault(cleaned[:60], None)
    return tuple(seen)


def to_record(row: Reflection) -> ReflectionRecord:
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


def excerpt(text: str) -> str:
    shown, cut = excerpt_parts(text)
    return shown + "…" if cut else shown


def excerpt_parts(text: str) -> tuple[str, bool]:
    """The start of a text, cut at a word within EXCERPT_CHARS, and whether it was cut (an ellipsis to add)."""
    words = " ".join(text.split())
    if len(words) <= EXCERPT_CHARS:
        return words, False
    return words[: EXCERPT_CHARS - 1].rsplit(" ", 1)[0], True


def fill_row(row: Reflection, record: ReflectionRecord) -> None:
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


def bulk_rows(
    records: list[ReflectionRecord],
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[dict[str, object]]]:
    """Plain rows for the reflection, rating and tag tables, ready for bulk statements."""
    now = utc_now()
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


def insert_ratings(session: Session, ratings: list[dict[str, object]]) -> None:
    """Ratings are plain text and numbers: straight to the driver's executemany (ten per reflection)."""
    if ratings:
        session.connection().exec_driver_sql(
            _INSERT_RATINGS, [tuple(row[c] for c in _RATING_COLUMNS) for row in ratings]
        )


def bulk_insert(session: Session, records: list[ReflectionRecord]) -> None:
    """Insert reflections with core bulk statements: 20,000 take seconds, not a minute."""
    reflections, ratings, tags = bulk_rows(records)
    for model, rows in ((Reflection, reflections), (ReflectionTag, tags)):
        if rows:  # a Core insert on the table: one executemany, not the ORM's per-row bookkeeping
            session.execute(insert(cast(Table, model.__table__)), rows)
    insert_ratings(session, ratings)


def updated_times_in(session: Session, ids: list[str]) -> dict[str, datetime]:
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
    known = updated_times_in(session, list(incoming))
    newer = [i for i, r in incoming.items() if i in known and r.updated_at and r.updated_at > known[i]]
    for start in range(0, len(newer), 500):
        chunk = newer[start : start + 500]
        session.execute(delete(Rating).where(Rating.reflection_id.in_(chunk)))
        session.execute(delete(ReflectionTag).where(ReflectionTag.reflection_id.in_(chunk)))
    reflections, ratings, tags = bulk_rows([incoming[i] for i in newer])
    if reflections:
        session.execute(update(Reflection), reflections)
    if tags:
        session.execute(insert(cast(Table, ReflectionTag.__table__)), tags)
    insert_ratings(session, ratings)
    bulk_insert(session, [r for i, r in incoming.items() if i not in known])
    added = sum(1 for i in incoming if i not in known)
    return MergeResult(added, len(newer), len(incoming) - added - len(newer), tuple(newer))
