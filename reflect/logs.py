"""Logging set up once: a rotating file in the data folder's logs/, never reflection text.

Also keeps Python's faulthandler writing to a file, so a hard crash (a segfault
in Qt, say) leaves a trace that the next start can report.
"""

from __future__ import annotations

import faulthandler
import io
import logging
import logging.handlers
from pathlib import Path
from typing import IO, cast

from reflect.files import make_private, make_private_dir, private_opener
from reflect.paths import DataPaths

LOG_NAME = "reflect.log"
FAULT_NAME = "faulthandler.log"
_fault_file: IO[str] | None = None  # must stay open for faulthandler to write into


def configure_logging(paths: DataPaths) -> str | None:
    """Start file logging; return the previous run's crash trace if there was one."""
    global _fault_file
    make_private_dir(paths.logs)
    for old_log in paths.logs.iterdir():  # written by an older Reflect with the umask's permissions
        make_private(old_log)
    handler = _PrivateRotatingFileHandler(
        paths.logs / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "reflect_log", False)]:
        root.removeHandler(old)  # configured again (another data folder): one log at a time
        old.close()
    handler.reflect_log = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)

    fault_path = paths.logs / FAULT_NAME
    previous = _read_and_clear(fault_path)
    if _fault_file is None:
        _fault_file = open(fault_path, "a", encoding="utf-8", opener=private_opener)  # noqa: SIM115 (lives for the process)
        faulthandler.enable(_fault_file)
    if previous:
        logging.getLogger(__name__).warning("The previous run ended in a crash:\n%s", previous)
    return previous


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Log files are created 0600 (the logs name the data folder and what failed, never text)."""

    def _open(self) -> io.TextIOWrapper:
        stream = open(self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors, opener=private_opener)  # noqa: SIM115
        return cast(io.TextIOWrapper, stream)  # text mode: the handler's mode is "a"


def _read_and_clear(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        return None
    if text:
        path.write_text("", encoding="utf-8")
    return text or None
