"""The one place that decides where Reflect keeps its files.

Order of precedence: ``--data-dir`` on the command line, then the
``REFLECT_HOME`` environment variable, then the platform's user data folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from reflect.files import make_private_dir

APP_NAME = "Reflect"
ENV_HOME = "REFLECT_HOME"


@dataclass(frozen=True)
class DataPaths:
    """Every file location Reflect uses, derived from one root folder."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "reflect.sqlite3"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def user_frameworks(self) -> Path:
        return self.root / "frameworks"

    @property
    def user_templates(self) -> Path:
        return self.root / "templates"

    @property
    def user_schemes(self) -> Path:
        return self.root / "schemes"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def encryption_marker(self) -> Path:
        """Non-secret: whether the database is encrypted, so a damaged plain file is not taken for one."""
        return self.root / "encryption.json"

    @property
    def conversion_journal(self) -> Path:
        """Present only while a passphrase is being set, changed or removed (reflect/data/conversion.py)."""
        return self.root / "passphrase-change.json"

    @property
    def opened_evidence(self) -> Path:
        """Temporary owner-only copies of evidence files the user opened (reflect/evidence.py)."""
        return self.root / "opened-evidence"

    def ensure(self) -> None:
        """Create the data folder readable by the owner only (where the OS allows)."""
        make_private_dir(self.root)


def resolve_data_dir(cli_value: str | None = None) -> DataPaths:
    """Pick the data folder from the command line, the environment or the platform."""
    if cli_value:
        root = Path(cli_value)
    elif os.environ.get(ENV_HOME):
        root = Path(os.environ[ENV_HOME])
    else:
        root = Path(user_data_dir(APP_NAME, appauthor=False))
    return DataPaths(root.expanduser().resolve())
