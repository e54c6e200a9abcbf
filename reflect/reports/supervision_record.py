"""The signed supervision record: a one- or two-page PDF of a supervision session for the portfolio.

Both names, the date, what was discussed, the supervisor's comments and the agreed actions,
from a response the practitioner imported. It is kept as the evidence file of the CPD
entry (participatory) the import creates.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from reflect.grammar import plural
from reflect.reports.pdf import ACCENT, FOOTER, INK, MARGIN, MUTED, PAGE, RULE, WIDTH
from reflect.supervision.response import Response
from reflect.wording import day_text, days_text


@dataclass(frozen=True)
class RecordPeople:
    practitioner: str
    practitioner_role: str


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=14, textColor=INK, spaceAfter=5)
    return {
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=20, leading=25,
                                textColor=ACCENT, spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=12, leading=15, spaceBefore=10,
                             textColor=ACCENT),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=MUTED),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _story(response: Response, people: RecordPeople, accepted: set[int]) -> list[Flowable]:
    s = _styles()
    sign = response.sign_off
    assert sign is not None  # read_response refuses an unsigned response
    supervisor = ", ".join(filter(None, [sign.name, sign.role, sign.registration]))
    rows = [
        ["Practitioner", ", ".join(filter(None, [people.practitioner, people.practitioner_role])) or "—"],
        ["Supervisor", supervisor],
        ["Date of supervision", f"{day_text(response.discussed_on)} ({plural(response.hours, 'hour')})"],
        ["Period reviewed", days_text(response.start, response.end)],
        ["Signed off", f"by {sign.name} on {day_text(sign.signed_on)}"],
    ]
    table = Table([[_p(a, s["small"]), _p(b, s["body"])] for a, b in rows], colWidths=[40 * 2.83, WIDTH - 40 * 2.83])
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story: list[Flowable] = [_p("Supervision record", s["title"]), table, Spacer(1, 8)]
    discussed = [c.title[0].upper() + c.title[1:] for c in response.reflection_comments + response.tip_comments]
    story.append(_p("What was discussed", s["h2"]))
    story.append(_p(
        "The supervision trend report for the period" + (": " + "; ".join(discussed) + "." if discussed else "."),
        s["body"],
    ))
    if discussed:
        story.append(_p("Comments", s["h2"]))
        for comment in response.reflection_comments + response.tip_comments:
            story.append(_p(f"On {comment.title}: {comment.text}", s["body"]))
    if response.overall.strip():
        story.append(_p("Overall note", s["h2"]))
        story.append(_p(response.overall, s["body"]))
    if response.actions:
        story.append(_p("Agreed actions", s["h2"]))
        for number, action in enumerate(response.actions, start=1):
            mark = " (taken on as a development goal)" if number in accepted else ""
            story.append(_p(f"{number}. {action}{mark}", s["body"]))
    story.append(Spacer(1, 12))
    story.append(_p(
        f"Signed off by {supervisor} on {day_text(sign.signed_on)} in a passphrase-sealed Reflect supervision "
        "response. Participatory CPD: a discussion with another professional.", s["small"],
    ))
    return story


def build_supervision_record(
    response: Response, people: RecordPeople, accepted: set[int], generated: date | None = None
) -> bytes:
    """The record as PDF bytes; `accepted` are the numbers (from 1) of actions taken on as goals."""
    generated = generated or date.today()
    buffer = io.BytesIO()
    title = f"Supervision record, {day_text(response.discussed_on)}"
    document = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
        title=title, author=people.practitioner or "Reflect", subject="Supervision record", creator="Reflect",
        lang="en-GB",
    )

    def footer(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, MARGIN / 2, f"{FOOTER} on {day_text(generated)}")
        canvas.restoreState()

    document.build(_story(response, people, accepted), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
