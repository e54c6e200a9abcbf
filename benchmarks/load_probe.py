"""Time to usable: the work each page hands to the operation runner, timed directly on a worker's connection.

``python -m benchmarks.load_probe DATA_DIR [REPEATS] [NAME ...]`` opens the data folder the way
the runner does (``open_database``, one connection, no Qt event loop), runs each action once
(the first run, which pays for imports, is shown on its own) and then REPEATS times, and
prints the median of the repeats in milliseconds. These are what the user waits for behind
a page's "Loading…" note; freezes (GUI-thread gaps) are measured by ``benchmarks.freeze``.
Reports and packs are written to a temporary folder.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

Action = Callable[[], object]


def actions(folder: Path, out: Path) -> dict[str, Action]:  # noqa: C901, PLR0915 (one table of actions, each a closure)
    from reflect import analytics
    from reflect.analytics import Bin, RatingTable, TrendFilter
    from reflect.cpd import CpdStore
    from reflect.data.db import open_database
    from reflect.frameworks import load_catalog
    from reflect.paths import DataPaths
    from reflect.records import ReflectionFilter
    from reflect.reflection_columns import load_columns
    from reflect.reflections import COMPLETE, ReflectionStore
    from reflect.settings import load_settings
    from reflect.wording import moment_text

    paths = DataPaths(folder)
    database = open_database(paths)
    catalog = load_catalog(paths.user_frameworks)
    settings = load_settings(paths.settings)
    reference = catalog.get(settings.framework_id) or catalog.default()
    store = ReflectionStore(database, catalog)
    today = date.today()
    year_ago = today - timedelta(days=365)
    done: dict[str, Action] = {}

    def history(flt: ReflectionFilter, offset: int = 0) -> Action:
        from reflect.ui.models.history_model import PAGE_SIZE, first_page

        if offset:
            return lambda: store.list(flt, offset, PAGE_SIZE)
        return lambda: first_page(database, catalog, flt)

    complete = ("complete",)
    done["history first page"] = history(ReflectionFilter(statuses=complete))
    done["history text 'anxious'"] = history(ReflectionFilter(statuses=complete, text="anxious"))
    done["history text 'zzqx' (none)"] = history(ReflectionFilter(statuses=complete, text="zzqx"))
    done["history last year"] = history(ReflectionFilter(statuses=complete, date_from=year_ago, date_to=today))
    done["history page 2"] = history(ReflectionFilter(statuses=complete), 200)
    done["history page at 10,000"] = history(ReflectionFilter(statuses=complete), 10_000)

    columns = load_columns(database, COMPLETE)
    table = RatingTable.from_columns(columns, catalog, reference)
    done["trends columns"] = lambda: load_columns(database, COMPLETE)
    done["trends table"] = lambda: RatingTable.from_columns(columns, catalog, reference)

    def compute(flt: TrendFilter, start: date, size: Bin) -> Action:
        return lambda: analytics.dashboard(table.where(flt), start, today, size, 10)

    done["trends last quarter"] = compute(TrendFilter(), today - timedelta(days=91), Bin.WEEK)
    first = table.first_date() or today
    done["trends range All"] = compute(TrendFilter(), first, Bin.QUARTER)
    done["trends filter setting"] = compute(TrendFilter(setting=str(columns.setting[-1])), today - timedelta(days=91),
                                            Bin.WEEK)

    def reports_open(start: date) -> Action:
        from reflect.ui.pages.reports.kinds import load_period

        return lambda: load_period(database, start, today)

    done["reports open (4 weeks)"] = reports_open(today - timedelta(days=28))
    done["reports open (year)"] = reports_open(year_ago)
    done["reports open (all time)"] = reports_open(date(1900, 1, 1))

    def report(start: date) -> Action:
        from reflect.reports.supervision import ReportRequest
        from reflect.ui.pages.reports.kinds import supervision_work

        request = ReportRequest(start, today)
        files = iter(out / f"report-{n}.pdf" for n in range(1000))
        return lambda: supervision_work(next(files), catalog, settings, request)(_Worker(database))  # type: ignore[arg-type]

    done["report PDF (year)"] = report(year_ago)
    done["report PDF (all time)"] = report(first)

    def portfolio(start: date) -> Action:
        from reflect.cpd_data import load_cpd_catalog
        from reflect.reports.cpd import CpdRequest, write_cpd_report

        files = iter(out / f"portfolio-{n}.pdf" for n in range(1000))
        return lambda: write_cpd_report(next(files), CpdStore(database), store, catalog, load_cpd_catalog(user=paths),
                                        settings, CpdRequest(start, today))

    done["CPD portfolio PDF (year)"] = portfolio(year_ago)
    done["CPD portfolio PDF (3 years)"] = portfolio(today - timedelta(days=3 * 365))

    cpd = CpdStore(database)

    def cpd_open() -> object:
        from reflect.revalidation_logs import EvidenceStore

        evidence = EvidenceStore(database)
        return (cpd.goals(), cpd.activities(), cpd.accounts(), cpd.discussions(), evidence.practice_hours(),
                evidence.feedback(), evidence.confirmations(), evidence.meetings())

    done["cpd lists (all tabs)"] = cpd_open

    def prefill() -> object:
        summaries = store.list(ReflectionFilter(statuses=complete), 0, 200)
        chosen = summaries[0].id
        return store.get(chosen), cpd.sections(chosen)

    done["cpd prefill (pick + get + sections)"] = prefill

    def count_as_cpd() -> object:
        from reflect.cpd_data import load_templates
        from reflect.reflection_cpd import count_reflections

        return count_reflections(database, load_templates(), today - timedelta(days=91), today)

    done["cpd count reflections (3 months)"] = count_as_cpd

    def awaiting() -> object:
        from reflect.expected_sessions import ExpectedSessionStore

        return ExpectedSessionStore(database).awaiting(datetime.now(), datetime.now() - timedelta(days=7))

    done["awaiting queue"] = awaiting

    def supervisees() -> object:
        from reflect.supervision.supervisor import SuperviseeStore

        return SuperviseeStore(database).packs()

    done["supervisees packs"] = supervisees

    def pack_list(start: date) -> Action:
        from reflect.reflection_texts import text_rows

        return lambda: [(r.id, moment_text(r.occurred_at), r.text[:70]) for r in text_rows(database, start, today)]

    done["pack dialog list (90 days)"] = pack_list(today - timedelta(days=90))
    done["pack dialog list (all time)"] = pack_list(date(1900, 1, 1))

    def pack(start: date) -> Action:
        from reflect.supervision.pack import PackRequest, build_pack

        return lambda: build_pack(store, cpd, catalog, settings, PackRequest(start, today))

    done["pack build (90 days)"] = pack(today - timedelta(days=90))
    done["pack build (all time)"] = pack(first)

    def team() -> object:
        from reflect.supervision.team import build_team_summary

        return build_team_summary(store, catalog, settings, "Probe")

    done["team summary"] = team
    return done


class _Worker:
    """What a work function reads from the runner's worker: its own connection."""

    def __init__(self, database: object) -> None:
        self.database = database

    def progress(self, _done: int, _total: int) -> None:
        pass


def main(argv: list[str]) -> None:
    folder = Path(argv[0])
    repeats = int(argv[1]) if len(argv) > 1 else 3
    wanted = argv[2:]
    with tempfile.TemporaryDirectory() as out:
        table = actions(folder, Path(out))
        print(f"{'action':42} {'first':>9} {'median':>9}  runs (ms)")
        for name, action in table.items():
            if wanted and not any(w in name for w in wanted):
                continue
            times = []
            for _ in range(repeats + 1):
                start = time.perf_counter()
                action()
                times.append(1000 * (time.perf_counter() - start))
            rest = times[1:]
            print(f"{name:42} {times[0]:9.0f} {statistics.median(rest):9.0f}  {' '.join(f'{t:.0f}' for t in rest)}",
                  flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
