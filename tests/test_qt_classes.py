"""The Qt modules and classes pyqtgraph reads are set up on the GUI thread before Trends' import moves to a worker.

Imported on a worker, pyqtgraph set up every Qt class there while the GUI thread used others, and the
process crashed (segfault in pyqtgraph's ``_copy_attrs``): 2 of 6 runs of the import tests, and at
start-up. Checked in a process of its own, where no Qt class has been set up yet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from reflect.paths import DataPaths
from reflect.settings import load_settings, save_settings
from tests.helpers import filled

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """
import json, sys, threading
import reflect.ui  # before Qt, as the reflect command imports it
from PySide6.QtWidgets import QApplication

imported = {}

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name.startswith("PySide6.Qt"):
            imported.setdefault(name, threading.current_thread() is threading.main_thread())
        return None

sys.meta_path.insert(0, Watch())
app = QApplication([])
from pathlib import Path
from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.main_window import MainWindow

context = AppContext.load(DataPaths(Path(sys.argv[1])))
window = MainWindow(context)
window.show()
context.open_database()
while window.restoring is None or window.restoring.outcome is None:
    app.processEvents()
print(json.dumps({"imported": imported, "pyqtgraph": "pyqtgraph" in sys.modules,
                  "gui_thread": window.restoring.thread_name == threading.current_thread().name}))
window.close()
context.close()
"""


def test_the_qt_modules_trends_needs_load_on_the_gui_thread_before_its_import_runs_on_a_worker(paths: DataPaths) -> None:
    filled(paths, 20)
    settings = load_settings(paths.settings)
    settings.window_page = "trends"  # reopens on Trends: its slow imports load at start-up
    save_settings(paths.settings, settings)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(paths.root)], capture_output=True, text=True,
                          timeout=120, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["pyqtgraph"] and not seen["gui_thread"]  # pyqtgraph itself still loads on a worker
    later = {name: on_gui for name, on_gui in seen["imported"].items()
             if name.split(".")[1] in ("QtSvg", "QtOpenGL", "QtOpenGLWidgets", "QtTest")}
    assert later and all(later.values()), later  # every Qt module it reads was loaded on the GUI thread first
