"""Start Reflect exactly as the ``reflect`` command does and report start-up milestones.

Run as a script in a fresh process: ``python benchmarks/startup_probe.py MODE DATA_DIR``.
The probe wraps ``QApplication.exec`` and then calls ``reflect.cli.main``, so every import,
check and window Reflect builds at start is part of what is measured. Once the event loop runs:

- ``bench: painted`` — the main window has been painted and the first checklist row has
  keyboard focus (typeable);
- mode ``save``: then types a whole reflection (one "Y" per tip, then Ctrl+Return) and
  prints ``bench: saved`` when the form reports it stored ("ready to save");
- mode ``memory``: then opens History and Trends and prints ``bench: rss_mb <peak RSS>``.

The parent process timestamps each line as it arrives; the probe then quits the app.
"""

from __future__ import annotations

import resource
import sys
from collections.abc import Callable
from typing import Any

import reflect.ui  # noqa: F401  (before Qt, as the reflect command imports it: see reflect/ui/startup.py)

# isort: split
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

TIMEOUT_MS = 60_000
RETRY_MS = 5
_original_exec = QApplication.exec


def peak_rss_mb() -> float:
    """This process's peak resident memory (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    if widget is None:
        raise RuntimeError("no widget has keyboard focus")
    return widget


def _fail(message: str) -> None:
    print(f"bench: failed {message}", flush=True)
    QApplication.exit(3)


class Probe(QObject):
    """Follows the main window from first paint to the mode's last milestone."""

    def __init__(self, app: QApplication, window: QMainWindow, mode: str) -> None:
        super().__init__()
        self._app = app
        self._window: Any = window  # reflect.ui.main_window.MainWindow, used through its attributes
        self._mode = mode
        self._painted = False
        self._saved = False
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
        next_step: Callable[[], None] = self._type_reflection if self._mode == "save" else self._open_pages
        QTimer.singleShot(0, next_step)

    def _type_reflection(self) -> None:
        from PySide6.QtTest import QTest

        form = self._window.form
        form.saved.connect(self._on_saved)
        for _row in form.rows:
            QTest.keyClick(_focused(), Qt.Key.Key_Y)
        self._press_save()

    def _press_save(self) -> None:
        """Ctrl+Return, again a moment later if the form could not save yet."""
        if self._saved:
            return
        from PySide6.QtTest import QTest

        QTest.keyClick(_focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        if not self._saved:
            QTimer.singleShot(RETRY_MS, self._press_save)

    def _on_saved(self, _record: object) -> None:
        self._saved = True
        print("bench: saved", flush=True)
        self._app.quit()

    def _open_pages(self) -> None:
        """History, then Trends, each painted, as a user looking back over their data would."""
        for page in ("history", "trends"):
            self._window.show_page(page)
            self._window.repaint()
            self._app.processEvents()
        print(f"bench: rss_mb {peak_rss_mb()}", flush=True)
        self._app.quit()


def main() -> int:
    mode, data_dir = sys.argv[1], sys.argv[2]
    if mode not in ("save", "memory"):
        raise SystemExit(f"unknown mode {mode!r}: use save or memory")
    probes: list[Probe] = []  # keeps the probe alive while the event loop runs

    def exec_with_probe(*_called_on: object) -> int:
        """Replaces QApplication.exec (static, so called on the class or on the instance)."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        windows = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and hasattr(w, "form")]
        if not windows:
            _fail("Reflect showed no main window")
            return 3
        probe = Probe(app, windows[0], mode)
        probes.append(probe)
        windows[0].installEventFilter(probe)
        windows[0].update()  # a paint is certain even if one happened before the loop started
        return _original_exec()  # static in PySide6

    QApplication.exec = exec_with_probe  # type: ignore[method-assign, assignment]
    from reflect.cli import main as reflect_main

    return reflect_main(["--data-dir", data_dir])


if __name__ == "__main__":
    sys.exit(main())
