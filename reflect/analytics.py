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
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from reflect.change_status import ChangeStatus
from reflect.periods import Bin, Period, bin_index, period_edges, period_start, periods
from reflect.rate_tables import group_weights, mean_ranges
from reflect.rating_table import (
    Z95,
    Cell,
    Rate,
    RatingTable,
    Tip,
    TipRate,
    TrendFilter,
    day_seconds,
    epoch_seconds,
    wilson_arrays,
    wilson_interval,
)

# The table and the periods live in their own modules (``rate_tables`` builds on the table,
# and this module on ``rate_tables``); their names are re-exported here, where callers look.
__all__ = [
    "DEFAULT_WINDOW", "Z95", "Bin", "Cell", "ChangeStatus", "Dashboard", "Highlights", "Period", "Rate",
    "RatingTable", "Series", "Tip", "TipChange", "TipRate", "TrendFilter", "bin_index", "compare", "dashboard",
    "day_seconds", "focus", "focus_window", "highlights", "period_start", "periods", "previous_range", "reflection_scores",
    "sparse_note", "tip_rates", "wilson_interval",
]

DEFAULT_WINDOW = 10


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


def focus_window(start: date, end: date) -> tuple[date, date]:
    """Before a focus: as many days as from its `start` to `end`, so both sides are alike."""
    return start - timedelta(days=(end - start).days + 1), start - timedelta(days=1)


def focus(table: RatingTable, tip_id: str, start: date, end: date | None = None) -> TipChange:
    """A focus tip's rate before `start` against from `start` on; with `end`, both sides span
    the same number of days (``focus_window``), as the supervision report shows them."""
    if end is not None:
        table = table.between(focus_window(start, end)[0], end)
    before = table.between(None, start - timedelta(days=1))
    after = table.between(start, None)
    column = table.column(tip_id)
    return TipChange(table.tips[column], tip_rates(before)[tip_id], tip_rates(after)[tip_id])


# ---------------------------------------------------------------------------
# series


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
        low, high = wilson_arrays(mean, n.astype(np.float64))
    else:
        low = high = np.full(len(x), np.nan)
    return Series(
        key, label, x, mean, n.astype(np.int64), na.astype(np.int64), missing.astype(np.int64), low, high
    )


def _per_column(index: np.ndarray, columns: int, weights: np.ndarray) -> np.ndarray:
    """Sum rows of `weights` (R, W) into `columns` bins by `index`; rows with -1 are dropped.

    One ``bincount`` per weight column: the same sums, in the same order, as one over a flat
    (R × W) key matrix, without that matrix and a kept copy of the weights (about 100 MB at
    100,000 reflections, most of Trends' peak memory over all dates).
    """
    keep = index >= 0
    everything = bool(keep.all())
    index = index if everything else index[keep]
    result = np.empty((columns, weights.shape[1]))
    for j in range(weights.shape[1]):
        column = weights[:, j] if everything else weights[keep, j]
        result[:, j] = np.bincount(index, weights=column, minlength=columns)
    return result


def _rolling(weights: np.ndarray, window: int) -> np.ndarray:
    """Sums over each full window of `window` consecutive rows."""
    cumulative = np.zeros((len(weights) + 1, weights.shape[1]))
    np.cumsum(weights, axis=0, dtype=np.float64, out=cumulative[1:])
    return cumulative[window:] - cumulative[:-window]


def _summed(blocks: list[np.ndarray], column_of: np.ndarray, columns: int, window: int) -> np.ndarray:
    """Each (R, ·) block of weights summed per chart column (a rolling window of sessions when
    `window`), side by side: the blocks are never stacked into one (R × all) matrix."""
    if window:
        parts = [_rolling(block, window) if len(block) >= window else np.zeros((0, block.shape[1]))
                 for block in blocks]
    else:
        parts = [_per_column(column_of, columns, block) for block in blocks]
    return np.hstack(parts) if parts else np.zeros((columns, 0))


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

    def ids_in(self, column: int, tip_id: str | None = None) -> list[str]:
        """Ids of the reflections behind a column, oldest first; with a tip, only those that answered it (rated or N/A)."""
        rows = self.rows_in(column)
        if tip_id is not None:
            rows = rows[self.table.cells[rows, self.table.column(tip_id)] != Cell.MISSING]
        return [str(reflection_id) for reflection_id in self.table.ids[rows]]


def dashboard(
    table: RatingTable, start: date, end: date, size: Bin = Bin.WEEK, window: int = DEFAULT_WINDOW
) -> Dashboard:
    """All dashboard series for reflections from `start` to `end` (inclusive), already filtered."""
    in_range = table.between(start, end)
    scores = reflection_scores(in_range)
    has_score = ~np.isnan(scores)
    score_weights = np.column_stack([np.where(has_score, scores / 100.0, 0.0), has_score])

    # weights side by side: values, rated, N/A, missing (booleans, summed as 0/1), score
    tip_count = len(in_range.tips)
    cells = in_range.cells
    weights = [in_range.values, cells == Cell.RATED, cells == Cell.NA, cells == Cell.MISSING, score_weights]
    if size is Bin.SESSIONS:
        bins: list[Period] = []
        column_of = np.full(len(in_range), -1, dtype=np.int64)
        x = in_range.times[window - 1:] if len(in_range) >= window else np.zeros(0)
    else:
        bins = periods(start, end, size)
        column_of = bin_index(in_range.moments, bins)
        edges = epoch_seconds(period_edges(bins))
        x = (edges[:-1] + edges[1:]) / 2.0
    summed = _summed(weights, column_of, len(x), window if size is Bin.SESSIONS else 0)
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
    every = [group for grouping in table.groupings for group in grouping.groups]
    summed = _summed([group_weights(table, every)], column_of, len(x), window)
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
