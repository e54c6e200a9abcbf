"""Reflect started on an encrypted folder: the passphrase typed into the real unlock dialog opens the window.

The dialog tries the passphrase on a worker and is dropped once it has its answer; the operation it
parented, still waiting for Qt to delete it, went with it, and Reflect crashed in the event loop that
followed (every time, under X11 and offscreen). Run in a process of its own: a crash must not take the
test session with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reflect.data.encryption import encrypt
from reflect.paths import DataPaths
from tests.helpers import filled

PASSPHRASE = "correct horse battery"
ROOT = Path(__file__).resolve().parent.parent


def test_the_window_opens_after_the_passphrase_is_typed_at_start(paths: DataPaths) -> None:
    filled(paths, 5)
    encrypt(paths, PASSPHRASE)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "drive_unlock.py"), str(paths.root), PASSPHRASE],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "opened"), done.stderr[-2000:]
