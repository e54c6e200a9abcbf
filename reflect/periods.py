"""Calendar periods a trend is binned into: weeks (from Monday), months and quarters (Qt-free)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import numpy as np

from reflect.rating_table import day_moment
from reflect.wording import MONTHS


class Bin(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SESSIONS = "sessions"  # rolling window of the last k sessions



def period_start(day: date, size: Bin) -> date:
    """First day of the week (Monday), month or quarter holding `day`."""
    if size is Bin.WEEK:
        return day - timedelta(days=day.weekday())
    if size is Bin.MONTH:
        return day.replace(day=1)
    if size is Bin.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    raise ValueError(f"{size} is not a calendar period")


def _next_start(start: date, size: Bin) -> date:
    if size is Bin.WEEK:
        return start + timedelta(days=7)
    months = 1 if size is Bin.MONTH else 3
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive
    size: Bin

    @property
    def label(self) -> str:
        """Plain words for a period: "Week of 3 Nov 2026", "Nov 2026", "Oct to Dec 2026"."""
        return self._words(short=False)

    @property
    def short_label(self) -> str:
        """Compact label for crowded axes: "3 Nov", "Nov 2026", "Oct–Dec 2026"."""
        return self._words(short=True)

    def _words(self, short: bool) -> str:
        start = self.start
        month = MONTHS[start.month - 1]
        if self.size is Bin.WEEK:
            return f"{start.day} {month}" if short else f"Week of {start.day} {month} {start.year}"
        if self.size is Bin.MONTH:
            return f"{month} {start.year}"
        return f"{month}{'–' if short else ' to '}{MONTHS[start.month + 1]} {start.year}"


def periods(start: date, end: date, size: Bin) -> list[Period]:
    """Consecutive periods covering `start`…`end` (inclusive), empty ones included."""
    result: list[Period] = []
    current = period_start(start, size)
    while current <= end:
        following = _next_start(current, size)
        result.append(Period(current, following, size))
        current = following
    return result


def period_edges(bins: Sequence[Period]) -> np.ndarray:
    """Start of each period and the end of the last, as datetime64[s]."""
    return np.array([day_moment(p.start) for p in bins] + [day_moment(bins[-1].end)], dtype="datetime64[s]")


def bin_index(moments: np.ndarray, bins: Sequence[Period]) -> np.ndarray:
    """Index of the period holding each moment; -1 when outside every period."""
    if not bins:
        return np.full(len(moments), -1, dtype=np.int64)
    index = np.searchsorted(period_edges(bins), moments, side="right") - 1
    index[(index < 0) | (index >= len(bins))] = -1
    return index
