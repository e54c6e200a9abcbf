"""What `reflect` does on its way to the first paint, and that it undoes what it pauses.

`reflect` alone opens the window without building the subcommands' parser; the cycle
collector, paused while start-up makes its objects, runs again once start-up is done; and a
second launch a moment after the first still hands over, though the first answers later
launches only once its database is open. Each runs in a fresh process, as `reflect` starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

APP_ONLY = """
import sys
import reflect.ui.app as app

app.run_app = lambda paths: print(paths.root, "reflect.cli_commands" in sys.modules) or 0
from reflect.cli import main

sys.exit(main(sys.argv[1:]))
"""


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REFLECT_HOME": str(tmp_path / "home")}


@pytest.mark.parametrize("form", ["separate", "joined", "none"])
def test_reflect_alone_opens_the_app_on_its_folder_without_loading_the_commands(tmp_path: Path, form: str) -> None:
    data = tmp_path / "data"
    argv = {"separate": ["--data-dir", str(data)], "joined": [f"--data-dir={data}"], "none": []}[form]
    result = subprocess.run([sys.executable, "-c", APP_ONLY, *argv], capture_output=True, text=True, cwd=ROOT,
                            env=_env(tmp_path), timeout=60)
    assert result.returncode == 0, result.stderr
    expected = data if form != "none" else tmp_path / "home"
    assert result.stdout.split() == [str(expected), "False"]


@pytest.mark.parametrize(("argv", "message"), [(["--data-dir"], "expected one argument"),
                                               (["--frobnicate"], "unrecognized arguments")])
def test_a_mistake_beside_the_app_options_is_refused_in_one_line_and_opens_nothing(
    tmp_path: Path, argv: list[str], message: str
) -> None:
    result = subprocess.run([sys.executable, "-c", APP_ONLY, *argv], capture_output=True, text=True, cwd=ROOT,
                            env=_env(tmp_path), timeout=60)
    assert result.returncode == 2 and result.stdout == ""  # the app was not opened
    assert result.stderr.startswith("reflect: ") and message in result.stderr and result.stderr.count("\n") == 1


COLLECTION = """
import gc, sys
import reflect.ui.main_window as main_window
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from reflect.cli import main

seen = {}
shown = main_window.MainWindow.show

def show(window):
    shown(window)
    seen["at first show"] = gc.isenabled()

    waited = []

    def when_started() -> None:  # work started after start-up pauses it too, while it runs: so within 10 s
        waited.append(1)
        if (window.restoring is None or window.restoring.outcome is None or not gc.isenabled()) and len(waited) < 500:
            QTimer.singleShot(20, when_started)
            return
        seen["after start-up"] = gc.isenabled()
        window.close()

    QTimer.singleShot(0, when_started)

main_window.MainWindow.show = show
code = main(sys.argv[1:])
print(seen["at first show"], seen["after start-up"])
sys.exit(code)
"""


def test_the_cycle_collector_paused_for_start_up_runs_again_once_it_is_done(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", COLLECTION, "--data-dir", str(tmp_path / "data")],
                            capture_output=True, text=True, cwd=ROOT, env=_env(tmp_path), timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]  # else every cycle made later would never be freed


@pytest.mark.slow
def test_a_second_launch_a_moment_after_the_first_hands_over_to_it(tmp_path: Path) -> None:
    """A double-click starts two: the second asks the first to come forward until it answers."""
    env, data = _env(tmp_path), str(tmp_path / "data")
    first = subprocess.Popen([sys.executable, "-m", "reflect", "--data-dir", data], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(0.1)
        second = subprocess.run([sys.executable, "-m", "reflect", "--data-dir", data], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 0 and second.stderr == ""  # it raised the first, without a message
        assert first.poll() is None  # and the first still runs
    finally:
        first.terminate()
        first.communicate(timeout=30)
