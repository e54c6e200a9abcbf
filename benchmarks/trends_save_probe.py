"""Trends after a save: the longest freeze and the time from the click on Trends to its charts drawn.

Run in a fresh process: ``python -m benchmarks.trends_save_probe DATA_DIR [--rounds N]``. It opens
the data folder as Reflect does (context, database, main window, on Qt's offscreen platform),
opens Trends and waits until it is drawn, then N times: goes back to Reflect, saves a copy of the
newest reflection (a new one, dated now, as the checklist's Ctrl+Enter does through
``AppContext.complete``), edits it once and clicks Trends at once, measuring with the heartbeat
(``benchmarks/heartbeat.py``) until the page is drawn. It WRITES to the data folder: use a copy.

It prints one JSON line: for each round and action ``[longest freeze, click to drawn]`` in seconds.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import reflect.ui  # noqa: F401, E402  (before Qt, as the reflect command imports it: see reflect/ui/startup.py)

# isort: split
from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.heartbeat import Heartbeat, Pending, run_action, settle  # noqa: E402


def main() -> int:
    from reflect.paths import DataPaths
    from reflect.reflections import COMPLETE
    from reflect.ui.context import AppContext
    from reflect.ui.main_window import MainWindow
    from reflect.ui.pages import page_index

    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 3
    app = QApplication(sys.argv[:1])
    context = AppContext.open(DataPaths(Path(sys.argv[1])))
    window = MainWindow(context)
    window.show()
    settle(0.5)
    heartbeat, pending = Heartbeat(), Pending()
    heartbeat.start()
    trends, reflect_row = page_index("trends"), page_index("reflect")
    results: dict[str, Any] = {
        "first_open": run_action(heartbeat, pending, lambda: window.nav.setCurrentRow(trends),
                                 lambda: window.view("trends")),
    }
    template = context.get(context.page(COMPLETE, 0, 1)[0].id)  # the newest reflection
    saved = None
    for number in range(rounds):
        window.nav.setCurrentRow(reflect_row)
        settle(0.3)
        if saved is None or number % 2 == 0:
            saved = context.complete(replace(template, id=None, occurred_at=datetime.now().replace(microsecond=0)))
            kind = "save"
        else:
            saved = context.complete(replace(saved, setting=template.setting, tags=("probe",)))
            kind = "edit"
        results[f"{number + 1}_{kind}"] = run_action(heartbeat, pending, lambda: window.nav.setCurrentRow(trends),
                                                     lambda: window.view("trends"))
    heartbeat.stop()
    pending.close()
    print(json.dumps(results), flush=True)
    window.hide()
    context.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
