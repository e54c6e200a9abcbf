"""The CPD page's Goals tab: a personal development plan, each goal linked to reflections and activities."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
)

from reflect.cpd import (
    GOAL_STATUSES,
    CpdStore,
    FieldProblem,
    Goal,
    GoalAction,
    goal_texts,
    scan_fields,
)
from reflect.ui.pages.cpd.common import (
    RecordTab,
    date_edit,
    pydate,
    text_box,
)
from reflect.ui.widgets.controls import qdate
from reflect.wording import day_text, moment_text

if TYPE_CHECKING:  # the page builds its tabs: only a type here
    from reflect.data.db import Database
    from reflect.ui.pages.cpd.view import CpdView


class GoalsTab(RecordTab):
    noun = "goal"

    def __init__(self, view: CpdView) -> None:
        super().__init__(view)
        framework = view.context.framework()
        self.title = QLineEdit()
        self.title.setAccessibleName("Goal title")
        self.why = text_box("Why this goal", 3)
        self.status_choice = QComboBox()
        self.status_choice.setAccessibleName("Goal status")
        for key, text in GOAL_STATUSES.items():
            self.status_choice.addItem(text, key)
        self.has_target = QCheckBox("By")
        self.target = date_edit("Target date")
        self.has_target.toggled.connect(self.target.setEnabled)
        target_row = QHBoxLayout()
        target_row.addWidget(self.has_target)
        target_row.addWidget(self.target, 1)
        self.tips = QListWidget()
        self.tips.setAccessibleName("Linked tips")
        for number, item in enumerate(framework.items, 1):
            entry = QListWidgetItem(f"{number}. {item.label}")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            entry.setToolTip(item.text)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.tips.addItem(entry)
        self.tips.setMinimumHeight(120)
        self.focus_button = QPushButton("&Make the selected tip my focus")
        self.focus_button.clicked.connect(self.make_focus)
        action_row = self._build_actions()

        link_row = self._build_links()

        self.form.addRow("&Title:", self.title)
        self.form.addRow("&Why:", self.why)
        self.form.addRow("Stat&us:", self.status_choice)
        self.form.addRow("Target date:", target_row)
        self.form.addRow("Linked t&ips:", self.tips)
        self.form.addRow("", self.focus_button)
        self.form.addRow("A&ctions:", self.action_list)
        self.form.addRow("", action_row)
        self.form.addRow("Reflections:", self.reflections)
        self.form.addRow("", link_row)

    def _build_actions(self) -> QHBoxLayout:
        self.action_list = QListWidget()
        self.action_list.setAccessibleName("Actions (tick when done)")
        self.action_list.setMinimumHeight(80)
        self.action_text = QLineEdit()
        self.action_text.setAccessibleName("New action")
        self.action_text.setPlaceholderText("A small step, e.g. read two recovery stories")
        self.action_text.returnPressed.connect(self.add_action)
        add = QPushButton("&Add action")
        add.clicked.connect(self.add_action)
        remove = QPushButton("Remove action")
        remove.clicked.connect(self.remove_action)
        action_row = QHBoxLayout()
        action_row.addWidget(self.action_text, 1)
        action_row.addWidget(add)
        action_row.addWidget(remove)
        return action_row

    def _build_links(self) -> QHBoxLayout:
        self.reflections = QListWidget()
        self.reflections.setAccessibleName("Linked reflections")
        self.reflections.setMaximumHeight(90)
        link = QPushButton("&Link a reflection…")
        link.clicked.connect(self.link_reflection)
        unlink = QPushButton("Unlink")
        unlink.clicked.connect(self.unlink_reflection)
        link_row = QHBoxLayout()
        link_row.addWidget(link)
        link_row.addWidget(unlink)
        link_row.addStretch(1)
        return link_row

    def load_records(self, database: Database) -> list[Goal]:
        return CpdStore(database).goals()

    def describe(self, record: Goal) -> str:
        when = f", by {day_text(record.target_date)}" if record.target_date else ""
        return f"{record.title} ({GOAL_STATUSES.get(record.status, record.status)}{when})"

    def show_record(self, record: Goal | None) -> None:
        goal = record or Goal(title="")
        self.title.setText(goal.title)
        self.why.setPlainText(goal.why)
        self.status_choice.setCurrentIndex(max(0, self.status_choice.findData(goal.status)))
        self.has_target.setChecked(goal.target_date is not None)
        self.target.setEnabled(goal.target_date is not None)
        self.target.setDate(qdate(goal.target_date or date.today()))
        for row in range(self.tips.count()):
            entry = self.tips.item(row)
            checked = entry.data(Qt.ItemDataRole.UserRole) in goal.tips
            entry.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.action_list.clear()
        for action in goal.actions:
            self._add_action_item(action)
        self.reflections.clear()
        for reflection_id in goal.reflection_ids:
            self._add_reflection_item(reflection_id)

    def _add_action_item(self, action: GoalAction) -> None:
        entry = QListWidgetItem(action.text)
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
        entry.setCheckState(Qt.CheckState.Checked if action.done else Qt.CheckState.Unchecked)
        self.action_list.addItem(entry)

    def _add_reflection_item(self, reflection_id: str) -> None:
        try:
            record = self.view.context.get(reflection_id)
            text = moment_text(record.occurred_at)
        except LookupError:
            text = "(a deleted reflection)"
        entry = QListWidgetItem(text)
        entry.setData(Qt.ItemDataRole.UserRole, reflection_id)
        self.reflections.addItem(entry)

    def add_action(self) -> None:
        text = self.action_text.text().strip()
        if text:
            self._add_action_item(GoalAction(text))
            self.action_text.clear()

    def remove_action(self) -> None:
        row = self.action_list.currentRow()
        if row >= 0:
            self.action_list.takeItem(row)

    def link_reflection(self) -> None:
        chosen = self.view.pick_reflection("Link a reflection to this goal")
        if chosen is not None:
            linked = {self.reflections.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.reflections.count())}
            if chosen not in linked:
                self._add_reflection_item(chosen)

    def unlink_reflection(self) -> None:
        row = self.reflections.currentRow()
        if row >= 0:
            self.reflections.takeItem(row)

    def checked_tips(self) -> tuple[str, ...]:
        return tuple(
            self.tips.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.tips.count())
            if self.tips.item(r).checkState() == Qt.CheckState.Checked
        )

    def collect(self) -> Goal:
        return Goal(
            id=self.current_id,
            title=self.title.text(),
            why=self.why.toPlainText(),
            status=str(self.status_choice.currentData()),
            target_date=pydate(self.target.date()) if self.has_target.isChecked() else None,
            tips=self.checked_tips(),
            actions=tuple(
                GoalAction(self.action_list.item(r).text(), self.action_list.item(r).checkState() == Qt.CheckState.Checked)
                for r in range(self.action_list.count())
            ),
            reflection_ids=tuple(
                self.reflections.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.reflections.count())
            ),
        )

    def problems(self, record: Goal) -> list[FieldProblem]:
        return scan_fields(goal_texts(record), self.view.context.scanner_config())

    def store_save(self, record: Goal) -> Goal:
        return self.view.cpd.save_goal(record)

    def store_delete(self, record_id: str) -> None:
        self.view.cpd.delete_goal(record_id)

    def make_focus(self) -> None:
        """The selected tip if it is linked, else the first linked tip, becomes the focus from today."""
        current = self.tips.currentItem()
        linked = self.checked_tips()
        if current is not None and current.checkState() == Qt.CheckState.Checked:
            tip = current.data(Qt.ItemDataRole.UserRole)
        elif linked:
            tip = linked[0]
        else:
            self.status.setText("Tick a tip for this goal first, then make it your focus.")
            return
        self.view.context.update_settings(focus_tip=tip, focus_start=date.today())
        item = self.view.context.framework().item(tip)
        self.status.setText(
            f"“{item.label if item else tip}” is your focus from today; Trends shows before and after."
        )


