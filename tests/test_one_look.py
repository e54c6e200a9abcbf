"""Every page speaks one date format and binds each Alt letter once (issue 16, items 4 and 9).

The walk opens the window on demo data, shows every page and every tab, and reads what a
person reads there: labels, buttons, group titles, list and combo entries, table cells and
date editors. A date in any other shape than "Mon 3 Feb 2025" (reflect.wording.day_text) is
a second format. The Alt letters a person can press on a page are those of the menu bar,
the visible buttons, the tab titles and the labels with a buddy: two alike and one of them
never answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QGroupBox,
    QLabel,
    QTabBar,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from reflect import demo
from reflect.data.db import open_database
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.reflections import ReflectionStore
from reflect.ui.main_window import MainWindow
from reflect.ui.pages import PAGES
from tests.helpers import open_window

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# the one format: "Mon 3 Feb 2025", a weekday, the day without a leading zero, the month's short name, the year
ONE_FORMAT = re.compile(rf"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [1-9]\d? ({MONTHS}) \d{{4}}\b")
DATE_LIKE = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b"  # ISO
    rf"|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"  # 3/2/25, 03/02/2025
    rf"|\b\d{{1,2}} (?:{MONTHS})[a-z]*\.?(?: \d{{4}})?\b"  # 3 Feb, 03 Feb 2025, 3 February 2025
)
ROWS_READ = 200  # every demo row: days 1–9 are where a leading zero shows


def other_formats(text: str) -> list[str]:
    """The dates in `text` not written in the one format."""
    kept = [m.span() for m in ONE_FORMAT.finditer(text)]
    return [m.group() for m in DATE_LIKE.finditer(text)
            if not any(start <= m.start() and m.end() <= end for start, end in kept)]


def test_the_check_knows_the_one_format_from_others() -> None:
    assert other_formats("Saved Mon 3 Feb 2025 14:05 and Tue 11 Mar 2025.") == []
    assert other_formats("Mon 03 Feb 2025") == ["03 Feb 2025"]
    assert other_formats("2025-02-03, 3/2/2025, 3 February 2025, 3 Feb") == [
        "2025-02-03", "3/2/2025", "3 February 2025", "3 Feb"]


def visible_texts(root: QWidget) -> Iterator[str]:
    for widget in root.findChildren(QWidget):
        if widget.isVisible():
            yield from texts_of(widget)


def texts_of(widget: QWidget) -> Iterator[str]:
    """What a person reads on one widget (a table's or list's first rows)."""
    if isinstance(widget, QLabel | QAbstractButton | QDateTimeEdit):
        yield widget.text()
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()  # a list's is private
        for row in range(min(model.rowCount(), ROWS_READ)):
            for column in range(columns):
                value = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
                if isinstance(value, str):
                    yield value


@pytest.fixture
def window(qtbot: QtBot, paths: DataPaths) -> Iterator[MainWindow]:
    """Demo reflections over the last five weeks, so every page's default period shows some, days 1–9 among them."""
    database = open_database(paths)
    try:
        catalog = load_catalog()
        ReflectionStore(database, catalog).save_many(demo.generate(catalog.default(), 120, date.today()))
    finally:
        database.close()
    win = open_window(qtbot, paths)
    yield win
    win.close()
    win.context.close()


def tabs_of(root: QWidget) -> Iterator[str]:
    """Show every tab of every visible tab widget in turn, naming it."""
    for tabs in root.findChildren(QTabWidget):
        if tabs.isVisible():
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                yield tabs.tabText(index).replace("&", "")


def places(qtbot: QtBot, window: MainWindow) -> Iterator[str]:
    """Show every page and every tab on it in turn, naming where we are."""
    for spec in PAGES:
        window.show_page(spec.key)
        qtbot.wait(150)  # a page's data arrives from a worker
        yield spec.title
        for tab in tabs_of(window.current_view()):
            qtbot.wait(50)
            yield f"{spec.title} → {tab}"


def test_every_page_writes_dates_in_the_one_format(qtbot: QtBot, window: MainWindow) -> None:
    found: set[str] = set()
    for where in places(qtbot, window):
        found |= {f"{where}: {date!r} in {text[:80]!r}"
                  for text in visible_texts(window) for date in other_formats(text)}
    assert not found, "\n".join(sorted(found))


def mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def alt_letters(window: MainWindow) -> Iterator[tuple[str, str]]:
    """(letter, whose) for every Alt letter live on screen: menu titles, buttons, tabs, labels with a buddy."""
    for action in window.menuBar().actions():
        yield from ((letter, f"menu {action.text()}") for letter in [mnemonic(action.text())] if letter)
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        texts: list[str] = []
        if isinstance(widget, QAbstractButton) or isinstance(widget, QLabel) and widget.buddy() is not None:
            texts = [widget.text()]
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            texts = [widget.title()]
        elif isinstance(widget, QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count()) if widget.isTabEnabled(i)]
        yield from ((letter, text) for text in texts for letter in [mnemonic(text)] if letter)


def test_no_alt_letter_is_bound_twice_on_any_page(qtbot: QtBot, window: MainWindow) -> None:
    clashes: set[str] = set()
    for where in places(qtbot, window):
        seen: dict[str, str] = {}
        for letter, whose in alt_letters(window):
            if letter in seen and seen[letter] != whose:
                clashes.add(f"{where}: Alt+{letter.upper()} is {seen[letter]!r} and {whose!r}")
            seen.setdefault(letter, whose)
    assert not clashes, "\n".join(sorted(clashes))


def test_each_menu_binds_each_letter_once(window: MainWindow) -> None:
    for action in window.menuBar().actions():
        letters = [mnemonic(a.text()) for a in action.menu().actions() if not a.isSeparator()]
        letters = [letter for letter in letters if letter]
        assert len(letters) == len(set(letters)), (action.text(), sorted(letters))


# ----- the sources: one home for the date format, and named buttons on every question
SOURCES = Path(__file__).resolve().parent.parent / "reflect"
# a day written by hand: strftime codes for the weekday, day or month name, or a Qt date pattern
HAND_MADE_DAY = re.compile(r"(?::|strftime\([\"'])[^}\"']*%(?:[aAbB]|d[ /.]%[bBm])|setDisplayFormat\([\"'][dMy]")


def test_only_wording_writes_a_date_for_people() -> None:
    """File formats (ICS, JSON, CSV, file names) keep ISO through isoformat(); people read wording.day_text."""
    found = [f"{path.relative_to(SOURCES)}:{number}: {line.strip()}"
             for path in sorted(SOURCES.rglob("*.py")) if path.name != "wording.py"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if HAND_MADE_DAY.search(line)]
    assert found == [], "\n".join(found)


def test_every_question_names_its_buttons() -> None:
    """Yes/No (and Qt's other stock answers) answer to a bare letter in a message box: confirm() names them."""
    found = [f"{path.relative_to(SOURCES)}:{number}"
             for path in sorted((SOURCES / "ui").rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"QMessageBox\.(StandardButton\.|Yes\b|No\b|question\b)|QDialogButtonBox\.(Yes|No)\b"
                          r"|StandardButton\.(Yes|No)\b", line)]
    assert found == [], "\n".join(found)
