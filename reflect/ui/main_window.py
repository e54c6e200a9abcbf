"""Main window: navigation on the left, one page at a time on the right.

Built in two steps so the checklist paints before the database is open: the first
builds the navigation, the checklist form and the menus from frameworks and settings
alone; the second (``context.startup.when_ready``: at once when the database is
already open) starts the prompts, offers an unfinished draft and returns to the page
the user was on. Pages other than the checklist are built when first shown.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from reflect import __version__
from reflect.errors import UserError
from reflect.memory import give_back_large_blocks
from reflect.records import ReflectionRecord
from reflect.ui import theme
from reflect.ui.collector_pause import COLLECTOR
from reflect.ui.context import AppContext
from reflect.ui.dialogs.unsaved import START_NEW, discard_unsaved_edits
from reflect.ui.lock import AppLock
from reflect.ui.pages import FIRST_PAGE, PAGES, page_index
from reflect.ui.pages.checklist import ChecklistForm
from reflect.ui.startup import after_first_paint
from reflect.ui.supervision_menu import add_supervision_actions
from reflect.ui.widgets.nav_list import NavList
from reflect.ui.widgets.page_stack import PageStack
from reflect.ui.window_fit import place, saved_geometry
from reflect.wording import moment_text

if TYPE_CHECKING:  # these reach SQLAlchemy: imported once the database opens, after the first paint
    from reflect.ui.ops import Operation
    from reflect.ui.pages.history import HistoryView
    from reflect.ui.pages.settings import SettingsView
    from reflect.ui.prompts.prompting import Prompting


log = logging.getLogger(__name__)

class MainWindow(QMainWindow):
    closed = Signal()  # closed for real, not hidden to the tray

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setWindowTitle("Reflect")
        self.theme = theme.install(context.settings.colour_scheme)
        self.prompting: Prompting | None = None  # needs the database: made in the second step
        self.restoring: Operation[tuple[str, ...]] | None = None  # reopening on the last page (``Startup.restore_page``)

        self.form = ChecklistForm(context)
        self.form.protect_banner.setRequested.connect(self.set_passphrase)

        self.nav = NavList(PAGES)
        self.nav.tint(self.theme.colours())
        self.theme.changed.connect(self.nav.scheme_changed)  # a bound slot: disconnected when the window goes
        self.pages = PageStack(PAGES, lambda spec: spec.factory(self))  # other pages are built when first needed
        self.nav.currentRowChanged.connect(self._page_chosen)
        context.changed.connect(lambda changes: self.theme.set_preference(context.settings.colour_scheme)
                                if "colour_scheme" in changes.settings else None)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.app_lock = AppLock(self, context, self.form.flush_draft)
        self.app_lock.lockedChanged.connect(self._lock_changed)
        self._prompting_active = False
        self._build_menus()
        self.statusBar()
        context.writeWaiting.connect(self._report)  # a change written once an import ends: said quietly

        place(self, context.settings.window_geometry)
        self.show_page(FIRST_PAGE)
        if context.catalog.errors:
            skipped = "; ".join(str(e) for e in context.catalog.errors)
            self.statusBar().showMessage(f"Skipped a checklist file that has a problem: {skipped}")
        if not context.ready:  # the other pages and these actions read the database, which opens right after painting
            for action in self._data_actions:
                action.setEnabled(False)
            after_first_paint(self, context.startup.watch_for_work, at_once=True)
        context.startup.when_ready(self._database_opened)

    def _database_opened(self) -> None:
        """The second step: everything that reads the database."""
        from reflect.ui.prompts.prompting import Prompting

        context = self.context
        give_back_large_blocks()  # reads from now on build and free arrays of megabytes
        self.prompting = Prompting(context, self)
        self.form.saved.connect(self.prompting.reflection_saved)
        self.prompting.track_reflect_now(self.reflect_now_action)
        for action in self._data_actions:
            action.setEnabled(True)
        # connected after the prompts' own handlers, so the queue is refreshed before it is counted
        context.changed.connect(lambda changes: self._count_waiting() if changes.data else None)
        self.prompting.scheduler.checked.connect(self._count_waiting)
        self._count_waiting()
        page = context.settings.window_page
        last = next((spec for spec in PAGES if spec.key == page and page != FIRST_PAGE), None)
        self.restoring = context.startup.restore_page(  # slow imports off the GUI thread; typing keeps the form
            self, tuple(name for spec in PAGES for name in spec.imports),
            (lambda: self.show_page(page)) if last else None, wait=bool(last and last.imports),
        )
        if self.restoring is None:
            COLLECTOR.start_up_done()
        else:  # then the charts' columns, so a first open of Trends only draws
            self.restoring.finished.connect(COLLECTOR.start_up_done)  # start-up's objects live on: collections skip them
            self.restoring.finished.connect(partial(_warm_trends, self, context))
        draft = context.latest_draft()
        if draft is not None:
            self.form.offer_draft(draft)

    def _count_waiting(self) -> None:
        """The Awaiting badge: how many sessions wait for a reflection (as the Awaiting list shows them)."""
        if self.prompting is not None:
            self.nav.set_badge("awaiting", self.prompting.queue_view.list.count())

    def prompts(self) -> Prompting:
        """The prompts, tray and Awaiting queue (started once the database is open)."""
        if self.prompting is None:
            raise RuntimeError("the prompts start once the database is open")
        return self.prompting

    def view(self, key: str) -> QWidget:
        """A page's view by its key, built now if it has not been shown yet."""
        return self.pages.view(page_index(key))

    @property
    def history(self) -> HistoryView:
        return self.view("history")  # type: ignore[return-value]

    @property
    def settings_page(self) -> SettingsView:
        return self.view("settings")  # type: ignore[return-value]

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        new = QAction("&New reflection", self, shortcut=QKeySequence(QKeySequence.StandardKey.New))
        new.triggered.connect(self.new_reflection)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        quick = QAction("Reflect on a session no&w…", self)  # Ctrl+Shift+R, given by Prompting.track_reflect_now
        quick.setToolTip("Reflect on a session that is not in your calendar")
        quick.triggered.connect(lambda: self.prompts().reflect_now())
        file_menu.aboutToShow.connect(self._name_waiting_session)
        self.reflect_now_action = quick
        calendar = QAction("Import &calendar…", self)
        calendar.triggered.connect(self.import_calendar)
        file_menu.addActions([quick, calendar])
        export = QAction("&Export…", self, shortcut=QKeySequence("Ctrl+Shift+E"))
        export.triggered.connect(self.export_data)
        self.export_action = export
        import_action = QAction("&Import…", self, shortcut=QKeySequence("Ctrl+Shift+I"))
        import_action.triggered.connect(self.import_data)
        file_menu.addActions([new, export, import_action])
        supervision_actions = add_supervision_actions(file_menu, self, self.context, self.open_supervision_pack, self._report)
        backup = QAction("&Back up now", self)
        backup.triggered.connect(self.back_up_now)
        restore = QAction("&Restore from a backup…", self)
        restore.triggered.connect(self.restore_backup)
        file_menu.addSeparator()
        file_menu.addActions([backup, restore, self.app_lock.action])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu("&Go")
        pages: list[QAction] = []
        for spec in PAGES:
            action = QAction(spec.title, self, shortcut=QKeySequence(f"Ctrl+{spec.shortcut}"))
            action.triggered.connect(lambda _checked=False, key=spec.key: self.show_page(key))
            go_menu.addAction(action)
            if spec.needs_database:
                pages.append(action)
        self._data_actions = [quick, calendar, export, import_action, backup, restore, *supervision_actions, *pages]
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Reflect", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _name_waiting_session(self) -> None:
        """Opening the File menu: "Reflect now" names the session it would open (time has moved on)."""
        if self.prompting is not None:
            self.prompting.refresh_reflect_now()

    def open_supervision_pack(self) -> None:
        self.show_page("supervisees")
        self.view("supervisees").open_pack(self._report)  # type: ignore[attr-defined]

    def import_calendar(self) -> None:
        """Expected sessions from an .ics file; only times are kept, never titles or names.

        The import runs on a worker with progress and Cancel (reflect/ui/ops.py), which
        also reports any problem; the summary goes to the status bar.
        """
        name, _ = QFileDialog.getOpenFileName(self, "Import a calendar", "", "Calendar (*.ics)")
        if not name:
            return
        words, ok = QInputDialog.getText(
            self,
            "Import a calendar",
            "Only events whose title contains one of these words (comma-separated; empty for all).\n"
            "Titles are used for matching only and are never stored.",
        )
        if not ok:
            return
        keywords = [w.strip() for w in words.split(",") if w.strip()]
        self.calendar_import = self.prompts().import_calendar(Path(name), keywords, self, self._report)

    def _lock_changed(self, locked: bool) -> None:
        """While locked nothing may read the database: prompts pause and their windows close."""
        if self.prompting is None:
            return
        if locked:
            self._prompting_active = self.prompting.scheduler.timer.isActive()
            self.prompting.stop()
        elif self._prompting_active:
            self.prompting.start()

    def set_passphrase(self) -> None:
        """Asked for on the Reflect page's banner after a save (never offered in a box that interrupts rating)."""
        from reflect.ui.pages.settings import MODE_SET

        self.settings_page.edit_passphrase(MODE_SET)
        if self.context.encrypted:
            self._report("Your reflections are now encrypted with your passphrase.")

    def back_up_now(self) -> None:
        """The copy is made on a worker: a career's database takes a third of a second and more."""
        from reflect.ui.ops import Operation, report_failure

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                QMessageBox.warning(self, "Backup failed", str(exc))
            else:
                report_failure(self, "Back up", exc)

        Operation(self, lambda _worker: self.context.back_up(), title="Back up") \
            .on_success(lambda saved: self._report(f"Backed up to {saved}.")).on_failure(failed).run()

    def run_daily_backup(self) -> None:
        """Called shortly after start: the first start of each day keeps a rotated copy, made on a worker
        (it would freeze the window while the user may be typing), once no operation is rewriting the file (a
        passphrase set at once); a failure is said in the status bar."""
        from reflect.ui.ops import Operation, failure_message
        from reflect.ui.write_gate import WRITES

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, UserError):
                log.error("Today's automatic backup failed", exc_info=exc)
            self._report(f"Today's automatic backup failed: {failure_message('The backup', exc)}")

        def done(saved: Path | None) -> None:
            if saved is not None:
                self._report(f"Today's backup was saved in {saved.parent}.")

        WRITES.when_free(lambda: Operation(self, lambda _worker: self.context.daily_backup(),
                                           title="Today's automatic backup").on_success(done).on_failure(failed).run())

    def restore_backup(self) -> None:
        """Pick a backup; the current database is backed up first, then replaced."""
        from reflect.ui.file_changes import choose_and_restore

        choose_and_restore(self, self.context, self.form.flush_draft, self._report)

    def export_data(self) -> None:
        from reflect.ui.dialogs.exchange import export_reflections

        export_reflections(self, self.context, self._report)

    def import_data(self) -> None:
        from reflect.ui.dialogs.exchange import import_reflections

        import_reflections(self, self.context, self._report)

    def _report(self, message: str | None) -> None:
        if message:
            self.statusBar().showMessage(message, 10000)

    def current_view(self) -> QWidget:
        """The view on screen (a page built on first show is looked through)."""
        return self.pages.view(self.pages.currentIndex())

    def _page_chosen(self, row: int) -> None:
        """Pages that read the database wait for it (a moment after painting): until then the checklist stays."""
        if PAGES[row].needs_database and not self.context.ready:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(page_index(FIRST_PAGE))
            self.nav.blockSignals(False)
            return
        self.pages.show_row(row)

    def show_page(self, key: str) -> None:
        """Go to a page by its key (``reflect.ui.pages.PAGES``)."""
        self.nav.setCurrentRow(page_index(key))
        if key == FIRST_PAGE:
            self.form.focus_first()
        elif key == "history":
            self.history.table.setFocus()

    def current_key(self) -> str:
        return PAGES[self.nav.currentRow()].key

    def new_reflection(self) -> None:
        unsaved = self.form.unsaved_edits()
        if unsaved is not None and not discard_unsaved_edits(self, moment_text(unsaved.occurred_at), START_NEW):
            self.show_page(FIRST_PAGE)  # back to the changes
            return
        if not self.form.is_editing():
            self.form.flush_draft()
        self.form.reset()
        self.show_page(FIRST_PAGE)

    def open_reflection(self, record: ReflectionRecord) -> None:
        unsaved = self.form.unsaved_edits()
        if unsaved is not None and (unsaved.id == record.id or not discard_unsaved_edits(
                self, moment_text(unsaved.occurred_at))):
            self.show_page(FIRST_PAGE)  # back to the changes: the same reflection, or the user kept them
            return
        self.form.flush_draft()
        self.form.load(record)
        self.show_page(FIRST_PAGE)

    def show_about(self) -> None:
        framework = self.context.framework()
        QMessageBox.about(self, "About Reflect", f"<h3>Reflect {__version__}</h3>"
                          "<p>Private after-session self-evaluation for mental-health practitioners. "
                          "Everything stays on this computer.</p>"
                          f"<p><b>{framework.title}</b><br>{framework.citation}</p><p>{framework.adaptation}</p>"
                          f"<p>Data folder: {self.context.paths.root}</p>")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.prompting is not None and self.prompting.hide_to_tray(event):
            return
        from reflect.ui.ops import cancel_all

        cancel_all()  # an import's write lock would keep the draft below waiting, then lose it
        self.form.flush_draft()
        self.context.update_settings(window_geometry=saved_geometry(self), window_page=self.current_key())
        super().closeEvent(event)
        if self.prompting is not None:
            self.prompting.stop()
        self.closed.emit()  # the app ends here (with a tray icon, closing the last window would not)


def _warm_trends(window: MainWindow, context: AppContext) -> None:
    from reflect.ui.trends_cache import warm  # loaded already, with the pages' imports in the runner

    warm(window, context)
