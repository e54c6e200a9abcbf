"""Longest freeze while Reflect starts and reopens on the last page used.

Run in a fresh process: ``python -m benchmarks.reopen_probe DATA_DIR PAGE``. DATA_DIR's settings are
changed (the last page used becomes PAGE), so give it a copy. Reflect starts as the ``reflect`` command
does (``reflect.cli.main``); from its first paint a heartbeat runs until the page is back on screen
with its data (the start-up imports finished, nothing of the page's left in the runner, quiet for
60 ms) and one more second has passed, which holds the rest of start-up's work (prompts, the draft
offer, the charts' columns). Nothing is typed: a key pressed at start keeps the user on the checklist.
Prints one JSON line: ``{"freeze": s, "restored_after": s}``, seconds from the first paint.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import reflect.ui  # noqa: F401, E402  (before Qt, as the reflect command imports it: see reflect/ui/startup.py)

# isort: split
from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from benchmarks.heartbeat import SETTLE_MS, TICK_MS, Heartbeat, Pending, is_busy  # noqa: E402

TAIL_S = 1.0  # after the page is back: the rest of start-up's work
TIMEOUT_S = 60.0
_original_exec = QApplication.exec


class Watch(QObject):
    """From the first paint to the page restored (and TAIL_S more), with a heartbeat throughout."""

    def __init__(self, app: QApplication, window: Any, page: str) -> None:
        super().__init__()
        self._app, self._window, self._page = app, window, page
        self._heartbeat, self._pending = Heartbeat(), Pending()
        self._painted = 0.0
        self._quiet_since = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = time.perf_counter()
            self._heartbeat.start()
            QTimer.singleShot(TICK_MS, self._check)
        return False

    def _restored(self) -> bool:
        window, now = self._window, time.perf_counter()
        restoring = window.restoring
        back = (window.current_key() == self._page and restoring is not None and restoring.outcome is not None
                and not self._pending.in_flight and not is_busy(window.view(self._page)))
        if not back:
            self._quiet_since = now
        return now - self._quiet_since >= SETTLE_MS / 1000

    def _check(self) -> None:
        now = time.perf_counter()
        if now - self._painted > TIMEOUT_S:
            print(f"bench: failed Reflect did not reopen on {self._page}", file=sys.stderr, flush=True)
            self._app.exit(3)
        elif self._restored():
            back = self._quiet_since
            QTimer.singleShot(int(TAIL_S * 1000), lambda: self._finish(back))
        else:
            QTimer.singleShot(TICK_MS, self._check)

    def _finish(self, back: float) -> None:
        end = time.perf_counter()
        self._heartbeat.stop()
        freeze = self._heartbeat.longest_gap(self._painted, end)
        print(json.dumps({"freeze": freeze, "restored_after": back - self._painted}), flush=True)
        self._app.exit(0)


def main() -> int:
    data, page = Path(sys.argv[1]), sys.argv[2]
    settings = data / "settings.json"
    values = json.loads(settings.read_text(encoding="utf-8"))
    values["window_page"] = page
    settings.write_text(json.dumps(values, indent=2), encoding="utf-8")
    watches: list[Watch] = []  # kept alive while the event loop runs

    def exec_with_watch(*_called_on: object) -> int:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        window = next(w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and hasattr(w, "form"))
        watch = Watch(app, window, page)
        watches.append(watch)
        window.installEventFilter(watch)
        window.update()  # a paint is certain even if one happened before the loop started
        return _original_exec()  # static in PySide6

    QApplication.exec = exec_with_watch  # type: ignore[method-assign]
    from reflect.cli import main as reflect_main

    return reflect_main(["--data-dir", str(data)])


if __name__ == "__main__":
    sys.exit(main())
