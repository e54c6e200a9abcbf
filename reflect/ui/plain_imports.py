"""Import heavy pure-Python libraries without PySide6's per-import source scan.

Once PySide6.QtCore is loaded it replaces ``builtins.__import__`` with a hook that, for
every module imported from then on, reads the module's whole source file
(``inspect.getsource``) to see whether it mentions PySide6 (support for its opt-in
``from __feature__ import …``). For SQLAlchemy's few hundred modules that costs about
a quarter of their import time, measured at ~100 ms when the database opens. Reflect
uses no ``__feature__``, so imports that only load pure-Python libraries can run with
Python's own import function.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager

# Captured when reflect.ui is first imported, which the reflect command does before Qt.
# If PySide6 was already loaded (as in some tests), this is its hook and nothing changes.
_PYTHON_IMPORT = builtins.__import__


@contextmanager
def plain_imports() -> Iterator[None]:
    """Run the imports in this block with Python's own import function."""
    current = builtins.__import__
    builtins.__import__ = _PYTHON_IMPORT
    try:
        yield
    finally:
        builtins.__import__ = current
