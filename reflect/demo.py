"""Synthetic reflections for trying Reflect and for benchmarks.

Sessions are spread over the last N/5 working days, about five a day, in varied
settings. A large demo (100,000 is five times the design load) has more a day rather
than reach back past the earliest date an import accepts, so its export imports again:
at most MAX_PER_DAY, each over before the next begins and all by six. Ratings follow
per-tip tendencies chosen by position in the framework (so any framework works): some
tips improve over time, some are often not applicable. The free text is generic and
contains no identifiers.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from reflect.errors import UserError
from reflect.frameworks import Framework
from reflect.records import EARLIEST_DAY, RatingEntry, ReflectionRecord
from reflect.vocabulary import CONTACT_TYPES, MODALITIES, SETTINGS, STATUS_COMPLETE

SESSIONS_PER_DAY = 5  # as many a day as fit back from today, more only when they reach EARLIEST_DAY
MAX_PER_DAY = 12  # 45-minute slots from nine to six: a full working day of short sessions
_FIRST_START = time(9, 0)
_WORKING_MIN = 9 * 60  # sessions end by six
_SLOT_MIN = 95  # the slot of each of five sessions a day (9:00 to 16:50 at the latest)
_OFFSETS_MIN = [0, 15, 30]  # a session starts this late in its slot
_DURATIONS = [20, 30, 45, 50, 60]
_DAY_END = timedelta(minutes=_WORKING_MIN)  # a day is in the demo once it is over

_OPENINGS = [
    "Felt the conversation was collaborative today.",
    "Ran short of time and led the agenda more than I wanted.",
    "Good discussion of goals beyond symptoms.",
    "We agreed a plan together and reviewed coping strategies.",
    "I noticed I spoke mostly about medication.",
    "Hard session; I tried to stay hopeful and honest.",
    "Reviewed what has helped since last time.",
]
_FOLLOW_UPS = [
    "Next time I will ask earlier about what matters to them.",
    "Worth raising in supervision.",
    "Could have mentioned local peer support options.",
    "Remember to check the crisis plan is still theirs.",
    "",
]
_TAGS = ["supervision", "learning", "team", "difficult", "good practice"]


def working_days(end: date, count: int) -> list[date]:
    """The `count` weekdays up to and including `end`, oldest first."""
    days: list[date] = []
    day = end
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def _points_choice(framework: Framework, p_yes: float, p_partly: float, rng: random.Random) -> tuple[str, int | None]:
    scored = sorted((o for o in framework.scale if o.points is not None), key=lambda o: -(o.points or 0))
    roll = rng.random()
    if roll < p_yes:
        option = scored[0]
    elif roll < p_yes + p_partly and len(scored) > 1:
        option = scored[1]
    else:
        option = scored[-1]
    return option.key, option.points


def last_full_day(today: date, now: datetime) -> date:
    """The latest day up to `today` whose sessions have all ended by `now`.

    A session later today could not be saved ("in the future"), so demo data never has one.
    """
    day = today
    while datetime.combine(day, _FIRST_START) + _DAY_END > now:
        day -= timedelta(days=1)
    return day


def _per_day(sessions: int, last_day: date) -> int:
    """How many sessions a day `sessions` need to lie between EARLIEST_DAY and `last_day`.

    UserError, before anything is made, when even MAX_PER_DAY a day would not fit them.
    """
    available = _working_days_since(EARLIEST_DAY, last_day)
    if sessions > available * MAX_PER_DAY:
        raise UserError(
            f"At most {available * MAX_PER_DAY:,} demo reflections fit between {EARLIEST_DAY.year} and "
            f"{last_day.year} ({MAX_PER_DAY} each working day); ask for fewer."
        )
    return max(SESSIONS_PER_DAY, -(-sessions // available))


def _working_days_since(first: date, last: date) -> int:
    """The weekdays from `first` to `last`, both included."""
    if last < first:
        return 0
    weeks, extra = divmod((last - first).days + 1, 7)
    return weeks * 5 + sum((first.weekday() + i) % 7 < 5 for i in range(extra))


def _slot_minutes(per_day: int) -> int:
    return min(_SLOT_MIN, _WORKING_MIN // per_day)


def _start(day: date, slot: int, slot_min: int, rng: random.Random) -> tuple[datetime, int]:
    """When the session in this slot starts, late by one of the offsets, and how long it may last."""
    offset = rng.choice([m for m in _OFFSETS_MIN if m + _DURATIONS[0] <= slot_min])
    return datetime.combine(day, _FIRST_START) + timedelta(minutes=slot_min * slot + offset), slot_min - offset


def generate(framework: Framework, sessions: int, today: date, seed: int = 1,
             now: datetime | None = None) -> Iterator[ReflectionRecord]:
    """`sessions` synthetic complete reflections, oldest first, none before EARLIEST_DAY nor ending after `now`.

    UserError at once (nothing made) when they cannot fit in that time.
    """
    last_day = last_full_day(today, now or datetime.now())
    per_day = _per_day(sessions, last_day)
    return _records(framework, sessions, working_days(last_day, max(1, -(-sessions // per_day))), per_day, seed)


def _records(framework: Framework, sessions: int, days: list[date], per_day: int,
             seed: int) -> Iterator[ReflectionRecord]:
    rng = random.Random(seed)
    slot_min = _slot_minutes(per_day)
    not_applicable = next((o for o in framework.scale if o.points is None), None)
    item_count = len(framework.items)
    for index in range(sessions):
        day = days[min(index // per_day, len(days) - 1)]
        progress = index / max(1, sessions - 1)  # 0 at the start, 1 at the end
        start, longest = _start(day, index % per_day, slot_min, rng)
        setting = rng.choices(list(SETTINGS), weights=[5, 3, 3, 1, 1])[0]
        ratings = []
        for position, item in enumerate(framework.items):
            # a per-position tendency: the last third of tips improve over time,
            # the middle ones are steady, the first ones are steady and high
            if position >= item_count * 2 // 3:
                p_yes = 0.2 + 0.55 * progress
            elif position >= item_count // 3:
                p_yes = 0.5
            else:
                p_yes = 0.75
            often_na = position in (2, item_count - 2)
            if not_applicable is not None and rng.random() < (0.35 if often_na else 0.04):
                ratings.append(RatingEntry(item.id, not_applicable.key, None))
                continue
            choice, points = _points_choice(framework, p_yes, 0.25, rng)
            ratings.append(RatingEntry(item.id, choice, points))
        text = " ".join(filter(None, [rng.choice(_OPENINGS), rng.choice(_FOLLOW_UPS)]))
        yield ReflectionRecord(
            occurred_at=start,
            duration_min=rng.choice([m for m in _DURATIONS if m <= longest]),  # over before the next slot
            setting=setting,
            contact_type=rng.choice(list(CONTACT_TYPES)),
            modality=rng.choices(list(MODALITIES), weights=[6, 2, 2])[0],
            framework_id=framework.id,
            framework_version=framework.version,
            ratings=tuple(ratings),
            text=text,
            tags=tuple(rng.sample(_TAGS, k=rng.choice([0, 0, 1, 2]))),
            status=STATUS_COMPLETE,
        )
