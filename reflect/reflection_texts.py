"""A period's completed reflections as lists to tick "include the text of" show them (Qt-free).

The Reports page and the supervision pack list each reflection by when, setting and the start
of its text, and offer only those with text or a note. Whole records (every rating as an
object) took about 0.4 s for a year and several seconds for all time at 100,000 reflections;
these rows skip the ratings and ask SQLite only whether any of them has a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, select

from reflect.data.db import Database
from reflect.data.models import Rating, Reflection, ReflectionTag
from reflect.records import ReflectionFilter
from reflect.reflections import where_matching
from reflect.vocabulary import STATUS_COMPLETE


@dataclass(frozen=True)
class TextRow:
    """One reflection as such a list needs it: no ratings, only whether one of them has a note."""

    id: str
    occurred_at: datetime
    setting: str
    contact_type: str
    modality: str
    tags: tuple[str, ...]  # sorted
    text: str
    noted: bool  # a rating has a note


def text_rows(database: Database, start: date, end: date) -> Iterator[TextRow]:
    """The completed reflections from `start` to `end` (whole days), newest first, one at a time: a
    caller keeping less than a whole row (the Reports list) never holds every text at once."""
    matching = ReflectionFilter(statuses=(STATUS_COMPLETE,), date_from=start, date_to=end)
    noted = exists().where(Rating.reflection_id == Reflection.id, Rating.note != "")
    rows = where_matching(select(Reflection.id, Reflection.occurred_at, Reflection.setting, Reflection.contact_type,
                                 Reflection.modality, Reflection.text, noted), matching)
    tags: dict[str, list[str]] = {}
    same: dict[str, str] = {}  # each tag name kept once, not once per reflection
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}  # and each combination of tags
    with database.sessions() as session:
        connection = session.connection()
        for reflection_id, tag in connection.execute(
            select(ReflectionTag.reflection_id, ReflectionTag.tag)
            .where(ReflectionTag.reflection_id.in_(where_matching(select(Reflection.id), matching)))
            .order_by(ReflectionTag.reflection_id, ReflectionTag.tag)
        ):
            tags.setdefault(reflection_id, []).append(same.setdefault(tag, tag))
        for row in connection.execute(rows.order_by(Reflection.occurred_at.desc(), Reflection.id.desc())):
            found = tuple(tags.pop(row[0], ()))
            yield TextRow(row[0], row[1], row[2], row[3], row[4], shared.setdefault(found, found), row[5], bool(row[6]))
