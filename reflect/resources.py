"""Find bundled resources the same way from a checkout and from an installed wheel.

The wheel carries ``resources/`` as ``reflect/_resources`` (see pyproject.toml);
a checkout or editable install reads the top-level ``resources/`` folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def resource_dir() -> Path:
    """Return the folder holding frameworks, icons and other bundled data (found once per run).

    The package's own folder, as ``importlib.resources`` would give for a package on disk (a
    wheel, a checkout, the desktop bundle), without loading it before the first paint.
    """
    package = Path(__file__).resolve().parent
    packaged = package / "_resources"
    if packaged.is_dir():
        return packaged
    return package.parent / "resources"


def framework_dir() -> Path:
    return resource_dir() / "frameworks"
