"""The CPD portfolio's revalidation-evidence section: practice hours, practice-related feedback,
confirmation and peer group meetings in the report's period (Qt-free).

Kept apart from ``reports/cpd.py`` so that module stays about CPD. Every free text here is
scanned with the other texts of the portfolio before anything is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table

from reflect.data.db import Database
from reflect.reports.pdf import WIDTH
from reflect.revalidation_logs import (
    ACCOUNTS_PER_DISCUSSION,
    Confirmation,
    EvidenceStore,
    Feedback,
    PeerMeeting,
    PracticeHours,
    discussion_met,
)
from reflect.wording import day_text

DATE_WIDTH = 80  # a table column that fits "Wed 30 Sep 2026" in 8.5 pt Helvetica with the cell padding


@dataclass(frozen=True)
class EvidenceContent:
    hours: tuple[PracticeHours, ...] = ()
    feedback: tuple[Feedback, ...] = ()
    confirmations: tuple[Confirmation, ...] = ()
    meetings: tuple[PeerMeeting, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.hours or self.feedback or self.confirmations or self.meetings)


def gather_evidence(database: Database, start: date, end: date) -> EvidenceContent:
    """The evidence records that fall in the period (practice hours by any overlap), oldest first."""
    store = EvidenceStore(database)

    def within(day: date) -> bool:
        return start <= day <= end

    return EvidenceContent(
        hours=tuple(reversed([h for h in store.practice_hours() if h.start <= end and h.end >= start])),
        feedback=tuple(reversed([f for f in store.feedback() if within(f.day)])),
        confirmations=tuple(reversed([c for c in store.confirmations() if within(c.day)])),
        meetings=tuple(reversed([m for m in store.meetings() if within(m.day)])),
    )


def evidence_texts(content: EvidenceContent) -> list[tuple[str, str]]:
    """Every free text of the section as (place, text); two entries of one day stay apart."""
    texts: list[tuple[str, str]] = []
    for h in content.hours:
        texts.append((f"the setting of practice from {day_text(h.start)}", h.setting))
        texts.append((f"the scope of practice from {day_text(h.start)}", h.scope))
    for f in content.feedback:
        texts.append((f"the source of the feedback of {day_text(f.day)}", f.source))
        texts.append((f"the learning from the feedback of {day_text(f.day)}", f.learning))
    for m in content.meetings:
        texts.append((f"the members of the peer group meeting of {day_text(m.day)}", m.members))
        texts.append((f"the discussion of the peer group meeting of {day_text(m.day)}", m.discussed))
    return texts


def evidence_section(
    content: EvidenceContent,
    s: dict[str, ParagraphStyle],
    table: Callable[..., Table],
    para: Callable[[str, ParagraphStyle], Paragraph],
    day: Callable[[date], str],
) -> list[Flowable]:
    if not content:
        return []
    flow: list[Flowable] = [Paragraph("Revalidation evidence", s["h1"])]
    if content.hours:
        rows: list[list[Any]] = [["From", "To", "Hours", "Setting", "Scope of practice"]]
        rows += [[day(h.start), day(h.end), f"{h.hours:g}", para(h.setting, s["cell"]), para(h.scope, s["cell"])]
                 for h in content.hours]
        rows.append(["Total", "", f"{sum(h.hours for h in content.hours):g}", "", ""])
        flow += [Paragraph("Practice hours", s["h2"]), table(rows, (DATE_WIDTH, DATE_WIDTH, 40, 140, WIDTH - 180 - 2 * DATE_WIDTH), (2,), True)]
    if content.feedback:
        flow.append(Paragraph(f"Practice-related feedback ({len(content.feedback)})", s["h2"]))
        flow += [para(f"{day(f.day)}, {f.source}: {f.learning}"
                      + (" (written up as a reflective account)" if f.account_id else ""), s["body"])
                 for f in content.feedback]
    if content.confirmations:
        flow.append(Paragraph("Confirmation", s["h2"]))
        flow += [para(f"{day(c.day)}: confirmed by {c.confirmer} ({c.registration})", s["body"])
                 for c in content.confirmations]
    if content.meetings:
        flow.append(Paragraph(f"Peer group meetings ({len(content.meetings)})", s["h2"]))
        flow += [Paragraph(escape(f"{day(m.day)} · {m.members}") + (" · <b>PDP agreed</b>" if m.pdp_agreed else "")
                           + "<br/>" + escape(m.discussed), s["body"]) for m in content.meetings]
    return flow


def covered_line(store: EvidenceStore, discussion_id: str | None) -> str:
    """'Reflective accounts covered: 3 of 5 (…)' for a reflective discussion; only complete accounts count."""
    covered = store.covered_count(discussion_id) if discussion_id else 0
    state = "counts towards revalidation" if discussion_met(covered) else "does not count until it covers all five"
    return f"Reflective accounts covered: {covered} of {ACCOUNTS_PER_DISCUSSION} ({state})."

