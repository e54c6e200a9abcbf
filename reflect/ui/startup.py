"""Start-up in one place: the phases PAINTING → OPENING → READY | FAILED, the pending save,
and Python's own import put back.

People open Reflect between appointments, so the checklist is painted from the frameworks
and settings alone and the (plain) database is opened one event-loop turn after that first
paint. Everything that must wait for the database asks ``Startup.when_ready``; a reflection
saved in that moment is kept by ``save_when_ready`` and stored first once the database opens.

Python's own import (``_use_pythons_import``): once PySide6.QtCore is loaded it replaces
``builtins.__import__`` with a hook (``__feature_import__``) that reads the whole source of
every module imported from then on, to look for an opt-in ``from __feature__ import``, which
Reflect never uses. Measured with SQLAlchemy and the data layer imported after Qt (five runs on
a loaded 2-core machine): 280–1110 ms with Python's own import against 300–1290 ms with the
hook. So Python's import, captured before Qt, is put back as soon as Qt is loaded, for good:
every later import (the window's modules, the database, the charts) skips the scan. Guarded:
only when the import function in place is PySide6's hook and Python's own was captured first
(when PySide6 was loaded before Reflect, as in tests, nothing changes). The one thing the hook
also does, star imports of Qt's lazily made classes, Reflect never needs (ruff forbids ``import *``).

Once the database is open (``Startup.restore_page``) the pages' slow imports (pyqtgraph for
Trends, over a second on a busy machine) load on a worker thread of the operation runner, so
no page first opened later freezes on them; the Qt classes they read are set up on the GUI thread
first (``reflect/ui/qt_classes.py``: set up on the worker, they crashed Reflect). Reopening on the last page never freezes the
window nor takes the keyboard from someone already at work: a page with slow imports is shown
only once they are loaded (it then loads its data in the runner too), and if a key was
pressed or a click made in the main window since start-up, the user stays where they are.
"""

from __future__ import annotations

import builtins
import logging
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING

# Captured when reflect.ui is first imported, which the reflect command does before Qt (this
# module is imported first by reflect/ui/__init__.py). If PySide6 was already loaded, as in
# tests, this is its hook and ``_use_pythons_import`` changes nothing.
_PYTHON_IMPORT = builtins.__import__
_PYSIDE_HOOK_NAME = "__feature_import__"

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal  # noqa: E402  (after the capture above)
from PySide6.QtWidgets import QDialog, QWidget  # noqa: E402

if TYPE_CHECKING:
    from reflect.ui.ops import Operation

log = logging.getLogger(__name__)
FIRST_PAINT_FALLBACK_MS = 300  # a window that is never painted (minimised, no screen) still opens its data


def _use_pythons_import() -> None:
    """Put Python's own import back in place of PySide6's hook (see the module's docstring)."""
    current = builtins.__import__
    if current is not _PYTHON_IMPORT and getattr(current, "__name__", "") == _PYSIDE_HOOK_NAME:
        builtins.__import__ = _PYTHON_IMPORT


_use_pythons_import()


class Phase(Enum):
    PAINTING = "painting"  # the checklist is on screen; the database is not open yet
    OPENING = "opening"  # opening (and perhaps upgrading) the database
    READY = "ready"  # the database is open: every page and action can be used
    FAILED = "failed"  # it could not be opened (the user was told why); Reflect ends


class Startup(QObject):
    """The phase of one window's start-up, and what waits for the database."""

    phaseChanged = Signal(object)  # a Phase

    def __init__(self, ready: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.phase = Phase.READY if ready else Phase.PAINTING
        self._pending_save: Callable[[], object] | None = None
        self._waiting: list[Callable[[], object]] = []
        self.user_acted = False  # a key or a click in the main window since its first paint (watched until the restore)
        self._watching = False
        self._watched = ready  # nothing to restore later: never watch

    def watch_for_work(self) -> None:
        """Note keys and clicks from now on: called at the window's first paint, as none can come
        before it, and watching the application while the window is built would send every event of
        that build through Python (some 20 ms of Qt wrappers made for nothing)."""
        application = QCoreApplication.instance()
        if not self._watched and application is not None:
            application.installEventFilter(self)
            self._watching = self._watched = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if (event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress) and isinstance(watched, QWidget)
                and not isinstance(watched.window(), QDialog)):  # a passphrase typed to unlock is not work begun
            self.user_acted = True
            self.stop_watching()
        return False

    def stop_watching(self) -> None:
        """Stop noting keys and clicks (once the last page is restored, or there is none to restore)."""
        application = QCoreApplication.instance()
        if self._watching and application is not None:
            application.removeEventFilter(self)
        self._watching = False
        self._watched = True

    def restore_page(
        self, parent: QWidget, imports: tuple[str, ...], show: Callable[[], None] | None, wait: bool
    ) -> Operation[tuple[str, ...]] | None:
        """Load the pages' slow `imports` on a worker thread, so no page first opened later freezes
        on them, and reopen the last page with `show` (after the imports when it `wait`s for them)
        unless the user has pressed a key or clicked in the main window since start-up."""

        def shown(_loaded: tuple[str, ...]) -> None:
            self.stop_watching()
            if show is not None and not self.user_acted:
                show()

        if not wait:
            shown(())
        if not imports:
            return None

        def failed(exc: BaseException) -> None:  # the page itself reports it if it is opened
            log.warning("Loading the pages' modules failed", exc_info=exc)
            shown(())

        from reflect.ui.qt_classes import import_on_worker

        operation = import_on_worker(parent, imports, "Load the pages")
        return operation.on_success(shown if wait else lambda _loaded: None).on_failure(failed)

    @property
    def ready(self) -> bool:
        return self.phase is Phase.READY

    def when_ready(self, action: Callable[[], object]) -> None:
        """Run ``action`` now if the database is open, else as soon as it is (in the order asked)."""
        if self.ready:
            action()
        else:
            self._waiting.append(action)

    def save_when_ready(self, save: Callable[[], object]) -> None:
        """Remember one save pressed before the database opened; it runs first once it is open."""
        self._pending_save = save

    @property
    def save_pending(self) -> bool:
        return self._pending_save is not None

    def set_phase(self, phase: Phase) -> None:
        if phase is self.phase:
            return
        self.phase = phase
        self.phaseChanged.emit(phase)
        if phase is Phase.READY:
            save, self._pending_save = self._pending_save, None
            waiting, self._waiting = self._waiting, []
            for action in ([save] if save is not None else []) + waiting:
                action()
        elif phase is Phase.FAILED:
            self._pending_save, self._waiting = None, []
            self.stop_watching()


class _FirstPaint(QObject):
    """Calls back once, one event-loop turn after the watched widget's first paint."""

    def __init__(self, widget: QWidget, callback: Callable[[], None], at_once: bool) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback: Callable[[], None] | None = callback
        self._at_once = at_once
        widget.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            if self._at_once:
                self._fire()
            else:
                QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            self._widget.removeEventFilter(self)
            callback()


def after_first_paint(widget: QWidget, callback: Callable[[], None], at_once: bool = False) -> None:
    """`callback` one event-loop turn after the widget's first paint (`at_once`: during it)."""
    _FirstPaint(widget, callback, at_once)
