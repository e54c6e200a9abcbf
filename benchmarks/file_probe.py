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
from reflect.paths import DataPaths  # noqa: E402

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
    for action in window.menuBar().actions()[0].menu().actions():  # type: ignore[attr-defined]
        if action.text().replace("&", "") == text:
            return action
    raise RuntimeError(f"the File menu has no {text!r}")


class Probe:
    """The heartbeat and the operations in flight, kept across the actions; `results` by action."""

    def __init__(self) -> None:
        self.heartbeat, self.pending = Heartbeat(), Pending()
        self.results: dict[str, tuple[float, float]] = {}
        self.heartbeat.start()
        settle(0.3)

    def measure(self, name: str | None, action: Callable[[], object], view: Callable[[], object]) -> None:
        """Time `action` until `view` is no longer busy (nothing kept when `name` is None), then let it rest."""
        found = run_action(self.heartbeat, self.pending, action, view)
        if name is not None:
            self.results[name] = found
        settle(0.2)

    def close(self) -> None:
        self.heartbeat.stop()
        self.pending.close()


def in_window(probe: Probe, window: QMainWindow) -> None:
    """Back up, restore the newest backup, set a passphrase, lock and unlock: the File menu and dialogs a
    person uses."""
    from reflect.ui.dialogs.passphrase import MODE_SET, PassphraseDialog

    status = window.statusBar()
    probe.measure(None, file_action(window, "Back up now").trigger,
                  lambda: Until(lambda: "Backed up to" in status.currentMessage()))
    probe.measure("restore", file_action(window, "Restore from a backup…").trigger,
                  lambda: Until(lambda: "Restored the backup" in status.currentMessage()))

    context = window.context  # type: ignore[attr-defined]
    dialog = PassphraseDialog(context, MODE_SET, window)
    dialog.show()
    dialog.new.setText(PASSPHRASE)
    dialog.again.setText(PASSPHRASE)
    settle(0.2)
    probe.measure("passphrase", dialog.accept, lambda: dialog)
    if not context.encrypted:
        raise SystemExit(f"the passphrase was not set: {dialog.error.text()!r}")

    lock = window.app_lock  # type: ignore[attr-defined]
    file_action(window, "Lock").trigger()
    settle(0.2)
    lock.screen.passphrase.setText(PASSPHRASE)
    probe.measure("unlock", lock.screen.unlock_button.click, lambda: Until(lambda: not lock.locked))


def at_start(probe: Probe, paths: DataPaths) -> None:
    """The dialog Reflect shows at start for an encrypted database, with the attempt it runs on a worker."""
    from reflect.ui.app import _open_unlocked
    from reflect.ui.dialogs.unlock import UnlockDialog

    dialog = UnlockDialog(lambda passphrase: _open_unlocked(paths, passphrase))
    dialog.show()
    dialog.passphrase.setText(PASSPHRASE)
    settle(0.2)
    probe.measure("unlock_at_start", dialog.unlock_button.click, lambda: dialog)
    if dialog.value is None or isinstance(dialog.value, Exception):
        raise SystemExit(f"the unlock dialog did not open the database: {dialog.value!r}")
    dialog.value.close()


def main() -> int:
    from reflect.ui.context import AppContext
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
    probe = Probe()
    in_window(probe, window)
    window.hide()
    context.close()
    at_start(probe, paths)
    probe.close()
    print(json.dumps(probe.results), flush=True)
    shutil.rmtree(work, ignore_errors=True)
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
