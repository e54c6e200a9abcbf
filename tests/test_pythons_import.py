"""Once Reflect has loaded Qt, later imports skip PySide6's per-import source scan; another
program's import hook, or a PySide6 loaded before Reflect, is left alone.

Each case runs in a fresh interpreter: the test process loaded PySide6 (pytest-qt) before Reflect.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SCANNED_WITHOUT_REFLECT = textwrap.dedent(
    """
    import builtins
    python_import = builtins.__import__
    import PySide6.QtCore
    from shibokensupport.feature import pyside_feature_dict
    assert builtins.__import__ is not python_import, "PySide6 no longer installs its import hook"
    import zipapp  # noqa: F401  (not imported by anything before)
    print("scanned" if "zipapp" in pyside_feature_dict else "not scanned")
    """
)

AFTER_REFLECT = textwrap.dedent(
    """
    import builtins
    python_import = builtins.__import__
    import reflect.ui  # as the reflect command does: this loads Qt
    from shibokensupport.feature import pyside_feature_dict
    assert builtins.__import__ is python_import
    import zipapp  # noqa: F401
    print("scanned" if "zipapp" in pyside_feature_dict else "not scanned")
    """
)

SOMEONE_ELSES_HOOK = textwrap.dedent(
    """
    import builtins
    python_import = builtins.__import__
    def someone_elses_hook(*args, **kwargs):
        return python_import(*args, **kwargs)
    builtins.__import__ = someone_elses_hook
    import reflect.ui
    print("kept" if builtins.__import__ is someone_elses_hook else "replaced")
    """
)

QT_FIRST = textwrap.dedent(
    """
    import builtins
    import PySide6.QtCore
    qt_hook = builtins.__import__
    import reflect.ui
    print("kept" if builtins.__import__ is qt_hook else "replaced")
    """
)


def _run(script: str) -> str:
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_qts_hook_scans_each_new_module_without_reflect() -> None:
    assert _run(SCANNED_WITHOUT_REFLECT) == "scanned"  # what the next test shows Reflect avoids


def test_after_reflect_loads_qt_new_modules_are_imported_without_the_scan() -> None:
    assert _run(AFTER_REFLECT) == "not scanned"


@pytest.mark.parametrize("script", [SOMEONE_ELSES_HOOK, QT_FIRST], ids=["another hook", "qt loaded first"])
def test_only_pysides_hook_installed_after_reflect_is_replaced(script: str) -> None:
    assert _run(script) == "kept"
