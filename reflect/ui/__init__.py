"""PySide6 user interface: a thin layer over the Qt-free services in reflect/."""

from reflect.ui import startup as _startup  # noqa: F401  (first, before Qt: see that module)
