"""The supervision pack: what a practitioner chose to take to supervision, sealed in one file.

It holds the trend summary (the supervision report's own analytics: ``analytics.dashboard``
over the same records and bins), the reflections the practitioner ticked (scanned for
identifiers first), the focus tip, the goals chosen, and the supervision report PDF itself.
Nothing else: no other reflection's text, no tags, no settings.
"""

from __future__ import annotations

import base64
import binascii
import math
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reflect import analytics
from reflect.analytics import RatingTable, TrendFilter
from reflect.cpd import GOAL_STATUSES, CpdStore, Goal
from reflect.cpd_data import ReflectionTemplate, load_templates
from reflect.frameworks import FrameworkCatalog
from reflect.records import ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.reports.pdf import Progress, checker
from reflect.reports.supervision import (
    ReportRequest,
    bin_size,
    build_supervision_report,
    focus_choice,
    load_report_data,
    reference_framework,
    scanner_config,
)
from reflect.settings import Settings
from reflect.supervision.document import (
    MAX_REFLECTIONS,
    Fields,
    SupervisionFileError,
    open_document,
    seal_document,
    write_sealed,
)
from reflect.supervision.scanning import refuse_identifiers
from reflect.vocabulary import CONTACT_TYPES, MODALITIES, SETTINGS, label
from reflect.wording import day_text, moment_text

OPEN_GOALS = ("open", "in-progress")


@dataclass(frozen=True)
class PackRequest:
    """What the practitioner chose: the period, the reflections whose text travels, the goals."""

    start: date
    end: date
    include_ids: tuple[str, ...] = ()
    goal_ids: tuple[str, ...] | None = None  # None: every goal not yet achieved or stopped

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise SupervisionFileError(f"The period starts ({day_text(self.start)}) after it ends ({day_text(self.end)}); swap the dates.")
        chosen = len(set(self.include_ids))
        if chosen > MAX_REFLECTIONS:
            raise SupervisionFileError(f"A pack carries the text of at most {MAX_REFLECTIONS} reflections and "
                                       f"{chosen:,} were chosen; keep the few you want to discuss.")


# ----- what a pack holds, as the supervisor reads it


@dataclass(frozen=True)
class PackRating:
    item_id: str
    label: str
    answer: str
    note: str


@dataclass(frozen=True)
class PackReflection:
    id: str
    occurred_at: datetime
    session: str  # e.g. "45-minute review, inpatient ward, video"
    score: str
    text: str
    ratings: tuple[PackRating, ...]


@dataclass(frozen=True)
class PackTip:
    id: str
    label: str
    text: str
    overall: str  # Rate.describe() of the whole period
    change: str  # analytics.ChangeStatus against the previous period of equal length
    series: tuple[tuple[float | None, int], ...]  # (rate 0–1, n) per period


@dataclass(frozen=True)
class PackGoal:
    title: str
    why: str
    status: str
    target: str
    actions: tuple[str, ...]


@dataclass(frozen=True)
class Pack:
    id: str
    created_on: date
    practitioner: str
    role: str
    start: date
    end: date
    checklist: str
    sessions: int
    periods: tuple[str, ...]
    tips: tuple[PackTip, ...]
    reflections: tuple[PackReflection, ...]
    focus: str  # "Hope (since 1 Oct 2026)" or ""
    goals: tuple[PackGoal, ...]
    report_pdf: bytes

    def tip(self, tip_id: str) -> PackTip | None:
        return next((t for t in self.tips if t.id == tip_id), None)

    def reflection(self, reflection_id: str) -> PackReflection | None:
        return next((r for r in self.reflections if r.id == reflection_id), None)


# ----- building


def _number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 6)


def _session_line(record: ReflectionRecord) -> str:
    return (
        f"{record.duration_min}-minute {label(CONTACT_TYPES, record.contact_type).lower()}, "
        f"{label(SETTINGS, record.setting).lower()}, {label(MODALITIES, record.modality).lower()}"
    )


def _written(record: ReflectionRecord, cpd: CpdStore, templates: Mapping[str, ReflectionTemplate]) -> str:
    """The reflection's template sections (each under its label) and then its free text: all it says."""
    template_id, texts = cpd.sections(record.id or "")
    template = templates.get(template_id)
    labels = {s.id: s.label for s in template.sections} if template else {}
    parts = [f"{labels.get(key, key)}: {text.strip()}" for key, text in texts.items() if text.strip()]
    return "\n\n".join([*parts, record.text.strip()] if record.text.strip() else parts)


def _reflection_json(record: ReflectionRecord, catalog: FrameworkCatalog) -> dict[str, Any]:
    framework = catalog.get(record.framework_id)
    ratings = []
    for rating in record.ratings:
        item = framework.item(rating.item_id) if framework else None
        option = framework.option(rating.choice) if framework else None
        ratings.append({
            "item_id": rating.item_id, "label": item.label if item else rating.item_id,
            "answer": option.label if option else rating.choice, "note": rating.note,
        })
    return {
        "id": record.id, "occurred_at": record.occurred_at.isoformat(timespec="minutes"),
        "session": _session_line(record),
        "score": record.score(framework.max_points if framework else 2).describe(),
        "text": record.text, "ratings": ratings,
    }


def _goal_json(goal: Goal, tip_labels: dict[str, str]) -> dict[str, Any]:
    tips = ", ".join(tip_labels.get(t, t) for t in goal.tips)
    return {
        "title": goal.title, "why": "\n".join(filter(None, [goal.why, f"Tips: {tips}." if tips else ""])),
        "status": GOAL_STATUSES.get(goal.status, goal.status),
        "target": goal.target_date.isoformat() if goal.target_date else "",
        "actions": [("Done: " if a.done else "") + a.text for a in goal.actions],
    }


def _chosen_goals(cpd: CpdStore, goal_ids: tuple[str, ...] | None) -> list[Goal]:
    goals = cpd.goals()
    if goal_ids is None:
        return [g for g in goals if g.status in OPEN_GOALS]
    by_id = {g.id: g for g in goals}
    missing = [i for i in goal_ids if i not in by_id]
    if missing:
        raise SupervisionFileError(f"There is no goal with the id {missing[0]}.")
    return [by_id[i] for i in dict.fromkeys(goal_ids)]


def _texts_to_scan(included: list[ReflectionRecord], goals: list[dict[str, Any]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for record in included:
        when = f"the reflection of {moment_text(record.occurred_at)}"
        fields[when] = record.text
        for rating in record.ratings:
            fields[f"a note on {rating.item_id} in {when}"] = rating.note
    for goal in goals:
        fields[f"goal “{goal['title']}”"] = "\n".join([goal["title"], goal["why"], *goal["actions"]])
    return fields


def build_pack(
    store: ReflectionStore, cpd: CpdStore, catalog: FrameworkCatalog, settings: Settings, request: PackRequest,
    today: date | None = None, templates: Mapping[str, ReflectionTemplate] | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The pack's data; refuses (writing nothing) when chosen text holds suspected identifiers.

    ``templates`` name the chosen reflections' sections (the built-in ones by default); `progress` hears
    how far the report inside is built, and may raise to stop (``reports.pdf.build``).
    """
    today = today or date.today()
    report = ReportRequest(request.start, request.end, TrendFilter(), tuple(dict.fromkeys(request.include_ids)))
    data = load_report_data(store, report, settings, checker(progress))
    reference = reference_framework(catalog, settings, report.filters)
    board = analytics.dashboard(
        RatingTable.from_columns(data.columns, catalog, reference), request.start, request.end,
        bin_size(request.start, request.end),
    )
    in_period = set(board.table.ids.tolist())
    absent = [i for i in report.include_ids if i not in in_period]
    if absent:
        raise SupervisionFileError(
            f"Reflection {absent[0]} is not a completed reflection from {day_text(request.start)} to "
            f"{day_text(request.end)}, "
            "so it cannot be included."
        )
    templates = load_templates() if templates is None else templates
    included = [replace(data.records[i], text=_written(data.records[i], cpd, templates)) for i in report.include_ids]
    tip_labels = {t.id: t.label for t in board.table.tips}
    goals = [_goal_json(g, tip_labels) for g in _chosen_goals(cpd, request.goal_ids)]
    refuse_identifiers(
        _texts_to_scan(included, goals), scanner_config(settings),
        "edit or untick it before preparing the pack; nothing was written.",
    )
    written = {r.id: r for r in included if r.id}  # the report inside shows the same sections and text
    pdf = build_supervision_report(replace(data, records={**data.records, **written}), catalog, settings, report,
                                   today, progress)
    changes = {c.tip.id: c.status.value for c in board.comparison}
    focus = focus_choice(settings)
    return {
        "id": uuid.uuid4().hex,
        "created_on": today.isoformat(),
        "practitioner": {"name": settings.practitioner_name.strip(), "role": settings.practitioner_role.strip()},
        "period": {"start": request.start.isoformat(), "end": request.end.isoformat()},
        "checklist": f"{reference.title} — {reference.citation}",
        "trend": {
            "sessions": len(board.table),
            "periods": [p.label for p in board.periods],
            "tips": [
                {
                    "id": tip.id, "label": tip.label,
                    "text": (reference.item(tip.id).text if reference.item(tip.id) else ""),  # type: ignore[union-attr]
                    "overall": board.overall[tip.id].describe(),
                    "change": changes.get(tip.id, ""),
                    "series": [
                        [_number(board.tips[tip.id].mean[i]), int(board.tips[tip.id].n[i])]
                        for i in range(board.columns)
                    ],
                }
                for tip in board.table.tips
            ],
        },
        "reflections": [_reflection_json(r, catalog) for r in included],
        "focus": (
            {"tip": focus[0], "label": tip_labels.get(focus[0], focus[0]), "since": focus[1].isoformat()}
            if focus else None
        ),
        "goals": goals,
        "report_pdf": base64.b64encode(pdf).decode("ascii"),
    }


def write_pack(path: Path, data: dict[str, Any], passphrase: str) -> Path:
    write_sealed(path, seal_document("pack", data, passphrase))
    return path


# ----- reading


def parse_pack(data: dict[str, Any], name: str) -> Pack:
    """A checked pack document as typed records; any missing or mistyped field is one sentence."""
    f = Fields(data, name)
    trend = f.part("trend")
    focus_raw = data.get("focus")
    focus = ""
    if focus_raw is not None:
        focus_fields = f.part("focus")
        focus = f"{focus_fields.text('label')} (since {day_text(focus_fields.day('since'))})"
    try:
        pdf = base64.b64decode(f.text("report_pdf"), validate=True)
    except (binascii.Error, ValueError):
        raise SupervisionFileError(f"{name} is damaged: its report is not readable.") from None
    tips = []
    for tip in trend.items("tips"):
        series = tip.raw.get("series")
        if not isinstance(series, list) or not all(
            isinstance(p, list) and len(p) == 2 and (p[0] is None or isinstance(p[0], (int, float)))
            and isinstance(p[1], int) for p in series
        ):
            raise SupervisionFileError(f"{name} is damaged: the trend of {tip.text('id')} is not readable.")
        tips.append(PackTip(tip.text("id"), tip.text("label"), tip.text("text"), tip.text("overall"),
                            tip.text("change"), tuple((p[0], p[1]) for p in series)))
    periods = trend.raw.get("periods")
    if not isinstance(periods, list) or not all(isinstance(p, str) for p in periods):
        raise SupervisionFileError(f"{name} is damaged: its periods are not readable.")
    practitioner = f.part("practitioner")
    period = f.part("period")
    return Pack(
        id=f.text("id"), created_on=f.day("created_on"),
        practitioner=practitioner.text("name"), role=practitioner.text("role"),
        start=period.day("start"), end=period.day("end"), checklist=f.text("checklist"),
        sessions=trend.whole("sessions"), periods=tuple(periods), tips=tuple(tips),
        reflections=tuple(
            PackReflection(
                r.text("id"), r.moment("occurred_at"), r.text("session"), r.text("score"), r.text("text"),
                tuple(PackRating(x.text("item_id"), x.text("label"), x.text("answer"), x.text("note"))
                      for x in r.items("ratings")),
            )
            for r in f.items("reflections")
        ),
        focus=focus,
        goals=tuple(
            PackGoal(g.text("title"), g.text("why"), g.text("status"), g.text("target"),
                     tuple(a for a in g.raw.get("actions", []) if isinstance(a, str)))
            for g in f.items("goals")
        ),
        report_pdf=pdf,
    )


def read_pack(path: Path, passphrase: str) -> tuple[Pack, dict[str, Any]]:
    """Open, check and parse a pack file; returns the typed pack and its data (to store)."""
    data = open_document(path, "pack", passphrase)
    shared = data.get("reflections")
    if isinstance(shared, list) and len(shared) > MAX_REFLECTIONS:  # the supervisor's page stays quick
        raise SupervisionFileError(f"{path.name} carries the text of {len(shared):,} reflections, more than a pack "
                                   f"made by Reflect ever does ({MAX_REFLECTIONS}), so it was not opened.")
    return parse_pack(data, path.name), data


def pack_texts(pack: Pack) -> list[tuple[str, str]]:
    """Every text in a pack as (place, text) for the receiving side's scan; places may repeat."""
    fields = []
    for r in pack.reflections:
        when = f"the reflection of {moment_text(r.occurred_at)}"
        fields.append((when, r.text))
        fields.extend((f"a note on {x.label} in {when}", x.note) for x in r.ratings)
    fields.extend((f"goal “{g.title}”", "\n".join([g.title, g.why, *g.actions])) for g in pack.goals)
    return fields
