"""Find bundled resources the same way from a checkout and from an installed wheel.

The wheel carries ``resources/`` as ``reflect/_resources`` (see pyproject.toml);
a checkout or editable install reads the top-level ``resources/`` folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_dir() -> Path:
    """Return the folder holding frameworks, icons and other bundled data."""
    packaged = Path(str(resources.files("reflect"))) / "_resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def framework_dir() -> Path:
    return resource_dir() / "frameworks"
