"""CPD portfolio PDF: development plan, CPD log with totals against targets, reflective
accounts on the NMC layout, reflective discussions and the supervision summary charts.

Qt-free: the command line (``reflect report cpd``) and the app call ``write_cpd_report``.
Every free text that goes into the PDF is scanned for patient identifiers first, and the
report is refused, with one sentence naming where, while anything is found.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from reflect import analytics
from reflect.analytics import RatingTable, TrendFilter
from reflect.cpd import (
    GOAL_STATUSES,
    METHODS,
    CpdStore,
)
from reflect.cpd_data import CpdCatalog
from reflect.design import LIGHT
from reflect.files import write_file
from reflect.frameworks import FrameworkCatalog
from reflect.grammar import plural
from reflect.reflection_columns import load_columns
from reflect.reflections import ReflectionStore
from reflect.reports.charts import heatmap, score_chart
from reflect.reports.cpd_content import (
    CpdContent,
    CpdRequest,
    check_content,
    drafts_note,
    gather,
    hours_text,
    refusal,
)
from reflect.reports.cpd_revalidation import (
    DATE_WIDTH,
    evidence_section,
)
from reflect.reports.pdf import (
    ACCENT,
    FOOTER,
    INK,
    MARGIN,
    MUTED,
    PAGE,
    RULE,
    SHADE,
    WIDTH,
    NumberedCanvas,
    Progress,
    build,
    checker,
)
from reflect.reports.reading import HEATMAP_TERMS, how_to_read
from reflect.reports.supervision import (
    ReportRequest,
    bin_size,
    check_destination,
    records_filter,
    reference_framework,
)
from reflect.settings import Settings
from reflect.wording import HEAT_RULE, NOT_A_MEASURE, day_text, days_text

# the request and the gathering live in cpd_content; callers import them from here
__all__ = [
    "CpdContent",
    "CpdRequest",
    "check_content",
    "gather",
    "hours_text",
    "refusal",
    "build_cpd_report",
    "write_cpd_report",
]


# ----- layout


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9.5, leading=13, textColor=INK, spaceAfter=5)
    return {
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=22, leading=27,
                                textColor=ACCENT, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=12.5, leading=16, textColor=MUTED, spaceAfter=14),
        # headings and questions keep with what follows, so sections flow on without one ending a page
        "h1": ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", fontSize=14, leading=18, textColor=ACCENT,
                             spaceBefore=14, spaceAfter=6, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=8,
                             spaceAfter=3, keepWithNext=1),
        "prompt": ParagraphStyle("prompt", parent=body, fontName="Helvetica-Bold", spaceBefore=4, spaceAfter=2,
                                 keepWithNext=1),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0),
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
    }


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(rows: list[list[Any]], widths: Sequence[float], numeric: Sequence[int] = (), total: bool = False) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8.5),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 8.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    commands += [("ALIGN", (column, 0), (column, -1), "RIGHT") for column in numeric]
    if total:
        commands += [("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 8.5), ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT)]
    table.setStyle(TableStyle(commands))
    return table


def _plan(content: CpdContent, tips: dict[str, str], s: dict[str, ParagraphStyle]) -> list[Flowable]:
    flow: list[Flowable] = [Paragraph("Development plan", s["h1"])]
    if not content.goals:
        return flow + [Paragraph("No development goals recorded.", s["body"])]
    for goal in content.goals:
        facts = [GOAL_STATUSES.get(goal.status, goal.status)]
        if goal.target_date:
            facts.append(f"target {day_text(goal.target_date)}")
        if goal.reflection_ids:
            facts.append(plural(len(goal.reflection_ids), "linked reflection"))
        block: list[Flowable] = [
            Paragraph(f"{escape(goal.title)} <font color='{LIGHT.muted}' size='9'>({escape(', '.join(facts))})</font>", s["h2"])
        ]
        if goal.tips:
            block.append(_para("Tips: " + ", ".join(tips.get(t, t) for t in goal.tips), s["body"]))
        if goal.why:
            block.append(_para(f"Why: {goal.why}", s["body"]))
        for action in goal.actions:
            block.append(_para(f"{'[done]' if action.done else '[ ]'} {action.text}", s["body"]))
        flow.append(KeepTogether(block))
    return flow


def _log(content: CpdContent, cpd_catalog: CpdCatalog, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    flow: list[Flowable] = [Paragraph("CPD log", s["h1"])]
    activities = content.activities
    rows: list[list[Any]] = [["Date", "Activity", "Method", "Hours", "Participatory", "Themes"]]
    for a in activities:
        themes = ", ".join(cpd_catalog.theme_label(t) for t in a.themes)
        rows.append([
            day_text(a.day), _para(a.title, s["cell"]), METHODS.get(a.method, a.method), hours_text(a.hours),
            "yes" if a.participatory else "no", _para(themes, s["cell"]),
        ])
    total = sum(a.hours for a in activities)
    participatory = sum(a.hours for a in activities if a.participatory)
    rows.append(["Total", plural(len(activities), "activity", "activities"), "", hours_text(total),
                 hours_text(participatory), ""])
    flow.append(_table(rows, (DATE_WIDTH, 140, 66, 34, 58, WIDTH - 298 - DATE_WIDTH), numeric=(3, 4), total=True))
    clinical = sum(a.hours for a in activities if a.clinical)
    flow.append(Spacer(1, 3 * mm))
    flow.append(Paragraph(
        f"Total in this period: {plural(total, 'hour')} of CPD, of which {hours_text(participatory)} participatory "
        f"and {hours_text(clinical)} clinical.", s["body"]))
    notes = [a for a in activities if a.notes or a.evidence]
    for a in notes:
        parts = [a.notes] if a.notes else []
        if a.evidence:
            parts.append("Evidence: " + ", ".join(e.name for e in a.evidence))
        flow.append(_para(f"{day_text(a.day)}, {a.title}: " + " ".join(parts), s["small"]))
    return flow


def _targets(content: CpdContent, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    flow: list[Flowable] = [Paragraph("Against targets", s["h2"])]
    if not content.targets:
        return flow + [Paragraph("No revalidation or appraisal scheme is chosen in Reflect.", s["body"])]
    rows: list[list[Any]] = [["Target", "Period", "Done", "Required", "Still needed"]]
    for t in content.targets:
        rows.append([
            t.target.label, days_text(t.period.start, t.period.end), hours_text(t.achieved),
            hours_text(t.required), "met" if t.met else hours_text(t.remaining),
        ])
    flow += [
        Paragraph(f"{escape(content.scheme_title)}, as of {day_text(content.request.end)} (CPD in {content.scheme_unit}; "
                  "all records in the cycle count, not only this report's period). A reflective discussion counts "
                  "only once it is linked to the five accounts it covered.", s["body"]),
        _table(rows, (150, 2 * DATE_WIDTH - 2, 40, 50, WIDTH - 238 - 2 * DATE_WIDTH), numeric=(2, 3, 4)),
        Paragraph("Tracked in Reflect: every target in the table above.", s["small"]),
    ]
    if content.not_tracked:
        flow.append(Paragraph("Not tracked in Reflect (record these where your regulator or College asks): "
                              + escape("; ".join(content.not_tracked)) + ".", s["small"]))
    if content.trainee_note:
        flow.append(Paragraph(escape(content.trainee_note), s["body"]))
    return flow


def _accounts(content: CpdContent, cpd_catalog: CpdCatalog, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    flow: list[Flowable] = []
    if content.drafts:
        flow += [Paragraph("Reflective accounts", s["h1"]), Paragraph(drafts_note(content.drafts), s["body"])]
    code = cpd_catalog.codes["nmc-code"]
    prompts = cpd_catalog.account_prompts()
    for number, account in enumerate(content.accounts, 1):
        flow.append(Paragraph(f"Reflective accounts form — account {number} of {len(content.accounts)}", s["h1"]))
        flow.append(_table([["Date", "Title"], [day_text(account.day), _para(account.title, s["cell"])]],
                           (DATE_WIDTH + 16, WIDTH - DATE_WIDTH - 16)))
        answers = account.answers()
        for index, (key, prompt) in enumerate(prompts, 1):
            flow.append(Paragraph(f"{index}. {escape(prompt)}", s["prompt"]))
            if key == "relevance":
                ticks = "   ".join(
                    f"{'[x]' if code.key(theme) in account.themes else '[ ]'} {theme.label}" for theme in code.themes
                )
                flow.append(Paragraph(escape(ticks), s["body"]))
            flow.append(_para(answers[key] or "—", s["body"]))
    return flow


def _discussions(content: CpdContent, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    if not content.discussions:
        return []
    flow: list[Flowable] = [Paragraph("Reflective discussion", s["h1"])]
    for d, covered in zip(content.discussions, content.covered, strict=True):
        rows = [["Date", "Registrant", "PIN", "E-mail"],
                [day_text(d.day), _para(d.colleague_name, s["cell"]), d.colleague_pin, _para(d.colleague_email, s["cell"])]]
        block: list[Flowable] = [_table(rows, (DATE_WIDTH + 8, 140, 72, WIDTH - 220 - DATE_WIDTH))]
        if d.colleague_address:
            block.append(_para(f"Professional address: {d.colleague_address}", s["small"]))
        block.append(_para(covered, s["body"]))
        if d.notes:
            block.append(_para(d.notes, s["body"]))
        block.append(Spacer(1, 4 * mm))
        flow.append(KeepTogether(block))
    return flow


def _charts(
    reflections: ReflectionStore, catalog: FrameworkCatalog, settings: Settings, request: CpdRequest,
    s: dict[str, ParagraphStyle], check: Callable[[], None] | None = None,
) -> list[Flowable]:
    """The supervision report's score chart and heatmap for the same period (no private text)."""
    supervision = ReportRequest(request.start, request.end)
    reference = reference_framework(catalog, settings, TrendFilter())
    columns = load_columns(reflections.database, records_filter(supervision, settings), check)
    table = RatingTable.from_columns(columns, catalog, reference)
    board = analytics.dashboard(table, request.start, request.end, bin_size(request.start, request.end))
    flow: list[Flowable] = [Paragraph("Reflection summary", s["h1"])]
    count = len(board.table)
    if not count:
        return flow + [Paragraph("No reflections were recorded in this period.", s["body"])]
    flow += [
        Paragraph(f"{plural(count, 'reflection')} with the {escape(reference.title)} in this period. "
                  "The full trend report is the supervision report.", s["body"]),
        Paragraph(escape(reference.citation), s["small"]),
        Paragraph(escape(reference.adaptation) + " " + escape(NOT_A_MEASURE) + " " + escape(HEAT_RULE), s["small"]),
        score_chart(board), Spacer(1, 5 * mm), heatmap(board),
        *how_to_read(HEATMAP_TERMS, s),
    ]
    return flow


def build_cpd_report(
    content: CpdContent,
    reflections: ReflectionStore,
    catalog: FrameworkCatalog,
    cpd_catalog: CpdCatalog,
    settings: Settings,
    generated: date | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The portfolio as PDF bytes; raises ReportError (nothing produced) when a text may identify a patient.
    `progress` hears how far the build is, and may raise to stop it (``pdf.build``)."""
    problems = check_content(content, settings)
    if problems:
        raise refusal(problems)
    generated = generated or date.today()
    s = _styles()
    request = content.request
    name = settings.practitioner_name.strip()
    period = days_text(request.start, request.end)
    framework = catalog.get(settings.framework_id) or catalog.default()
    tips = {item.id: item.label for item in framework.items}
    story: list[Flowable] = [
        Paragraph("CPD portfolio", s["title"]),
        Paragraph(escape(" · ".join(filter(None, [name, settings.practitioner_role.strip(), period]))), s["subtitle"]),
    ]
    story += _plan(content, tips, s)
    story += _log(content, cpd_catalog, s)
    story += _targets(content, s)
    story += _accounts(content, cpd_catalog, s)
    story += _discussions(content, s)
    story += evidence_section(content.evidence, s, _table, _para, day_text)
    story += _charts(reflections, catalog, settings, request, s, checker(progress))
    header = " · ".join(filter(None, ["CPD portfolio", name, period]))
    footer = f"{FOOTER} on {day_text(generated)}"

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=17 * mm, bottomMargin=18 * mm,
        title=f"CPD portfolio, {period}" + (f", {name}" if name else ""), author=name or "Reflect",
        subject="CPD portfolio", creator="Reflect", lang="en-GB",
    )
    build(document, story, progress, canvasmaker=partial(NumberedCanvas, footer=footer, header=header))
    return buffer.getvalue()


def write_cpd_report(
    path: Path,
    cpd: CpdStore,
    reflections: ReflectionStore,
    catalog: FrameworkCatalog,
    cpd_catalog: CpdCatalog,
    settings: Settings,
    request: CpdRequest,
    generated: date | None = None,
    progress: Progress | None = None,
) -> Path:
    """Gather, check, build and write atomically; the file is untouched on any error, and when `progress`
    stops the build (``pdf.build``)."""
    check_destination(path)
    content = gather(cpd, cpd_catalog, settings, request)
    write_file(path, build_cpd_report(content, reflections, catalog, cpd_catalog, settings, generated, progress))
    return path
