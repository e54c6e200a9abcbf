"""Reflections as numpy arrays: the ``RatingTable`` every trend question is asked of (Qt-free).

Reflections, as read in columns (``rating_columns``), are turned once into arrays (one row
per reflection, one column per tip id), so a filter, a bin size or a period comparison is a
mask and a few ``bincount`` calls rather than a pass over Python objects. Also the rate of
one tip with its 95 % Wilson interval. ``reflect.analytics`` re-exports everything here; ``rate_tables`` builds on it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum

import numpy as np

from reflect.frameworks import Framework, FrameworkCatalog, Grouping
from reflect.grammar import plural
from reflect.rating_columns import RatingColumns
from reflect.records import ReflectionRecord

Z95 = 1.959963984540054  # two-sided 95 % normal quantile


class Cell(IntEnum):
    """What a reflection holds for one tip."""

    RATED = 0  # an applicable rating (Yes / Partly / No …)
    NA = 1  # rated Not applicable
    MISSING = 2  # the tip is not in this reflection's framework version



# ---------------------------------------------------------------------------
# rates and intervals


def wilson_interval(successes: float, n: int, z: float = Z95) -> tuple[float, float] | None:
    """95 % Wilson score interval for a proportion; fractional successes allowed (Partly = ½).

    The same bounds as ``wilson_arrays``, worked out with floats: one interval is asked for per cell in
    long loops (pooling three all-time team summaries asks 55,000 times), where numpy's calls on one-element
    arrays took ten times as long, and a worker making them kept the GIL from the window for 0.2–0.5 s."""
    if n <= 0:
        return None
    p = successes / n
    z2n = z * z / n
    denom = 1.0 + z2n
    centre = (p + z2n / 2.0) / denom
    half = z * math.sqrt(max(p * (1.0 - p), 0.0) / n + z2n / (4.0 * n)) / denom
    return min(max(min(centre - half, p), 0.0), 1.0), min(max(max(centre + half, p), 0.0), 1.0)


def wilson_arrays(p: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised Wilson bounds; NaN where n == 0. Bounds are clamped to contain p despite rounding."""
    with np.errstate(divide="ignore", invalid="ignore"):
        z2n = z * z / n
        denom = 1.0 + z2n
        centre = (p + z2n / 2.0) / denom
        half = z * np.sqrt(np.maximum(p * (1.0 - p), 0.0) / n + z2n / (4.0 * n)) / denom
        low = np.clip(np.minimum(centre - half, p), 0.0, 1.0)
        high = np.clip(np.maximum(centre + half, p), 0.0, 1.0)
    empty = n <= 0
    low[empty] = np.nan
    high[empty] = np.nan
    return low, high


@dataclass(frozen=True)
class Rate:
    """Mean of applicable ratings (0–1) with its count, N/A count and interval."""

    mean: float | None
    n: int  # applicable ratings
    na: int = 0  # rated Not applicable
    missing: int = 0  # reflections whose framework version lacks the tip
    low: float | None = None
    high: float | None = None

    @classmethod
    def of(cls, total: float, n: int, na: int = 0, missing: int = 0) -> Rate:
        """Rate from a sum of normalised points over n applicable ratings."""
        if n <= 0:
            return cls(None, 0, na, missing)
        interval = wilson_interval(total, n)
        assert interval is not None
        return cls(total / n, n, na, missing, interval[0], interval[1])

    @property
    def rated(self) -> int:
        """Reflections that answered the tip, applicable or not."""
        return self.n + self.na

    @property
    def na_share(self) -> float | None:
        return self.na / self.rated if self.rated else None

    def overlaps(self, other: Rate) -> bool:
        if self.low is None or self.high is None or other.low is None or other.high is None:
            return True
        return self.low <= other.high and other.low <= self.high

    def describe(self) -> str:
        """E.g. '72 % from 27 sessions (95 % range 60 to 82 %)', or why there is no rate: the one wording
        of a rate, on Trends, in supervision packs and on the command line."""
        if self.mean is None:
            if self.missing and not self.rated:
                return "not in this checklist version"
            if self.na:
                return "not applicable in its one session" if self.na == 1 else f"not applicable in all {self.na} sessions"
            return "no ratings"
        text = f"{100 * self.mean:.0f} % from {plural(self.n, 'session')}"
        if self.low is not None and self.high is not None:
            text += f" (95 % range {100 * self.low:.0f} to {100 * self.high:.0f} %)"
        return text


@dataclass(frozen=True)
class Tip:
    id: str
    label: str
    in_reference: bool  # False: only in another framework version the reflections used


@dataclass(frozen=True)
class TipRate:
    tip: Tip
    rate: Rate


# ---------------------------------------------------------------------------
# the table


@dataclass(frozen=True)
class TrendFilter:
    """Which reflections to analyse; None means any. Dates are handled by the caller's range."""

    setting: str | None = None
    contact_type: str | None = None
    modality: str | None = None
    tag: str | None = None
    framework_id: str | None = None


def epoch_seconds(moments: np.ndarray) -> np.ndarray:
    """datetime64 → float seconds since 1970 (naive local time read as UTC, as the x axis shows it)."""
    return moments.astype("datetime64[s]").astype(np.int64).astype(np.float64)


def day_moment(day: date) -> np.datetime64:
    return np.datetime64(datetime.combine(day, time.min), "s")


def day_seconds(day: date) -> float:
    """Chart x position of the start of a day (seconds since 1970, local time read as UTC)."""
    return float(epoch_seconds(np.asarray(day_moment(day))))


@dataclass(frozen=True, eq=False)
class RatingTable:
    """Reflections as arrays, oldest first: one row per reflection, one column per tip."""

    ids: np.ndarray  # (R,) reflection ids: the click-through list loads the few it shows by id
    tips: tuple[Tip, ...]
    moments: np.ndarray  # (R,) datetime64[s]
    values: np.ndarray  # (R, T) points ÷ top points, 0 where not RATED
    cells: np.ndarray  # (R, T) int8 Cell
    score_total: np.ndarray  # (R,) sum of normalised points over all the reflection's ratings
    score_n: np.ndarray  # (R,) applicable ratings in the reflection
    setting: np.ndarray
    contact_type: np.ndarray
    modality: np.ndarray
    framework_id: np.ndarray
    tags: np.ndarray  # (R,) tuple of tags
    groupings: tuple[Grouping, ...] = ()

    @classmethod
    def build(
        cls, records: Iterable[ReflectionRecord], catalog: FrameworkCatalog, reference: Framework
    ) -> RatingTable:
        """The table of records already in memory (the same as from the columns read from the database)."""
        return cls.from_columns(RatingColumns.from_records(records), catalog, reference)

    @classmethod
    def from_columns(cls, columns: RatingColumns, catalog: FrameworkCatalog, reference: Framework) -> RatingTable:
        """Arrays for one reference checklist; tips are its items, then any others met (oldest first), by id."""
        count = len(columns)
        tips = [Tip(item.id, item.label, True) for item in reference.items]
        column = {tip.id: index for index, tip in enumerate(tips)}
        rows, codes, points = columns.rating_row, columns.rating_item, columns.points
        # an item only in another checklist version is an extra tip, never merged; in the order first met
        met = np.full(len(columns.items), np.iinfo(np.int64).max)
        np.minimum.at(met, codes, rows * (int(columns.rating_position.max(initial=0)) + 1) + columns.rating_position)
        used = [f for f in map(catalog.get, dict.fromkeys(columns.framework_id.tolist())) if f]
        for code in np.argsort(met, kind="stable"):
            item_id = columns.items[code]
            if met[code] < np.iinfo(np.int64).max and item_id not in column:
                column[item_id] = len(tips)
                tips.append(Tip(item_id, _label(item_id, used), False))
        tops = {f: (fw.max_points if (fw := catalog.get(f)) else 2) for f in dict.fromkeys(columns.framework_id.tolist())}
        highest = np.zeros(count)  # a reflection's highest points: its scale's top when the checklist is unknown
        np.maximum.at(highest, rows, np.nan_to_num(points))
        top_of_row = np.maximum(np.fromiter(map(tops.__getitem__, columns.framework_id), dtype=np.float64,
                                            count=count), highest)
        cols = np.array([column.get(item_id, -1) for item_id in columns.items], dtype=np.int64)[codes]
        applicable = ~np.isnan(points)
        normalised = np.where(applicable, points / top_of_row[rows], 0.0)
        values = np.zeros((count, len(tips)))
        cells = np.full((count, len(tips)), Cell.MISSING, dtype=np.int8)
        values[rows, cols] = normalised
        cells[rows, cols] = np.where(applicable, Cell.RATED, Cell.NA)
        return cls(
            ids=columns.ids,
            tips=tuple(tips),
            moments=columns.moments,
            values=values,
            cells=cells,
            score_total=np.bincount(rows, weights=normalised, minlength=count),
            score_n=np.bincount(rows, weights=applicable, minlength=count).astype(np.int64),
            setting=columns.setting,
            contact_type=columns.contact_type,
            modality=columns.modality,
            framework_id=columns.framework_id,
            tags=columns.tags,
            groupings=reference.groupings,
        )

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def times(self) -> np.ndarray:
        """Seconds since 1970 for each reflection (the chart x axis)."""
        return epoch_seconds(self.moments)

    def column(self, tip_id: str) -> int:
        return next(i for i, tip in enumerate(self.tips) if tip.id == tip_id)

    def tip(self, tip_id: str) -> Tip:
        return self.tips[self.column(tip_id)]

    def take(self, mask: np.ndarray) -> RatingTable:
        """The reflections where mask is True, same tips."""
        index = np.flatnonzero(mask)
        return RatingTable(
            ids=self.ids[index],
            tips=self.tips,
            moments=self.moments[index],
            values=self.values[index],
            cells=self.cells[index],
            score_total=self.score_total[index],
            score_n=self.score_n[index],
            setting=self.setting[index],
            contact_type=self.contact_type[index],
            modality=self.modality[index],
            framework_id=self.framework_id[index],
            tags=self.tags[index],
            groupings=self.groupings,
        )

    def where(self, flt: TrendFilter) -> RatingTable:
        mask = np.ones(len(self), dtype=bool)
        for values, wanted in (
            (self.setting, flt.setting),
            (self.contact_type, flt.contact_type),
            (self.modality, flt.modality),
            (self.framework_id, flt.framework_id),
        ):
            if wanted is not None:
                mask &= values == wanted
        if flt.tag is not None:
            mask &= np.fromiter((flt.tag in tags for tags in self.tags), dtype=bool, count=len(self))
        return self if mask.all() else self.take(mask)

    def between(self, start: date | None, end: date | None) -> RatingTable:
        """Reflections from the start of `start` to the end of `end` (inclusive dates)."""
        mask = self._date_mask(start, end)
        return self if mask.all() else self.take(mask)

    def _date_mask(self, start: date | None, end: date | None) -> np.ndarray:
        mask = np.ones(len(self), dtype=bool)
        if start is not None:
            mask &= self.moments >= day_moment(start)
        if end is not None:
            mask &= self.moments < day_moment(end + timedelta(days=1))
        return mask

    def date_of(self, row: int) -> date:
        return self.moments[row].item().date()

    def first_date(self) -> date | None:
        return self.date_of(0) if len(self) else None

    def last_date(self) -> date | None:
        return self.date_of(-1) if len(self) else None


def _label(item_id: str, frameworks: Sequence[Framework]) -> str:
    """Short label from the first framework that has the item; the id if none does (file removed)."""
    return next((item.label for f in frameworks if (item := f.item(item_id))), item_id)
