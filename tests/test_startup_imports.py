"""What Reflect loads before its first paint: only what the checklist needs.

People open Reflect between appointments, so everything the first paint does not need
(numbers, the database, charts, PDFs, the single-instance socket) loads afterwards, off
the GUI thread. Run in a fresh process, as the ``reflect`` command starts: this process
has loaded everything already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("numpy", "sqlalchemy", "alembic", "pyqtgraph", "reportlab", "PySide6.QtNetwork", "PySide6.QtSvg")

PROGRAM = """
import json, sys
import reflect.ui  # before Qt, as the reflect command does
from reflect.ui.app import run_app
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

seen = {}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not seen:
            seen["modules"] = sorted(m for m in %r if m in sys.modules)
            seen["focus"] = type(QApplication.focusWidget()).__name__
            QTimer.singleShot(0, lambda: QApplication.instance().exit(0))
        return False

probe = FirstPaint()
original = QApplication.exec

def exec_watched(*_args):
    app = QApplication.instance()
    window = next(w for w in app.topLevelWidgets() if isinstance(w, QMainWindow))
    window.installEventFilter(probe)
    return original()

QApplication.exec = exec_watched
from reflect.paths import resolve_data_dir
run_app(resolve_data_dir(sys.argv[1]))
print(json.dumps(seen))
"""


def test_the_first_paint_waits_for_no_heavy_library(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", PROGRAM % (HEAVY,), str(tmp_path / "data")],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["modules"] == []  # each loads after the paint
    assert seen["focus"] != "NoneType"  # and the checklist is ready for keys at that paint
