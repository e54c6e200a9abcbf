"""The after-session checklist: session details, the tips, free text, save.

Keyboard-first: focus starts on the first tip, one key rates it and moves on,
Ctrl+Enter saves. New reflections autosave as a draft about a second after the
last change; a draft found at start-up is offered back.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from reflect.errors import UserError
from reflect.frameworks import Framework
from reflect.records import RatingEntry, ReflectionRecord
from reflect.settings import SCANNER_FIELDS
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.keys import SAVE, SAVE_KEYPAD
from reflect.ui.pages.checklist_drafts import DraftKeeping
from reflect.ui.pages.unsaved_edits import UnsavedEdits
from reflect.ui.widgets.checklist_intro import ChecklistIntro, SourceNote
from reflect.ui.widgets.draft_banner import DraftBanner
from reflect.ui.widgets.identifier_marks import FieldMarks, IdentifierCount, WatchedField
from reflect.ui.widgets.item_row import ItemRow
from reflect.ui.widgets.privacy_panel import PrivacyPanel, confirm_save_with_findings, hint_label
from reflect.ui.widgets.protect_banner import ProtectBanner
from reflect.ui.widgets.save_bar import SaveBar
from reflect.ui.widgets.session_details import SessionDetails
from reflect.ui.widgets.supervision_comments import SupervisionComments
from reflect.ui.widgets.template_sections import TemplateSections
from reflect.ui.write_gate import WRITES
from reflect.vocabulary import STATUS_COMPLETE
from reflect.wording import moment_text

log = logging.getLogger(__name__)

AUTOSAVE_MS = 1000


class ChecklistForm(QWidget, UnsavedEdits, DraftKeeping):
    """Record a new reflection, resume a draft, or edit a saved reflection."""

    saved = Signal(object)  # the stored ReflectionRecord

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, offers_passphrase: bool = True) -> None:
        super().__init__(parent)
        self._context = context
        self._offers_passphrase = offers_passphrase  # the main window's form; the quick window's closes on save
        self._framework = context.framework()
        self._editing: ReflectionRecord | None = None  # a saved reflection being changed
        self._draft_id: str | None = None
        self._created_at: datetime | None = None
        self._loading = False
        self.rows: list[ItemRow] = []

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self._autosave_now)

        self._build()
        self.reset()
        context.changed.connect(self._context_changed)

    # ----- construction
    def _build(self) -> None:
        self.draft_banner = DraftBanner()
        self.draft_banner.resumeRequested.connect(self.load)
        self.draft_banner.discardRequested.connect(self._discard_draft)
        self.protect_banner = ProtectBanner(self._context)
        self.protect_banner.closed.connect(self.focus_first)
        details = self.details = SessionDetails(self._context.catalog.frameworks.values())
        details.framework_combo.currentIndexChanged.connect(self._on_framework_chosen)
        text_label = self._build_texts()
        content = QWidget()
        body = QVBoxLayout(content)
        body.addWidget(self.draft_banner)
        body.addWidget(self.protect_banner)
        self.supervision_comments = SupervisionComments(self._context)
        body.addWidget(self.supervision_comments)
        body.addWidget(details)
        body.addWidget(self.intro)
        body.addLayout(self.rows_box)
        body.addLayout(text_label)
        body.addWidget(hint_label())
        body.addWidget(self.text_edit)
        body.addWidget(self.sections)
        body.addWidget(self.privacy_panel)
        body.addWidget(self.source_label)
        scroll = self._scroll = QScrollArea()
        scroll.setAccessibleName("Reflection form")
        scroll.setWidget(content)
        scroll.setAccessibleName("Reflection form")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        footer = self._build_footer()
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(footer)
        self._connect_keys_and_edits()

    def _build_texts(self) -> QHBoxLayout:
        self.intro = ChecklistIntro()
        self.prompt_label = self.intro.prompt_label
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(6)

        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(
            "Your reflection (private, stays on this computer). "
            "Do not include anything that could identify the person."
        )
        self.text_edit.setAccessibleName("Reflection text")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMinimumHeight(90)
        text_label = QLabel("&Reflection")
        text_label.setBuddy(self.text_edit)
        self.text_count = IdentifierCount()  # possible identifiers in the reflection text, beside its title
        self.text_count.setAccessibleName("Possible identifiers in the reflection")
        heading = QHBoxLayout()
        heading.addWidget(text_label)
        heading.addStretch(1)
        heading.addWidget(self.text_count)
        self.marks = FieldMarks(self)
        self.privacy_panel = PrivacyPanel(self.marks)
        self.sections = TemplateSections(self._context.templates())
        self.sections.changed.connect(self._changed)
        self.sections.chooser.currentIndexChanged.connect(self._watch_privacy)  # new section boxes

        self.source_label = SourceNote()
        return heading

    def _build_footer(self) -> SaveBar:
        bar = SaveBar()
        self.status_label, self.cancel_button, self.save_button = bar.status_label, bar.cancel_button, bar.save_button
        self.cancel_button.clicked.connect(self.reset)
        self.save_button.clicked.connect(self.save)
        return bar

    def _connect_keys_and_edits(self) -> None:
        for sequence in (SAVE, SAVE_KEYPAD):
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        escape = QShortcut(QKeySequence.StandardKey.Cancel, self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._cancel_editing)

        self.details.changed.connect(self._changed)
        self.text_edit.textChanged.connect(self._changed)

    def _show_framework(self, framework: Framework) -> None:
        """Show one unanswered row per item of the framework, rebuilding only when it changes."""
        if self.rows and framework is self._framework:
            for row in self.rows:
                row.set_choice(None)
                row.set_note("")
            self.details.framework_combo.setEnabled(self._editing is None)
            return
        self._framework = framework
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        for number, item in enumerate(framework.items, start=1):
            row = ItemRow(number, item, framework.scale, self)
            row.rated.connect(self._advance)
            row.navigate.connect(self._navigate)
            row.changed.connect(self._changed)
            self.rows_box.addWidget(row)
            row.show()  # children added to a visible parent start hidden
            self.rows.append(row)
        self.intro.show_framework(framework)
        self.source_label.show_framework(framework)
        self.details.show_framework(framework.id, self._editing is None)
        QWidget.setTabOrder(self.details.framework_combo, self.rows[0])
        for before, after in zip(self.rows, self.rows[1:], strict=False):
            QWidget.setTabOrder(before, after)
        QWidget.setTabOrder(self.rows[-1], self.text_edit)
        self._watch_privacy()

    def _context_changed(self, changes: Changes) -> None:
        if changes.settings & SCANNER_FIELDS:  # names or patterns changed: every field is scanned again
            self.marks.rescan()

    def _watch_privacy(self) -> None:
        fields = [
            WatchedField("the reflection", self.text_edit, self.text_count),
            WatchedField("the tags", self.details.tags_edit, self.details.tags_count),
        ]
        fields += [WatchedField(f"the note on tip {row.number}", row.note_edit, row.note_count) for row in self.rows]
        template = self.sections.template()
        if template is not None:
            labels = {section.id: section.label for section in template.sections}
            fields += [WatchedField(f"“{labels.get(key, key)}”", editor, self.sections.counts.get(key))
                       for key, editor in self.sections.editors.items()]
        self.marks.watch(fields, self._context.scanner_config)

    # ----- state
    def _cancel_editing(self) -> None:
        """Escape while editing a saved reflection leaves it unchanged and starts a fresh one."""
        if self._editing is not None:
            self.reset()

    def reset(self) -> None:
        """Start a fresh reflection prefilled with now and the last-used details."""
        self._autosave.stop()
        self._editing = None
        self._draft_id = None
        self._created_at = None
        settings = self._context.settings
        self._loading = True
        self._show_framework(self._context.framework())
        self.details.show_session(datetime.now().replace(second=0, microsecond=0), settings.last_duration_min,
                                  settings.last_setting, settings.last_contact_type, settings.last_modality)
        self.text_edit.clear()
        self.sections.clear()
        self.supervision_comments.show_for(None)
        self._loading = False
        self.cancel_button.setVisible(False)
        self.save_button.setText("Save reflection")
        self._scroll.verticalScrollBar().setValue(0)  # the next reflection starts at the top
        self.focus_first()

    def load(self, record: ReflectionRecord) -> None:
        """Show a stored reflection: a complete one for editing, or a draft to continue."""
        self._autosave.stop()
        editing = record.status == STATUS_COMPLETE
        self._editing = record if editing else None
        self._draft_id = None if editing else record.id
        self._created_at = record.created_at
        self._loading = True
        self._show_framework(self._context.framework_for(record))
        self.details.show_session(record.occurred_at, record.duration_min, record.setting, record.contact_type,
                                  record.modality, record.tags)
        self.supervision_comments.show_for(record.id)
        self.text_edit.setPlainText(record.text)
        if record.id:
            template_id, texts = self._context.sections(record.id)
            self.sections.load(texts, template_id)
        for row in self.rows:
            entry = record.rating(row.item.id)
            row.set_choice(entry.choice if entry else None)
            row.set_note(entry.note if entry else "")
        self._loading = False
        self.cancel_button.setVisible(editing)
        self.save_button.setText("Save changes" if editing else "Save reflection")
        when = moment_text(record.occurred_at)
        self.status_label.setText(f"Editing the reflection from {when}." if editing else "Draft restored.")
        self.focus_first()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        """Focus must be given once the form is really on screen, or the window keeps its own choice."""
        super().showEvent(event)
        QTimer.singleShot(0, self.focus_first)

    def framework(self) -> Framework:
        return self._framework

    def focus_first(self) -> None:
        target = next((r for r in self.rows if r.choice() is None), self.rows[0])
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def record(self, status: str = STATUS_COMPLETE) -> ReflectionRecord:
        """What the form currently shows, as a record."""
        ratings = tuple(
            RatingEntry(row.item.id, option.key, option.points, row.note())
            for row in self.rows
            if (option := row.choice()) is not None
        )
        base = self._editing
        return ReflectionRecord(
            id=base.id if base else self._draft_id,
            created_at=base.created_at if base else self._created_at,
            occurred_at=self.details.occurred_at(),
            duration_min=self.details.duration_spin.value(),
            setting=self.details.setting_combo.currentData(),
            contact_type=self.details.contact_combo.currentData(),
            modality=self.details.modality_combo.currentData(),
            framework_id=self._framework.id,
            framework_version=base.framework_version if base else self._framework.version,
            ratings=ratings,
            text=self.text_edit.toPlainText().strip(),
            tags=self.details.tags(),
            status=status,
        )

    # ----- behaviour
    def _changed(self) -> None:
        """Autosave at most a second after the first unsaved change, even while typing on."""
        if self._loading or self._note_edit():
            return
        if not self._autosave.isActive():
            self._autosave.start()

    def _advance(self, row: ItemRow) -> None:
        index = self.rows.index(row)
        if index + 1 < len(self.rows):
            self.rows[index + 1].setFocus(Qt.FocusReason.TabFocusReason)
            self._scroll.ensureWidgetVisible(self.rows[index + 1])
        else:
            self.text_edit.setFocus(Qt.FocusReason.TabFocusReason)
            self._scroll.ensureWidgetVisible(self.text_edit)

    def _navigate(self, row: ItemRow, step: int) -> None:
        index = self.rows.index(row) + step
        if 0 <= index < len(self.rows):
            self.rows[index].setFocus(Qt.FocusReason.TabFocusReason)
            self._scroll.ensureWidgetVisible(self.rows[index])

    def _on_framework_chosen(self, index: int) -> None:
        framework_id = self.details.framework_combo.itemData(index)
        if not framework_id or framework_id == self._framework.id:
            return
        answered = any(row.choice() for row in self.rows)
        self._context.update_settings(framework_id=framework_id)
        kept = self.record()
        self._show_framework(self._context.framework())
        for row in self.rows:  # keep answers for items the two checklists share
            entry = kept.rating(row.item.id)
            row.set_choice(entry.choice if entry and self._framework.option(entry.choice) else None)
            row.set_note(entry.note if entry else "")
        if answered:
            self.status_label.setText("Checklist changed; answers to tips the two lists share were kept.")
        self._changed()
        self.focus_first()

    def _validate(self, record: ReflectionRecord) -> str | None:
        for row in self.rows:
            if row.choice() is None:
                row.setFocus(Qt.FocusReason.OtherFocusReason)
                self._scroll.ensureWidgetVisible(row)
                return f"Tip {row.number} ({row.item.label}) has no answer yet: rate it or mark it not applicable."
        if record.occurred_at > datetime.now() + timedelta(hours=1):
            self.details.when_edit.setFocus()
            return "The session time is in the future: please correct the date and time."
        return None

    def save(self) -> ReflectionRecord | None:
        """Save as complete, show the score, then start a fresh form.

        In the moment between the first paint and the database opening, the save is
        remembered and done as soon as it is open; while an import writes, what the form shows is
        saved once it ends, and the form moves on at once (``_save_when_free``).
        """
        record = self.record()
        problem = self._validate(record)  # at once, even before the database opens: it needs none
        if problem:
            self.status_label.setText(problem)
            return None
        if not self._context.ready:
            self._context.startup.save_when_ready(self.save)
            self.status_label.setText("Opening your reflections; this one is saved in a moment.")
            return None
        self.privacy_panel.rescan()
        flagged = self.privacy_panel.unresolved() > 0
        if flagged and not confirm_save_with_findings(self, self.privacy_panel):
            self.status_label.setText("Not saved: redact or reword the possible identifiers first.")
            return None
        record = replace(record, privacy_warning=flagged)
        if WRITES.busy:  # an import's long transaction: saving now would freeze the window until it ends
            self._save_when_free(record)
            return None
        self._autosave.stop()
        try:
            saved = self._context.complete(record)
        except UserError as exc:  # the form keeps its content; say what happened
            log.warning("Saving a reflection failed: %s", exc)
            self.status_label.setText(f"{exc} Your answers are still here.")
            return None
        if saved.id:
            self._context.save_sections(saved.id, self.sections.template(), self.sections.sections())
        was_editing = self._editing is not None
        self.reset()
        self._say_saved(saved, was_editing)
        return saved

    def _say_saved(self, saved: ReflectionRecord, was_editing: bool) -> None:
        verb = "Changes saved" if was_editing else "Saved"
        self.status_label.setText(f"{verb}. Score {saved.score(self._framework.max_points).describe()}.")
        if self._offers_passphrase:
            self.protect_banner.offer()
        self.saved.emit(saved)
