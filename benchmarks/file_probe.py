"""Longest freeze while Reflect rewrites its database file: a backup restored, a passphrase set, then unlocked.

Run in a fresh process: ``python -m benchmarks.file_probe DATA_DIR WORK_DIR``. DATA_DIR is only
copied (to WORK_DIR/data, where everything is written; WORK_DIR is removed at the end). In a real
main window, as ``freeze_probe`` opens one, and as a person would, one after another:

- ``restore``: File → Back up now, then File → Restore from a backup, the newest one chosen (a
  safety copy of the current data is made first, then the file replaced); done when the status bar
  says "Restored the backup" and the pages have read the restored data.
- ``passphrase``: Settings' "Set passphrase" dialog, both fields typed, then its button: the
  database and every backup are encrypted; done when the dialog is no longer busy.
- ``unlock``: the window locked (File → Lock), the passphrase typed on the lock screen and Unlock
  pressed: the key is derived and the file checked; done when the content is shown again.
- ``unlock_at_start``: the window closed, then the passphrase typed into the dialog Reflect shows at
  start for an encrypted database, and Unlock pressed; done when the dialog has the open database.

Each runs on the operation runner's workers (``reflect/ui/ops.py``); the heartbeat measures what the
window feels meanwhile. It prints one JSON line: for each action ``[longest freeze, click to done]``
in seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import reflect.ui  # noqa: F401, E402  (before Qt, as the reflect command imports it: see reflect/ui/startup.py)

# isort: split
from PySide6.QtGui import QAction  # noqa: E402
from PySide6.QtWidgets import QApplication, QInputDialog, QMainWindow  # noqa: E402

from benchmarks.heartbeat import Heartbeat, Pending, run_action, settle  # noqa: E402

PASSPHRASE = "a long benchmark passphrase, never a real one"


class Until:
    """Busy (``heartbeat.is_busy``'s hook) until `done` says the action has finished as a person sees it."""

    def __init__(self, done: Callable[[], bool]) -> None:
        self._done = done

    @property
    def busy(self) -> bool:
        return not self._done()


def file_action(window: QMainWindow, text: str) -> QAction:
    """A File menu entry found by the words a person reads."""
    menu = window.menuBar().actions()[0].menu()
    for action in menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise RuntimeError(f"the File menu has no {text!r}")


def main() -> int:
    from reflect.paths import DataPaths
    from reflect.ui.app import _open_unlocked
    from reflect.ui.context import AppContext
    from reflect.ui.dialogs.passphrase import MODE_SET, PassphraseDialog
    from reflect.ui.dialogs.unlock import UnlockDialog
    from reflect.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    work = Path(sys.argv[2])
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    paths = DataPaths(work / "data")
    shutil.copytree(Path(sys.argv[1]), paths.root)
    QInputDialog.getItem = staticmethod(lambda _parent, _title, _label, items, *_a, **_k: (items[0], True))  # type: ignore[method-assign]

    context = AppContext.open(paths)
    window = MainWindow(context)
    window.show()
    settle(0.5)  # start-up's queued work: prompts, draft offer, first paints
    heartbeat, pending = Heartbeat(), Pending()
    heartbeat.start()
    settle(0.3)
    status = window.statusBar()
    results: dict[str, tuple[float, float]] = {}

    def measure(name: str, action: Callable[[], object], view: Callable[[], object]) -> None:
        results[name] = run_action(heartbeat, pending, action, view)
        settle(0.2)

    run_action(heartbeat, pending, file_action(window, "Back up now").trigger,
               lambda: Until(lambda: "Backed up to" in status.currentMessage()))
    restore = file_action(window, "Restore from a backup…")
    measure("restore", restore.trigger, lambda: Until(lambda: "Restored the backup" in status.currentMessage()))

    dialog = PassphraseDialog(context, MODE_SET, window)
    dialog.show()
    dialog.new.setText(PASSPHRASE)
    dialog.again.setText(PASSPHRASE)
    settle(0.2)
    measure("passphrase", dialog.accept, lambda: dialog)
    if not context.encrypted:
        raise SystemExit(f"the passphrase was not set: {dialog.error.text()!r}")

    lock = window.app_lock
    file_action(window, "Lock").trigger()
    settle(0.2)
    lock.screen.passphrase.setText(PASSPHRASE)
    measure("unlock", lock.screen.unlock_button.click, lambda: Until(lambda: not lock.locked))

    window.hide()
    context.close()
    start = UnlockDialog(lambda passphrase: _open_unlocked(paths, passphrase))
    start.show()
    start.passphrase.setText(PASSPHRASE)
    settle(0.2)
    measure("unlock_at_start", start.unlock_button.click, lambda: start)
    opened = start.value
    if opened is None or isinstance(opened, Exception):
        raise SystemExit(f"the unlock dialog did not open the database: {opened!r}")
    opened.close()
    heartbeat.stop()
    pending.close()
    print(json.dumps(results), flush=True)
    shutil.rmtree(work, ignore_errors=True)
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
