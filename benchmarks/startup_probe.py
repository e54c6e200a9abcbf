"""Start Reflect exactly as the ``reflect`` command does and report start-up milestones.

Run as a script in a fresh process: ``python benchmarks/startup_probe.py save DATA_DIR DELAY_MS``.
The probe wraps ``QApplication.exec`` and then calls ``reflect.cli.main``, so every import,
check and window Reflect builds at start is part of what is measured. Once the event loop runs:

- ``bench: painted`` — the main window has been painted and the first checklist row has
  keyboard focus (typeable);
- DELAY_MS after that paint it types a whole
  reflection (one "Y" per tip) and presses Ctrl+Return once, as a person would at that
  moment, then prints ``bench: keys <ms>`` once the keys were handled and ``bench: saved <ms>``
  when the form reports the reflection stored ("ready to save": what the user waits for
  after pressing save). Both are counted from the moment the keys were due, not from when
  the event loop got round to them: a GUI thread busy at that moment (opening the database)
  delays a real key press just as it delays the timer that types here. A save not confirmed
  within LOST_AFTER_MS is reported as ``bench: saved lost``: the keys went somewhere else
  (another page took the focus, say) and a person would have to type the reflection again.

The parent process timestamps each line as it arrives; the probe then quits the app.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import Any

import reflect.ui  # noqa: F401  (before Qt, as the reflect command imports it: see reflect/ui/startup.py)

# isort: split
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

TIMEOUT_MS = 60_000
LOST_AFTER_MS = 15_000  # a save not confirmed by then never will be: nothing retries it
RETRY_MS = 5  # how often to look for the focus on the first tip
_original_exec = QApplication.exec


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    if widget is None:
        raise RuntimeError("no widget has keyboard focus")
    return widget


def _fail(message: str) -> None:
    print(f"bench: failed {message}", flush=True)
    QApplication.exit(3)


class Probe(QObject):
    """Follows the main window from first paint to the reflection saved."""

    def __init__(self, app: QApplication, window: QMainWindow, delay_ms: int) -> None:
        super().__init__()
        self._app = app
        self._window: Any = window  # reflect.ui.main_window.MainWindow, used through its attributes
        self._delay_ms = delay_ms
        self._painted = False
        self._due = 0.0  # perf_counter when the keys are due
        self._reported = False
        QTimer.singleShot(TIMEOUT_MS, lambda: _fail(f"no milestone within {TIMEOUT_MS // 1000} s"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._await_focus)
        return False

    def _await_focus(self) -> None:
        first_row: QWidget = self._window.form.rows[0]
        focus = QApplication.focusWidget()
        if focus is None or not (focus is first_row or first_row.isAncestorOf(focus)):
            QTimer.singleShot(RETRY_MS, self._await_focus)
            return
        print("bench: painted", flush=True)
        self._due = time.perf_counter() + self._delay_ms / 1000
        self._later(self._delay_ms, self._type_reflection)

    def _later(self, ms: int, action: Callable[[], None]) -> None:
        """A precise single shot (a coarse one may fire up to 5 % early)."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(action)
        timer.timeout.connect(timer.deleteLater)
        timer.start(ms)

    def _type_reflection(self) -> None:
        """One key per tip and one Ctrl+Return, to whatever has the focus, as a person types."""
        from PySide6.QtTest import QTest

        early_ms = math.ceil(1000 * (self._due - time.perf_counter()))
        if early_ms > 0:  # a timer may fire a little early; a person's keys never come before they are due
            self._later(early_ms, self._type_reflection)
            return

        form = self._window.form
        form.saved.connect(self._on_saved)
        for _row in form.rows:
            QTest.keyClick(_focused(), Qt.Key.Key_Y)
        print(f"bench: keys {self._since_due_ms()}", flush=True)
        QTest.keyClick(_focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        QTimer.singleShot(LOST_AFTER_MS, self._lost)

    def _lost(self) -> None:
        self._report_saved("lost")

    def _since_due_ms(self) -> float:
        return round(1000 * (time.perf_counter() - self._due), 1)

    def _on_saved(self, _record: object) -> None:
        self._report_saved(str(self._since_due_ms()))

    def _report_saved(self, value: str) -> None:
        if not self._reported:
            self._reported = True
            print(f"bench: saved {value}", flush=True)
            self._app.quit()


def main() -> int:
    mode, data_dir = sys.argv[1], sys.argv[2]
    delay_ms = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    if mode != "save":
        raise SystemExit(f"unknown mode {mode!r}: the probe only saves")
    probes: list[Probe] = []  # keeps the probe alive while the event loop runs

    def exec_with_probe(*_called_on: object) -> int:
        """Replaces QApplication.exec (static, so called on the class or on the instance)."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        windows = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and hasattr(w, "form")]
        if not windows:
            _fail("Reflect showed no main window")
            return 3
        probe = Probe(app, windows[0], delay_ms)
        probes.append(probe)
        windows[0].installEventFilter(probe)
        windows[0].update()  # a paint is certain even if one happened before the loop started
        return _original_exec()  # static in PySide6

    QApplication.exec = exec_with_probe  # type: ignore[method-assign, assignment]
    from reflect.cli import main as reflect_main

    return reflect_main(["--data-dir", data_dir])


if __name__ == "__main__":
    sys.exit(main())
