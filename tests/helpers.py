"""Helpers shared by the tests (tests never import each other's modules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import monotonic

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from reflect import demo
from reflect.data.db import open_database
from reflect.data.private_data import apply_private, store_private
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.records import ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.settings import Settings, load_settings, save_settings
from reflect.ui.context import AppContext
from reflect.ui.main_window import MainWindow
from reflect.ui.pages.trends import TrendsView
from reflect.ui.widgets.item_row import ItemRow


def save_all_settings(paths: DataPaths, settings: Settings) -> None:
    """Save settings as Reflect does: preferences in settings.json, names and patterns in the database."""
    paths.ensure()
    save_settings(paths.settings, settings)
    database = open_database(paths)
    try:
        store_private(settings, database)
    finally:
        database.close()


def load_all_settings(paths: DataPaths) -> Settings:
    """Settings as Reflect reads them, the private fields from the database included."""
    settings = load_settings(paths.settings)
    database = open_database(paths)
    try:
        apply_private(settings, database)
    finally:
        database.close()
    return settings


# ----- the main window, driven as a person would
def open_window(qtbot: QtBot, paths: DataPaths) -> MainWindow:
    return show_window(qtbot, AppContext.open(paths))


def show_window(qtbot: QtBot, context: AppContext) -> MainWindow:
    """The main window on screen and active, with a checklist tip focused for typing."""
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    window.show_page("reflect")
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), ItemRow))
    return window


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, key: str | Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One keystroke to whatever has focus, like a person typing."""
    qtbot.keyClick(focused(), key, modifier)


def answer_boxes(monkeypatch: pytest.MonkeyPatch, *choices: str) -> list[QMessageBox]:
    """Stand in for the person at each message box: click the button named by the next choice (the last repeats).

    Returns the boxes shown, to check what they asked and offered.
    """
    seen: list[QMessageBox] = []
    answers = list(choices)

    def exec_(box: QMessageBox) -> int:
        seen.append(box)
        choice = answers.pop(0) if len(answers) > 1 else answers[0]
        next(b for b in box.buttons() if b.text() == choice).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return seen


# ----- a data folder with reflections in it
def filled(paths: DataPaths, sessions: int = 30) -> None:
    """Demo reflections (synthetic) saved into the data folder's database."""
    database = open_database(paths)
    try:
        ReflectionStore(database, load_catalog()).save_many(demo.generate(load_catalog().default(), sessions, date(2026, 3, 1)))
    finally:
        database.close()


def count(paths: DataPaths) -> int:
    database = open_database(paths)
    try:
        return ReflectionStore(database, load_catalog()).count()
    finally:
        database.close()


def overwrite_pages(path: Path) -> None:
    """Damage a database file the way a failing disk does: garbage over the start of every page."""
    data = bytearray(path.read_bytes())
    for page in range(1, len(data) // 4096):
        data[page * 4096 : page * 4096 + 200] = b"\xa5" * 200
    path.write_bytes(bytes(data))


# ----- calendars (iCalendar text, synthetic)
def event(uid: str, start: str, end: str | None, *lines: str, summary: str = "Outpatient clinic") -> str:
    """One VEVENT; `start`/`end` are property tails such as ';TZID=Europe/London:20250324T090000'."""
    body = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20250101T000000Z", f"DTSTART{start}"]
    if end is not None:
        body.append(f"DTEND{end}")
    body += [f"SUMMARY:{summary}", *lines, "END:VEVENT"]
    return "\n".join(body)


def calendar(*parts: str, method: str | None = None) -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Reflect tests//EN"]
    if method:
        head.append(f"METHOD:{method}")
    return "\r\n".join([*head, *"\n".join(parts).splitlines(), "END:VCALENDAR", ""])


def tomorrow_calendar() -> tuple[date, str]:
    """Tomorrow's ward round and clinic (both clinical) and an audit meeting (not)."""
    day = date.today() + timedelta(days=1)
    stamp = day.strftime("%Y%m%d")
    return day, calendar(
        event("w@test", f":{stamp}T093000", f":{stamp}T102000", summary="Ward round"),
        event("c@test", f":{stamp}T140000", f":{stamp}T145000", summary="Clinic"),
        event("x@test", f":{stamp}T160000", f":{stamp}T170000", summary="Audit meeting"),
    )


SUPERVISION_PASSPHRASE = "our agreed phrase"


def practitioner_folder(root: Path, today: date) -> DataPaths:
    """A practitioner folder with the same synthetic reflections (same ids) as any other made here."""
    from dataclasses import replace

    paths = DataPaths(root)
    paths.ensure()
    save_all_settings(paths, Settings(practitioner_name="Sam Practitioner", revalidation_scheme="nmc"))
    catalog = load_catalog()
    records = [replace(r, id=f"r{i:04d}") for i, r in enumerate(demo.generate(catalog.default(), 40, today, seed=3))]
    database = open_database(paths)
    try:
        ReflectionStore(database, catalog).save_many(records)
    finally:
        database.close()
    return paths


def run_cli(paths: DataPaths, *argv: str) -> int:
    """`reflect --data-dir FOLDER ARGV…`, as typed in a terminal."""
    from reflect.cli import main

    return main(["--data-dir", str(paths.root), *argv])


MONDAY = datetime(2025, 3, 31)  # the prompt tests' day: a working Monday


@dataclass
class FakeClock:
    """A clock the test moves, for the prompt scheduler (it is called for the time now)."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def at(self, hhmm: str) -> None:
        hour, minute = map(int, hhmm.split(":"))
        self.now = MONDAY.replace(hour=hour, minute=minute)



def settle(qtbot: QtBot, *pages: QWidget) -> None:
    """Wait until the pages' loads (on a worker, through each page's PageLoader) are shown."""
    qtbot.waitUntil(lambda: not any(page.loader.busy for page in pages), timeout=20_000)  # type: ignore[attr-defined]


def settle_all(qtbot: QtBot, widget: QWidget) -> None:
    """Wait until every page load in the widget's window (each page's PageLoader) is shown."""
    from reflect.ui.page_loader import PageLoader

    qtbot.waitUntil(lambda: not any(loader.busy for loader in widget.window().findChildren(PageLoader)),
                    timeout=20_000)


# ----- the Trends page on demo data
def demo_context(paths: DataPaths, sessions: int) -> AppContext:
    """Demo reflections made as if at the end of today, whatever the hour (the current week is then
    always a partial one, with cells too thin to read as rates), and the context open on them."""
    from reflect.cli_commands import run_demo

    run_demo(paths, sessions, seed=4, today=date.today(), now=datetime.combine(date.today(), time.max))
    return AppContext.open(paths)


def shown_trends(qtbot: QtBot, context: AppContext, width: int, height: int) -> QWidget:
    """The Trends page shown at a size, once its reflections have loaded in the operation runner."""
    from reflect.ui.pages.trends import TrendsView

    widget = TrendsView(context)
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: not widget.loading)
    return widget


def accept_and_wait(dialog: QDialog) -> int:
    """OK pressed in the passphrase or unlock dialog; returns its result once the work it set off on a worker
    has ended, as its exec() would: for tests that stand in for exec()."""
    dialog.accept()
    wait_for_dialog(dialog)
    return dialog.result()


def wait_for_dialog(dialog: QDialog) -> None:
    """Until the passphrase or unlock dialog is no longer busy with the worker it started."""
    deadline = monotonic() + 15
    while getattr(dialog, "busy", False) and monotonic() < deadline:
        QTest.qWait(10)


def listed_now(qtbot: QtBot, view: TrendsView) -> list[ReflectionRecord]:
    """The reflections Trends lists once the runner has read those just asked for (a click, a key)."""
    qtbot.waitUntil(lambda: not view.selection.loader.busy, timeout=10_000)
    return view.selection.listed()
