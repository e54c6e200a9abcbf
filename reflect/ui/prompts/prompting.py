"""Wires the prompt pieces together: scheduler → notification → quick reflection → queue.

The main window owns one ``Prompting`` and places ``queue_view`` where it likes;
the tray, the notification and the quick window are top-level and live here.
All decisions (what is due, what waits) come from the Qt-free PromptService.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QWidget

from reflect.calendar_import import import_parsed, parse_calendar, read_calendar_file
from reflect.expected_sessions import ExpectedSessionRecord, ExpectedSessionStore
from reflect.prompts import KIND_SUMMARY, Clock, Prompt, system_clock
from reflect.records import ReflectionRecord
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.ops import Operation, Worker
from reflect.ui.prompts.notification import REFLECT_NOW_KEYS, PromptNotification
from reflect.ui.prompts.queue_view import QueueView
from reflect.ui.prompts.quick_reflection import QuickReflectionWindow
from reflect.ui.prompts.scheduler import CHECK_MS, PromptScheduler
from reflect.ui.prompts.tray import ReflectTray
from reflect.wording import day_text


class Prompting(QObject):
    """After-session prompts for one AppContext; ``window`` is raised by Open and the summary."""

    def __init__(
        self,
        context: AppContext,
        window: QWidget | None = None,
        clock: Clock = system_clock,
        interval_ms: int = CHECK_MS,
    ) -> None:
        super().__init__(window)
        self.context = context
        self.window = window
        self.clock = clock
        self.service = context.prompts
        self.scheduler = PromptScheduler(self.service, clock, interval_ms, self)
        self.notification = PromptNotification()
        self._quick: QuickReflectionWindow | None = None  # built on first use: start-up stays fast
        self.queue_view = QueueView(self.service, clock)
        self.tray = ReflectTray(self)
        self._quitting = False
        self._reflect_now_actions: dict[QAction, tuple[str, str]] = {}  # action → its wording with nothing waiting
        self.track_reflect_now(self.tray.reflect_action)

        self.scheduler.promptsDue.connect(self.notification.show_prompts)
        self.scheduler.checked.connect(self._after_check)
        self.notification.reflectRequested.connect(self._prompt_reflect)
        self.notification.snoozeRequested.connect(self._prompt_snooze)
        self.notification.skipRequested.connect(self._prompt_skip)
        self.queue_view.reflectRequested.connect(self.reflect_on)
        self.queue_view.skipRequested.connect(self._skip)
        self.tray.reflectNowRequested.connect(self.reflect_now)
        self.tray.menu.aboutToShow.connect(self.refresh_reflect_now)
        self.notification.pendingChanged.connect(self.refresh_reflect_now)
        self.tray.openRequested.connect(self.show_window)
        self.tray.pauseToggled.connect(self.set_paused_today)
        self.tray.quitRequested.connect(self.quit)
        context.changed.connect(self._changed)

    def _changed(self, changes: Changes) -> None:
        if changes.reflections or changes.sessions:
            self.queue_view.refresh()
            self.refresh_reflect_now()

    def start(self) -> None:
        """Show the tray icon and check now and then every half minute."""
        self.tray.show()
        self.scheduler.start()

    def stop(self) -> None:
        self.scheduler.stop()
        self.tray.hide()
        self.notification.close()

    def quick_window(self) -> QuickReflectionWindow:
        if self._quick is None:
            self._quick = QuickReflectionWindow(self.context)
            self._quick.reflected.connect(self._reflected)
        return self._quick

    # ----- answers
    def reflect_on(self, session: ExpectedSessionRecord | None) -> None:
        """Open the quick window for a queued session, or for an ad-hoc one (None)."""
        self.quick_window().open_for(session, self.service.details(session, self.clock()))

    def waiting_session(self) -> ExpectedSessionRecord | None:
        """The session "Reflect now" answers: the one being prompted, else the most recently ended one waiting."""
        prompt = self.notification.current()
        if prompt is not None and prompt.session is not None:
            return prompt.session
        queue = self.service.queue(self.clock())
        return queue[0] if queue else None

    def reflect_now(self) -> None:
        """The keyboard's and the tray's answer to a prompt: the waiting session with its own times, else ad hoc."""
        session = self.waiting_session()
        self.notification.withdraw(session)  # answered, as a click on the prompt's Reflect would
        self.reflect_on(session)

    def track_reflect_now(self, action: QAction) -> None:
        """Give an action "Reflect now"'s shortcut and keep its words naming the session it will open."""
        self._reflect_now_actions[action] = (action.text(), action.toolTip())
        if action is not self.tray.reflect_action:
            action.setShortcut(REFLECT_NOW_KEYS)
        self.refresh_reflect_now()

    def refresh_reflect_now(self) -> None:
        """Name the waiting session in each "Reflect now" action, or give it back its usual words."""
        session = self.waiting_session()
        for action, usual in self._reflect_now_actions.items():
            text, tip = usual if session is None else self._naming(session)
            action.setText(text)
            action.setToolTip(tip)

    def _naming(self, session: ExpectedSessionRecord) -> tuple[str, str]:
        day = "" if session.end.date() == self.clock().date() else f"{day_text(session.start.date())} "
        when = f"{day}{session.describe()}"
        return (f"Reflect on the {when} session no&w…",  # Alt+W: &R is Restore in the File menu
                f"Open the quick reflection for the session {when}, with its own start and length")

    def _prompt_reflect(self, prompt: Prompt) -> None:
        if prompt.kind == KIND_SUMMARY:
            self.show_window()
        else:
            self.reflect_on(prompt.session)

    def _prompt_snooze(self, prompt: Prompt) -> None:
        if prompt.session is not None:
            session_id, now = prompt.session.id, self.clock()
            self.context.mutate_later(lambda: self.service.snooze(session_id, now), Changes(sessions=True),
                                      "the session is snoozed")

    def _prompt_skip(self, prompt: Prompt) -> None:
        if prompt.session is not None:
            self._skip(prompt.session)

    def _skip(self, session: ExpectedSessionRecord) -> None:
        self.context.mutate_later(lambda: self.service.skip(session.id), Changes(sessions=True), "the session is skipped")

    def _reflected(self, session: ExpectedSessionRecord | None, record: ReflectionRecord) -> None:
        if record.id is None:
            return
        reflection_id = record.id
        if session is not None:
            self.context.mutate_later(lambda: self.service.mark_reflected(session.id, reflection_id),
                                      Changes(sessions=True), "the session is marked as reflected on")
        else:
            self.context.mutate_later(lambda: self.service.link_reflection(reflection_id, record.occurred_at),
                                      Changes(sessions=True), "its session is marked as reflected on")

    def reflection_saved(self, record: ReflectionRecord) -> None:
        """A reflection saved in the main window clears the calendar session it is about."""
        reflection_id = record.id
        if reflection_id is not None:
            self.context.mutate_later(lambda: self.service.link_reflection(reflection_id, record.occurred_at),
                                      Changes(sessions=True), "its session is marked as reflected on")

    def import_calendar(
        self, path: Path, keywords: Sequence[str] = (), parent: QWidget | None = None,
        done: Callable[[str], object] | None = None,
    ) -> Operation[str]:
        """Import an .ics file on a worker, with progress and Cancel; ``done`` gets the one-line summary.

        A problem (CalendarError, a Cancel) is reported by the runner in one place; nothing is changed.
        """
        now, setting, owner = self.clock(), self.context.settings.last_setting, parent or self.window

        def work(worker: Worker) -> str:
            parsed = parse_calendar(read_calendar_file(path), now, keywords, setting, progress=worker.progress)
            assert worker.database is not None
            result = import_parsed(ExpectedSessionStore(worker.database), parsed, now, worker.check)
            return parsed.describe(result)

        def finished(summary: str) -> None:
            self.context.announce(Changes(sessions=True))
            if done is not None:
                done(summary)

        if owner is None:
            raise RuntimeError("a calendar import needs a window to report to")
        operation = Operation(owner, work, database=self.context.database, title="Import a calendar", writes=True)
        return operation.with_progress("Importing the calendar…").on_success(finished).run()

    # ----- pause, window, quit
    def set_paused_today(self, paused: bool) -> None:
        if paused:
            self.service.pause_today(self.clock())
        else:
            self.service.resume_today()
        self.context.save_settings()
        self._after_check()

    def _after_check(self) -> None:
        reason = self.service.paused_reason(self.clock())
        self.tray.set_paused(self.context.settings.prompts_paused_on == self.clock().date(), reason)
        self.queue_view.refresh()
        self.refresh_reflect_now()

    def show_window(self) -> None:
        if self.window is not None:
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()

    def hide_to_tray(self, event: QCloseEvent) -> bool:
        """On closing the main window: keep running in the tray while prompts are on.

        Returns True when the close was turned into a hide (the event is ignored);
        the first time, a tray message says so.
        """
        if self._quitting or not self.tray.available or not self.context.settings.prompts_enabled:
            return False
        event.ignore()
        if self.window is not None:
            self.window.hide()
        if not self.context.settings.tray_notice_shown:
            self.tray.show_message(
                "Reflect is still running",
                "It will prompt you after each session. To stop it, choose Quit from the tray icon's menu.",
            )
            self.context.update_settings(tray_notice_shown=True)
        return True

    def quit(self) -> None:
        """Close the main window for real: it saves its state and ends the app."""
        self._quitting = True
        if self._quick is not None:
            self._quick.close()
        self.stop()
        if self.window is not None:
            self.window.close()  # the main window saves its state and ends the app
