"""How a tip's rate changed between two periods: its own module so the words for it
(``reflect.wording``) load without numpy, which Reflect's first paint does not wait for."""

from __future__ import annotations

from enum import StrEnum


class ChangeStatus(StrEnum):
    UP = "up"  # intervals do not overlap, after is higher
    DOWN = "down"  # intervals do not overlap, after is lower
    UNCLEAR = "unclear"  # both sides rated, intervals overlap: no clear change
    TOO_FEW = "too-few"  # one side has no applicable rating
    MISSING = "missing"  # the tip is absent from every reflection on one side
