"""The words and number formats the Trends page and the PDFs share, so both read the same.

Kept in one place because the way a number is worded decides how a supervisor reads it
(DESIGN.md, "Honest numbers"): a self-rating change is never called "clear", every rate
is shown with its count, and a change is worked out from the rounded figures the reader
sees, so "87 % vs 90 %" is always "+3 points".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from reflect.change_status import ChangeStatus
from reflect.grammar import plural

if TYPE_CHECKING:
    from reflect.analytics import Rate, TipChange
    from reflect.rate_tables import TipRow

MINUS = "\u2212"  # the minus sign: a hyphen reads as a dash and can break from its number
READINGS: dict[ChangeStatus, str] = {
    ChangeStatus.UP: "Higher (ranges don't overlap)",
    ChangeStatus.DOWN: "Lower (ranges don't overlap)",
    ChangeStatus.UNCLEAR: "Ranges overlap",
    ChangeStatus.TOO_FEW: "Too few ratings to compare",
    ChangeStatus.MISSING: "Not in one checklist version",
}


def status_reading(change: str) -> str:
    """The words for a change status read back from a file (a supervision pack), or the value itself if unknown."""
    try:
        return READINGS[ChangeStatus(change)]
    except ValueError:
        return change


RATING_GLOSS = "Rating (Partly = ½): Yes counts 1, Partly ½ and No 0, averaged over the applicable answers."
YES_GLOSS = "Yes % is the share of applicable answers that were Yes."
COMPARISON_RULE = (
    "A difference is marked Higher or Lower only when the 95 % ranges of the two periods do not overlap; "
    "otherwise it reads “Ranges overlap”, however large the difference looks. Changes are worked out from the "
    "rounded figures shown."
)
CHANGE_MEANING = (
    "A change in self-ratings can mean that practice changed, but also that the mix of sessions changed or that "
    "the way you rate drifted; it cannot show, on its own, that care improved."
)
NOT_A_MEASURE = (
    "The score is a prompt for self-supervision, not a validated measure or a performance grade."
)
INDEPENDENCE = (
    "The 95 % ranges assume each session is independent of the others. Seeing the same person again, several "
    "sessions on one day or a drift in how you rate make sessions alike, and then the true ranges are wider "
    "than shown."
)
GROUP_METHOD = (
    "A group's figure is the average, over sessions, of each session's mean rating on the group's tips; it counts "
    "sessions, not ratings, and the range is worked out across sessions. Its Yes % is likewise the average over "
    "the same sessions of each session's share of Yes among its applicable answers on those tips."
)
# below this many sessions a heatmap cell is hatched: too few to read as a rate
MIN_CELL_N = 5
HEAT_RULE = (
    f"Each cell shows the rating and, below it, the number of sessions with an applicable answer. Cells with "
    f"fewer than {MIN_CELL_N} sessions are hatched: read them as rough."
)


def percent(value: float | None) -> str:
    """A rate 0–1 as a whole percentage, '–' when there is none."""
    return "–" if value is None else f"{shown(value)} %"


def shown(value: float) -> int:
    """The whole percentage a reader sees for a rate 0–1 (round half up, as people do)."""
    return int(100 * value + 0.5 + 1e-9)


def interval(rate: Rate) -> str:
    if rate.low is None or rate.high is None:
        return "–"
    return f"{shown(rate.low)}–{shown(rate.high)} %"


def change_points(change: TipChange) -> int | None:
    """After minus before, in percentage points, from the rounded figures shown."""
    if change.before.mean is None or change.after.mean is None:
        return None
    return shown(change.after.mean) - shown(change.before.mean)


def change_text(change: TipChange) -> str:
    """'+3 points', '−1 point' (a true minus sign), '0 points', or '–' when there is nothing to compare."""
    points = change_points(change)
    return "–" if points is None else signed_points(points)


def signed_points(points: int) -> str:
    """A change in percentage points with its sign: '+3 points', '−1 point', '0 points'."""
    sign = "+" if points > 0 else MINUS if points < 0 else ""
    return sign + plural(abs(points), "point")


def reading(change: TipChange) -> str:
    return READINGS[change.status]


def yes_and_rating(row: TipRow) -> str:
    """'Yes 49 %, rating 62 % (620 sessions)': the Yes-rate always beside the weighted rating."""
    return f"Yes {percent(row.yes_share)}, rating {percent(row.rate.mean)} ({plural(row.n, 'session')})"


# Reflect's one date format, "Mon 3 Nov 2026" (and "Mon 3 Nov 2026 14:05" with the time): pages,
# date editors (these Qt display patterns), PDFs, Word files and the command line all write it.
DAY_PATTERN = "ddd d MMM yyyy"
# how the session's date and time show in the form's editor: one space between every part
SESSION_MOMENT_PATTERN = f"{DAY_PATTERN} HH:mm"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day_text(value: date) -> str:
    """A date in Reflect's one format: "Mon 3 Feb 2025".

    Names from these tables, not strftime's %a and %b: Qt sets the C library's locale from the
    system's, so those would be in another language than the rest of Reflect on many computers; and
    each strftime call imports ``time`` again, through PySide6's import hook once Qt is loaded
    (about 0.6 s per 100,000 dates listed).
    """
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} {value.year}"


def moment_text(value: datetime) -> str:
    """A date and time in Reflect's one format: "Mon 3 Feb 2025 14:05"."""
    return f"{day_text(value)} {value.hour:02d}:{value.minute:02d}"


def days_text(start: date, end: date) -> str:
    """A span of days: "Mon 3 Feb 2025 – Sun 2 Mar 2025"."""
    return f"{day_text(start)} – {day_text(end)}"


def join_words(words: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


