"""Python's cycle collector paused while work runs on a worker thread, and during start-up.

Qt-free: the operation runner (``reflect/ui/ops.py``) wraps each piece of work in ``COLLECTOR.paused()``;
the ``reflect`` command pauses it before loading the window's modules (``pause_for_start_up``) and
the main window resumes it once start-up's work is done (``start_up_done``).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

FREEZE_ABOVE = 100_000  # objects made by work and still alive: frozen out of the collector


class CollectorPause:
    """Python's cycle collector paused while any operation's work runs.

    A full collection walks every live object holding the GIL, and the window needs the GIL for
    each Python slot: at 20,000 reflections an import or export on a worker set one off again
    and again as it made records, 70–150 ms each (far more at 100,000), each a freeze. The
    objects such work makes are freed as it goes; the collector resumes with the last worker.
    What such work leaves behind (an import's 100,000 records, waiting for the preview to be
    confirmed) would then be walked at the next collection, 280 ms at once: when it is that
    much, it is frozen first (``gc.freeze``), so collections skip it; it is still freed when
    dropped, as it holds no cycles.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._resume = False
        self._starting = False

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        self._pause()
        try:
            yield
        finally:
            self._resume_one()

    def pause_for_start_up(self) -> None:
        """Start-up makes some hundred thousand objects (modules, classes, widgets) that all live on;
        collecting them some ninety times before the first paint took about 13 ms of it."""
        if not self._starting:
            self._starting = True
            self._pause()

    def start_up_done(self) -> None:
        """What start-up made is frozen out of later collections, which resume (a no-op when not paused)."""
        gc.freeze()
        if self._starting:
            self._starting = False
            self._resume_one()

    def _pause(self) -> None:
        with self._lock:
            if self._running == 0:
                self._resume = gc.isenabled()
                gc.disable()
            self._running += 1

    def _resume_one(self) -> None:
        with self._lock:
            self._running -= 1
            if self._running == 0 and self._resume:
                if gc.get_count()[0] > FREEZE_ABOVE:
                    gc.freeze()
                gc.enable()


COLLECTOR = CollectorPause()  # the one the operation runner uses
