"""The Trends page's words for periods and rates: plain English, no "n", "k" or "w/c".

Clinicians read these between appointments, so a rate says how many sessions it rests on
in words, a week is "Week of 3 Nov 2026", and a quarter names its months.
"""

from __future__ import annotations

from reflect import analytics
from reflect.analytics import Dashboard
from reflect.grammar import plural
from reflect.periods import Bin, Period
from reflect.wording import day_text

PERIOD_CHOICES = (("Week", Bin.WEEK), ("Month", Bin.MONTH), ("Quarter", Bin.QUARTER),
                  ("By sessions", Bin.SESSIONS))


def period_label(period: Period, short: bool = False) -> str:
    """ "Week of 3 Nov 2026" ("3 Nov" short), "Nov 2026", "Oct to Dec 2026" ("Oct–Dec 2026" short)."""
    return period.short_label if short else period.label


def summary_text(board: Dashboard, loaded: bool, filtered: bool) -> str:
    """The line above the charts: how many reflections, over which days, and what to read with care."""
    count = len(board.table)
    if not loaded:
        return ("No reflections yet. After your next session, rate it with the checklist "
                "and your trends will appear here.")
    text = f"{plural(count, 'reflection')} from {day_text(board.start)} to {day_text(board.end)}"
    if filtered:
        text += " (filtered)"
    text += "."
    note = analytics.sparse_note(count)
    if note:
        text += " " + note
    if board.size is Bin.SESSIONS and 0 < count < board.window:
        text += (f" A rolling window needs at least {board.window} sessions:"
                 " choose a smaller window or a longer range.")
    return text
