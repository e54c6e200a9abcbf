"""The rows of the per-tip and per-group tables that the Trends page and the PDFs print.

Two things a supervisor needs that a single weighted rate hides:

* **How often it was a plain Yes.** "Rating (Partly = ½)" counts Partly as half, so a
  tip rated Partly every time reads 50 % although it was never fully done. Each tip row
  carries the Yes / Partly / No counts and the Yes % beside the rating.
* **How many sessions stand behind a group.** A group pools 2–5 tips that the same
  session rated together, and those ratings move together. A group's figure is therefore
  worked out per session first (the session's mean rating on the group's tips), and its
  n and 95 % range come from those session means: n counts sessions, not ratings.

**Assumption (also in the README):** the ranges treat sessions as independent of each
other. Repeat patients, several sessions on one day and drift in how someone rates make
sessions alike, and then the true ranges are wider than the ones printed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from reflect.frameworks import Group, Grouping
from reflect.rating_table import Cell, Rate, RatingTable, wilson_interval

# two-sided 95 % quantiles of Student's t for 1–30 degrees of freedom
_T95 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)
_Z = 1.959963984540054


def t95(df: int) -> float:
    """Student's t quantile for a 95 % two-sided range; Cornish–Fisher expansion beyond the table."""
    if df < 1:
        raise ValueError("degrees of freedom must be at least 1")
    if df <= len(_T95):
        return _T95[df - 1]
    z = _Z
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


@dataclass(frozen=True)
class TipRow:
    """One tip over one set of reflections: answer counts, Yes %, rating and its range."""

    yes: int
    partly: int
    no: int
    rate: Rate  # the rating (Partly = ½) with n, N/A and its 95 % Wilson range

    @property
    def n(self) -> int:
        return self.yes + self.partly + self.no

    @property
    def yes_share(self) -> float | None:
        return self.yes / self.n if self.n else None

    @property
    def yes_range(self) -> tuple[float, float] | None:
        return wilson_interval(self.yes, self.n)


def tip_rows(table: RatingTable) -> dict[str, TipRow]:
    """Each tip's row over all reflections of the table, by tip id."""
    rated = table.cells == Cell.RATED
    yes = (rated & np.isclose(table.values, 1.0)).sum(axis=0)
    no = (rated & np.isclose(table.values, 0.0)).sum(axis=0)
    n = rated.sum(axis=0)
    na = (table.cells == Cell.NA).sum(axis=0)
    missing = (table.cells == Cell.MISSING).sum(axis=0)
    totals = table.values.sum(axis=0)
    return {
        tip.id: TipRow(
            int(yes[i]), int(n[i] - yes[i] - no[i]), int(no[i]),
            Rate.of(float(totals[i]), int(n[i]), int(na[i]), int(missing[i])),
        )
        for i, tip in enumerate(table.tips)
    }


def session_means(table: RatingTable, group: Group) -> np.ndarray:
    """Each reflection's mean rating on the group's tips (0–1); NaN where none of them applied."""
    cols = [table.column(item) for item in group.items]
    rated = (table.cells[:, cols] == Cell.RATED).sum(axis=1)
    total = table.values[:, cols].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(rated > 0, total / np.maximum(rated, 1), np.nan)


def group_yes_share(table: RatingTable, group: Group) -> float | None:
    """The average, over the sessions ``group_rate`` counts, of each one's share of Yes among its applicable answers."""
    cols = [table.column(item) for item in group.items]
    rated = table.cells[:, cols] == Cell.RATED
    answered = rated.sum(axis=1)
    yes = (rated & np.isclose(table.values[:, cols], 1.0)).sum(axis=1)
    has = answered > 0
    return float((yes[has] / answered[has]).mean()) if has.any() else None


def mean_range(total: float, squares: float, n: int) -> tuple[float, float] | None:
    """95 % t range of a mean from the sum and sum of squares of n values in 0–1, clamped to 0–1."""
    if n < 2:
        return None
    mean = total / n
    variance = max(0.0, (squares - n * mean * mean) / (n - 1))
    half = t95(n - 1) * math.sqrt(variance / n)
    return max(0.0, mean - half), min(1.0, mean + half)


def group_rate(table: RatingTable, group: Group) -> Rate:
    """A group's rate from its session means: n = sessions with an applicable rating on it."""
    means = session_means(table, group)
    cols = [table.column(item) for item in group.items]
    cells = table.cells[:, cols]
    answered = means[~np.isnan(means)]
    na = int(np.count_nonzero(np.all((cells == Cell.NA) | (cells == Cell.MISSING), axis=1)
                              & np.any(cells == Cell.NA, axis=1)))
    missing = int(np.count_nonzero(np.all(cells == Cell.MISSING, axis=1)))
    if not len(answered):
        return Rate(None, 0, na, missing)
    bounds = mean_range(float(answered.sum()), float((answered**2).sum()), len(answered))
    low, high = bounds if bounds else (None, None)
    return Rate(float(answered.mean()), len(answered), na, missing, low, high)


def group_rates(table: RatingTable, grouping: Grouping) -> dict[str, Rate]:
    """Every group's session-based rate, by group id."""
    return {group.id: group_rate(table, group) for group in grouping.groups}


def group_weights(table: RatingTable, groups: list[Group]) -> np.ndarray:
    """(R, 3·G): per reflection and group its session mean (0 when none applied), 1 if any applied, mean².

    Summed over the reflections of a chart column these give the column's session-based
    group mean and range (``mean_ranges``), the same way ``group_rate`` works for a period.
    """
    blocks = []
    for group in groups:
        means = session_means(table, group)
        has = ~np.isnan(means)
        values = np.where(has, means, 0.0)
        blocks += [values, has.astype(np.float64), values**2]
    return np.column_stack(blocks) if blocks else np.zeros((len(table), 0))


def mean_ranges(total: np.ndarray, squares: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised ``mean_range``: NaN bounds where n < 2."""
    low = np.full(len(n), np.nan)
    high = np.full(len(n), np.nan)
    for index, count in enumerate(n.astype(np.int64)):
        bounds = mean_range(float(total[index]), float(squares[index]), int(count))
        if bounds:
            low[index], high[index] = bounds
    return low, high
