"""Where to put date labels on a time axis so they never collide (pure Python, no Qt).

The stock date axis drew "29Oct" next to "Nov03". Here the finest calendar step whose
labels fit the available width wins: days or weeks read "3 Nov", months "Nov", and a label
adds its year where the year changes (and on the first label when there is room), so
"Dec 2026, Jan 2027" needs no legend. Chart x values are seconds since 1970 of naive local times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

from reflect.wording import MONTHS

GAP = 12  # px between two labels, so they read as separate words
EPOCH = datetime(1970, 1, 1)

Measure = Callable[[str], float]  # the width of a label in pixels


def seconds(day: date) -> float:
    return (datetime(day.year, day.month, day.day) - EPOCH).total_seconds()


def day_of(value: float) -> date:
    return datetime.fromtimestamp(value, tz=UTC).date()


def _days(first: date, last: date, step: int, mondays: bool) -> Iterator[date]:
    day = first
    if mondays:
        day += timedelta(days=(7 - day.weekday()) % 7)
    while day <= last:
        yield day
        day += timedelta(days=step)


def _months(first: date, last: date, step: int) -> Iterator[date]:
    index = first.year * 12 + first.month - 1
    index += -index % step
    if date(index // 12, index % 12 + 1, 1) < first:
        index += step
    while (day := date(index // 12, index % 12 + 1, 1)) <= last:
        yield day
        index += step


# (kind, step): each finer than the next; the first whose labels fit is used
STEPS: tuple[tuple[str, int], ...] = (
    ("day", 1), ("day", 2), ("week", 7), ("week", 14), ("month", 1), ("month", 3), ("month", 6),
    ("year", 1), ("year", 2), ("year", 5), ("year", 10),
)


def _dates(kind: str, step: int, first: date, last: date) -> list[date]:
    if kind in ("day", "week"):
        return list(_days(first, last, step, mondays=kind == "week"))
    return list(_months(first, last, step if kind == "month" else 12 * step))


def label(day: date, kind: str, previous: date | None) -> str:
    """"3 Nov", "Nov" or "2026", with the year added where it changes."""
    if kind == "year":
        return str(day.year)
    text = MONTHS[day.month - 1] if kind == "month" else f"{day.day} {MONTHS[day.month - 1]}"
    if previous is None or previous.year != day.year:
        text += f" {day.year}"
    return text


def date_ticks(start: float, end: float, width: float, measure: Measure) -> list[tuple[float, str]]:
    """Tick positions (seconds) and labels for an axis ``width`` px long showing ``start``…``end``.

    Every label lies wholly inside the axis and keeps ``GAP`` px from its neighbours.
    """
    if end <= start or width <= 0:
        return []
    scale = width / (end - start)
    first, last = day_of(start), day_of(end)

    def place(kind: str, step: int, first_year: bool) -> list[tuple[float, str]]:
        days = [d for d in _dates(kind, step, first, last) if start <= seconds(d) <= end]
        placed = _inside(_labelled(days, kind, first_year), start, scale, width, measure)
        # a first label dropped at the edge must not take the year with it
        kept = [day_of(value) for value, _text in placed]
        return _inside(_labelled(kept, kind, first_year), start, scale, width, measure)

    crowded = {(kind, step): _crowded(kind, step, first, last, width) for kind, step in STEPS}
    # the year on the first label if that still leaves two labels; else without (the page states the dates)
    for first_year in (True, False):
        for kind, step in STEPS:
            if crowded[kind, step]:
                continue  # thousands of candidate days on a few hundred pixels: none fit, none made or measured
            placed = place(kind, step, first_year)
            if _fits(placed, start, scale, measure) and len(placed) >= (2 if first_year else 1):
                return placed
    # nothing fits (a very narrow axis): the first label of the finest step that has one, crowded steps last:
    # measuring every day of sixteen years on each small chart of the Tips tab froze Trends for seconds
    for first_year in (True, False):
        for kind, step in sorted(STEPS, key=lambda kind_step: crowded[kind_step]):
            if placed := place(kind, step, first_year):
                return placed[:1]
    return []


def _crowded(kind: str, step: int, first: date, last: date, width: float) -> bool:
    """Candidates under 4 px apart: two labels ``GAP`` px apart never fit.

    Between two labels kept that far apart would lie several candidates that ``_inside``
    dropped, which it does only at the axis's ends; the estimate needs no dates made or measured.
    """
    if kind in ("day", "week"):
        count = (last - first).days / step
    else:
        count = ((last.year - first.year) * 12 + last.month - first.month) / (step if kind == "month" else 12 * step)
    return count > width / 4


def _labelled(days: list[date], kind: str, first_year: bool = True) -> list[tuple[float, str]]:
    labelled = []
    for i, day in enumerate(days):
        previous = days[i - 1] if i else (None if first_year else day)
        labelled.append((seconds(day), label(day, kind, previous)))
    return labelled


def _inside(ticks: list[tuple[float, str]], start: float, scale: float, width: float,
            measure: Measure) -> list[tuple[float, str]]:
    """Drop labels that would stick out past either end of the axis."""
    kept = []
    for value, text in ticks:
        middle, half = (value - start) * scale, measure(text) / 2
        if middle - half >= 0 and middle + half <= width:
            kept.append((value, text))
    return kept


def _fits(ticks: list[tuple[float, str]], start: float, scale: float, measure: Measure) -> bool:
    for (left, left_text), (right, right_text) in zip(ticks, ticks[1:], strict=False):
        room = (right - left) * scale
        if room < (measure(left_text) + measure(right_text)) / 2 + GAP:
            return False
    return True
