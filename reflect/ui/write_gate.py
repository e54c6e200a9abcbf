"""Writes from the window wait while an operation writes on a worker, rather than freeze it.

An import merges its reflections in one transaction (all or nothing), holding SQLite's write
lock for seconds at a career's size. A save or an autosave on the GUI thread meanwhile waited
for that lock, the window frozen, and after SQLite's 5 s gave up. So writing operations are
counted here (``reflect.ui.ops.Operation(..., writes=True)``), and the window's writes ask first:
an autosave tries again a second later; a save, a draft flushed (on lock, new reflection, another
one opened) and a private setting are written as soon as the last writer ends, in the order asked.
"""

from __future__ import annotations

from collections.abc import Callable


class WriteGate:
    """Which writing operations run (GUI thread only), and what waits for them to end."""

    def __init__(self) -> None:
        self._running: list[str] = []  # their titles, for the message
        self._waiting: list[Callable[[], object]] = []

    @property
    def busy(self) -> bool:
        return bool(self._running)

    @property
    def writer(self) -> str:
        """The title of the oldest writing operation still running ("" when none)."""
        return self._running[0] if self._running else ""

    def begin(self, title: str) -> None:
        self._running.append(title)

    def end(self, title: str) -> None:
        if title in self._running:  # not after ``settle`` (quitting), which ended them all
            self._running.remove(title)
        if not self._running:
            self._run_waiting()

    def settle(self) -> None:
        """Quitting, once all work has stopped (``ops.finish_work``): what waited is written now, before the
        database closes, as the event loop that would have delivered ``end`` has already stopped."""
        self._running.clear()
        self._run_waiting()

    def _run_waiting(self) -> None:
        while self._waiting and not self._running:  # in order; an action may start another writer
            action = self._waiting.pop(0)
            action()

    def refusal(self, undone: str) -> str | None:
        """The one sentence refusing a change while an operation writes (None when it can be made now): for a
        change the user watches happen (a deletion, a CPD entry saved), where waiting silently would mislead."""
        if not self._running:
            return None
        return f"Not {undone}: “{self.writer}” is still running; try again once it has finished."

    def when_free(self, action: Callable[[], object]) -> None:
        """Run `action` now if nothing writes, else once the last writer has ended."""
        if self.busy:
            self._waiting.append(action)
        else:
            action()


WRITES = WriteGate()
