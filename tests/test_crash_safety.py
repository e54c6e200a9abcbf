"""Killing Reflect at any moment loses nothing that was committed, and at most ~1 s of typing."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reflect.data.db import open_database
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.records import ReflectionFilter
from reflect.reflections import ReflectionStore

WRITER = """
import sys
from datetime import datetime
from pathlib import Path
from reflect.data.db import open_database
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.records import RatingEntry, ReflectionRecord
from reflect.reflections import ReflectionStore

catalog = load_catalog()
framework = catalog.default()
store = ReflectionStore(open_database(DataPaths(Path(sys.argv[1]))), catalog)
n = 0
while True:
    n += 1
    saved = store.save(ReflectionRecord(
        occurred_at=datetime(2026, 1, 1, 9, 0), duration_min=30, setting="outpatient",
        contact_type="review", modality="in-person", framework_id=framework.id,
        framework_version=framework.version, text=f"synthetic reflection {n} " * 20,
        ratings=tuple(RatingEntry(i.id, "yes", 2, "") for i in framework.items)))
    print(saved.id, flush=True)
"""


def test_sigkill_while_writing_never_loses_a_committed_reflection(tmp_path: Path) -> None:
    root = tmp_path / "data"
    open_database(DataPaths(root)).close()
    rng = random.Random(5)
    committed: set[str] = set()
    for _round in range(4):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(root)], stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + rng.uniform(1.5, 3.0)
        assert child.stdout is not None
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            committed.add(line.strip())
        os.kill(child.pid, signal.SIGKILL)
        committed.update(line.strip() for line in child.stdout.read().splitlines() if line.strip())
        child.wait(timeout=10)
    assert len(committed) > 20
    connection = sqlite3.connect(root / "reflect.sqlite3")
    assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
    connection.close()
    database = open_database(DataPaths(root))
    try:
        store = ReflectionStore(database, load_catalog())
        stored = {r.id for r in store.records(ReflectionFilter(statuses=("complete",)))}
    finally:
        database.close()
    assert committed <= stored


TYPIST = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.main_window import MainWindow

app = QApplication([])
window = MainWindow(AppContext.open(DataPaths(Path(sys.argv[1]))))
window.show()
typed = 0

def type_one():
    global typed
    QTest.keyClicks(window.form.text_edit, "x")
    typed += 1
    print(typed, flush=True)

timer = QTimer()
timer.timeout.connect(type_one)
timer.start(50)
app.exec()
"""


def test_a_kill_while_typing_loses_at_most_about_a_second(tmp_path: Path) -> None:
    root = tmp_path / "data"
    child = subprocess.Popen([sys.executable, "-c", TYPIST, str(root)], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    typed = 0
    while typed < 60:  # about three seconds of steady typing
        line = child.stdout.readline()
        if not line:
            pytest.fail("the typing process ended early")
        typed = int(line)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    database = open_database(DataPaths(root))
    try:
        draft = ReflectionStore(database, load_catalog()).latest_draft()
    finally:
        database.close()
    assert draft is not None
    lost = typed - len(draft.text)
    assert 0 <= lost <= 30  # 20 keystrokes a second here, so ≤ 1.5 s of typing
