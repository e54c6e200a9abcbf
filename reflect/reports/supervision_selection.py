"""What a supervision report holds: the request, the reflections it covers, and the privacy gate.

The numbers are computed here, once, from ``reflect.analytics`` (the same ``dashboard()`` the
Trends page draws); reflections ticked for inclusion must pass the identifier scanner first.
Shared by the supervision and the CPD reports (``reports.cpd`` builds on the request and the gate).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from reflect import analytics
from reflect.analytics import (
    Bin,
    Dashboard,
    RatingTable,
    TipChange,
    TrendFilter,
)
from reflect.day_names import scanner_config as user_scanner
from reflect.errors import UserError
from reflect.frameworks import Framework, FrameworkCatalog
from reflect.privacy import ScannerConfig, scan_fields
from reflect.rating_columns import RatingColumns
from reflect.records import ReflectionFilter, ReflectionRecord
from reflect.reflection_columns import load_columns
from reflect.reflections import ReflectionStore
from reflect.settings import Settings
from reflect.vocabulary import (
    STATUS_COMPLETE,
)
from reflect.wording import (
    day_text,
    join_words,
    moment_text,
)


class ReportError(UserError):
    """The report cannot be made as asked; one sentence for the user."""


@dataclass(frozen=True)
class TextProblem:
    """A ticked reflection whose text or notes hold suspected identifiers (never the identifiers)."""

    reflection_id: str
    occurred_at: datetime
    kinds: tuple[str, ...]  # e.g. "NHS number"
    places: tuple[str, ...]  # "text", "note on Personal goals"

    def describe(self) -> str:
        return f"{moment_text(self.occurred_at)}: {join_words(self.kinds)} in its {join_words(self.places)}"


class IdentifiersFound(ReportError):
    """Ticked reflections hold suspected identifiers; nothing is written until they are resolved."""

    def __init__(self, problems: Sequence[TextProblem]) -> None:
        self.problems = tuple(problems)
        if len(self.problems) == 1:
            problem = self.problems[0]
            message = (
                f"The ticked reflection of {moment_text(problem.occurred_at)} has a possible "
                f"{join_words(problem.kinds)} in its {join_words(problem.places)}; "
                "edit it or untick it before creating the report."
            )
        else:
            message = (
                f"{len(self.problems)} ticked reflections have possible identifiers "
                f"({'; '.join(p.describe() for p in self.problems)}); edit or untick them before creating the report."
            )
        super().__init__(message)


@dataclass(frozen=True)
class ReportRequest:
    """What the practitioner asked for: an inclusive period, filters, texts to include, a password."""

    start: date
    end: date
    filters: TrendFilter = field(default_factory=TrendFilter)
    include_ids: tuple[str, ...] = ()
    password: str | None = None

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ReportError(f"The report period starts ({day_text(self.start)}) after it ends ({day_text(self.end)}); swap the dates.")


# ---------------------------------------------------------------------------
# what to load and what to compute


def bin_size(start: date, end: date) -> Bin:
    """Columns for the chart and heatmap: weeks up to four months, months up to three years, then quarters."""
    days = (end - start).days + 1
    if days <= 120:
        return Bin.WEEK
    if days <= 3 * 366:
        return Bin.MONTH
    return Bin.QUARTER


def reference_framework(catalog: FrameworkCatalog, settings: Settings, filters: TrendFilter) -> Framework:
    """The checklist whose tips lead, chosen as the Trends page does: the filtered one, else the one in use."""
    chosen = catalog.get(filters.framework_id) if filters.framework_id else None
    return chosen or catalog.get(settings.framework_id) or catalog.default()


def focus_choice(settings: Settings) -> tuple[str, date] | None:
    """The focus tip and its start date from Settings, or None when either is unset."""
    if not settings.focus_tip or settings.focus_start is None:
        return None
    return settings.focus_tip, settings.focus_start




def records_filter(request: ReportRequest, settings: Settings) -> ReflectionFilter:
    """Complete reflections from the earliest day the report compares against to the end of its period."""
    first = analytics.previous_range(request.start, request.end)[0]
    choice = focus_choice(settings)
    if choice is not None and choice[1] <= request.end:
        first = min(first, analytics.focus_window(choice[1], request.end)[0])
    return ReflectionFilter(date_from=first, date_to=request.end, statuses=(STATUS_COMPLETE,))


def load_records(store: ReflectionStore, request: ReportRequest, settings: Settings) -> list[ReflectionRecord]:
    """Whole records of the report's reflections (the CPD portfolio prints their text)."""
    return store.records(records_filter(request, settings))


@dataclass(frozen=True, eq=False)
class ReportData:
    """What a supervision report is made from: its reflections as columns (the numbers need no
    more), and whole records of the few whose text it includes, by id (more is fine)."""

    columns: RatingColumns
    records: Mapping[str, ReflectionRecord]

    @classmethod
    def of(cls, source: ReportData | Sequence[ReflectionRecord]) -> ReportData:
        """The data itself, or the data of records already in memory."""
        if isinstance(source, ReportData):
            return source
        return cls(RatingColumns.from_records(source), {r.id: r for r in source if r.id})


def load_report_data(store: ReflectionStore, request: ReportRequest, settings: Settings,
                     check: Callable[[], None] | None = None) -> ReportData:
    """One column read for the numbers, and whole records only for the reflections ticked for their text.

    `check` is called as the columns are read (2 s for all time at 100,000) and may raise to stop."""
    flt = records_filter(request, settings)
    return ReportData(load_columns(store.database, flt, check),
                      {r.id: r for r in store.records_with_ids(request.include_ids) if r.id})


def scanner_config(settings: Settings) -> ScannerConfig:
    """The user's scanner (``day_names.scanner_config``); a pattern that cannot be used refuses the report."""
    return user_scanner(settings, error=ReportError)


def check_included(
    records: Iterable[ReflectionRecord], settings: Settings, labels: dict[str, str] | None = None
) -> list[TextProblem]:
    """Scan the text and notes of reflections to include; one problem per reflection with findings."""
    config = scanner_config(settings)
    labels = labels or {}
    problems: list[TextProblem] = []
    for record in records:
        parts = [("text", record.text)] + [
            (f"note on {labels.get(r.item_id, r.item_id)}", r.note) for r in record.ratings if r.note
        ]
        found = scan_fields(parts, config)
        if found:
            kinds = tuple(dict.fromkeys(kind for problem in found for kind in problem.kinds))
            places = tuple(dict.fromkeys(problem.where for problem in found))
            problems.append(TextProblem(record.id or "", record.occurred_at, kinds, places))
    return problems


@dataclass(frozen=True, eq=False)
class ReportContent:
    request: ReportRequest
    reference: Framework
    catalog: FrameworkCatalog
    settings: Settings
    board: Dashboard
    previous: RatingTable  # the filtered reflections of the previous period of equal length
    focus: TipChange | None
    focus_start: date | None
    included: tuple[ReflectionRecord, ...]
    generated: date

    def item_text(self, tip_id: str) -> str:
        """The checklist's own wording for a tip, from whichever framework has it."""
        item = self.reference.item(tip_id) or next(
            (found for f in self.catalog.frameworks.values() if (found := f.item(tip_id))), None
        )
        return item.text if item else ""


def report_content(
    data: ReportData, catalog: FrameworkCatalog, settings: Settings, request: ReportRequest, generated: date,
) -> ReportContent:
    reference = reference_framework(catalog, settings, request.filters)
    filtered = RatingTable.from_columns(data.columns, catalog, reference).where(request.filters)
    board = analytics.dashboard(filtered, request.start, request.end, bin_size(request.start, request.end))
    focus: TipChange | None = None
    choice = focus_choice(settings)
    focus_start = None
    if choice is not None and choice[1] <= request.end and any(t.id == choice[0] for t in filtered.tips):
        focus_start = choice[1]
        focus = analytics.focus(filtered, choice[0], focus_start, request.end)
    wanted = dict.fromkeys(request.include_ids)
    in_period = set(board.table.ids.tolist())
    absent = [i for i in wanted if i not in in_period or i not in data.records]
    if absent:
        raise ReportError(
            f"Reflection {absent[0]} is not among this report's reflections (period and filters), "
            "so its text cannot be included."
        )
    included = tuple(data.records[i] for i in wanted)
    problems = check_included(included, settings, {t.id: t.label for t in filtered.tips})
    if problems:
        raise IdentifiersFound(problems)
    return ReportContent(
        request, reference, catalog, settings, board, filtered.between(*board.previous), focus, focus_start,
        included, generated,
    )
