"""A floor for start-up: the widgets of Reflect's first window, built with no Reflect code at all.

Run as a script in a fresh process (``python benchmarks/same_widgets_qt.py``); prints ``bench: painted``
after its first paint, timed like ``bare_qt.py``. A palette and a Python proxy style as Reflect installs,
a menu bar of three menus, a sidebar of nine pages, the session's fields and ten tips of four radio
buttons and a Note button each (a hidden note field apiece) in a scroll area, a text box and a save button.
No settings, checklist file, log, folder lock or command line: what is left between this and Reflect is
Reflect's own work. It is not part of ``python -m benchmarks``; see "Where start-up time goes" in the
README for what it measured.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPlainTextEdit,
    QProxyStyle,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QStyle,
    QStyleOption,
    QVBoxLayout,
    QWidget,
)

from benchmarks.bare_qt import FirstPaint

PAGES = ("Reflect", "Awaiting", "History", "Trends", "Reports", "CPD", "Supervisees", "Team", "Settings")
ANSWERS = ("Yes", "Partly", "No", "Not applicable")


class _Style(QProxyStyle):
    """Every primitive through Python, as Reflect's focus-ring style."""

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,  # noqa: N802 (Qt override)
                      painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)


def _tip(number: int) -> QFrame:
    box = QFrame()
    box.setFrameShape(QFrame.Shape.StyledPanel)
    column = QVBoxLayout(box)
    text = QLabel(f"<b>{number}.</b> help the person identify and prioritise their personal goals for recovery")
    text.setWordWrap(True)
    column.addWidget(text)
    row = QHBoxLayout()
    group = QButtonGroup(box)
    for answer in ANSWERS:
        button = QRadioButton(answer)
        group.addButton(button)
        row.addWidget(button)
    row.addStretch(1)
    row.addWidget(QPushButton("Note…"))
    column.addLayout(row)
    note = QLineEdit()
    note.hide()
    column.addWidget(note)
    return box


def _checklist() -> QWidget:
    page = QWidget()
    column = QVBoxLayout(page)
    title = QLabel("Reflect")
    font = QFont(title.font())
    font.setPointSizeF(font.pointSizeF() + 6)
    title.setFont(font)
    column.addWidget(title)
    column.addWidget(QLabel("Rate the session you have just had, tip by tip. Notes are optional."))
    inner = QWidget()
    rows = QVBoxLayout(inner)
    fields = QGridLayout()
    fields.addWidget(QLabel("When"), 0, 0)
    fields.addWidget(QDateTimeEdit(), 0, 1)
    fields.addWidget(QLabel("Duration"), 0, 2)
    fields.addWidget(QSpinBox(), 0, 3)
    for place in range(3):
        choice = QComboBox()
        choice.addItems(["Outpatient clinic", "Ward", "Home visit"])
        fields.addWidget(choice, 1, place + 1)
    fields.addWidget(QLineEdit(), 2, 1)
    checklist = QComboBox()
    checklist.addItem("Ten Top Tips for recovery-oriented practice")
    fields.addWidget(checklist, 3, 1)
    rows.addLayout(fields)
    rows.addWidget(QLabel("<b>After each session ask yourself, did I … ?</b>"))
    for number in range(1, 11):
        rows.addWidget(_tip(number))
    rows.addWidget(QPlainTextEdit())
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(inner)
    column.addWidget(scroll, 1)
    column.addWidget(QPushButton("Save reflection"))
    return page


def main() -> int:
    app = QApplication(sys.argv[:1])
    palette = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Text):
        palette.setColor(role, QColor("#f5f7fa"))
    app.setPalette(palette)
    app.setStyle(_Style(app.style().name()))
    window = QMainWindow()
    window.setWindowTitle("Reflect")
    window.resize(1000, 760)
    for title in ("&File", "&Go", "&Help"):
        menu = window.menuBar().addMenu(title)
        for number in range(8):
            menu.addAction(f"Action {number}")
    central = QWidget()
    row = QHBoxLayout(central)
    sidebar = QListWidget()
    sidebar.addItems(PAGES)
    row.addWidget(sidebar)
    pages = QStackedWidget()
    pages.addWidget(_checklist())
    row.addWidget(pages, 1)
    window.setCentralWidget(central)
    window.statusBar()
    watcher = FirstPaint(app, heartbeat=False)
    window.installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
