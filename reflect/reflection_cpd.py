"""Counting reflections as CPD: only those with written learning count (Qt-free).

A routine self-rating is not, on its own, evidence of learning; appraisers and the NMC look
for what was learned and what will change. So a reflection counts as CPD time only when it
has a filled "Now what?" / "Action plan" section — any template section that feeds the
reflective account's "How did you change or improve your practice?" answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from reflect.cpd_data import ReflectionTemplate
from reflect.data.db import Database
from reflect.data.models import Reflection, ReflectionSection
from reflect.vocabulary import STATUS_COMPLETE

CAUTION = (
    "Routine self-ratings are not CPD on their own: only reflections with written learning "
    "(a filled “Now what?” or action-plan section) are counted."
)
LEARNING_ACCOUNT = "changed"  # the account prompt a learning section feeds


def learning_sections(templates: Mapping[str, ReflectionTemplate]) -> set[tuple[str, str]]:
    """(template id, section id) of every section that records what will change."""
    return {(t.id, s.id) for t in templates.values() for s in t.sections if s.account == LEARNING_ACCOUNT}


def count_reflections(
    database: Database, templates: Mapping[str, ReflectionTemplate], start: date, end: date
) -> tuple[int, int]:
    """(complete reflections with written learning, all complete reflections) from `start` to `end`."""
    first, after = datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)
    in_range = (Reflection.status == STATUS_COMPLETE, Reflection.occurred_at >= first, Reflection.occurred_at < after)
    wanted = learning_sections(templates)
    with database.sessions() as session:
        total = session.scalar(select(func.count()).select_from(Reflection).where(*in_range)) or 0
        rows = session.execute(
            select(ReflectionSection.reflection_id, ReflectionSection.template_id, ReflectionSection.section_id)
            .join(Reflection, Reflection.id == ReflectionSection.reflection_id)
            .where(*in_range, func.length(func.trim(ReflectionSection.text)) > 0)
        )
        with_learning = {rid for rid, template, section in rows if (template, section) in wanted}
    return len(with_learning), int(total)
