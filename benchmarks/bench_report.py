"""Supervision report performance: a one-year PDF over 20,000 demo reflections (issue 5 target < 2 s).

Run: ``uv run python benchmarks/bench_report.py [--sessions N] [--repeats R]``. Fills a temporary data
folder with ``reflect demo`` data, then times the whole report as the command line makes it (load the
reflections it needs, compute, draw, write the PDF) and its parts, and records medians in
``benchmarks/results.json`` under "report", leaving the other keys alone.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
from datetime import date, timedelta
from pathlib import Path

from benchmarks.measure import median_ms

RESULTS = Path(__file__).with_name("results.json")
TARGET_MS = 2000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    from reflect.cli_commands import run_demo
    from reflect.cli_support import open_store
    from reflect.paths import DataPaths
    from reflect.reports.supervision import (
        ReportRequest,
        build_supervision_report,
        load_records,
        write_supervision_report,
    )

    with tempfile.TemporaryDirectory() as folder:
        paths = DataPaths(Path(folder) / "data")
        today = date.today()
        run_demo(paths, args.sessions, seed=1, today=today)
        request = ReportRequest(today - timedelta(days=364), today)
        out = Path(folder) / "report.pdf"
        with open_store(paths) as (store, catalog, settings):
            settings.practitioner_name = "Benchmark"
            records = load_records(store, request, settings)
            result = {
                "sessions": args.sessions,
                "period_days": 365,
                "records_loaded": len(records),
                "load_records_ms": median_ms(lambda: load_records(store, request, settings), args.repeats),
                "build_pdf_ms": median_ms(
                    lambda: build_supervision_report(records, catalog, settings, request), args.repeats
                ),
                "one_year_report_ms": median_ms(
                    lambda: write_supervision_report(out, store, catalog, settings, request), args.repeats
                ),
            }
            focus = catalog.default().items[-1].id
            settings.focus_tip, settings.focus_start = focus, today - timedelta(days=120)
            result["one_year_report_with_focus_ms"] = median_ms(
                lambda: write_supervision_report(out, store, catalog, settings, request), args.repeats
            )
        result.update({
            "pdf_kb": round(out.stat().st_size / 1024, 1),
            "target_ms": TARGET_MS,
            "repeats": args.repeats,
            "python": platform.python_version(),
            "machine": platform.machine(),
        })
    existing = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    existing["report"] = result
    RESULTS.write_text(json.dumps(existing, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0 if result["one_year_report_ms"] < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
