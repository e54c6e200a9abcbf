"""Structured reflection sections (What? So what? Now what?; Gibbs' cycle) as one embeddable widget.

Self-contained so the checklist form can host it: pick a template, write in one box per
section, read the texts back with ``sections()``. Storage is ``CpdStore.save_sections``.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reflect.cpd_data import ReflectionTemplate
from reflect.ui.widgets.identifier_marks import IdentifierCount

NO_TEMPLATE = ""


class TemplateSections(QWidget):
    """A template chooser and one text box per section of the chosen template."""

    changed = Signal()

    def __init__(self, templates: Mapping[str, ReflectionTemplate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._templates = dict(templates)
        self.chooser = QComboBox()
        self.chooser.setAccessibleName("Reflection structure")
        self.chooser.addItem("Free text only", NO_TEMPLATE)
        for template in self._templates.values():
            self.chooser.addItem(template.title, template.id)
        self.chooser.currentIndexChanged.connect(self._chosen)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setEnabled(False)  # muted: it is a citation, not an instruction
        self._fields = QFormLayout()
        self._fields.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.editors: dict[str, QPlainTextEdit] = {}
        self.counts: dict[str, IdentifierCount] = {}  # possible identifiers in each section, beside its title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QFormLayout()
        top.addRow("Str&ucture:", self.chooser)
        layout.addLayout(top)
        layout.addWidget(self.source)
        layout.addLayout(self._fields)
        self.source.hide()

    def template_id(self) -> str:
        return str(self.chooser.currentData())

    def template(self) -> ReflectionTemplate | None:
        return self._templates.get(self.template_id())

    def set_template(self, template_id: str) -> None:
        """Show the sections of a template ("" for none); text already typed in a kept section stays."""
        index = self.chooser.findData(template_id if template_id in self._templates else NO_TEMPLATE)
        if index != self.chooser.currentIndex():
            self.chooser.setCurrentIndex(index)
        else:
            self._rebuild()

    def _chosen(self, _index: int) -> None:
        self._rebuild()
        self.changed.emit()

    def _rebuild(self) -> None:
        kept = {key: editor.toPlainText() for key, editor in self.editors.items()}
        while self._fields.rowCount():
            self._fields.removeRow(0)
        self.editors = {}
        self.counts = {}
        template = self.template()
        self.source.setVisible(template is not None)
        if template is None:
            return
        self.source.setText(template.source)
        for section in template.sections:
            editor = QPlainTextEdit()
            editor.setPlaceholderText(section.prompt)
            editor.setAccessibleName(section.label)
            editor.setAccessibleDescription(section.prompt)
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(60)
            editor.setPlainText(kept.get(section.id, ""))
            editor.textChanged.connect(self.changed)
            self.editors[section.id] = editor
            label = QLabel(f"<b>{section.label}</b> {section.prompt}")
            label.setWordWrap(True)
            label.setBuddy(editor)
            count = self.counts[section.id] = IdentifierCount()
            count.setAccessibleName(f"Possible identifiers in {section.label}")
            title = QHBoxLayout()
            title.addWidget(label, 1)
            title.addWidget(count)
            self._fields.addRow(title)
            self._fields.addRow(editor)

    def sections(self) -> dict[str, str]:
        """Section id → text for the chosen template (empty when none is chosen)."""
        return {key: editor.toPlainText() for key, editor in self.editors.items()}

    def load(self, texts: Mapping[str, str], template_id: str | None = None) -> None:
        """Fill the boxes (choosing `template_id` first when given); unknown sections are ignored."""
        if template_id is not None:
            self.set_template(template_id)
        for key, editor in self.editors.items():
            editor.setPlainText(texts.get(key, ""))

    def clear(self) -> None:
        self.load({}, NO_TEMPLATE)
