"""Supervisees: the supervisor's side of the loop, apart from their own reflections.

Open a supervisee's pack and file it under a typed name; read the trend summary, the reflections they chose and
their goals; comment on each reflection and each tip's trend; write a note and agreed actions; sign off; send.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reflect.errors import UserError
from reflect.supervision.pack import Pack
from reflect.supervision.response import Response, SignOff, with_comments
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.dialogs.supervision import ask_passphrase
from reflect.ui.ops import Operation, Worker, failure_message, report_failure
from reflect.ui.page_loader import PageLoader
from reflect.ui.widgets.controls import picked_date, qdate
from reflect.ui.widgets.pack_reflections import PackReflections, comment_edit
from reflect.wording import DAY_PATTERN, day_text, days_text, status_reading

if TYPE_CHECKING:
    from reflect.supervision.supervisor import StoredPack

COMMENT_COLUMN = 3


class SuperviseesView(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.store = context.supervisees
        self.loader = PageLoader(self, lambda: context.database, "Load the supervision packs")
        self.pack: Pack | None = None
        self.pack_combo = QComboBox()
        self.pack_combo.setAccessibleName("Supervisee and pack")
        self.pack_combo.currentIndexChanged.connect(self._show_selected)
        open_button = QPushButton("&Open a supervision pack…")
        open_button.clicked.connect(self.open_pack)
        top = QHBoxLayout()
        top.addWidget(self.pack_combo, 1)
        top.addWidget(open_button)

        self._build_summary()
        self.reflections_box = QVBoxLayout()
        self.shared = PackReflections(self.reflections_box, self)
        sign = self._build_sign_off()
        buttons = self._build_buttons()

        content = QWidget()
        body = QVBoxLayout(content)
        body.addWidget(self.header)
        body.addWidget(QLabel("<b>Trend summary</b> — comment on any tip in the last column"))
        body.addWidget(self.tips)
        body.addWidget(QLabel("<b>Reflections your supervisee chose to share</b>"))
        body.addLayout(self.reflections_box)
        body.addWidget(QLabel("<b>Overall note</b>"))
        body.addWidget(self.overall)
        body.addWidget(QLabel("<b>Agreed actions</b> (one per line; your supervisee may take them on as goals)"))
        body.addWidget(self.actions_edit)
        sign_box = QGroupBox("Sign-off")
        sign_box.setLayout(sign)
        body.addWidget(sign_box)
        body.addStretch(1)
        self.body = QScrollArea()
        self.body.setWidget(content)
        self.body.setAccessibleName("Supervision pack")
        self.body.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.empty = QLabel("No supervision packs yet. When a supervisee sends you one, open it here; it is kept "
                            "apart from your own reflections.")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)  # at the top while there is nothing below it
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        self.reload()

    def _build_summary(self) -> None:
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tips = QTableWidget(0, 4)
        self.tips.setAccessibleName("Trend summary with your comments")
        self.tips.setHorizontalHeaderLabels(["Tip", "Over the period", "Against the previous period", "Your comment"])
        self.tips.verticalHeader().setVisible(False)
        self.tips.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tips.horizontalHeader().setStretchLastSection(True)
        self.tips.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.tips.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tips.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _build_sign_off(self) -> QFormLayout:
        self.overall = comment_edit("Overall note", 4)
        self.actions_edit = comment_edit("Agreed actions, one per line", 4)
        self.discussed = QDateEdit()
        self.signed = QDateEdit()
        for edit, name in ((self.discussed, "Date of supervision"), (self.signed, "Sign-off date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DAY_PATTERN)
            edit.setAccessibleName(name)
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0.25, 24)
        self.hours.setSingleStep(0.25)
        self.hours.setAccessibleName("Length in hours")
        self.sign_name, self.sign_role, self.registration = QLineEdit(), QLineEdit(), QLineEdit()
        self.email = QLineEdit()
        for line, name in ((self.sign_name, "Your name"), (self.sign_role, "Your role"),
                           (self.registration, "Registration number (optional)"),
                           (self.email, "Work e-mail (optional)")):
            line.setAccessibleName(name)
        self.email.setToolTip("With an NMC PIN as the registration, your supervisee's NMC reflective discussion "
                              "form can be filled in from your sign-off.")
        sign = QFormLayout()
        sign.addRow("Date of &supervision", self.discussed)
        sign.addRow("&Length (hours)", self.hours)
        sign.addRow("Your &name", self.sign_name)
        sign.addRow("Your &role", self.sign_role)
        sign.addRow("Re&gistration (optional)", self.registration)
        sign.addRow("Work &e-mail (optional, for the NMC form)", self.email)
        sign.addRow("Signed &off on", self.signed)
        return sign

    def _build_buttons(self) -> QHBoxLayout:
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Status")
        self.pdf_button = QPushButton("Save the &report PDF…")
        self.pdf_button.clicked.connect(self.save_report)
        self.draft_button = QPushButton("Save &draft")
        self.draft_button.clicked.connect(self.save_draft)
        self.send_button = QPushButton("Sign off and &send response…")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(lambda: self.send())  # not `checked` as the file to write
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        for button in (self.pdf_button, self.draft_button, self.send_button):
            buttons.addWidget(button)
        return buttons

    # ----- packs

    def reload(self, select: str | None = None) -> None:
        """The filed packs, and the chosen one (``select``, else the first) with its draft, read on a worker."""
        def work(worker: Worker) -> tuple[list[StoredPack], str | None, tuple[Pack, Response] | None]:
            from reflect.supervision.supervisor import SuperviseeStore

            assert worker.database is not None
            store = SuperviseeStore(worker.database)
            packs = store.packs()
            chosen = select if select in {p.id for p in packs} else (packs[0].id if packs else None)
            return packs, chosen, (store.pack(chosen), store.response(chosen)) if chosen else None

        self.loader.load(work, self._loaded)

    def _loaded(self, result: tuple[list[StoredPack], str | None, tuple[Pack, Response] | None]) -> None:
        packs, chosen, shown = result
        self.pack_combo.blockSignals(True)
        self.pack_combo.clear()
        for pack in packs:
            sent = " — response sent" if pack.sent else ""
            self.pack_combo.addItem(f"{pack.supervisee}: {days_text(pack.start, pack.end)}{sent}", pack.id)
        self.pack_combo.setCurrentIndex(max(0, self.pack_combo.findData(chosen)))
        self.pack_combo.blockSignals(False)
        has = bool(packs)
        self.empty.setVisible(not has)
        for widget in (self.pack_combo, self.body, self.pdf_button, self.draft_button, self.send_button):
            widget.setVisible(has)
        self.pack = shown[0] if shown else None
        if shown:
            self._show_pack(*shown)

    def open_pack(self, report: Callable[[str], None] | None = None) -> None:
        """Ask for the file and passphrase; decrypt on a worker; ask the name to file it under; file it on a worker."""
        name, _ = QFileDialog.getOpenFileName(self, "Open a supervision pack", "",
                                              "Supervision pack (*.reflect-pack);;All files (*)")
        if not name:
            return
        passphrase = ask_passphrase(self, "Open a supervision pack")
        if passphrase is None:
            return
        path = Path(name)

        def read(_worker: Worker) -> str:
            from reflect.supervision.pack import read_pack

            return read_pack(path, passphrase)[0].practitioner

        opening = Operation(self, read, title="Open a supervision pack").on_failure(self._not_opened)
        opening.on_success(lambda practitioner: self._file_pack(path, passphrase, practitioner, report)).run()

    def _file_pack(self, path: Path, passphrase: str, practitioner: str, report: Callable[[str], None] | None) -> None:
        typed, ok = QInputDialog.getText(self, "Open a supervision pack", "File it under the supervisee's name:",
                                         QLineEdit.EchoMode.Normal, practitioner)
        if not ok:
            return
        settings = replace(self._context.settings)

        def file(worker: Worker) -> tuple[str, str]:
            from reflect.reports.supervision import scanner_config
            from reflect.supervision.pack import pack_texts, read_pack
            from reflect.supervision.scanning import find_identifiers
            from reflect.supervision.supervisor import SuperviseeStore

            assert worker.database is not None
            pack, data = read_pack(path, passphrase)
            stored = SuperviseeStore(worker.database).receive(typed, pack, data)
            problems = find_identifiers(pack_texts(pack), scanner_config(settings))
            found = ("; the scanner found " + "; ".join(p.describe() for p in problems) + " — tell your supervisee"
                     if problems else "")
            return stored.id, (f"Filed the pack from {day_text(stored.start)} to {day_text(stored.end)} under "
                               f"{stored.supervisee}{found}.")

        def filed(result: tuple[str, str]) -> None:
            self._context.announce(Changes(supervision=True))
            self.reload(select=result[0])
            self.status.setText(result[1])
            (report or (lambda _message: None))(result[1])

        filing = Operation(self, file, database=self._context.database, title="Open a supervision pack", writes=True)
        filing.on_success(filed).on_failure(self._not_opened).run()

    def _not_opened(self, exc: BaseException) -> None:
        from reflect.supervision.document import SupervisionFileError

        if isinstance(exc, (SupervisionFileError, UserError)):
            QMessageBox.warning(self, "The pack was not opened", str(exc))
        else:
            report_failure(self, "Open a supervision pack", exc)

    def _show_selected(self) -> None:
        if self.pack_combo.currentData():
            self.reload(select=self.pack_combo.currentData())

    def _show_pack(self, pack: Pack, response: Response) -> None:
        sign = response.sign_off
        goals = "".join(f"<li>{escape(g.title)} ({escape(g.status)}{', by ' + escape(g.target) if g.target else ''})"
                        "</li>" for g in pack.goals)
        self.header.setText(
            f"<b>{escape(pack.practitioner) or 'Your supervisee'}</b>{', ' + escape(pack.role) if pack.role else ''} · "
            f"{days_text(pack.start, pack.end)} · {pack.sessions} reflections in the trend summary, "
            f"{len(pack.reflections)} shared in full"
            + (f"<br>Focus tip: {escape(pack.focus)}" if pack.focus else "")
            + (f"<br>Goals:<ul>{goals}</ul>" if goals else "")
            + f"<br><small>{escape(pack.checklist)}</small>"
        )
        tip_comments = {c.about: c.text for c in response.tip_comments}
        self.tips.setRowCount(len(pack.tips))
        for row, tip in enumerate(pack.tips):
            for column, text in enumerate((tip.label, tip.overall, status_reading(tip.change))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(tip.text)
                self.tips.setItem(row, column, item)
            self.tips.setItem(row, COMMENT_COLUMN, QTableWidgetItem(tip_comments.get(tip.id, "")))
        self.shared.show(pack, response)
        self.overall.setPlainText(response.overall)
        self.actions_edit.setPlainText("\n".join(response.actions))
        self.discussed.setDate(qdate(response.discussed_on))
        self.hours.setValue(response.hours)
        settings = self._context.settings
        self.sign_name.setText(sign.name if sign else settings.practitioner_name)
        self.sign_role.setText(sign.role if sign else settings.practitioner_role)
        self.registration.setText(sign.registration if sign else "")
        self.email.setText(sign.email if sign else "")
        self.signed.setDate(qdate(sign.signed_on if sign else date.today()))

    # ----- the response

    def response(self) -> Response:
        """The response as typed, checked against the pack."""
        assert self.pack is not None
        base = self.store.response(self.pack.id)
        tips = {}
        for row, tip in enumerate(self.pack.tips):
            item = self.tips.item(row, COMMENT_COLUMN)
            tips[tip.id] = item.text() if item else ""
        typed = replace(
            base, discussed_on=picked_date(self.discussed), hours=self.hours.value(),
            overall=self.overall.toPlainText().strip(),
            actions=tuple(line.strip() for line in self.actions_edit.toPlainText().splitlines() if line.strip()),
            sign_off=SignOff(self.sign_name.text().strip(), self.sign_role.text().strip(),
                             picked_date(self.signed), self.registration.text().strip(), self.email.text().strip()),
        )
        return with_comments(typed, self.pack, self.shared.comments(), tips)

    def save_draft(self) -> None:
        if self.pack is None:
            return
        try:
            response = self.response()
            self._context.mutate(lambda: self.store.save_response(response), Changes(supervision=True), "saved")
        except UserError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText("Draft saved.")

    def send(self, path: Path | None = None, passphrase: str | None = None) -> Operation[Response] | None:
        """Check the sign-off, then seal the response on a worker (its key derivation takes a tenth of a second)
        and keep a copy with the pack; the status line says how it went. None: refused or not asked."""
        from reflect.reports.supervision import scanner_config
        from reflect.supervision.document import check_passphrase
        from reflect.supervision.response import check_ready, write_response

        if self.pack is None:
            return None
        try:
            self._context.refuse_while_writing("sent")  # before the file is written: the pack keeps it, which writes
            response = self.response()
            check_ready(response)
            if path is None:
                name, _ = QFileDialog.getSaveFileName(self, "Save the signed response", "response.reflect-response",
                                                      "Supervision response (*.reflect-response)")
                if not name:
                    return None
                path = Path(name)
            if passphrase is None:
                passphrase = ask_passphrase(self, "Seal the response")
                if passphrase is None:
                    return None
            check_passphrase(passphrase)
        except UserError as exc:
            self.status.setText(str(exc))
            return None
        where, key, config = path, passphrase, scanner_config(self._context.settings)

        def sealed(sent: Response) -> None:
            try:
                self._context.mutate(lambda: self.store.save_response(sent), Changes(supervision=True), "kept")
            except UserError as exc:  # an import began meanwhile: the file is written, its copy here is not
                self.status.setText(f"Saved the signed response to {where}; {exc}")
                return
            self.reload(select=sent.pack_id)
            self.status.setText(f"Saved the signed response to {where}. Send it to your supervisee; they need the passphrase.")

        def failed(exc: BaseException) -> None:
            self.status.setText(str(exc) if isinstance(exc, UserError) else failure_message("Sending", exc))

        self.status.setText("Sealing the response…")
        return Operation(self, lambda _worker: write_response(where, response, config, key), title="Send the response") \
            .on_success(sealed).on_failure(failed).run()

    def save_report(self) -> None:
        if self.pack is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Save the supervision report", "supervision-report.pdf", "PDF (*.pdf)")
        if not name:
            return
        from reflect.files import write_file

        try:
            write_file(Path(name), self.pack.report_pdf)
        except UserError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(f"Saved the report to {name}.")
