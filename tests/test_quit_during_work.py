"""Quitting while work runs on a worker: the work is cancelled and waited for, and it is not a crash.

Without the wait, the interpreter shut down under a worker still running (the database being
opened just after the first paint, an export, a chart loading); its answer then had nowhere to
go, and that was logged as an uncaught exception, with a crash dialog raised while Reflect ended.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from reflect.ui.ops import Cancelled, Operation, Worker, finish_work

ROOT = Path(__file__).resolve().parent.parent

QUIT_AT_FIRST_PAINT = """
import sys
from reflect.ui.startup import after_first_paint  # before Qt, as the reflect command does
from reflect.ui.app import run_app
import reflect.ui.main_window as main_window
from reflect.paths import resolve_data_dir

shown = main_window.MainWindow.show

def show_then_quit(window):
    after_first_paint(window, window.close, at_once=True)  # the database is still being opened
    shown(window)

main_window.MainWindow.show = show_then_quit
sys.exit(run_app(resolve_data_dir(sys.argv[1])))
"""


def test_quitting_at_the_first_paint_ends_cleanly_without_a_crash_report(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", QUIT_AT_FIRST_PAINT, str(data)],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Error calling Python override" not in result.stderr
    log = (data / "logs" / "reflect.log").read_text(encoding="utf-8")
    assert "Uncaught exception" not in log


def test_quitting_cancels_running_work_and_waits_for_it(qtbot: QtBot, host: QWidget) -> None:
    parent = host
    started, ended = threading.Event(), []
    answered: list[object] = []

    def long_export(worker: Worker) -> str:
        started.set()
        try:
            for step in range(10_000):
                worker.progress(step, 10_000)  # raises Cancelled once cancelled
                time.sleep(0.01)
        except Cancelled:
            ended.append("cancelled")
            raise
        ended.append("finished")
        return "written"

    Operation(parent, long_export, title="Export").on_success(answered.append).on_failure(answered.append).run()
    assert started.wait(10)
    assert finish_work() is True  # it stopped within the bound
    assert ended == ["cancelled"]  # stopped at its next check, not run to the end (100 s)
    assert finish_work() is True  # nothing left running
