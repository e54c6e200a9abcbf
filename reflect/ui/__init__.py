"""PySide6 user interface: a thin layer over the Qt-free services in reflect/."""

from reflect.ui import plain_imports as _plain_imports  # noqa: F401  (first, before Qt: see that module)
