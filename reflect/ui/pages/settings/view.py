"""The Settings page: sections that each ``load`` and ``collect`` their part of the settings.

Saving collects every section first, so a value that cannot be used (a pattern, a quiet
hour) is named and nothing at all is saved; then the values go through
``AppContext.update_settings``, which validates, saves and announces the keys changed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from reflect.day_names import stamp_names
from reflect.ui.context import AppContext
from reflect.ui.dialogs.passphrase import MODE_CHANGE, MODE_REMOVE, MODE_SET, PassphraseDialog
from reflect.ui.pages.settings.appearance import AppearanceSection
from reflect.ui.pages.settings.fields import Refused
from reflect.ui.pages.settings.prompts_section import PromptsSection
from reflect.ui.pages.settings.sections import LockSection, ScannerSection, Section, YouSection


class SettingsView(QWidget):
    """The Settings page; `save()` returns False (and says why) when a pattern or prompt time is invalid.

    ``autostart_home`` is the config folder the login entry goes under (None: the user's
    own); tests pass a temporary folder so they never touch the real one.
    """

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, autostart_home: Path | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.setAccessibleName("Settings")
        self.you = YouSection()
        self.scanner = ScannerSection()
        self.lock = LockSection()
        self.prompts = PromptsSection(context.paths.root, autostart_home)
        self.sections: tuple[Section, ...] = (self.you, self.scanner, self.lock, self.prompts)
        self.appearance = AppearanceSection(context)  # applies at once, so not among the sections saved together

        self.save_button = QPushButton("&Save settings")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Settings status")

        body = QWidget()
        column = QVBoxLayout(body)
        for group in self.sections:
            if group is self.lock:  # the lock sits under the passphrase it depends on
                column.addWidget(self._encryption_group())
            column.addWidget(group)
        column.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setAccessibleName("Settings sections")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setWidget(body)
        column.insertWidget(column.count() - 1, self.appearance)  # the last section, above the stretch
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area, 1)
        outer.addWidget(self._save_bar())
        context.identifierNamesCleared.connect(self.scanner.names_edit.clear)  # saving cannot bring them back
        self.load()

    def _save_bar(self) -> QWidget:
        """Save and what saving did, under the scrolling sections: always in sight, at the page's end."""
        bar = QWidget()
        bar.setAccessibleName("Save bar")
        row = QHBoxLayout(bar)
        row.addWidget(self.status_label, 1)
        row.addWidget(self.save_button)
        return bar

    def _encryption_group(self) -> QGroupBox:
        self.encryption_status = QLabel()
        self.encryption_status.setWordWrap(True)
        self.encryption_message = QLabel()  # what the last passphrase change did
        self.encryption_message.setWordWrap(True)
        self.encryption_message.setAccessibleName("Encryption status")
        self.encryption_message.setVisible(False)
        self.set_button = QPushButton("Set &passphrase…")
        self.set_button.clicked.connect(lambda: self.edit_passphrase(MODE_SET))
        self.change_button = QPushButton("&Change passphrase…")
        self.change_button.clicked.connect(lambda: self.edit_passphrase(MODE_CHANGE))
        self.remove_button = QPushButton("Remove passphrase…")
        self.remove_button.clicked.connect(lambda: self.edit_passphrase(MODE_REMOVE))
        buttons = QHBoxLayout()
        for button in (self.set_button, self.change_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        group = QGroupBox("Encryption")
        layout = QVBoxLayout(group)
        layout.addWidget(self.encryption_status)
        layout.addLayout(buttons)
        layout.addWidget(self.encryption_message)
        return group

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        self._show_encryption()
        super().showEvent(event)

    def load(self) -> None:
        """Fill the page from the current settings."""
        self._context.expire_identifier_names()
        for section in self.sections:
            section.load(self._context.settings)
        self.status_label.clear()
        self._show_encryption()

    def save(self) -> bool:
        """Collect every section, then save everything; a value that cannot be used is named and nothing is saved."""
        changes: dict[str, object] = {}
        try:
            for section in self.sections:
                changes.update(section.collect())
        except Refused as exc:
            self.status_label.setText(f"Not saved. {exc}")
            exc.field.setFocus()
            self.scroll_area.ensureWidgetVisible(exc.field)
            return False
        try:
            self.prompts.apply_autostart()
        except OSError as exc:
            self.status_label.setText(f"Not saved. Could not change starting at login: {exc.strerror or exc}.")
            return False
        names = changes.pop("identifier_names")
        assert isinstance(names, list)
        stamp_names(self._context.settings, names, self._context.today())  # also notes the day they were entered
        self._context.update_settings(**changes)
        self.status_label.setText("Settings saved.")
        return True

    def _show_encryption(self) -> None:
        encrypted = self._context.encrypted
        if encrypted:
            self.encryption_status.setText(
                "Your reflections, drafts and backups are encrypted with your passphrase."
            )
        else:
            self.encryption_status.setText(
                "Your reflections are not encrypted. Anyone who can open your data folder can read them. "
                "A passphrase encrypts them; it cannot be recovered if you forget it."
            )
        self.lock.set_applies(encrypted)
        self.set_button.setVisible(not encrypted)
        self.change_button.setVisible(encrypted)
        self.remove_button.setVisible(encrypted)

    def passphrase_dialog(self, mode: str) -> PassphraseDialog:
        return PassphraseDialog(self._context, mode, self)

    def edit_passphrase(self, mode: str) -> None:
        dialog = self.passphrase_dialog(mode)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.encryption_message.setText(dialog.outcome)
            self.encryption_message.setVisible(True)
        self._show_encryption()
