"""The heartbeat method: how long the GUI thread stops answering during an action.

A precise 5 ms ``QTimer`` ticks on the GUI thread. While the thread is free the ticks come
every 5 ms; while it computes, reads the database or draws, they stop, and the longest gap
between two ticks is the longest freeze a person would feel (keys not echoed, clicks not
answered, the window not repainted).

An action is *done* when the page has nothing left to do, which :class:`Pending` tells
without knowing how the page works:

- every ``reflect.ui.ops.Operation`` started since the action has finished (the runner that
  takes page loads off the GUI thread; counted by wrapping ``Operation.run`` and listening
  to its public ``finished`` signal, so nothing in the app changes), and
- the page's own ``busy`` or ``loading`` attribute, if it has one, is false (a property or a
  method), and
- neither has changed for ``SETTLE_MS``, so an operation started one event-loop turn later
  (from a zero timer or a queued signal) is still waited for.

A page that loads on the GUI thread is done when the click returns; one that loads in the
runner is done when its last operation's result has been handled. Either way the drawing
that follows is included: the done time is the first tick after the last of that work, and
Qt handles the pending paint events before it runs timers.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer

TICK_MS = 5
SETTLE_MS = 60  # how long nothing may be pending before an action counts as done
TIMEOUT_S = 300.0  # an action that is not done by then is reported as a failure


class Heartbeat:
    """A 5 ms timer on the GUI thread that remembers when it ticked (``time.perf_counter`` seconds)."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks.append(time.perf_counter())
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def longest_gap(self, start: float, end: float) -> float:
        """The longest gap (seconds) between ticks around [start, end]: from the last tick at or
        before ``start`` to the first one at or after ``end``."""
        first = max((i for i, t in enumerate(self.ticks) if t <= start), default=0)
        last = next((i for i, t in enumerate(self.ticks) if t >= end), len(self.ticks) - 1)
        window = self.ticks[first : last + 1]
        return max((b - a for a, b in zip(window, window[1:], strict=False)), default=0.0)

    def first_tick_after(self, moment: float) -> float:
        return next((t for t in self.ticks if t > moment), moment)


class Pending:
    """Counts the runner's operations in flight, and when the count last changed."""

    def __init__(self) -> None:
        from reflect.ui import ops

        self.in_flight = 0
        self.last_change = time.perf_counter()
        self._ops = ops
        self._original_run = ops.Operation.run
        pending = self

        def run(operation: Any) -> Any:
            pending._changed(+1)
            operation.finished.connect(lambda: pending._changed(-1))
            return pending._original_run(operation)

        ops.Operation.run = run  # type: ignore[method-assign]

    def _changed(self, step: int) -> None:
        self.in_flight += step
        self.last_change = time.perf_counter()

    def close(self) -> None:
        self._ops.Operation.run = self._original_run  # type: ignore[method-assign]


BUSY_HOOKS = ("busy", "loading")


def is_busy(view: object) -> bool:
    """The page's own hook, if it has one: a ``busy`` or ``loading`` attribute, property or method
    that is true while it loads."""
    for name in BUSY_HOOKS:
        hook = getattr(view, name, False)
        if hook() if callable(hook) else hook:
            return True
    return False


def run_action(
    heartbeat: Heartbeat, pending: Pending, action: Callable[[], object], view: Callable[[], object]
) -> tuple[float, float]:
    """Run ``action`` as a click would (from the event loop), wait until it is done, and return
    (longest freeze, time from the action to done), both in seconds. ``view`` gives the page
    whose ``busy`` hook to wait for (looked up after the action: a page may be built by it)."""
    loop = QEventLoop()
    moments: dict[str, float] = {}

    def act() -> None:
        moments["start"] = time.perf_counter()
        action()
        moments["returned"] = time.perf_counter()
        check()

    def last_work() -> float:
        return max(moments["returned"], moments.get("busy", 0.0), pending.last_change)

    def check() -> None:
        now = time.perf_counter()
        if is_busy(view()):
            moments["busy"] = now
        if now - moments["start"] > TIMEOUT_S:
            moments["timeout"] = now
            loop.quit()
        elif pending.in_flight or now - last_work() < SETTLE_MS / 1000:
            QTimer.singleShot(TICK_MS, check)
        else:
            loop.quit()

    QTimer.singleShot(0, act)
    loop.exec()
    if "timeout" in moments:
        raise RuntimeError(f"the action was not done within {TIMEOUT_S:.0f} s")
    done = heartbeat.first_tick_after(last_work())
    return heartbeat.longest_gap(moments["start"], done), done - moments["start"]


def settle(seconds: float) -> None:
    """Let the event loop run for a while (start-up timers, first paints) before measuring."""
    loop = QEventLoop()
    QTimer.singleShot(round(1000 * seconds), loop.quit)
    loop.exec()


class FreezeSampler(threading.Thread):
    """Where the GUI thread is while the heartbeat stands still (``freeze_probe.py --explain``).

    Every 10 ms, once no tick has come for ``STILL_MS``, it takes the GUI thread's stack and keeps
    its innermost frame in Reflect's code and its innermost frame of all (a library, say), so a
    freeze can be traced to the code that causes it. Sampling needs the GIL, so a C call that
    holds it shows up at its end; the counts are a guide, not a profile. A diagnosis only, never in the
    measured runs: a frame it still holds when the GUI thread returns from it is freed on this thread,
    with the Qt objects in its variables, which crashed Trends runs (the freeze census, 30 November).
    """

    STILL_MS = 50

    def __init__(self, heartbeat: Heartbeat) -> None:
        super().__init__(daemon=True)
        self._beat = heartbeat
        self._gui = threading.get_ident()
        self._stop = threading.Event()
        self.samples: list[tuple[float, str, str]] = []  # (perf_counter, Reflect's frame, innermost frame)

    def run(self) -> None:
        while not self._stop.wait(0.01):
            now = time.perf_counter()
            if self._beat.ticks and now - self._beat.ticks[-1] > self.STILL_MS / 1000:
                frame = sys._current_frames().get(self._gui)
                if frame is not None:
                    self.samples.append((now, *_where(frame)))

    def stop(self) -> None:
        self._stop.set()

    def explain(self, start: float, end: float, top: int = 4) -> list[str]:
        """The most frequent places between `start` and `end`, most frequent first."""
        found = [sample for sample in self.samples if start <= sample[0] <= end]
        ours = Counter(sample[1] for sample in found).most_common(top)
        inner = Counter(sample[2] for sample in found).most_common(top)
        return [f"{count * 10} ms in {place}" for place, count in ours] + [
            f"  innermost: {count * 10} ms in {place}" for place, count in inner]


def _where(frame: FrameType) -> tuple[str, str]:
    if frame.f_code.co_filename == __file__:  # the probe's event loop: Qt is painting or laying out, in C++
        return "Qt's own work (painting, layout, events)", "Qt"
    innermost = _place(frame)
    current: FrameType | None = frame
    while current is not None:
        if f"{os.sep}reflect{os.sep}" in current.f_code.co_filename:
            return _place(current), innermost
        current = current.f_back
    return "(not in Reflect's code)", innermost


def _place(frame: FrameType) -> str:
    path = Path(frame.f_code.co_filename)
    return f"{'/'.join(path.parts[-2:])}:{frame.f_lineno} {frame.f_code.co_name}"
