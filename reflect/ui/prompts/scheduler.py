"""A QTimer that asks the Qt-free prompt logic what is due, using an injectable clock."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from reflect.prompts import Clock, PromptService
from reflect.ui.write_gate import WRITES

log = logging.getLogger(__name__)

CHECK_MS = 30_000  # a prompt may come up to half a minute after a session ends


class PromptScheduler(QObject):
    """Checks every ``interval_ms``; tests call ``check()`` after moving their clock instead of waiting."""

    promptsDue = Signal(list)  # list[Prompt], most important first
    checked = Signal()  # after every check: the queue may have changed (expiry, a snooze running out)

    def __init__(
        self, service: PromptService, clock: Clock, interval_ms: int = CHECK_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.clock = clock
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()
        self.check()

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> None:
        if WRITES.busy:  # the check writes (expiry, prompts given): an import's lock would freeze the window
            return  # checked again at the next tick
        try:
            prompts = self.service.poll(self.clock())
        except Exception:  # a locked or busy database must not stop future checks
            log.exception("Checking for due prompts failed")
            return
        if prompts:
            self.promptsDue.emit(prompts)
        self.checked.emit()
