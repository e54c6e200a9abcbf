"""The supervision report's sections as reportlab flowables, from the content selected beforehand."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from xml.sax.saxutils import escape

import numpy as np
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from reflect import analytics
from reflect.analytics import (
    Bin,
    ChangeStatus,
    TrendFilter,
)
from reflect.figures import GROUP_COLUMNS, TIP_COLUMNS, group_table_rows, tip_table_rows
from reflect.frameworks import FrameworkCatalog
from reflect.grammar import plural
from reflect.rate_tables import tip_rows
from reflect.reports.charts import heatmap, score_chart
from reflect.reports.pdf import RULE, WIDTH, styles, table
from reflect.reports.reading import HEATMAP_TERMS, TABLE_TERMS, how_to_read
from reflect.reports.supervision_selection import (
    ReportContent,
    focus_choice,
)
from reflect.vocabulary import (
    CONTACT_TYPES,
    MODALITIES,
    SETTINGS,
    label,
)
from reflect.wording import (
    CHANGE_MEANING,
    COMPARISON_RULE,
    GROUP_METHOD,
    HEAT_RULE,
    INDEPENDENCE,
    NOT_A_MEASURE,
    RATING_GLOSS,
    READINGS,
    YES_GLOSS,
    change_text,
    day_text,
    days_text,
    interval,
    join_words,
    moment_text,
    percent,
    yes_and_rating,
)

# ---------------------------------------------------------------------------
# styles




# ---------------------------------------------------------------------------
# sections


def _cover(content: ReportContent, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    request, settings, reference = content.request, content.settings, content.reference
    days = (request.end - request.start).days + 1
    rows = [
        ["Practitioner", settings.practitioner_name.strip() or "Not entered in Settings"],
        ["Role", settings.practitioner_role.strip() or "Not entered in Settings"],
        ["Period", f"{days_text(request.start, request.end)} ({plural(days, 'day')})"],
        ["Sessions", _filters_text(request.filters, content.catalog)],
        ["Reflections", f"{plural(len(content.board.table), 'complete reflection')} in the period"],
        ["Generated", day_text(content.generated)],
    ]
    cells = [[Paragraph(escape(a), s["cellbold"]), Paragraph(escape(b), s["cell"])] for a, b in rows]
    facts = Table(cells, colWidths=[80, WIDTH - 80], hAlign="LEFT")
    facts.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    if content.included:
        privacy = (f"The practitioner chose to include the text of {plural(len(content.included), 'reflection')} "
                   "(last section); each was checked for patient identifiers first.")
    else:
        privacy = "Private reflection text is not included: this report shows patterns, not notes."
    return [
        Spacer(1, 12 * mm),
        Paragraph("Supervision report", s["title"]),
        Paragraph("Self-evaluation trends for discussion in clinical supervision", s["subtitle"]),
        facts,
        Spacer(1, 4 * mm),
        Paragraph(privacy, s["body"]),
        Spacer(1, 4 * mm),
        Paragraph("Checklist", s["h2"]),
        Paragraph(f"<b>{escape(reference.title)}</b>", s["body"]),
        Paragraph(escape(reference.citation), s["small"]),
        Paragraph(escape(reference.adaptation), s["body"]),
        Paragraph("How to read the numbers", s["h2"]),
        Paragraph(
            "A tip’s rate is the mean of its applicable ratings over the period, with the scale’s top answer "
            "counting as 100 % and a partial answer as a share of it; “Not applicable” answers are left out and "
            "shown separately as the N/A share. Every rate comes with the number of sessions it is worked out from "
            "and a 95 % range, so a handful of sessions is not over-read. " + " ".join(
                (YES_GLOSS, COMPARISON_RULE, INDEPENDENCE)), s["body"]),
        Paragraph(CHANGE_MEANING + " " + NOT_A_MEASURE, s["body"]),
        *how_to_read((*TABLE_TERMS, *HEATMAP_TERMS), s, "Words used in this report"),
    ]


def _count_table(title: str, values: np.ndarray, choices: dict[str, str], s: dict[str, ParagraphStyle]) -> Table:
    counts = Counter(values.tolist())
    total = sum(counts.values())
    keys = [k for k in choices if counts.get(k)] + sorted(k for k in counts if k not in choices)
    rows: list[list[Any]] = [[title, "Sessions", "Share"]]
    rows += [[Paragraph(escape(label(choices, k)), s["cell"]), f"{counts[k]:,}", percent(counts[k] / total)]
             for k in keys]
    rows.append(["Total", f"{total:,}", "100 %" if total else "–"])
    return table(rows, (130, 55, 45), bold_rows=(len(rows) - 1,))


def _sessions(content: ReportContent, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    table = content.board.table
    side = Table([[_count_table("Setting", table.setting, SETTINGS, s),
                   _count_table("Contact type", table.contact_type, CONTACT_TYPES, s)]],
                 colWidths=[WIDTH / 2, WIDTH / 2], hAlign="LEFT")
    side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    scores = content.board.scores[~np.isnan(content.board.scores)]
    average = (f"The average reflection score was {float(scores.mean()):.0f} % "
               f"over {plural(len(scores), 'reflection')}."
               if len(scores) else "No reflection in the period had an applicable rating.")
    flow: list[Flowable] = [Paragraph("Sessions in the period", s["h1"]), side, Spacer(1, 6 * mm),
                            Paragraph("Overall score", s["h2"]),
                            Paragraph(average + " A reflection’s score is its points as a share of the most it could "
                                      "score on its applicable tips.", s["body"]),
                            score_chart(content.board)]
    note = analytics.sparse_note(len(table), "this period")
    if note:
        flow.append(Paragraph(escape(note), s["small"]))
    return flow


def _tight(made: Table) -> Table:
    """Narrower cell padding, so a ten-column table's headers ("Sessions", "Previous") fit without breaking."""
    made.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
    return made


def _header(names: Sequence[str], s: dict[str, ParagraphStyle]) -> list[Paragraph]:
    return [Paragraph(escape(name), s["head"]) for name in names]


def _tips(content: ReportContent, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    board = content.board
    before, after = board.previous
    rows: list[list[Any]] = [_header(TIP_COLUMNS, s)]
    for values in tip_table_rows(content.board):
        rows.append([Paragraph(escape(values[0]), s["cell"]), *values[1:-1], Paragraph(escape(values[-1]), s["cell"])])
    # the tip names keep whole words ("Self-management"); Yes / Partly / No fits "308 / 154 / 159"
    widths = (78, 30, 63, 40, 43, 42, 22, 40, 46, WIDTH - 404)
    kept = KeepTogether([  # ten rows: one table to read, not split over two pages
        Paragraph("Per-tip figures", s["h1"]),
        Paragraph(
            f"{days_text(board.start, board.end)} compared with the previous period of equal length "
            f"({days_text(before, after)}, {plural(len(content.previous), 'reflection')}). "
            "Sessions counts the sessions with an applicable answer; N/A counts “Not applicable” answers.", s["body"]),
        _tight(table(rows, widths, numeric=(1, -2))),
    ])
    return [
        kept,
        Spacer(1, 2 * mm),
        Paragraph(" ".join((YES_GLOSS, RATING_GLOSS, COMPARISON_RULE)), s["small"]),
        Paragraph(" ".join((CHANGE_MEANING, NOT_A_MEASURE, INDEPENDENCE)), s["small"]),
    ]


def _heat(content: ReportContent, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    board = content.board
    unit = {Bin.WEEK: "week (weeks start on Monday)", Bin.MONTH: "month", Bin.QUARTER: "quarter"}[board.size]
    return [KeepTogether([
        Paragraph("Tips by period", s["h1"]),
        Paragraph(f"Each cell is a tip’s rating (Partly = ½) in one {unit}. {HEAT_RULE} Colours run from dark blue "
                  "(lower) to light yellow (higher), a colour scale readable in greyscale and with colour-vision "
                  "differences.", s["body"]),
        heatmap(board),
    ])]


def _groups(content: ReportContent, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    flow: list[Flowable] = []
    tables = group_table_rows(content.board.table, content.previous)
    for grouping in content.board.table.groupings:
        rows: list[list[Any]] = [_header(GROUP_COLUMNS, s)]
        for values in tables[grouping.id]:
            rows.append([Paragraph(escape(values[0]), s["cell"]), Paragraph(escape(values[1]), s["cell"]),
                         *values[2:-1], Paragraph(escape(values[-1]), s["cell"])])
        block: list[Flowable] = [Paragraph(escape(grouping.title), s["h2"])]
        if grouping.source:
            block.append(Paragraph("Source: " + escape(grouping.source), s["small"]))
        block.append(_tight(table(rows, (60, 93, 30, 40, 50, 44, 40, 46, WIDTH - 403), numeric=(2, -2))))
        # the heading starts on the page of the first table (one KeepTogether: nested ones never fit)
        flow.append(KeepTogether(block if flow else [Paragraph("Grouping roll-ups", s["h1"]), *block]))
    if flow:  # the method follows the tables, as for the tips
        flow.append(Spacer(1, 2 * mm))
        flow.append(Paragraph(GROUP_METHOD + " The groupings are Reflect’s own, not part of the published checklist; "
                              "the reading compares with the previous period by the same rule as the tips. "
                              + INDEPENDENCE, s["small"]))
    return flow


def _highlights(content: ReportContent, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    marks = content.board.highlights
    rows = tip_rows(content.board.table)
    flow: list[Flowable] = [Paragraph("Strengths and development areas", s["h1"])]
    for title, entries, what in (
        ("Highest ratings", marks.strengths, "rate"),
        ("Lowest ratings", marks.development, "rate"),
        ("Most often not applicable (did not apply, right not to, or a missed opportunity?)", marks.often_na,
         "na"),
    ):
        flow.append(Paragraph(title, s["h2"]))
        if not entries:
            flow.append(Paragraph("None in this period.", s["body"]))
        for entry in entries:
            if what == "rate":
                text = (f"<b>{escape(entry.tip.label)}</b>: {yes_and_rating(rows[entry.tip.id])}, "
                        f"95 % range of the rating {interval(entry.rate)}")
            else:
                text = (f"<b>{escape(entry.tip.label)}</b>: not applicable in {percent(entry.rate.na_share)} "
                        f"of {plural(entry.rate.rated, 'answer')}")
            flow.append(Paragraph(text, s["body"], bulletText="•"))
    flow.append(Paragraph("Focus tip", s["h2"]))
    flow.append(Paragraph(_focus_text(content), s["body"]))
    return flow


def _focus_text(content: ReportContent) -> str:
    result, start = content.focus, content.focus_start
    if result is None or start is None:
        choice = focus_choice(content.settings)
        if choice is not None and choice[1] > content.request.end:
            return f"The focus tip set in Settings starts on {day_text(choice[1])}, after this period."
        return "No focus tip is set in Settings."
    before_start = analytics.focus_window(start, content.request.end)[0]
    text = (f"<b>{escape(result.tip.label)}</b>, the focus since {day_text(start)}. Before "
            f"({day_text(before_start)} – {day_text(start - timedelta(days=1))}): {escape(result.before.describe())}. "
            f"Since (to {day_text(content.request.end)}): {escape(result.after.describe())}. ")
    if result.flagged:
        return text + f"{READINGS[result.status]} since the focus began."
    if result.status is ChangeStatus.UNCLEAR:
        return text + "The ranges overlap. More sessions will narrow them."
    return text + READINGS[result.status] + "."


def _prompts(content: ReportContent, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Questions for supervision built from the lowest and most-changed tips, quoting the checklist's wording."""
    board = content.board
    prompts: list[str] = []
    covered: set[str] = set()
    rows = tip_rows(board.table)
    for entry in board.highlights.development:
        covered.add(entry.tip.id)
        prompts.append(
            f"<b>{escape(entry.tip.label)}</b> was among your lowest-rated tips: {yes_and_rating(rows[entry.tip.id])}."
            f"{_quoted(content, entry.tip.id)} What made this harder in these sessions, "
            "and what would one small, concrete step towards it look like?")
    moved = sorted((c for c in board.comparison if c.change is not None and c.tip.id not in covered),
                   key=lambda c: (not c.flagged, -abs(c.change or 0.0), c.tip.id))[:3]
    for change in moved:
        covered.add(change.tip.id)
        direction = "rose" if (change.change or 0.0) > 0 else "fell"
        certainty = ("the ranges don't overlap" if change.flagged
                     else "the ranges overlap, so it may be chance")
        prompts.append(
            f"<b>{escape(change.tip.label)}</b>: the rating {direction} from {percent(change.before.mean)} to "
            f"{percent(change.after.mean)} ({change_text(change)}; {certainty}).{_quoted(content, change.tip.id)} "
            "What changed — in your practice, your caseload or how you rate it?")
    for entry in board.highlights.often_na[:2]:
        if (entry.rate.na_share or 0.0) >= 0.2 and entry.tip.id not in covered:
            prompts.append(
                f"<b>{escape(entry.tip.label)}</b> was marked not applicable in {percent(entry.rate.na_share)} of "
                f"answers.{_quoted(content, entry.tip.id)} In which of these sessions did it not apply, in which "
                "was it right not to, and were any missed opportunities?")
    if content.focus is not None:
        prompts.append(f"Your focus tip is <b>{escape(content.focus.tip.label)}</b>. What has helped or hindered "
                       "since you chose it, and is it still the right focus?")
    prompts.append("Which one tip would you like to work on until your next supervision, and how will you know "
                   "that it has changed?")
    flow: list[Flowable] = [
        Paragraph("Prompts for supervision", s["h1"]),
        Paragraph("Generated from the lowest-rated and most-changed tips of this period, for the practitioner and "
                  "supervisor to talk through. They are starting points, not findings.", s["body"]),
        Spacer(1, 3 * mm),
    ]
    flow += [Paragraph(text, s["prompt"], bulletText=f"{number}.") for number, text in enumerate(prompts, 1)]
    return flow


def _quoted(content: ReportContent, tip_id: str) -> str:
    text = content.item_text(tip_id)
    return f" The checklist asks: <i>“did I {escape(text.rstrip('?'))}?”</i>" if text else ""


def _included(content: ReportContent, s: dict[str, ParagraphStyle]) -> list[Flowable]:
    labels = {t.id: t.label for t in content.board.table.tips}
    flow: list[Flowable] = []
    opening: list[Flowable] = [  # starts on the page of the first reflection
        Paragraph("Reflections included by the practitioner", s["h1"]),
        Paragraph("The practitioner ticked these reflections to share. Their text was scanned for patient "
                  "identifiers before this report was made.", s["body"]),
    ]
    for record in content.included:
        framework = content.catalog.get(record.framework_id) or content.reference
        score = record.score(framework.max_points)
        heading = (f"{moment_text(record.occurred_at)} · {label(SETTINGS, record.setting)} · "
                   f"{label(CONTACT_TYPES, record.contact_type)} · {label(MODALITIES, record.modality)}")
        if score.percent is not None:
            heading += f" · score {score.percent:.0f} %"
        block: list[Flowable] = [*([] if flow else opening), Paragraph(escape(heading), s["h2"])]
        text = record.text.strip()
        block.append(Paragraph(escape(text).replace("\n", "<br/>") if text else "(no text)", s["body"]))
        for rating in record.ratings:
            if rating.note.strip():
                note = escape(rating.note.strip()).replace("\n", "<br/>")
                block.append(Paragraph(f"<b>{escape(labels.get(rating.item_id, rating.item_id))}:</b> {note}",
                                       s["quote"]))
        flow.append(KeepTogether(block))
    return flow


def report_story(content: ReportContent) -> list[Flowable]:
    """The cover on a page of its own, then the sections flowing on one after another.

    A section starts on a new page only when it does not fit: every heading keeps with what it
    heads, and a chart or table keeps with its heading, so no page ends on a heading or holds
    a lone chart with white space below it.
    """
    s = styles()
    for heading in ("h1", "h2"):  # a heading never ends a page without what it heads
        s[heading].keepWithNext = 1
    s["h1"].spaceBefore = 14  # the gap that used to be a page break
    story = _cover(content, s)
    story.append(PageBreak())
    if not len(content.board.table):
        story += [
            Paragraph("No reflections in this period", s["h1"]),
            Paragraph(escape(analytics.sparse_note(0, "this period") or ""), s["body"]),
            Paragraph(f"There were {plural(len(content.previous), 'reflection')} in the previous period of equal "
                      f"length ({days_text(*content.board.previous)}).", s["body"]),
        ]
        return story
    for section in (_sessions, _tips, _heat, _groups, _highlights, _prompts):
        story += section(content, s)
    if content.included:
        story += _included(content, s)
    return story


def _filters_text(filters: TrendFilter, catalog: FrameworkCatalog) -> str:
    parts = []
    if filters.setting:
        parts.append(f"setting {label(SETTINGS, filters.setting)}")
    if filters.contact_type:
        parts.append(f"contact type {label(CONTACT_TYPES, filters.contact_type)}")
    if filters.modality:
        parts.append(f"modality {label(MODALITIES, filters.modality)}")
    if filters.tag:
        parts.append(f"tag “{filters.tag}”")
    if filters.framework_id:
        framework = catalog.get(filters.framework_id)
        parts.append(f"checklist {framework.title if framework else filters.framework_id}")
    return "Only sessions with " + join_words(parts) if parts else "All sessions (no filters)"
