"""Trends for self-supervision: tip rates, intervals, series and comparisons (Qt-free).

Reflections are turned once into numpy arrays (a ``RatingTable``: one row per
reflection, one column per tip id), so every question the dashboard asks — a
filter, a bin size, a period comparison — is a mask and a few ``bincount`` calls
rather than a pass over Python objects. See DESIGN.md, "Scoring":

* a rating counts as points ÷ the scale's top points (Partly = ½), N/A is excluded;
* a tip's rate over a period is the mean of its applicable ratings, always shown with
  its count n and a 95 % Wilson interval so a handful of sessions is not over-read;
* tips are matched by item id across framework versions; a reflection whose version
  lacks a tip counts as *missing* for it, which is reported and never merged into N/A.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum, StrEnum

import numpy as np

from reflect.frameworks import Framework, FrameworkCatalog, Grouping
from reflect.records import ReflectionRecord

Z95 = 1.959963984540054  # two-sided 95 % normal quantile
DEFAULT_WINDOW = 10
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Cell(IntEnum):
    """What a reflection holds for one tip."""

    RATED = 0  # an applicable rating (Yes / Partly / No …)
    NA = 1  # rated Not applicable
    MISSING = 2  # the tip is not in this reflection's framework version


class Bin(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SESSIONS = "sessions"  # rolling window of the last k sessions


class ChangeStatus(StrEnum):
    UP = "up"  # intervals do not overlap, after is higher
    DOWN = "down"  # intervals do not overlap, after is lower
    UNCLEAR = "unclear"  # both sides rated, intervals overlap: no clear change
    TOO_FEW = "too-few"  # one side has no applicable rating
    MISSING = "missing"  # the tip is absent from every reflection on one side


# ---------------------------------------------------------------------------
# rates and intervals


def wilson_interval(successes: float, n: int, z: float = Z95) -> tuple[float, float] | None:
    """95 % Wilson score interval for a proportion; fractional successes allowed (Partly = ½)."""
    if n <= 0:
        return None
    low, high = _wilson(np.array([successes / n]), np.array([float(n)]), z)
    return float(low[0]), float(high[0])


def _wilson(p: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
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
        """E.g. '72 % (n = 27, 95 % range 60–82 %)', or why there is no rate."""
        if self.mean is None:
            if self.missing and not self.rated:
                return "not in this checklist version"
            if self.na:
                return f"always not applicable (n = {self.na})"
            return "no ratings"
        text = f"{100 * self.mean:.0f} % (n = {self.n}"
        if self.low is not None and self.high is not None:
            text += f", 95 % range {100 * self.low:.0f}–{100 * self.high:.0f} %"
        return text + ")"


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


def _seconds(moments: np.ndarray) -> np.ndarray:
    """datetime64 → float seconds since 1970 (naive local time read as UTC, as the x axis shows it)."""
    return moments.astype("datetime64[s]").astype(np.int64).astype(np.float64)


_EPOCH = datetime(1970, 1, 1)


def _moments(moments: Iterable[datetime]) -> np.ndarray:
    """datetime64[s] from naive datetimes; arithmetic is several times faster than numpy's conversion."""
    seconds = np.fromiter(((m - _EPOCH).total_seconds() for m in moments), dtype=np.float64)
    return seconds.astype(np.int64).astype("datetime64[s]")


def _moment(day: date) -> np.datetime64:
    return np.datetime64(datetime.combine(day, time.min), "s")


def day_seconds(day: date) -> float:
    """Chart x position of the start of a day (seconds since 1970, local time read as UTC)."""
    return float(_seconds(_moment(day)))


@dataclass(frozen=True, eq=False)
class RatingTable:
    """Reflections as arrays, oldest first: one row per reflection, one column per tip."""

    records: tuple[ReflectionRecord, ...]
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
    groupings: tuple[Grouping, ...] = ()

    @classmethod
    def build(
        cls, records: Iterable[ReflectionRecord], catalog: FrameworkCatalog, reference: Framework
    ) -> RatingTable:
        """Arrays from records; tips are the reference framework's items, then any others met, by id."""
        ordered = list(records)
        moments = _moments(r.occurred_at for r in ordered)
        if np.any(moments[1:] < moments[:-1]):  # the store already returns them oldest first
            order = np.argsort(moments, kind="stable")
            ordered = [ordered[i] for i in order]
            moments = moments[order]
        tips = [Tip(item.id, item.label, True) for item in reference.items]
        column = {tip.id: index for index, tip in enumerate(tips)}
        # flat per-rating lists via comprehensions: the one unavoidable pass over Python objects
        item_ids = [rating.item_id for r in ordered for rating in r.ratings]
        used = [f for f in map(catalog.get, dict.fromkeys(r.framework_id for r in ordered)) if f]
        for item_id in dict.fromkeys(item_ids):
            if item_id not in column:  # only in another framework version: an extra tip, never merged
                column[item_id] = len(tips)
                tips.append(Tip(item_id, _label(item_id, used), False))
        top_points = {f: (fw.max_points if (fw := catalog.get(f)) else 2) for f in {r.framework_id for r in ordered}}
        counts = np.fromiter(map(len, (r.ratings for r in ordered)), dtype=np.int64, count=len(ordered))
        rows = np.repeat(np.arange(len(ordered)), counts)
        cols = np.fromiter(map(column.__getitem__, item_ids), dtype=np.int64, count=len(item_ids))
        points = np.array([rating.points for r in ordered for rating in r.ratings], dtype=np.float64)
        highest = np.zeros(len(ordered))  # a record's highest points: its scale's top when the checklist is unknown
        np.maximum.at(highest, rows, np.nan_to_num(points))
        top = np.repeat(np.maximum(np.array([top_points[r.framework_id] for r in ordered], dtype=np.float64),
                                   highest), counts)
        applicable = ~np.isnan(points)  # None (Not applicable) became NaN
        normalised = np.where(applicable, points / top, 0.0)
        values = np.zeros((len(ordered), len(tips)))
        cells = np.full((len(ordered), len(tips)), Cell.MISSING, dtype=np.int8)
        values[rows, cols] = normalised
        cells[rows, cols] = np.where(applicable, Cell.RATED, Cell.NA)
        score_total = np.bincount(rows, weights=normalised, minlength=len(ordered))
        score_n = np.bincount(rows, weights=applicable, minlength=len(ordered)).astype(np.int64)
        return cls(
            records=tuple(ordered),
            tips=tuple(tips),
            moments=moments,
            values=values,
            cells=cells,
            score_total=score_total,
            score_n=score_n,
            setting=np.array([r.setting for r in ordered], dtype=object),
            contact_type=np.array([r.contact_type for r in ordered], dtype=object),
            modality=np.array([r.modality for r in ordered], dtype=object),
            framework_id=np.array([r.framework_id for r in ordered], dtype=object),
            groupings=reference.groupings,
        )

    def __len__(self) -> int:
        return len(self.records)

    @property
    def times(self) -> np.ndarray:
        """Seconds since 1970 for each reflection (the chart x axis)."""
        return _seconds(self.moments)

    def column(self, tip_id: str) -> int:
        return next(i for i, tip in enumerate(self.tips) if tip.id == tip_id)

    def tip(self, tip_id: str) -> Tip:
        return self.tips[self.column(tip_id)]

    def take(self, mask: np.ndarray) -> RatingTable:
        """The reflections where mask is True, same tips."""
        index = np.flatnonzero(mask)
        return RatingTable(
            records=tuple(self.records[i] for i in index),
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
            mask &= np.fromiter((flt.tag in r.tags for r in self.records), dtype=bool, count=len(self))
        return self if mask.all() else self.take(mask)

    def between(self, start: date | None, end: date | None) -> RatingTable:
        """Reflections from the start of `start` to the end of `end` (inclusive dates)."""
        mask = self._date_mask(start, end)
        return self if mask.all() else self.take(mask)

    def _date_mask(self, start: date | None, end: date | None) -> np.ndarray:
        mask = np.ones(len(self), dtype=bool)
        if start is not None:
            mask &= self.moments >= _moment(start)
        if end is not None:
            mask &= self.moments < _moment(end + timedelta(days=1))
        return mask

    def first_date(self) -> date | None:
        return self.records[0].occurred_at.date() if self.records else None

    def last_date(self) -> date | None:
        return self.records[-1].occurred_at.date() if self.records else None

    @property
    def rated(self) -> np.ndarray:
        """(R, T) 1.0 where the cell is an applicable rating."""
        return (self.cells == Cell.RATED).astype(np.float64)


def _label(item_id: str, frameworks: Sequence[Framework]) -> str:
    """Short label from the first framework that has the item; the id if none does (file removed)."""
    return next((item.label for f in frameworks if (item := f.item(item_id))), item_id)


# ---------------------------------------------------------------------------
# one period


def reflection_scores(table: RatingTable) -> np.ndarray:
    """Each reflection's score, 0–100 %; NaN when none of its items applied."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(table.score_n > 0, 100.0 * table.score_total / table.score_n, np.nan)


def tip_rates(table: RatingTable) -> dict[str, Rate]:
    """Every tip's rate over all reflections in the table, by tip id."""
    rated = table.cells == Cell.RATED
    totals = table.values.sum(axis=0)
    n = rated.sum(axis=0)
    na = (table.cells == Cell.NA).sum(axis=0)
    missing = (table.cells == Cell.MISSING).sum(axis=0)
    return {
        tip.id: Rate.of(float(totals[i]), int(n[i]), int(na[i]), int(missing[i]))
        for i, tip in enumerate(table.tips)
    }


@dataclass(frozen=True)
class Highlights:
    strengths: tuple[TipRate, ...]  # highest rates
    development: tuple[TipRate, ...]  # lowest rates (never also a strength)
    often_na: tuple[TipRate, ...]  # highest N/A share: possible missed opportunities


def highlights(table: RatingTable, count: int = 3) -> Highlights:
    """Strengths, development areas and most-often-N/A tips of the reflections in the table."""
    rates = tip_rates(table)
    scored = [TipRate(tip, rates[tip.id]) for tip in table.tips if rates[tip.id].mean is not None]
    best = sorted(scored, key=lambda t: (-(t.rate.mean or 0.0), -t.rate.n, t.tip.id))[:count]
    chosen = {t.tip.id for t in best}
    worst = sorted(
        (t for t in scored if t.tip.id not in chosen), key=lambda t: (t.rate.mean or 0.0, -t.rate.n, t.tip.id)
    )[:count]
    with_na = [TipRate(tip, rates[tip.id]) for tip in table.tips if rates[tip.id].na > 0]
    often = sorted(with_na, key=lambda t: (-(t.rate.na_share or 0.0), -t.rate.na, t.tip.id))[:count]
    return Highlights(tuple(best), tuple(worst), tuple(often))


# ---------------------------------------------------------------------------
# comparisons


@dataclass(frozen=True)
class TipChange:
    tip: Tip
    before: Rate
    after: Rate

    @property
    def change(self) -> float | None:
        """After minus before, in rate units (0–1)."""
        if self.before.mean is None or self.after.mean is None:
            return None
        return self.after.mean - self.before.mean

    @property
    def status(self) -> ChangeStatus:
        for side in (self.before, self.after):
            if side.missing and not side.rated:
                return ChangeStatus.MISSING
        if self.change is None:
            return ChangeStatus.TOO_FEW
        if self.before.overlaps(self.after):
            return ChangeStatus.UNCLEAR
        return ChangeStatus.UP if self.change > 0 else ChangeStatus.DOWN

    @property
    def flagged(self) -> bool:
        """True only when the two intervals do not overlap."""
        return self.status in (ChangeStatus.UP, ChangeStatus.DOWN)


def compare(before: RatingTable, after: RatingTable) -> list[TipChange]:
    """Change per tip between two sets of reflections sharing the same tips."""
    rates_before = tip_rates(before)
    rates_after = tip_rates(after)
    return [TipChange(tip, rates_before[tip.id], rates_after[tip.id]) for tip in after.tips]


def previous_range(start: date, end: date) -> tuple[date, date]:
    """The range of the same length that ends the day before `start`."""
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def focus(table: RatingTable, tip_id: str, start: date) -> TipChange:
    """A focus tip's rate before `start` against from `start` on."""
    before = table.between(None, start - timedelta(days=1))
    after = table.between(start, None)
    column = table.column(tip_id)
    return TipChange(table.tips[column], tip_rates(before)[tip_id], tip_rates(after)[tip_id])


# ---------------------------------------------------------------------------
# series


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
        if self.size is Bin.WEEK:
            return f"w/c {self.start.day} {_MONTHS[self.start.month - 1]} {self.start.year}"
        if self.size is Bin.MONTH:
            return f"{_MONTHS[self.start.month - 1]} {self.start.year}"
        return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"

    @property
    def short_label(self) -> str:
        """Compact label for crowded axes."""
        if self.size is Bin.WEEK:
            return f"{self.start.day} {_MONTHS[self.start.month - 1]}"
        if self.size is Bin.MONTH:
            return f"{_MONTHS[self.start.month - 1]} {self.start.year % 100:02d}"
        return self.label


def periods(start: date, end: date, size: Bin) -> list[Period]:
    """Consecutive periods covering `start`…`end` (inclusive), empty ones included."""
    result: list[Period] = []
    current = period_start(start, size)
    while current <= end:
        following = _next_start(current, size)
        result.append(Period(current, following, size))
        current = following
    return result


def _edges(bins: Sequence[Period]) -> np.ndarray:
    """Start of each period and the end of the last, as datetime64[s]."""
    return np.array([_moment(p.start) for p in bins] + [_moment(bins[-1].end)], dtype="datetime64[s]")


def bin_index(moments: np.ndarray, bins: Sequence[Period]) -> np.ndarray:
    """Index of the period holding each moment; -1 when outside every period."""
    if not bins:
        return np.full(len(moments), -1, dtype=np.int64)
    index = np.searchsorted(_edges(bins), moments, side="right") - 1
    index[(index < 0) | (index >= len(bins))] = -1
    return index


@dataclass(frozen=True, eq=False)
class Series:
    """One line of a chart: a rate per x position, with n and interval per point."""

    key: str
    label: str
    x: np.ndarray  # seconds since 1970
    mean: np.ndarray  # 0–1; NaN where n == 0
    n: np.ndarray
    na: np.ndarray
    missing: np.ndarray
    low: np.ndarray
    high: np.ndarray

    def rate(self, index: int) -> Rate:
        n = int(self.n[index])
        if n == 0:
            return Rate(None, 0, int(self.na[index]), int(self.missing[index]))
        return Rate(
            float(self.mean[index]),
            n,
            int(self.na[index]),
            int(self.missing[index]),
            None if math.isnan(self.low[index]) else float(self.low[index]),
            None if math.isnan(self.high[index]) else float(self.high[index]),
        )

    @property
    def points(self) -> int:
        """How many x positions have a value (what a chart draws)."""
        return int(np.count_nonzero(self.n > 0))


def _series(
    key: str,
    label: str,
    x: np.ndarray,
    total: np.ndarray,
    n: np.ndarray,
    na: np.ndarray,
    missing: np.ndarray,
    interval: bool = True,
) -> Series:
    mean = np.where(n > 0, total / np.maximum(n, 1), np.nan)
    if interval:
        low, high = _wilson(mean, n.astype(np.float64))
    else:
        low = high = np.full(len(x), np.nan)
    return Series(
        key, label, x, mean, n.astype(np.int64), na.astype(np.int64), missing.astype(np.int64), low, high
    )


def _per_column(index: np.ndarray, columns: int, weights: np.ndarray) -> np.ndarray:
    """Sum rows of `weights` (R, T) into `columns` bins by `index`; rows with -1 are dropped."""
    keep = index >= 0
    index = index[keep]
    weights = weights[keep]
    tips = weights.shape[1]
    keys = (index[:, None] * tips + np.arange(tips)).ravel()
    return np.bincount(keys, weights=weights.ravel(), minlength=columns * tips).reshape(columns, tips)


def _rolling(weights: np.ndarray, window: int) -> np.ndarray:
    """Sums over each full window of `window` consecutive rows."""
    cumulative = np.vstack([np.zeros((1, weights.shape[1])), np.cumsum(weights, axis=0)])
    return cumulative[window:] - cumulative[:-window]


@dataclass(frozen=True, eq=False)
class Dashboard:
    """Everything the Trends page draws for one range, bin size and filter."""

    start: date
    end: date
    size: Bin
    window: int
    table: RatingTable  # the reflections in the range
    periods: tuple[Period, ...]  # empty for a rolling window
    x: np.ndarray  # one x per column: period middle, or the last session of each window
    column_of: np.ndarray  # (R,) column of each reflection for calendar bins; -1 outside
    tips: dict[str, Series]
    groups: dict[str, dict[str, Series]]  # grouping id → group id → series of session means (n = sessions)
    score_line: Series  # mean reflection score per column (0–1), no interval
    not_applicable: Series  # share of answers that were N/A, pooled over the reference tips
    scores: np.ndarray  # (R,) each reflection's score, 0–100 %
    overall: dict[str, Rate]  # per tip over the whole range
    highlights: Highlights
    comparison: list[TipChange]  # this range against the previous range of equal length
    previous: tuple[date, date]

    @property
    def columns(self) -> int:
        return len(self.x)

    def rows_in(self, column: int) -> np.ndarray:
        """Row indexes (into `table`) of the reflections behind one column."""
        if self.size is Bin.SESSIONS:
            return np.arange(column, column + self.window)
        return np.flatnonzero(self.column_of == column)

    def reflections_in(self, column: int, tip_id: str | None = None) -> list[ReflectionRecord]:
        """Reflections behind a column; with a tip, only those that answered it (rated or N/A)."""
        rows = self.rows_in(column)
        if tip_id is not None:
            rows = rows[self.table.cells[rows, self.table.column(tip_id)] != Cell.MISSING]
        return [self.table.records[i] for i in rows]


def dashboard(
    table: RatingTable, start: date, end: date, size: Bin = Bin.WEEK, window: int = DEFAULT_WINDOW
) -> Dashboard:
    """All dashboard series for reflections from `start` to `end` (inclusive), already filtered."""
    in_range = table.between(start, end)
    rated = in_range.rated
    na = (in_range.cells == Cell.NA).astype(np.float64)
    missing = (in_range.cells == Cell.MISSING).astype(np.float64)
    scores = reflection_scores(in_range)
    has_score = ~np.isnan(scores)
    score_weights = np.column_stack([np.where(has_score, scores / 100.0, 0.0), has_score.astype(np.float64)])

    # one aggregation over all weights side by side: values, rated, N/A, missing, score
    tip_count = len(in_range.tips)
    weights = np.hstack([in_range.values, rated, na, missing, score_weights])
    if size is Bin.SESSIONS:
        bins: list[Period] = []
        column_of = np.full(len(in_range), -1, dtype=np.int64)
        full_windows = len(in_range) >= window
        x = in_range.times[window - 1:] if full_windows else np.zeros(0)
        summed = _rolling(weights, window) if full_windows else np.zeros((0, weights.shape[1]))
    else:
        bins = periods(start, end, size)
        column_of = bin_index(in_range.moments, bins)
        edges = _seconds(_edges(bins))
        x = (edges[:-1] + edges[1:]) / 2.0
        summed = _per_column(column_of, len(bins), weights)
    sums, n, nas, absent = (summed[:, k * tip_count:(k + 1) * tip_count] for k in range(4))
    score_sums = summed[:, 4 * tip_count:]
    tips = {
        tip.id: _series(tip.id, tip.label, x, sums[:, i], n[:, i], nas[:, i], absent[:, i])
        for i, tip in enumerate(in_range.tips)
    }
    groups = _group_series(in_range, x, column_of, window if size is Bin.SESSIONS else 0, nas, absent)
    reference = [i for i, tip in enumerate(in_range.tips) if tip.in_reference]
    answered = n[:, reference].sum(axis=1) + nas[:, reference].sum(axis=1)
    not_applicable = _series(
        "na", "Not applicable", x, nas[:, reference].sum(axis=1), answered,
        np.zeros(len(x)), absent[:, reference].sum(axis=1),
    )
    nothing = np.zeros(len(x))
    # reflection scores are means of many ratings, not proportions: no Wilson interval
    score_line = _series("score", "Score", x, score_sums[:, 0], score_sums[:, 1], nothing, nothing, False)

    previous = previous_range(start, end)
    return Dashboard(
        start=start,
        end=end,
        size=size,
        window=window,
        table=in_range,
        periods=tuple(bins),
        x=x,
        column_of=column_of,
        tips=tips,
        groups=groups,
        score_line=score_line,
        not_applicable=not_applicable,
        scores=scores,
        overall=tip_rates(in_range),
        highlights=highlights(in_range),
        comparison=compare(table.between(*previous), in_range),
        previous=previous,
    )


def _group_series(
    table: RatingTable, x: np.ndarray, column_of: np.ndarray, window: int, nas: np.ndarray, absent: np.ndarray
) -> dict[str, dict[str, Series]]:
    """Group lines from each session's group mean (n = sessions), as ``rate_tables.group_rate`` does."""
    from reflect.rate_tables import group_weights, mean_ranges  # rate_tables builds on this module

    every = [group for grouping in table.groupings for group in grouping.groups]
    weights = group_weights(table, every)
    if window:
        summed = _rolling(weights, window) if len(table) >= window else np.zeros((0, weights.shape[1]))
    else:
        summed = _per_column(column_of, len(x), weights)
    result: dict[str, dict[str, Series]] = {}
    position = 0
    for grouping in table.groupings:
        result[grouping.id] = {}
        for group in grouping.groups:
            total, n, squares = (summed[:, 3 * position + k] for k in range(3))
            cols = [table.column(item) for item in group.items]
            low, high = mean_ranges(total, squares, n)
            mean = np.where(n > 0, total / np.maximum(n, 1), np.nan)
            result[grouping.id][group.id] = Series(
                group.id, group.label, x, mean, n.astype(np.int64), nas[:, cols].sum(axis=1).astype(np.int64),
                absent[:, cols].sum(axis=1).astype(np.int64), low, high,
            )
            position += 1
    return result


def sparse_note(count: int, what: str = "this range") -> str | None:
    """A sentence explaining an empty or small sample, or None when there is enough."""
    if count == 0:
        return f"No reflections in {what}. Choose a longer range or clear a filter."
    if count < 20:
        plural = "reflection" if count == 1 else "reflections"
        return f"{count} {plural} in {what} — rates are shown with wide intervals; read them as rough."
    return None
