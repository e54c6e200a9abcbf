"""The Trends page's words for periods and rates: plain English, no "n", "k" or "w/c".

Clinicians read these between appointments, so a rate says how many sessions it rests on
in words, a week is "Week of 3 Nov 2026", and a quarter names its months.
"""

from __future__ import annotations

from datetime import date

from reflect.grammar import plural
from reflect.periods import Bin, Period
from reflect.rate_tables import TipRow
from reflect.rating_table import Rate
from reflect.wording import percent

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PERIOD_CHOICES = (("Week", Bin.WEEK), ("Month", Bin.MONTH), ("Quarter", Bin.QUARTER),
                  ("By sessions", Bin.SESSIONS))


def day_text(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def period_label(period: Period, short: bool = False) -> str:
    """ "Week of 3 Nov 2026" ("3 Nov" short), "Nov 2026", "Oct to Dec 2026" ("Oct–Dec 2026" short)."""
    start = period.start
    if period.size is Bin.WEEK:
        return f"{start.day} {MONTHS[start.month - 1]}" if short else f"Week of {day_text(start)}"
    if period.size is Bin.MONTH:
        return f"{MONTHS[start.month - 1]} {start.year}"
    last = MONTHS[start.month + 1]
    return f"{MONTHS[start.month - 1]}{'–' if short else ' to '}{last} {start.year}"


def rate_text(rate: Rate) -> str:
    """ "72 % from 27 sessions (95 % range 60 to 82 %)", or why there is no rate."""
    if rate.mean is None:
        if rate.missing and not rate.rated:
            return "not in this checklist version"
        if rate.na:
            return f"not applicable in all {plural(rate.na, 'session')}"
        return "no ratings"
    text = f"{100 * rate.mean:.0f} % from {plural(rate.n, 'session')}"
    if rate.low is not None and rate.high is not None:
        text += f" (95 % range {100 * rate.low:.0f} to {100 * rate.high:.0f} %)"
    return text


def yes_and_rating(row: TipRow) -> str:
    """ "Yes 49 %, rating 62 % from 620 sessions": the Yes-rate always beside the weighted rating."""
    return f"Yes {percent(row.yes_share)}, rating {percent(row.rate.mean)} from {plural(row.n, 'session')}"
