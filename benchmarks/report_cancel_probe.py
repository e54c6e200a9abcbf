"""How long Cancel and quitting wait for a report being built: an all-time supervision report or CPD portfolio.

Run in a fresh process: ``python -m benchmarks.report_cancel_probe DATA_DIR OUT_DIR [--kind cpd]
[--after S]``. It opens the data folder as Reflect does (main window, Qt's offscreen platform), opens
Reports, chooses the whole history as the period, presses Create, and S seconds later (default 3, well
inside the build) presses Cancel, then measures until the page is ready again; then it starts the
report again and, S seconds later, does what Reflect does when its window closes (``finish_work``),
measuring until that returns. It prints one JSON line: ``cancel_s``, ``quit_s``, ``full_s`` (the
report not stopped, for scale) and the files left in OUT_DIR (none is right).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import reflect.ui  # noqa: F401, E402  (before Qt, as the reflect command imports it: see reflect/ui/startup.py)

# isort: split
from PySide6.QtWidgets import QApplication, QFileDialog  # noqa: E402

from benchmarks.heartbeat import settle  # noqa: E402


def main() -> int:
    from reflect.paths import DataPaths
    from reflect.ui.context import AppContext
    from reflect.ui.main_window import MainWindow
    from reflect.ui.ops import finish_work
    from reflect.ui.pages.reports.view import ReportsView

    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    after = float(sys.argv[sys.argv.index("--after") + 1]) if "--after" in sys.argv else 3.0
    QFileDialog.getSaveFileName = staticmethod(lambda *_a, **_k: (str(out / "report.pdf"), ""))  # type: ignore[method-assign]
    app = QApplication(sys.argv[:1])
    context = AppContext.open(DataPaths(Path(sys.argv[1])))
    window = MainWindow(context)
    window.show()
    settle(0.5)
    window.show_page("reports")
    view = window.view("reports")
    assert isinstance(view, ReportsView)
    if "--kind" in sys.argv:
        view.kind_combo.setCurrentIndex(view.kind_combo.findData(sys.argv[sys.argv.index("--kind") + 1]))
    first = context.reflections.columns().moments[0].astype(object).date()
    view.period.range_combo.setCurrentIndex(view.period.range_combo.findData(-1))  # Custom
    view.period.from_edit.setDate(first)
    settle(1.0)

    def until_ready() -> float:
        start = time.perf_counter()
        while not view.create_button.isEnabled():
            app.processEvents()
            time.sleep(0.005)
        return time.perf_counter() - start

    results: dict[str, object] = {}
    start = time.perf_counter()
    view.create_report()
    until_ready()
    results["full_s"] = round(time.perf_counter() - start, 2)
    (out / "report.pdf").unlink()
    view.create_report()
    settle(after)
    view.cancel_report()
    results["cancel_s"] = round(until_ready(), 2)
    results["cancel_message"] = view.status_label.text()
    view.create_report()
    settle(after)
    start = time.perf_counter()
    finish_work()
    results["quit_s"] = round(time.perf_counter() - start, 2)
    results["left"] = sorted(p.name for p in out.iterdir())
    print(json.dumps(results), flush=True)
    window.hide()
    context.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
