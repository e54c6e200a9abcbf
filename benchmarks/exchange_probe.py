"""Longest freeze while Reflect writes a JSON backup of every reflection and imports one, in a real main window.

Run in a fresh process: ``python -m benchmarks.exchange_probe DATA_DIR WORK_DIR``. It opens
DATA_DIR as ``freeze_probe`` does (only read) and exports every reflection, text included, to
WORK_DIR/export.json through File → Export, its dialogs answered as a person would (JSON,
with the text, that file name); then it opens an empty data folder in WORK_DIR and imports
that file through File → Import, confirming the preview. Both run on the operation runner's
workers (``reflect/ui/ops.py``) with their progress dialog; the heartbeat measures what the
window feels meanwhile.

It prints one JSON line: for ``export`` and ``import``, ``[longest freeze, click to done]``
in seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import reflect.ui  # noqa: F401, E402  (before Qt, as the reflect command imports it: see reflect/ui/startup.py)

# isort: split
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog  # noqa: E402

from benchmarks.heartbeat import Heartbeat, Pending, run_action, settle  # noqa: E402


def answered(export_to: Path) -> None:
    """The export and import dialogs, answered as a person would: JSON with the text, this file, Import."""
    from reflect.ui.dialogs import exchange

    exchange.ExportDialog.exec = lambda _self: QDialog.DialogCode.Accepted  # type: ignore[method-assign]
    exchange.ExportDialog.choice = lambda _self: ("json", True)  # type: ignore[method-assign]
    QFileDialog.getSaveFileName = staticmethod(lambda *_args, **_kw: (str(export_to), ""))  # type: ignore[method-assign]
    QFileDialog.getOpenFileName = staticmethod(lambda *_args, **_kw: (str(export_to), ""))  # type: ignore[method-assign]
    exchange.confirm = lambda *_args, **_kw: True  # type: ignore[attr-defined]


def in_window(data: Path, act: Any) -> tuple[float, float]:
    """Open `data` in a main window, let it settle, then time `act(window)` with the heartbeat."""
    from reflect.paths import DataPaths
    from reflect.ui.context import AppContext
    from reflect.ui.main_window import MainWindow

    context = AppContext.open(DataPaths(data))
    window = MainWindow(context)
    window.show()
    settle(0.5)
    heartbeat, pending = Heartbeat(), Pending()
    heartbeat.start()
    settle(0.3)
    try:
        return run_action(heartbeat, pending, lambda: act(window), lambda: window)
    finally:
        heartbeat.stop()
        pending.close()
        window.hide()
        context.close()


def main() -> int:
    from reflect.ui.dialogs.exchange import export_reflections, import_reflections

    app = QApplication(sys.argv[:1])
    data, work = Path(sys.argv[1]), Path(sys.argv[2])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    backup = work / "export.json"
    answered(backup)
    report: list[str] = []
    results = {"export": in_window(data, lambda window: export_reflections(window, window.context, report.append))}
    results["import"] = in_window(work / "empty", lambda window: import_reflections(window, window.context, report.append))
    if len(report) != 2 or not report[1].startswith("Imported"):
        raise SystemExit(f"the export or import did not finish: {report}")
    print(json.dumps(results), flush=True)
    shutil.rmtree(work, ignore_errors=True)
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
