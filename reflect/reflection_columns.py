"""One read of the columns the trend charts need, straight into arrays (see ``rating_columns``).

The statements go to the DB-API cursor rather than through SQLAlchemy's result rows: for
the 200,000 ratings of 20,000 reflections SQLAlchemy's row objects alone cost more than
SQLite's scan (about 280 ms against 110 ms), and the charts need plain tuples. Times are
read as whole seconds (``strftime('%s')`` treats the stored wall-clock time as UTC, as the
chart axis does), so no datetime is parsed in Python.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, time, timedelta
from itertools import repeat
from typing import Any

import numpy as np

from reflect.data.db import Database
from reflect.rating_columns import RatingColumns
from reflect.records import ReflectionFilter

_REFLECTIONS = (
    "SELECT id, CAST(strftime('%s', occurred_at) AS INTEGER), setting, contact_type, modality, framework_id "
    "FROM reflection WHERE {where} ORDER BY occurred_at, id"
)
CHUNK = 50_000  # rating rows read at a time
_RATINGS = "SELECT reflection_id, item_id, points, position FROM rating{where}"
_TAGS = "SELECT reflection_id, tag FROM reflection_tag{where}"
FEW = 500  # the most reflections ``load_reflections`` reads (SQLite bounds a statement's parameters)


def _stored(moment: datetime) -> str:
    """A time as SQLAlchemy stores it in SQLite, so text comparison orders it correctly."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _conditions(flt: ReflectionFilter) -> tuple[str, list[Any]]:
    if flt.text.strip():
        raise ValueError("the column read does not search text; filter the reflections first")
    clauses = [f"status IN ({', '.join('?' * len(flt.statuses))})"]
    params: list[Any] = list(flt.statuses)
    if flt.date_from:
        clauses.append("occurred_at >= ?")
        params.append(_stored(datetime.combine(flt.date_from, time.min)))
    if flt.date_to:
        clauses.append("occurred_at < ?")
        params.append(_stored(datetime.combine(flt.date_to + timedelta(days=1), time.min)))
    if flt.setting:
        clauses.append("setting = ?")
        params.append(flt.setting)
    return " AND ".join(clauses), params


def _nothing() -> None:
    pass


def load_columns(database: Database, flt: ReflectionFilter, check: Callable[[], None] | None = None) -> RatingColumns:
    """The reflections matching `flt` (statuses, dates, setting) and their ratings and tags, oldest first.

    `check` is called between chunks (about 0.1 s apart) and may raise to stop the read (a report cancelled)."""
    where, params = _conditions(flt)
    narrowed = bool(flt.date_from or flt.date_to or flt.setting)
    # a date range reads only its own ratings; everything reads the whole rating table, faster than a join
    children = f" WHERE reflection_id IN (SELECT id FROM reflection WHERE {where})" if narrowed else ""
    return _read(database, (where, params), (children, params if narrowed else []), check=check or _nothing)


def load_reflections(database: Database, flt: ReflectionFilter, ids: Collection[str]) -> RatingColumns:
    """Just these reflections (at most ``FEW``), those of them matching `flt`: what ``RatingColumns.patched``
    puts in after a save, edit or delete. Their ratings come in the order a whole read meets them (the
    rating table's own order), so each reflection's score is summed in the same order."""
    if len(ids) > FEW:
        raise ValueError(f"at most {FEW} reflections are read one by one; read them all instead")
    where, params = _conditions(flt)
    wanted = list(ids)
    marks = ", ".join("?" * len(wanted))
    return _read(database, (f"{where} AND id IN ({marks})", [*params, *wanted]),
                 (f" WHERE reflection_id IN ({marks})", wanted), rating_order=" ORDER BY rowid")


def _read(database: Database, reflections_where: tuple[str, list[Any]], children_where: tuple[str, list[Any]],
          rating_order: str = "", check: Callable[[], None] = _nothing) -> RatingColumns:
    where, params = reflections_where
    children, child_params = children_where
    with database.sessions() as session:
        cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            reflections = _reflections(cursor.execute(_REFLECTIONS.format(where=where), params), check)
            row_of = {row[0]: index for index, row in enumerate(reflections)}
            ratings = _ratings(cursor.execute(_RATINGS.format(where=children) + rating_order, child_params), row_of,
                               check)
            tags = cursor.execute(_TAGS.format(where=children), child_params).fetchall()
        finally:
            cursor.close()
    check()
    tagged = [(row_of[reflection_id], tag) for reflection_id, tag in tags if reflection_id in row_of]
    return RatingColumns.build(reflections, ratings, tagged)


def _reflections(cursor: Any, check: Callable[[], None]) -> list[tuple[Any, ...]]:
    """The reflection rows, ``CHUNK`` at a time, each setting, contact type, modality and checklist
    string kept once: SQLite gives every row its own copies, about 25 MB at 100,000 reflections."""
    rows: list[tuple[Any, ...]] = []
    same: dict[str, str] = {}
    while chunk := cursor.fetchmany(CHUNK):
        rows.extend([(r[0], r[1], *(same.setdefault(text, text) for text in r[2:])) for r in chunk])
        check()
    return rows


def _ratings(cursor: Any, row_of: dict[str, int], check: Callable[[], None]
             ) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    """The ratings' columns, read ``CHUNK`` rows at a time into arrays (row -1: a draft's rating).

    All the rating rows at once, as Python tuples, were most of the memory Trends ever used (about
    300 MB at 100,000 reflections); a chunk at a time, only the arrays grow. Each item id is kept
    once, however many ratings name it.
    """
    rows: list[np.ndarray] = []
    points: list[np.ndarray] = []
    positions: list[np.ndarray] = []
    items: list[str] = []
    same: dict[str, str] = {}
    while chunk := cursor.fetchmany(CHUNK):
        rows.append(np.fromiter(map(row_of.get, [r[0] for r in chunk], repeat(-1)), dtype=np.int64, count=len(chunk)))
        items.extend([same.setdefault(r[1], r[1]) for r in chunk])
        points.append(np.array([r[2] for r in chunk], dtype=np.float64))  # None (Not applicable) becomes NaN
        positions.append(np.fromiter([r[3] for r in chunk], dtype=np.int64, count=len(chunk)))
        check()

    def joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

    return joined(rows, np.int64), items, joined(points, np.float64), joined(positions, np.int64)
