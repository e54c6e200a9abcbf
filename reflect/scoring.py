"""How a reflection's ratings become a score (see DESIGN.md, Scoring)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    points: int
    possible: int
    applicable: int

    @property
    def percent(self) -> float | None:
        """Points ÷ possible as 0–100, or None when no item applied."""
        if self.possible == 0:
            return None
        return 100.0 * self.points / self.possible

    def describe(self) -> str:
        if self.percent is None:
            return "no applicable items"
        return (
            f"{self.percent:.0f} % ({self.points} of {self.possible} points, "
            f"{self.applicable} applicable item{'s' if self.applicable != 1 else ''})"
        )


MAX_SCALE_POINTS = 10  # the most any answer of any checklist may be worth (user and imported checklists too)


def top_points(checklist_max: int, highest_rated: int | None) -> int:
    """The top of the scale a reflection is scored against: its checklist's maximum, raised to the highest
    points one of its ratings carries, so no score passes 100 % when the checklist is not installed here."""
    return max(checklist_max, highest_rated or 0)


def score(points: Iterable[int | None], max_points: int = 2) -> Score:
    """Score ratings given as points per item; None marks Not applicable (excluded)."""
    applicable = [p for p in points if p is not None]
    top = top_points(max_points, max(applicable, default=None))
    return Score(sum(applicable), top * len(applicable), len(applicable))
