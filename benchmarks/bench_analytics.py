"""Trends performance with 20,000 demo reflections (issue 4 targets: series < 150 ms, draw < 300 ms, < 250 MB).

Run: ``uv run python benchmarks/bench_analytics.py [--sessions N] [--repeats R]``. Fills a temporary
data folder with ``reflect demo`` data, then reports medians of repeated runs into
``benchmarks/results.json`` under "analytics", leaving the other keys alone.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.measure import median_ms

RESULTS = Path(__file__).with_name("results.json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from reflect import analytics
    from reflect.analytics import Bin, RatingTable, TrendFilter
    from reflect.cli_commands import run_demo
    from reflect.paths import DataPaths
    from reflect.ui.context import AppContext

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        paths = DataPaths(Path(folder))
        today = date.today()
        run_demo(paths, args.sessions, seed=1, today=today)
        context = AppContext.open(paths)
        try:
            catalog, framework = context.catalog, context.framework()
            records = context.reflections.records()
            table = RatingTable.build(records, catalog, framework)
            first = table.first_date() or today

            def all_series() -> None:
                """What the page computes on open: the table, then every chart's series."""
                built = RatingTable.build(records, catalog, framework)
                analytics.dashboard(built, today - timedelta(days=90), today, Bin.WEEK)

            from reflect.ui.pages.trends import TrendsView

            view = TrendsView(context)
            view.resize(1000, 760)
            view.show()
            app.processEvents()

            def draw() -> None:
                view.recompute()
                view.grab()

            results = {
                "sessions": len(records),
                "load_records_ms": median_ms(context.reflections.records, max(1, args.repeats // 3)),
                "build_table_ms": median_ms(lambda: RatingTable.build(records, catalog, framework), args.repeats),
                "series_quarter_weekly_ms": median_ms(
                    lambda: analytics.dashboard(table, today - timedelta(days=90), today, Bin.WEEK), args.repeats
                ),
                "series_all_monthly_ms": median_ms(
                    lambda: analytics.dashboard(table, first, today, Bin.MONTH), args.repeats
                ),
                "series_all_rolling_10_ms": median_ms(
                    lambda: analytics.dashboard(table, first, today, Bin.SESSIONS, 10), args.repeats
                ),
                "filter_change_ms": median_ms(
                    lambda: analytics.dashboard(
                        table.where(TrendFilter(setting="inpatient")), today - timedelta(days=90), today
                    ),
                    args.repeats,
                ),
                "all_series_from_records_ms": median_ms(all_series, args.repeats),
                "draw_dashboard_ms": median_ms(draw, args.repeats),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "python": platform.python_version(),
                "machine": platform.machine(),
            }
            view.close()
        finally:
            context.close()

    existing = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    existing["analytics"] = results
    RESULTS.write_text(json.dumps(existing, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
