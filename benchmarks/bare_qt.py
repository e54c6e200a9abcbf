"""Baseline for the start-up benchmark: the cheapest PySide6 window, timed the same way as Reflect.

Run as a script in a fresh process (``python benchmarks/bare_qt.py``); prints ``bench: painted``
once the window has been painted and the event loop has turned once more, then quits.

``python -m benchmarks.bare_qt heartbeat`` is the baseline of the freeze measurements: after
that paint it runs the heartbeat (``benchmarks/heartbeat.py``) for a second in the idle window
and prints ``bench: idle_gap_ms <longest gap>``, the jitter of this machine's timers and
scheduler that every freeze measured in the same run includes.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    """Report the first paint of the watched window, one event-loop turn later (also ``same_widgets_qt.py``)."""

    def __init__(self, app: QApplication, heartbeat: bool) -> None:
        super().__init__()
        self._app = app
        self._seen = False
        self._heartbeat = heartbeat

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print("bench: painted", flush=True)
        if self._heartbeat:
            from benchmarks.heartbeat import Heartbeat, settle

            beat = Heartbeat()
            beat.start()
            settle(1.0)
            gap = beat.longest_gap(beat.ticks[0], beat.ticks[-1])
            print(f"bench: idle_gap_ms {1000 * gap:.1f}", flush=True)
        self._app.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Bare window")
    window.resize(1000, 760)
    watcher = FirstPaint(app, heartbeat=sys.argv[1:] == ["heartbeat"])
    window.installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
