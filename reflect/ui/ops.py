"""A small operation runner: slow work on a worker thread, its result back on the GUI thread.

In the spirit of Anki's ``aqt.operations`` (QueryOp / CollectionOp): a page describes
*what* to do as a plain function, and the runner decides *where*. The function runs
on a pool thread with a database connection of its own (a separate engine on the same
file, closed afterwards), so the GUI thread never waits on SQLite; the result or the
error is delivered on the GUI thread, where widgets may be touched. Every failure is
reported in one place (``report_failure``): a UserError as its own sentence, a Cancel
as "nothing was changed", anything else logged and named. The function may report
progress, and a Cancel raises ``Cancelled`` at its next progress call, so work done
in one transaction is rolled back and nothing is changed.

Usage::

    Operation(parent, work, database=context.database, title="Import a calendar")
        .with_progress("Reading the calendar…")
        .on_success(lambda message: status_bar.showMessage(message))
        .run()

A page loads through a ``PageLoader`` (``reflect/ui/page_loader.py``), built on this runner.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from reflect.errors import UserError
from reflect.ui.collector_pause import COLLECTOR
from reflect.ui.write_gate import WRITES

if TYPE_CHECKING:  # SQLAlchemy is imported only once the database opens (see startup.py)
    from reflect.data.db import Database

log = logging.getLogger(__name__)

T = TypeVar("T")
FINISH_WITHIN_MS = 5_000  # quitting: how long cancelled work may take to stop before Reflect ends anyway
PROGRESS_STEPS = 1000  # the dialog's range: fine enough for a smooth bar, coarse enough to send few signals


class Cancelled(Exception):
    """The user pressed Cancel; raised inside the work at its next progress report or check."""


@dataclass(frozen=True)
class Worker:
    """What the work function gets on its thread."""

    database: Database | None  # a connection of its own, or None for work that needs none
    _report: Callable[[int, int], None]
    _cancel: threading.Event

    def progress(self, done: int, total: int) -> None:
        """Report how far the work is; raises Cancelled once the user has pressed Cancel."""
        self.check()
        self._report(done, total)

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled


class _Relay(QObject):
    """Carries a finished operation's outcome to the GUI thread.

    It lives as long as the application, so the worker never emits from an Operation that
    the GUI thread may be deleting at that moment (its page closed as the answer arrived).
    """

    delivered = Signal(object, object)  # (the handler on the GUI thread, the result or the error)

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)

    def _dispatch(self, handler: Callable[[object], None], value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the operation was deleted with its page: nobody waits
            handler(value)


_relay: _Relay | None = None
_running: set[threading.Event] = set()  # the cancel flags of the operations whose work has not ended
_running_lock = threading.Lock()


def cancel_all() -> None:
    """Closing: ask all running work to stop at its next check (a cancelled transaction is rolled back),
    so an import's write lock does not keep the window's own last writes (the draft) waiting."""
    with _running_lock:
        for flag in _running:
            flag.set()


def finish_work(within_ms: int = FINISH_WITHIN_MS) -> bool:
    """Quitting: cancel all running work and wait until it has ended; True when it ended within `within_ms`.

    Its result is dropped: the window that would show it is gone. Reflect waits for it, still holding
    the data folder's lock, as work that cannot stop part-way (a PDF being drawn) may still write; and
    interpreter shutdown under a running worker would pull objects from under it, reported as a crash.
    """
    cancel_all()
    pool = QThreadPool.globalInstance()
    ended = pool.waitForDone(within_ms)
    if not ended:
        log.warning("Some work had not stopped %d ms after Reflect closed; waiting for it", within_ms)
        pool.waitForDone()
    WRITES.settle()  # the window's writes that waited for it (a draft, a setting) are made before the database closes
    cancel_all()  # and what they set off (Trends' columns read again, a page reloading) is stopped and waited for too
    pool.waitForDone()
    return ended


def _the_relay() -> _Relay:
    """Made on the GUI thread by the first Operation, and kept."""
    global _relay
    if _relay is None:
        _relay = _Relay()
    return _relay




_awaiting_deletion: set[QObject] = set()


def _delete_later(done: QObject) -> None:
    """Delete a finished operation (or its dialog) once back in the event loop, out of its parent first: a parent
    deleted meanwhile, such as a dialog that closed on this result, would delete it again, which Qt calls
    malformed, and which crashed Reflect in the event loop. The reference kept here until then stops Python
    deleting it sooner."""
    _awaiting_deletion.add(done)
    done.destroyed.connect(lambda: _awaiting_deletion.discard(done))
    done.setParent(None)
    done.deleteLater()


class _Job(QRunnable):
    def __init__(self, run: Callable[[], None]) -> None:
        super().__init__()
        self._run = run

    def run(self) -> None:
        self._run()


class Operation(QObject, Generic[T]):
    """One piece of work off the GUI thread. Configure, then ``run()``; signals arrive on the GUI thread."""

    progressed = Signal(int)  # 0–PROGRESS_STEPS
    finished = Signal()  # after success or failure, once the handlers have run

    def __init__(
        self, parent: QWidget, work: Callable[[Worker], T], *, database: Database | None = None, title: str = "",
        writes: bool = False,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._work = work
        self._database = database
        self.title = title
        self._writes = writes  # the window's own saves wait for it (reflect/ui/write_gate.py)
        self._cancel = threading.Event()
        self._success: Callable[[T], Any] = lambda _result: None
        self._failure: Callable[[BaseException], Any] = lambda exc: report_failure(parent, title, exc)
        self._label: str | None = None
        self._cancellable = True
        self.dialog: QProgressDialog | None = None
        self.outcome: T | BaseException | None = None
        self.thread_name = ""  # the thread the work ran on (for tests and logs)
        self._last_step = -1
        self._relay = _the_relay()

    def on_success(self, handler: Callable[[T], Any]) -> Operation[T]:
        self._success = handler
        return self

    def on_failure(self, handler: Callable[[BaseException], Any]) -> Operation[T]:
        self._failure = handler
        return self

    def with_progress(self, label: str, *, cancellable: bool = True) -> Operation[T]:
        """Show a progress dialog with Cancel after a moment (quick work shows nothing). Work that cannot stop
        part-way (a file replaced) shows a moving bar and no Cancel, and the window waits (``BusyDialog``)."""
        self._label = label
        self._cancellable = cancellable
        return self

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> Operation[T]:
        if self._writes and (refused := WRITES.refusal("started")):  # two writers: the second waits on the lock, then fails
            self._deliver(self._on_failure, UserError(refused))
            return self
        if self._label is not None:
            if self._cancellable:
                dialog = QProgressDialog(self._label, "Cancel", 0, PROGRESS_STEPS, self._parent)
                dialog.canceled.connect(self.cancel)
                self.progressed.connect(dialog.setValue)
            else:
                from reflect.ui.widgets.busy_dialog import BusyDialog

                dialog = BusyDialog(self._label, self._parent)
            dialog.setWindowTitle(self.title)
            dialog.setMinimumDuration(400)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            self.dialog = dialog
        with _running_lock:
            _running.add(self._cancel)
        if self._writes:
            WRITES.begin(self.title)
        QThreadPool.globalInstance().start(_Job(self._in_worker))
        return self

    # ----- on the worker thread
    def _report(self, done: int, total: int) -> None:
        step = min(PROGRESS_STEPS, done * PROGRESS_STEPS // max(1, total))
        if step != self._last_step:
            self._last_step = step
            self.progressed.emit(step)

    def _in_worker(self) -> None:
        try:
            with COLLECTOR.paused():
                self._work_here()
        finally:
            with _running_lock:
                _running.discard(self._cancel)

    def _work_here(self) -> None:
        self.thread_name = threading.current_thread().name
        own: Database | None = None
        try:
            if self._database is not None:
                from reflect.data.db import Database

                own = Database(self._database.paths, self._database.passphrase)
            # a Cancel pressed after the work's last check is too late: what it did (an import committed)
            # is reported as done, never as "nothing was changed"
            result = self._work(Worker(own, self._report, self._cancel))
        except BaseException as exc:  # everything goes to the one failure report
            outcome: tuple[Callable[[Any], None], object] = (self._on_failure, exc)
        else:
            outcome = (self._on_success, result)
        finally:
            if own is not None:
                own.close()
        if self._writes:  # before the outcome, whose handler may start the next writer; even if this operation is deleted
            self._deliver(WRITES.end, self.title)
        self._deliver(*outcome)

    def _deliver(self, handler: Callable[[Any], None], value: object) -> None:
        try:
            self._relay.delivered.emit(handler, value)
        except RuntimeError:  # Reflect is ending (the relay went with the application): nobody waits
            log.info("%s ended after Reflect closed; its result was dropped", self.title or "Work")

    # ----- back on the GUI thread
    def _close_dialog(self) -> None:
        if self.dialog is not None:
            if self._cancellable:
                self.dialog.canceled.disconnect(self.cancel)
            self.dialog.hide()  # first: a dialog without Cancel refuses to be closed while shown
            self.dialog.close()
            _delete_later(self.dialog)
            self.dialog = None

    def _on_success(self, result: T) -> None:
        self._close_dialog()
        self.outcome = result
        try:
            self._success(result)
        finally:
            self.finished.emit()
            _delete_later(self)

    def _on_failure(self, exc: BaseException) -> None:
        self._close_dialog()
        self.outcome = exc
        try:
            self._failure(exc)
        finally:
            self.finished.emit()
            _delete_later(self)


def failure_message(title: str, exc: BaseException) -> str:
    """One sentence for any way an operation can end badly."""
    if isinstance(exc, Cancelled):
        return "Cancelled; nothing was changed."
    if isinstance(exc, UserError):
        return str(exc)
    return f"{title or 'The operation'} failed unexpectedly ({type(exc).__name__}); nothing was changed."


def report_failure_message(exc: BaseException, noun: str) -> str:
    """One sentence for a document (PDF, pack) that could not be written; a bug is logged, never shown raw."""
    if isinstance(exc, Cancelled):  # stopped part-way: the document is written only once whole
        return "Cancelled; nothing was written."
    if isinstance(exc, UserError):  # e.g. the CPD portfolio's identifier findings, as one sentence
        return str(exc)
    log.error("Creating the %s failed", noun, exc_info=exc)
    return f"The report could not be created ({type(exc).__name__}); nothing was written."


def say_quietly(parent: QWidget, message: str) -> None:
    """A sentence in the window's status bar, never a box that takes the keyboard."""
    status = getattr(parent.window(), "statusBar", None)
    if callable(status):
        status().showMessage(message, 10000)


def report_failure(parent: QWidget, title: str, exc: BaseException) -> None:
    """The one place failures are shown: a Cancel quietly in the status bar, the rest in a warning."""
    message = failure_message(title, exc)
    if isinstance(exc, Cancelled):
        say_quietly(parent, message)
        return
    if not isinstance(exc, UserError):
        log.error("%s failed", title or "An operation", exc_info=exc)
    QMessageBox.warning(parent, f"Cannot {title[:1].lower()}{title[1:]}" if title else "Reflect", message)
