"""Reports page: make the supervision PDF that the command line makes too.

The page gathers the request (period, filters, reflections whose text to share, a
password), loads the reflections on the GUI thread (a quick query), and builds and
writes the PDF on a worker thread while a busy bar shows. Ticked reflections are
scanned for identifiers by the report service itself, so the page and the command
line refuse the same things.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QObject, QRunnable, QStandardPaths, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reflect.analytics import TrendFilter
from reflect.errors import UserError
from reflect.frameworks import FrameworkCatalog
from reflect.reflections import EXCERPT_CHARS, ReflectionFilter, ReflectionRecord
from reflect.settings import Settings
from reflect.ui.context import AppContext
from reflect.vocabulary import CONTACT_TYPES, MODALITIES, SETTINGS, STATUS_COMPLETE, label

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
CUSTOM = -1
PRESETS = (("Last 4 weeks", 28), ("Last 3 months", 91), ("Last 6 months", 182), ("Last year", 365),
           ("Custom", CUSTOM))


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _combo(name: str, any_text: str, choices: dict[str, str]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem(any_text, None)
    for key, text in choices.items():
        combo.addItem(text, key)
    return combo


def _excerpt(record: ReflectionRecord) -> str:
    words = " ".join(record.text.split())
    return words if len(words) <= EXCERPT_CHARS else words[: EXCERPT_CHARS - 1] + "…"


class _Signals(QObject):
    done = Signal(str)  # path written
    refused = Signal(str, list)  # message, ids of reflections that need attention
    failed = Signal(str)


class _ReportJob(QRunnable):
    """Builds and writes the PDF off the GUI thread from reflections already loaded."""

    def __init__(self, path: Path, records: list[ReflectionRecord], catalog: FrameworkCatalog, settings: Settings,
                 request: object) -> None:
        super().__init__()
        self.signals = _Signals()
        self._args = (path, records, catalog, settings, request)

    def run(self) -> None:
        from reflect.reports.supervision import IdentifiersFound, save_supervision_report

        try:
            path = save_supervision_report(*self._args)  # type: ignore[arg-type]
        except IdentifiersFound as exc:
            self.signals.refused.emit(str(exc), [p.reflection_id for p in exc.problems])
        except UserError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # a bug must not leave the page busy for ever
            log.exception("Supervision report failed")
            self.signals.failed.emit(f"The report could not be created ({type(exc).__name__}); nothing was written.")
        else:
            self.signals.done.emit(str(path))


class ReportsView(QWidget):
    """Choose a period, filters and what to share; create the PDF; then open it or its folder."""

    finished = Signal(str)  # path of the report written

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._records: list[ReflectionRecord] = []
        self._ticked: set[str] = set()
        self._stale = True
        self._job: _ReportJob | None = None
        self.last_path: Path | None = None

        heading = QLabel("<h2>Supervision report</h2>")
        intro = QLabel(
            "A PDF of your checklist trends to discuss in supervision: sessions, scores, every tip's rate with "
            "its change since the previous period, a heatmap, groupings and prompts for discussion. "
            "Your private text is left out unless you tick reflections below."
        )
        intro.setWordWrap(True)

        self.range_combo = QComboBox()
        self.range_combo.setAccessibleName("Report period")
        for text, days in PRESETS:
            self.range_combo.addItem(text, days)
        self.range_combo.setCurrentIndex(2)
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit, name in ((self.from_edit, "From date"), (self.to_edit, "To date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
        period = QHBoxLayout()
        period.addWidget(self.range_combo)
        for caption, edit in (("&From", self.from_edit), ("&To", self.to_edit)):
            caption_label = QLabel(caption)
            caption_label.setBuddy(edit)
            period.addWidget(caption_label)
            period.addWidget(edit)
        period.addStretch(1)

        self.setting_combo = _combo("Setting filter", "All settings", SETTINGS)
        self.contact_combo = _combo("Contact type filter", "All contact types", CONTACT_TYPES)
        self.modality_combo = _combo("Modality filter", "All modalities", MODALITIES)
        self.tag_combo = _combo("Tag filter", "All tags", {})
        filters = QHBoxLayout()
        for combo in (self.setting_combo, self.contact_combo, self.modality_combo, self.tag_combo):
            filters.addWidget(combo)
        filters.addStretch(1)

        self.list_label = QLabel("&Include the text of these reflections (optional; each is checked for identifiers):")
        self.list_label.setWordWrap(True)
        self.reflection_list = QListWidget()
        self.reflection_list.setAccessibleName("Reflections whose text to include")
        self.list_label.setBuddy(self.reflection_list)

        self.password_check = QCheckBox("Protect the PDF with a &password")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName("PDF password")
        self.password_edit.setEnabled(False)
        password = QHBoxLayout()
        password.addWidget(self.password_check)
        password.addWidget(self.password_edit, 1)

        self.create_button = QPushButton("&Create report…")
        self.create_button.setDefault(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the build has no meaningful steps to count
        self.progress.setAccessibleName("Creating report")
        self.progress.setVisible(False)
        self.open_button = QPushButton("&Open")
        self.folder_button = QPushButton("Show in &folder")
        for button in (self.open_button, self.folder_button):
            button.setVisible(False)
        actions = QHBoxLayout()
        actions.addWidget(self.create_button)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.open_button)
        actions.addWidget(self.folder_button)
        actions.addStretch(1)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Report status")
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow("Period", period)
        form.addRow("Sessions", filters)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.list_label)
        layout.addWidget(self.reflection_list, 1)
        layout.addLayout(password)
        layout.addLayout(actions)
        layout.addWidget(self.status_label)

        self._apply_preset()
        self.range_combo.currentIndexChanged.connect(self._preset_changed)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self.reload)
        for combo in (self.setting_combo, self.contact_combo, self.modality_combo, self.tag_combo):
            combo.currentIndexChanged.connect(self._fill_list)
        self.reflection_list.itemChanged.connect(self._item_changed)
        self.password_check.toggled.connect(self.password_edit.setEnabled)
        self.create_button.clicked.connect(self.create_report)
        self.open_button.clicked.connect(self.open_report)
        self.folder_button.clicked.connect(self.show_folder)
        context.reflectionsChanged.connect(self._reflections_changed)

    # ------------------------------------------------------------------ choices

    def _preset_changed(self) -> None:
        self._apply_preset()
        self.reload()

    def _apply_preset(self) -> None:
        days = self.range_combo.currentData()
        custom = days == CUSTOM
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if custom:
            return
        today = date.today()
        for edit, value in ((self.from_edit, today - timedelta(days=days - 1)), (self.to_edit, today)):
            edit.blockSignals(True)
            edit.setDate(_qdate(value))
            edit.blockSignals(False)

    def date_range(self) -> tuple[date, date]:
        start, end = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        return (start, end) if start <= end else (end, start)

    def filter(self) -> TrendFilter:
        return TrendFilter(
            setting=self.setting_combo.currentData(),
            contact_type=self.contact_combo.currentData(),
            modality=self.modality_combo.currentData(),
            tag=self.tag_combo.currentData(),
        )

    def ticked_ids(self) -> tuple[str, ...]:
        """Ticked reflections that the current period and filters still show, in list order."""
        items = (self.reflection_list.item(row) for row in range(self.reflection_list.count()))
        return tuple(item.data(ID_ROLE) for item in items if item.checkState() == Qt.CheckState.Checked)

    # ------------------------------------------------------------------ the list of reflections

    def _reflections_changed(self) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self._stale:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        """The period's complete reflections from the store; the filters are applied in the list."""
        start, end = self.date_range()
        self._records = self._context.store.records(
            ReflectionFilter(date_from=start, date_to=end, statuses=(STATUS_COMPLETE,)))
        self._stale = False
        current = self.tag_combo.currentData()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem("All tags", None)
        for tag in sorted({tag for record in self._records for tag in record.tags}):
            self.tag_combo.addItem(tag, tag)
        self.tag_combo.setCurrentIndex(max(0, self.tag_combo.findData(current)) if current else 0)
        self.tag_combo.blockSignals(False)
        self._fill_list()

    def _matches(self, record: ReflectionRecord, flt: TrendFilter) -> bool:
        return all((
            flt.setting in (None, record.setting),
            flt.contact_type in (None, record.contact_type),
            flt.modality in (None, record.modality),
            flt.tag is None or flt.tag in record.tags,
        ))

    def _fill_list(self) -> None:
        flt = self.filter()
        shown = [r for r in self._records
                 if self._matches(r, flt) and (r.text.strip() or any(x.note for x in r.ratings))]
        self.reflection_list.blockSignals(True)
        self.reflection_list.clear()
        for record in reversed(shown):  # newest first: the sessions one remembers
            when = f"{record.occurred_at.day} {record.occurred_at:%b %Y %H:%M}"
            item = QListWidgetItem(f"{when} · {label(SETTINGS, record.setting)} · {_excerpt(record)}")
            item.setData(ID_ROLE, record.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if record.id in self._ticked else Qt.CheckState.Unchecked)
            self.reflection_list.addItem(item)
        self.reflection_list.blockSignals(False)
        count = sum(1 for r in self._records if self._matches(r, flt))
        self.status_label.setText(
            f"{count:,} reflection{'s' if count != 1 else ''} in this period"
            + (" (filtered)." if flt != TrendFilter() else ".")
            + ("" if count else " The report will say there is nothing to show."))

    def _item_changed(self, item: QListWidgetItem) -> None:
        reflection_id = item.data(ID_ROLE)
        if item.checkState() == Qt.CheckState.Checked:
            self._ticked.add(reflection_id)
        else:
            self._ticked.discard(reflection_id)

    # ------------------------------------------------------------------ creating

    def _default_path(self) -> str:
        start, end = self.date_range()
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        return str(Path(folder) / f"supervision-report-{start.isoformat()}-to-{end.isoformat()}.pdf")

    def create_report(self) -> None:
        from reflect.reports.supervision import ReportError, ReportRequest, load_records

        password = self.password_edit.text() if self.password_check.isChecked() else None
        if self.password_check.isChecked() and not password:
            self.status_label.setText("Type a password for the PDF, or untick “Protect the PDF with a password”.")
            self.password_edit.setFocus()
            return
        start, end = self.date_range()
        try:
            request = ReportRequest(start, end, self.filter(), self.ticked_ids(), password)
        except ReportError as exc:
            self.status_label.setText(str(exc))
            return
        chosen, _filter = QFileDialog.getSaveFileName(self, "Save supervision report", self._default_path(),
                                                      "PDF files (*.pdf)")
        if not chosen:
            return
        path = Path(chosen) if chosen.lower().endswith(".pdf") else Path(chosen + ".pdf")
        settings = replace(self._context.settings)  # a snapshot: the worker must not see later edits
        records = load_records(self._context.store, request, settings)
        self._job = _ReportJob(path, records, self._context.catalog, settings, request)
        self._job.signals.done.connect(self._done)
        self._job.signals.refused.connect(self._refused)
        self._job.signals.failed.connect(self._failed)
        self._set_busy(True)
        self.status_label.setText("Creating the report…")
        QThreadPool.globalInstance().start(self._job)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.create_button.setEnabled(not busy)
        if busy:
            self.open_button.setVisible(False)
            self.folder_button.setVisible(False)

    def _done(self, path: str) -> None:
        self._set_busy(False)
        self._job = None
        self.last_path = Path(path)
        self.status_label.setText(f"Saved the supervision report to {path}.")
        self.open_button.setVisible(True)
        self.folder_button.setVisible(True)
        self.open_button.setFocus()
        self.finished.emit(path)

    def _refused(self, message: str, reflection_ids: list[str]) -> None:
        self._set_busy(False)
        self._job = None
        needing = set(reflection_ids)
        for row in range(self.reflection_list.count()):
            item = self.reflection_list.item(row)
            if item.data(ID_ROLE) in needing:
                item.setText(item.text() if item.text().startswith("Needs attention") else
                             f"Needs attention — {item.text()}")
                self.reflection_list.scrollToItem(item)
        self.status_label.setText(f"No report was created. {message}")

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self._job = None
        self.status_label.setText(message)

    def open_report(self) -> None:
        if self.last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path)))

    def show_folder(self) -> None:
        if self.last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path.parent)))
