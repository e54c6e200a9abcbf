"""Progress against a revalidation or appraisal scheme's targets (pure arithmetic, Qt-free).

Cycles and appraisal years run from the user's cycle start date, not from 1 January,
so a cycle starting 1 April 2024 has appraisal years April–March and ends 31 March 2027.
Cycles repeat: once one ends, the next starts the following day.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from reflect.cpd_data import Scheme, Target


@dataclass(frozen=True)
class Period:
    """An inclusive run of days."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class ActivityFact:
    """What progress needs from a CPD activity."""

    day: date
    hours: float
    participatory: bool = False
    clinical: bool = False


@dataclass(frozen=True)
class EvidenceFacts:
    """What progress needs from the evidence logs (dates and amounts only; see ``reflect.revalidation_logs``)."""

    hours: tuple[tuple[date, float], ...] = ()  # (last day of the period worked, hours)
    feedback_days: tuple[date, ...] = ()
    confirmation_days: tuple[date, ...] = ()
    meeting_days: tuple[date, ...] = ()
    pdp_days: tuple[date, ...] = ()


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    period: Period
    achieved: float
    current: bool  # the period holding `today` (past years of the cycle are False)
    elapsed: float  # share of the period gone by `today`, 0–1

    @property
    def required(self) -> float:
        return self.target.amount

    @property
    def remaining(self) -> float:
        return max(0.0, self.required - self.achieved)

    @property
    def met(self) -> bool:
        return self.achieved >= self.required


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return day.replace(year=year)


def _span(start: date, years: int) -> Period:
    following = add_years(start, years)
    return Period(start, date.fromordinal(following.toordinal() - 1))


def cycle_containing(anchor: date, years: int, today: date) -> Period:
    """The cycle of `years` years, counted forwards or backwards from `anchor`, that holds `today`."""
    shift = (today.year - anchor.year) // years * years
    start = add_years(anchor, shift)
    while start > today:
        shift -= years
        start = add_years(anchor, shift)
    while add_years(anchor, shift + years) <= today:
        shift += years
        start = add_years(anchor, shift)
    return _span(start, years)


def cycle_years(cycle: Period, years: int) -> list[Period]:
    """The appraisal years of a cycle, each starting on the cycle start's anniversary."""
    spans = [_span(add_years(cycle.start, n), 1) for n in range(years)]
    last = spans[-1]
    spans[-1] = Period(last.start, cycle.end)  # keeps the last year ending with the cycle (29 February starts)
    return spans


def _elapsed(period: Period, today: date) -> float:
    if today < period.start:
        return 0.0
    if today > period.end:
        return 1.0
    return ((today - period.start).days + 1) / period.days


def measure(
    target: Target,
    scheme: Scheme,
    period: Period,
    activities: Iterable[ActivityFact],
    account_days: Iterable[date],
    discussion_days: Iterable[date],
    evidence: EvidenceFacts | None = None,
) -> float:
    """How much of the target's measure falls in the period (hours converted to the scheme's unit).

    `discussion_days` must hold only discussions that covered five accounts (``evidence.met_discussion_days``).
    """
    rate = scheme.credits_per_hour if scheme.unit == "credits" else 1.0
    facts = evidence or EvidenceFacts()
    counted = {
        "practice_hours": [hours for day, hours in facts.hours if day in period],
        "practice_feedback": [1.0 for day in facts.feedback_days if day in period],
        "confirmation": [1.0 for day in facts.confirmation_days if day in period],
        "peer_group_meetings": [1.0 for day in facts.meeting_days if day in period],
        "pdp_agreed": [1.0 for day in facts.pdp_days if day in period],
    }
    if target.measure in counted:
        return round(float(sum(counted[target.measure])), 2)
    if target.measure == "reflective_accounts":
        return float(sum(1 for d in account_days if d in period))
    if target.measure == "reflective_discussions":
        return float(sum(1 for d in discussion_days if d in period))
    chosen = [a for a in activities if a.day in period]
    if target.measure == "cpd_participatory":
        chosen = [a for a in chosen if a.participatory]
    elif target.measure == "cpd_clinical":
        chosen = [a for a in chosen if a.clinical]
    elif target.measure == "cpd_other":
        chosen = [a for a in chosen if not a.clinical]
    return round(sum(a.hours for a in chosen) * rate, 2)


def progress(
    scheme: Scheme,
    anchor: date,
    today: date,
    activities: Sequence[ActivityFact],
    account_days: Sequence[date],
    discussion_days: Sequence[date],
    evidence: EvidenceFacts | None = None,
) -> tuple[Period, list[TargetProgress]]:
    """The current cycle and one row per target: per-cycle targets once, yearly targets per year so far."""
    cycle = cycle_containing(anchor, scheme.cycle_years, today)
    rows: list[TargetProgress] = []
    for target in scheme.targets:
        periods = [cycle] if target.per == "cycle" else [
            year for year in cycle_years(cycle, scheme.cycle_years) if year.start <= today
        ]
        for period in periods:
            achieved = measure(target, scheme, period, activities, account_days, discussion_days, evidence)
            rows.append(TargetProgress(target, period, achieved, today in period, _elapsed(period, today)))
    return cycle, rows


def cycle_anchor(value: date | None, today: date) -> date:
    """The cycle start from Settings; without one, cycles are counted from 1 January of this year."""
    return value if value is not None else date(today.year, 1, 1)
