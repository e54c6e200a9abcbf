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


def score(points: Iterable[int | None], max_points: int = 2) -> Score:
    """Score ratings given as points per item; None marks Not applicable (excluded)."""
    applicable = [p for p in points if p is not None]
    return Score(sum(applicable), max_points * len(applicable), len(applicable))
