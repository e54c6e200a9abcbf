"""One read of the columns the trend charts need, straight into arrays (see ``rating_columns``).

The statements go to the DB-API cursor rather than through SQLAlchemy's result rows: for
the 200,000 ratings of 20,000 reflections SQLAlchemy's row objects alone cost more than
SQLite's scan (about 280 ms against 110 ms), and the charts need plain tuples. Times are
read as whole seconds (``strftime('%s')`` treats the stored wall-clock time as UTC, as the
chart axis does), so no datetime is parsed in Python.
"""

from __future__ import annotations

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
_RATINGS = "SELECT reflection_id, item_id, points, position FROM rating{where}"
_TAGS = "SELECT reflection_id, tag FROM reflection_tag{where}"


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


def load_columns(database: Database, flt: ReflectionFilter) -> RatingColumns:
    """The reflections matching `flt` (statuses, dates, setting) and their ratings and tags, oldest first."""
    where, params = _conditions(flt)
    narrowed = bool(flt.date_from or flt.date_to or flt.setting)
    # a date range reads only its own ratings; everything reads the whole rating table, faster than a join
    children = f" WHERE reflection_id IN (SELECT id FROM reflection WHERE {where})" if narrowed else ""
    child_params = params if narrowed else []
    with database.sessions() as session:
        cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            reflections = cursor.execute(_REFLECTIONS.format(where=where), params).fetchall()
            ratings = cursor.execute(_RATINGS.format(where=children), child_params).fetchall()
            tags = cursor.execute(_TAGS.format(where=children), child_params).fetchall()
        finally:
            cursor.close()
    row_of = {row[0]: index for index, row in enumerate(reflections)}
    # one list per column (several times faster than zip(*ratings)); -1: a draft's rating
    rows = np.fromiter(map(row_of.get, [r[0] for r in ratings], repeat(-1)), dtype=np.int64, count=len(ratings))
    items, points, positions = ([r[k] for r in ratings] for k in (1, 2, 3))
    tagged = [(row_of[reflection_id], tag) for reflection_id, tag in tags if reflection_id in row_of]
    return RatingColumns.build(reflections, (rows, items, points, positions), tagged)
