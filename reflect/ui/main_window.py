"""Main window: navigation on the left, one page at a time on the right."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from reflect import __version__
from reflect.reflections import ReflectionRecord
from reflect.ui.checklist_form import ChecklistForm
from reflect.ui.context import AppContext
from reflect.ui.exchange_dialogs import export_reflections, import_reflections
from reflect.ui.history_view import HistoryView
from reflect.ui.placeholder import ComingView, LazyPage

PAGE_REFLECT, PAGE_HISTORY, PAGE_TRENDS = 0, 1, 2

_COMING = (
    ("CPD", "Reflective accounts, a CPD log, development goals and revalidation progress."),
    ("Reports", "Supervision and CPD reports as PDF, and export of your data."),
    ("Settings", "Your name and role for reports, encryption, reminders and backups."),
)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self._context = context
        self.setWindowTitle("Reflect")
        self.resize(1000, 760)

        self.form = ChecklistForm(context)
        self.history = HistoryView(context)
        self.history.openRequested.connect(self.open_reflection)
        self.form.saved.connect(self._after_save)

        self.nav = QListWidget()
        self.nav.setAccessibleName("Sections")
        self.nav.setFixedWidth(150)
        self.pages = QStackedWidget()
        self.trends_page = LazyPage(self._build_trends)
        for title, widget in (("Reflect", self.form), ("History", self.history), ("Trends", self.trends_page)):
            self.nav.addItem(title)
            self.pages.addWidget(widget)
        for title, purpose in _COMING:
            self.nav.addItem(f"{title} (coming)")
            self.pages.addWidget(ComingView(title, purpose))
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self.statusBar()

        geometry = context.settings.window_geometry
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        self.show_page(context.settings.window_page if 0 <= context.settings.window_page < self.pages.count() else 0)

        if context.catalog.errors:
            skipped = "; ".join(str(e) for e in context.catalog.errors)
            self.statusBar().showMessage(f"Skipped a checklist file that has a problem: {skipped}")
        draft = context.latest_draft()
        if draft is not None:
            self.form.offer_draft(draft)

    def _build_trends(self) -> QWidget:
        from reflect.ui.trends_view import TrendsView  # pyqtgraph and numpy load here, not at start

        view = TrendsView(self._context)
        view.openRequested.connect(self.open_reflection)
        return view

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        new = QAction("&New reflection", self, shortcut=QKeySequence.StandardKey.New)
        new.triggered.connect(self.new_reflection)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        export = QAction("&Export…", self, shortcut=QKeySequence("Ctrl+Shift+E"))
        export.triggered.connect(lambda: self._report(export_reflections(self, self._context)))
        import_action = QAction("&Import…", self, shortcut=QKeySequence("Ctrl+Shift+I"))
        import_action.triggered.connect(lambda: self._report(import_reflections(self, self._context)))
        file_menu.addActions([new, export, import_action])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu("&Go")
        for row in range(self.nav.count()):
            action = QAction(self.nav.item(row).text(), self, shortcut=QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _checked=False, r=row: self.show_page(r))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Reflect", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _report(self, message: str | None) -> None:
        if message:
            self.statusBar().showMessage(message, 10000)

    def show_page(self, row: int) -> None:
        self.nav.setCurrentRow(row)
        if row == PAGE_REFLECT:
            self.form.focus_first()
        elif row == PAGE_HISTORY:
            self.history.table.setFocus()

    def new_reflection(self) -> None:
        if not self.form.is_editing():
            self.form.flush_draft()
        self.form.reset()
        self.show_page(PAGE_REFLECT)

    def open_reflection(self, record: ReflectionRecord) -> None:
        self.form.flush_draft()
        self.form.load(record)
        self.show_page(PAGE_REFLECT)

    def _after_save(self, record: ReflectionRecord) -> None:
        self.statusBar().showMessage(self.form.status_label.text(), 8000)

    def show_about(self) -> None:
        framework = self._context.framework()
        QMessageBox.about(
            self,
            "About Reflect",
            f"<h3>Reflect {__version__}</h3>"
            "<p>Private after-session self-evaluation for mental-health practitioners. "
            "Everything stays on this computer.</p>"
            f"<p><b>{framework.title}</b><br>{framework.citation}</p>"
            f"<p>{framework.adaptation}</p>"
            f"<p>Data folder: {self._context.paths.root}</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.form.flush_draft()
        self._context.settings.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self._context.settings.window_page = self.nav.currentRow()
        self._context.save_settings()
        super().closeEvent(event)
