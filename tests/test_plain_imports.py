"""Heavy imports after Qt skip PySide6's per-import source scan, and Qt's hook is back afterwards.

Run in a fresh interpreter: the test process loaded PySide6 (pytest-qt) before Reflect.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import builtins
    python_import = builtins.__import__
    import reflect.ui  # as the reflect command does, before Qt
    import PySide6.QtCore
    from shibokensupport.feature import pyside_feature_dict
    from reflect.ui.startup import plain_imports

    qt_hook = builtins.__import__
    assert qt_hook is not python_import, "PySide6 no longer installs its import hook"
    with plain_imports():
        assert builtins.__import__ is python_import
        import tomllib  # noqa: F401  (not imported by anything before)
    assert builtins.__import__ is qt_hook
    import zipapp  # noqa: F401
    assert "tomllib" not in pyside_feature_dict, "the module's source was scanned"
    assert "zipapp" in pyside_feature_dict, "outside the block Qt's hook runs as before"
    print("ok")
    """
)


def test_imports_in_the_block_use_pythons_own_import_and_qts_hook_returns() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


GUARD_SCRIPT = textwrap.dedent(
    """
    import builtins
    import reflect.ui  # before Qt
    import PySide6.QtCore
    from reflect.ui.startup import plain_imports

    qt_hook = builtins.__import__
    def someone_elses_hook(*args, **kwargs):
        return qt_hook(*args, **kwargs)
    builtins.__import__ = someone_elses_hook
    with plain_imports():
        assert builtins.__import__ is someone_elses_hook, "replaced a hook that is not PySide6's"
    assert builtins.__import__ is someone_elses_hook
    print("ok")
    """
)


def test_the_import_trick_replaces_only_pyside6s_hook() -> None:
    done = subprocess.run([sys.executable, "-c", GUARD_SCRIPT], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
