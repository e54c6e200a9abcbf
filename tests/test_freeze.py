"""No page loads on the GUI thread: its work runs in the runner while the window keeps answering (issue 15).

How long a load takes is measured in benchmarks/ (``python -m benchmarks``), never asserted
here. What is asserted is where it runs. While a page is opened from the navigation list:

- every SQL statement is recorded with the thread that ran it (SQLite's trace callback on every
  connection any engine opens, so it does not matter which store method a page calls or
  whether it goes through the ORM or a raw cursor): none may run on the GUI thread, and none
  on a thread outside the runner (``reflect.ui.ops.Operation``, whose work function is
  wrapped to mark its thread). Looking up the rows of one record by its id (the comments on
  the selected reflection, say) is not a load and may stay, up to a few of them;
- a page that shows data must have read it in the runner;
- the heartbeat (``benchmarks/heartbeat.py``, a 5 ms timer on the GUI thread) must tick while
  each operation works, with a generous bound of ten seconds to see three ticks: a page that
  started an operation and then waited for it would stop the heartbeat.

Pages still converted to the runner by other work in progress are expected to fail (strict:
once they pass, the mark must go).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, event

from benchmarks.heartbeat import Heartbeat, Pending, run_action
from reflect.paths import DataPaths
from reflect.settings import load_settings, save_settings
from reflect.ui import ops
from reflect.ui.main_window import MainWindow
from reflect.ui.pages import PAGES, page_index
from tests.helpers import filled, open_window

DATA_STATEMENTS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")  # not PRAGMAs a connection sets up
ONE_RECORD = re.compile(r"\bWHERE\s+[\w.]+\.(?:id|\w+_id)\s*=\s*(?:'[^']*'|\d+|\?)(?:\s+ORDER BY\b[^()]*)?$",
                        re.IGNORECASE | re.DOTALL)  # one record's rows, by its id, and nothing else
MAX_ONE_RECORD_LOOKUPS = 3
TICKS_WHILE_WORKING = 3
GENEROUS_S = 10.0  # to see those ticks: only a GUI thread that waits for the work never gets there


def converting(page: str, helper: str) -> Any:
    return pytest.param(page, marks=pytest.mark.xfail(strict=True, reason=f"converted by {helper}"))


LOADING_PAGES: list[Any] = [  # pages that show data from the database: it must be read in the runner
    "history",
    "trends",
    "reports",
    "cpd",
    "supervisees",
]
OTHER_PAGES = ["awaiting", "team", "settings"]  # nothing to read on opening (Awaiting's queue is kept by the prompts)


@dataclass
class Record:
    """What ran where while one page opened."""

    beat: Heartbeat
    on_gui: list[str] = field(default_factory=list)
    lookups_on_gui: list[str] = field(default_factory=list)  # one record's rows by its id
    in_runner: list[str] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    gui_stopped: list[str] = field(default_factory=list)  # operations during which the heartbeat stood still
    failed: list[BaseException] = field(default_factory=list)
    local: threading.local = field(default_factory=threading.local)

    def connected(self, connection: Any, _record: object) -> None:
        connection.set_trace_callback(self.statement)

    def statement(self, statement: str) -> None:
        words = " ".join(statement.split()[:4])  # enough to name the table, never a reflection's text
        if not statement.lstrip().upper().startswith(DATA_STATEMENTS):
            return
        if threading.current_thread() is threading.main_thread():
            (self.lookups_on_gui if ONE_RECORD.search(statement.strip()) else self.on_gui).append(words)
        elif getattr(self.local, "operation", None):
            self.in_runner.append(words)
        else:
            self.elsewhere.append(words)

    def runner_work(self, work: Callable[[Any], Any], title: str) -> Callable[[Any], Any]:
        """The operation's work, marked as the runner's and checked for a live heartbeat first."""

        def marked(worker: Any) -> Any:
            ticks = len(self.beat.ticks)
            deadline = time.monotonic() + GENEROUS_S
            while len(self.beat.ticks) < ticks + TICKS_WHILE_WORKING and time.monotonic() < deadline:
                time.sleep(0.002)
            if len(self.beat.ticks) < ticks + TICKS_WHILE_WORKING:
                self.gui_stopped.append(title or "an operation")
            self.local.operation = title or "an operation"
            try:
                return work(worker)
            except BaseException as exc:
                self.failed.append(exc)
                raise
            finally:
                self.local.operation = None

        return marked


@pytest.fixture
def record(monkeypatch: pytest.MonkeyPatch) -> Iterator[Record]:
    beat = Heartbeat()
    found = Record(beat)
    original_init = ops.Operation.__init__

    def init(operation: Any, parent: Any, work: Callable[[Any], Any], *args: Any, **kwargs: Any) -> None:
        original_init(operation, parent, found.runner_work(work, str(kwargs.get("title", ""))), *args, **kwargs)

    monkeypatch.setattr(ops.Operation, "__init__", init)
    event.listen(Engine, "connect", found.connected)
    yield found
    event.remove(Engine, "connect", found.connected)
    beat.stop()


@pytest.fixture
def window(qtbot: QtBot, paths: DataPaths, record: Record) -> Iterator[MainWindow]:
    """The main window over sixty reflections, its connections traced from the start; no after-session
    prompts (their timers read the database)."""
    filled(paths, 60)
    settings = load_settings(paths.settings)
    settings.prompts_enabled = False
    save_settings(paths.settings, settings)
    main = open_window(qtbot, paths)
    qtbot.wait(200)  # start-up's own queued work (draft offer, prompts) is not the page's
    yield main
    main.close()
    main.context.close()


def open_page(qtbot: QtBot, window: MainWindow, record: Record, key: str) -> None:
    """Click the page in the navigation list, as a person would, and wait until it has nothing left to do."""
    nav = window.nav
    rect = nav.visualItemRect(nav.item(page_index(key)))
    centre = QPoint(rect.center().x(), rect.bottom() - rect.height() // 4)  # below a group's header, on the page's name
    pending = Pending()
    record.beat.start()
    record.on_gui.clear()
    record.lookups_on_gui.clear()
    try:
        run_action(record.beat, pending, lambda: qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=centre),
                   lambda: window.view(key))
    finally:
        pending.close()
    assert window.current_key() == key


@pytest.mark.parametrize("key", LOADING_PAGES)
def test_a_page_reads_its_data_in_the_runner_while_the_window_keeps_answering(
    qtbot: QtBot, window: MainWindow, record: Record, key: str
) -> None:
    open_page(qtbot, window, record, key)
    assert record.on_gui == [], "read on the GUI thread"
    assert len(record.lookups_on_gui) <= MAX_ONE_RECORD_LOOKUPS, record.lookups_on_gui
    assert record.elsewhere == [], "read on a thread outside the runner"
    assert record.in_runner, "nothing was read in the runner"
    assert record.gui_stopped == [], "the GUI thread stood still while the runner worked"
    assert record.failed == []


@pytest.mark.parametrize("key", OTHER_PAGES)
def test_a_page_with_nothing_to_load_reads_nothing_on_the_gui_thread(
    qtbot: QtBot, window: MainWindow, record: Record, key: str
) -> None:
    open_page(qtbot, window, record, key)
    assert record.on_gui == [] and record.lookups_on_gui == [], "read on the GUI thread"
    assert record.elsewhere == [], "read on a thread outside the runner"
    assert record.gui_stopped == [] and record.failed == []



def test_every_page_that_waits_for_the_database_is_checked_here() -> None:
    """A new page is placed in one of the lists above, so it cannot escape the check."""
    checked = {page if isinstance(page, str) else page.values[0] for page in LOADING_PAGES} | set(OTHER_PAGES)
    assert checked == {spec.key for spec in PAGES if spec.needs_database}
