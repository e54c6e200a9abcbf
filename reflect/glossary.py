"""Plain-English meanings of the statistical words Reflect shows, one home for every tooltip and PDF note.

Clinicians read these figures between appointments; a term they have to look up is a term
they will misread. Each entry is the words a page or report shows (``label``) and one
sentence saying what it means (``meaning``); pages attach ``meaning`` as a tooltip or a
glossary line, the PDFs print the ones they use under "How to read this report".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    label: str  # the words shown on screen and in reports
    meaning: str  # one plain sentence


GLOSSARY: dict[str, Term] = {
    "range": Term(
        "95 % range",
        "The range the true figure probably lies in, given how many sessions there are; "
        "the fewer the sessions, the wider it is.",
    ),
    "count": Term("sessions", "How many reflections a figure is worked out from."),
    "period": Term("Period", "How the dates are grouped on the charts: by week, month or quarter."),
    "rating": Term(
        "Rating (Partly = ½)",
        "Yes counts 1, Partly ½ and No 0, averaged over the tips that applied to the session.",
    ),
    "yes_share": Term("Yes %", "The share of applicable answers that were Yes."),
    "points": Term("points", "The difference between two percentages, e.g. 80 % to 85 % is 5 points."),
    "thin": Term(
        "few sessions",
        "A figure from fewer than five sessions: shown, but hatched or faint, because it can swing a lot by chance.",
    ),
    "overlap": Term(
        "Ranges overlap",
        "The two periods' ranges share some values, so the difference could be chance.",
    ),
    "colour_scale": Term(
        "colour scale",
        "Darker blue means lower, lighter yellow higher; the scale reads the same in greyscale and for "
        "common colour-vision differences.",
    ),
    "week_starting": Term("week of", "The week that starts on the date shown (Monday)."),
}


def meaning(key: str) -> str:
    """The plain sentence for a glossary key; KeyError names a term that has no entry."""
    return GLOSSARY[key].meaning
