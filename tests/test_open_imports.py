"""A save pressed at first paint waits for the worker's imports (``DATA_MODULES``), then for the open on
the GUI thread. Those imports must be all that opening an up-to-date database and saving a reflection
need, and no more: Alembic (only for an upgrade) and reportlab (the supervision stores' PDF records)
would only make that save wait longer.

Run in a fresh interpreter: the test process has imported everything already.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from reflect.data.db import open_database
from reflect.paths import DataPaths

SCRIPT = textwrap.dedent(
    """
    import importlib, sys, threading
    from dataclasses import replace
    from datetime import date
    from pathlib import Path

    import reflect.ui  # before Qt, as the reflect command does
    from reflect import demo
    from reflect.paths import DataPaths
    from reflect.records import ReflectionFilter
    from reflect.ui.app import DATA_MODULES
    from reflect.ui.context import AppContext
    from reflect.ui.services import LATER_MODULES
    from reflect.ui.startup import Phase

    for name in DATA_MODULES:  # what the start-up worker imports before the database is opened
        importlib.import_module(name)
    print(sorted(name for name in sys.modules if name.split(".")[0] in ("alembic", "reportlab")))
    context = AppContext.load(DataPaths(Path(sys.argv[1])))
    context.startup.set_phase(Phase.OPENING)  # painted: the integrity check begins, the worker imports
    record = replace(next(demo.generate(context.framework(), 1, date.today())), id=None)

    class Recorder:  # notes each module first imported by this (the GUI) thread; finds none itself
        found = []

        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if threading.current_thread() is threading.main_thread():
                cls.found.append(name)
            return None

    sys.meta_path.insert(0, Recorder)

    context.open_database()  # on the GUI thread in the app, as is the save below
    context.scanner_config()  # the identifier check a save runs first
    saved = context.complete(record)
    context.save_sections(saved.id, None, {"text": "What went well"})

    print(sorted(Recorder.found))
    print(context.count(ReflectionFilter()))

    from PySide6.QtCore import QThreadPool
    QThreadPool.globalInstance().waitForDone()  # the other stores, loaded after the open
    print(all(name in sys.modules for name in LATER_MODULES), sorted(Recorder.found))
    """
)


def test_opening_and_saving_use_only_what_the_worker_loaded_and_the_rest_loads_after(paths: DataPaths) -> None:
    open_database(paths).close()  # an up-to-date database, as on every start but the first after an update
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(paths.root)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    slow_extras, imported_on_gui, stored, later = done.stdout.strip().splitlines()
    assert slow_extras == "[]"  # the worker loads neither Alembic nor reportlab before the open
    assert imported_on_gui == "[]"  # every module the open and the save use was loaded by the worker
    assert stored == "1"
    assert later == "True []"  # the other stores load afterwards, on a pool thread
