"""Team summaries: per-week, per-tip answer counts a practitioner shares, pooled by a team lead.

A summary holds no text, no per-session rows and no date finer than the week (the Monday
it starts), under a display name the practitioner chooses. Pooled, a cell is shown only
when enough people and sessions stand behind it: SUPPRESSION_RULE, stated here and on the
Team page. Rates are ``analytics.Rate`` (mean of applicable ratings, Wilson interval).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from reflect import __version__
from reflect.analytics import Rate
from reflect.data.db import Database
from reflect.data.models import Rating, Reflection
from reflect.files import write_file
from reflect.frameworks import Framework, FrameworkCatalog
from reflect.reflections import ReflectionStore
from reflect.scoring import MAX_SCALE_POINTS
from reflect.settings import Settings
from reflect.supervision.document import Fields, SupervisionFileError, check_destination, read_peer_file
from reflect.vocabulary import STATUS_COMPLETE
from reflect.wording import day_text

FORMAT_NAME = "reflect-team-summary"
SCHEMA_VERSION = 1
MIN_SESSIONS = 5
MIN_PRACTITIONERS = 3
SUPPRESSION_RULE = (
    f"A cell is suppressed when fewer than {MIN_SESSIONS} sessions or fewer than {MIN_PRACTITIONERS} "
    "practitioners stand behind it, so no one's ratings can be picked out; totals count only the weeks shown."
)
MAX_SUMMARY_BYTES = 8 * 1024 * 1024


def is_suppressed(sessions: int, practitioners: int) -> bool:
    """The rule: fewer than MIN_SESSIONS sessions or fewer than MIN_PRACTITIONERS practitioners."""
    return sessions < MIN_SESSIONS or practitioners < MIN_PRACTITIONERS


# ----- the practitioner's export


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_team_summary(
    store: ReflectionStore, catalog: FrameworkCatalog, settings: Settings, display_name: str | None = None,
) -> dict[str, Any]:
    """Counts of each answer per tip per week, for the checklist in use; nothing else."""
    name = " ".join((display_name if display_name is not None else settings.practitioner_name).split())
    if not name:
        raise SupervisionFileError("Choose a display name for the team summary (or set your name in Settings).")
    framework = catalog.get(settings.framework_id) or catalog.default()
    weeks = _weekly_counts(store.database, framework)
    return {
        "display_name": name[:80],
        "framework": {
            "id": framework.id, "title": framework.title,
            "tips": [{"id": i.id, "label": i.label} for i in framework.items],
            "scale": [{"key": o.key, "label": o.label, "points": o.points} for o in framework.scale],
        },
        "weeks": [{"week": day.isoformat(), **weeks[day]} for day in sorted(weeks)],
    }


def _weekly_counts(database: Database, framework: Framework) -> dict[date, dict[str, Any]]:
    """Week (its Monday) → sessions and tip → answer → count, over the completed reflections on `framework`.

    Counted by SQLite, never as records: reading every record took about 7 s at 100,000 reflections.
    Tips come in checklist order and answers in scale order; answers not on the checklist are left out.
    """
    week = func.date(Reflection.occurred_at, "weekday 0", "-6 days")  # the Monday: on to the week's Sunday, back six days
    mine = (Reflection.status == STATUS_COMPLETE, Reflection.framework_id == framework.id)
    with database.sessions() as session:
        sessions = session.execute(select(week, func.count()).where(*mine).group_by(week)).all()
        answers = session.execute(
            select(week, Rating.item_id, Rating.choice, func.count())
            .join(Reflection, Reflection.id == Rating.reflection_id).where(*mine)
            .group_by(week, Rating.item_id, Rating.choice)
        ).all()
    counted = {(monday, item, choice): count for monday, item, choice, count in answers}
    weeks: dict[date, dict[str, Any]] = {}
    for monday, count in sessions:
        tips = {item.id: {option.key: counted[monday, item.id, option.key] for option in framework.scale
                          if (monday, item.id, option.key) in counted} for item in framework.items}
        weeks[date.fromisoformat(monday)] = {"sessions": count, "tips": {tip: by for tip, by in tips.items() if by}}
    return weeks


def write_team_summary(path: Path, data: dict[str, Any]) -> Path:
    check_destination(path)
    body = _canonical(data)
    envelope = {"format": FORMAT_NAME, "schema_version": SCHEMA_VERSION, "app_version": __version__,
                "sha256": hashlib.sha256(body).hexdigest(), "data": data}
    write_file(path, json.dumps(envelope, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")
    return path


# ----- the team lead's side


@dataclass(frozen=True)
class TeamSummary:
    display_name: str
    framework_id: str
    framework_title: str
    tips: tuple[tuple[str, str], ...]  # (id, label)
    points: dict[str, int | None]  # answer key → points (None: not applicable)
    weeks: dict[date, tuple[int, dict[str, dict[str, int]]]]  # week → (sessions, tip → answer → count)


MAX_COUNT = 10_000  # sessions (or answers) one practitioner could record in a week, with room to spare


def _count(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise SupervisionFileError(f"{name} is damaged: a count is not a whole number.")
    if value > MAX_COUNT:
        raise SupervisionFileError(f"{name} is damaged: a count of {value:.3g} is more than {MAX_COUNT:,}.")
    return value


def _checked_data(path: Path) -> dict[str, Any]:
    """The data of a team summary file whose format, version and checksum are right."""
    raw = read_peer_file(path, MAX_SUMMARY_BYTES)
    try:
        envelope = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SupervisionFileError(f"{path.name} is not a Reflect team summary.") from None
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT_NAME:
        raise SupervisionFileError(f"{path.name} is not a Reflect team summary.")
    version = envelope.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= SCHEMA_VERSION:
        raise SupervisionFileError(f"{path.name} has a format version this Reflect cannot read; update Reflect.")
    data = envelope.get("data")
    if not isinstance(data, dict) or hashlib.sha256(_canonical(data)).hexdigest() != envelope.get("sha256"):
        raise SupervisionFileError(f"{path.name} has been changed since it was exported (its checksum does not match).")
    return data


def read_team_summary(path: Path) -> TeamSummary:
    """Read and check one summary file; every problem is one sentence."""
    data = _checked_data(path)
    f = Fields(data, path.name)
    framework = f.part("framework")
    points: dict[str, int | None] = {}
    for option in framework.items("scale"):
        value = option.raw.get("points")
        points[option.text("key")] = None if value is None else _count(value, path.name)
        if (points[option.text("key")] or 0) > MAX_SCALE_POINTS:
            raise SupervisionFileError(f"{path.name} is damaged: an answer is worth more than {MAX_SCALE_POINTS} points.")
    tips = tuple((t.text("id"), t.text("label")) for t in framework.items("tips"))
    known = {t for t, _ in tips}
    weeks: dict[date, tuple[int, dict[str, dict[str, int]]]] = {}
    for week in f.items("weeks"):
        day = week.day("week")
        if day.weekday() != 0:
            raise SupervisionFileError(f"{path.name} is damaged: {day_text(day)} does not start a week.")
        counts: dict[str, dict[str, int]] = {}
        for tip_id, answers in week.part("tips").raw.items():
            if tip_id not in known or not isinstance(answers, dict) or any(k not in points for k in answers):
                raise SupervisionFileError(f"{path.name} is damaged: the counts of the week of {day_text(day)} are not readable.")
            counts[tip_id] = {k: _count(v, path.name) for k, v in answers.items()}
        weeks[day] = (_count(week.raw.get("sessions"), path.name), counts)
    return TeamSummary(f.text("display_name"), framework.text("id"), framework.text("title"), tips, points, weeks)


@dataclass(frozen=True)
class TeamCell:
    """One pooled cell; when suppressed, neither its rate nor its counts are given."""

    suppressed: bool
    sessions: int | None = None
    practitioners: int | None = None
    rate: Rate | None = None
    yes_share: float | None = None  # share of applicable answers that scored top points


@dataclass(frozen=True)
class TeamView:
    framework_title: str
    practitioners: tuple[str, ...]
    tips: tuple[tuple[str, str], ...]
    weeks: tuple[date, ...]
    cells: dict[tuple[date, str], TeamCell]  # (week, tip id) → cell
    week_totals: dict[date, TeamCell]  # sessions and practitioners per week (no rate)
    overall: dict[str, TeamCell]  # per tip over all weeks

    @staticmethod
    def week_label(week: date) -> str:
        """'Week of Mon 2 Mar 2026' (weeks start on the Monday shown)."""
        return f"Week of {day_text(week)}"


def _pool(parts: Sequence[tuple[int, dict[str, int]]], points: dict[str, int | None]) -> TeamCell:
    """Pool (sessions, answer counts) from several practitioners into one cell, applying the rule."""
    sessions = sum(s for s, _ in parts)
    people = sum(1 for s, _ in parts if s > 0)
    if is_suppressed(sessions, people):
        return TeamCell(True)
    top = max(p for p in points.values() if p is not None)
    total = n = na = top_answers = 0
    for _, answers in parts:
        for key, count in answers.items():
            value = points.get(key)
            if value is None:
                na += count
            else:
                total += value * count
                n += count
                top_answers += count if value == top else 0
    return TeamCell(False, sessions, people, Rate.of(total / top, n, na), top_answers / n if n else None)


def _check_poolable(summaries: Sequence[TeamSummary]) -> None:
    """One checklist, and one summary per practitioner."""
    first = summaries[0]
    names: set[str] = set()
    for summary in summaries:
        if summary.framework_id != first.framework_id:
            raise SupervisionFileError(
                f"{summary.display_name}'s summary uses {summary.framework_title}, not {first.framework_title}; "
                "pool summaries of one checklist."
            )
        if summary.display_name.casefold() in names:
            raise SupervisionFileError(f"Two summaries are from {summary.display_name}; keep only the newer one.")
        names.add(summary.display_name.casefold())


def _weeks_shown(summary: TeamSummary, tip_id: str, shown: Sequence[date]) -> tuple[int, dict[str, int]]:
    """One practitioner's answers to a tip over the weeks shown, with their number.

    Only weeks shown: a total over every week, less the weeks shown, would give a suppressed
    week away (complementary suppression)."""
    merged: dict[str, int] = {}
    for week in shown:
        for key, count in summary.weeks.get(week, (0, {}))[1].get(tip_id, {}).items():
            merged[key] = merged.get(key, 0) + count
    return sum(merged.values()), merged


def pool(summaries: Sequence[TeamSummary], progress: Callable[[int, int], None] | None = None) -> TeamView:
    """The team's pattern from several summaries of the same checklist, one per practitioner; ``progress`` hears
    of each week (and may raise to stop)."""
    if not summaries:
        raise SupervisionFileError("Open at least one team summary.")
    first = summaries[0]
    _check_poolable(summaries)
    weeks = tuple(sorted({w for s in summaries for w in s.weeks}))
    cells: dict[tuple[date, str], TeamCell] = {}
    for done, week in enumerate(weeks):
        if progress is not None:
            progress(done, len(weeks))
        for tip_id, _ in first.tips:
            parts = []
            for s in summaries:
                answers = s.weeks.get(week, (0, {}))[1].get(tip_id, {})
                parts.append((sum(answers.values()), answers))
            cells[(week, tip_id)] = _pool(parts, first.points)
    week_totals = {
        week: _pool([(s.weeks.get(week, (0, {}))[0], {}) for s in summaries], first.points) for week in weeks
    }
    overall = {}
    for tip_id, _ in first.tips:
        shown = [week for week in weeks if not cells[(week, tip_id)].suppressed]
        overall[tip_id] = _pool([_weeks_shown(s, tip_id, shown) for s in summaries], first.points)
    return TeamView(first.framework_title, tuple(s.display_name for s in summaries), first.tips, weeks, cells,
                    week_totals, overall)

