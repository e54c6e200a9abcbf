"""Qt's classes set up on the GUI thread, a few at a time, before a worker imports what reads them all.

PySide6 sets up each Qt class, and builds its enums, the first time it is used. pyqtgraph's import
reads every class of QtCore, QtGui and QtWidgets (and loads QtSvg, QtOpenGL and QtTest). Imported on
a worker to keep the window free (``Startup.restore_page``), it set classes up off the GUI thread
while the GUI thread used others, and Reflect crashed: a segfault with the worker in pyqtgraph's
``_copy_attrs``, seen at start-up, in the gallery and in the tests, since the import moved to a
worker. So every class of those modules is set up here first, on the GUI thread, in slices of a few
milliseconds between which the event loop runs: typing is never held up for long.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from reflect.ui.ops import Operation

# what pyqtgraph's import reads or loads (found by importing it and listing PySide6's modules before and after)
MODULES = (
    "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg", "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets", "PySide6.QtTest",
)
SLICE_S = 0.008  # the GUI thread's time per turn of the event loop


def _names() -> Iterator[tuple[ModuleType, str]]:
    for name in MODULES:
        module = importlib.import_module(name)  # a slice of its own
        yield module, ""
        for attribute in dir(module):
            yield module, attribute


class _Preparer(QObject):
    def __init__(self, parent: QObject, then: Callable[[], object]) -> None:
        super().__init__(parent)
        self._then = then
        self._left = _names()
        QTimer.singleShot(0, self, self._slice)  # not after the window (its parent) has gone

    def _slice(self) -> None:
        end = time.perf_counter() + SLICE_S
        for module, attribute in self._left:
            if attribute:
                getattr(module, attribute)  # sets the class up, with its enums
            if time.perf_counter() > end:
                QTimer.singleShot(0, self, self._slice)  # not after the window (its parent) has gone
                return
        self.deleteLater()
        self._then()


def set_up_then(parent: QObject, then: Callable[[], object]) -> None:
    """Set up every class of ``MODULES`` on this (the GUI) thread, over several turns, then call ``then``."""
    _Preparer(parent, then)


def import_on_worker(parent: QWidget, names: tuple[str, ...], title: str) -> Operation[tuple[str, ...]]:
    """An operation importing ``names`` on a worker, run once Qt's classes are set up here (a later turn of
    the event loop, so the caller adds its handlers first)."""
    from reflect.ui.ops import Operation

    def load(_worker: object) -> tuple[str, ...]:
        return tuple(importlib.import_module(name).__name__ for name in names)

    operation = Operation(parent, load, title=title)
    set_up_then(parent, operation.run)
    return operation
