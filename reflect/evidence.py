"""CPD evidence files: read into the database, and opened through a private temporary copy.

Evidence is kept as blobs in the database rather than as files sealed with
``reflect.crypto``: inside the database it is encrypted by SQLCipher with everything
else, and backups, exports, restores and passphrase changes cover it with no code of
their own. The price is a size cap, so that backups and exports stay a sensible size.

To open one, its bytes are written to ``<data folder>/opened-evidence/`` (owner-only) for
the program that shows it. Reflect cannot know when that program is done with the file, so
the folder is emptied when Reflect exits, at the next start (after a crash) and when a
passphrase is set or changed: a plain copy lives only while Reflect runs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.errors import UserError
from reflect.paths import DataPaths

if TYPE_CHECKING:  # kept light: the app clears opened copies at start, before SQLAlchemy is imported
    from reflect.data.db import Database

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


class EvidenceError(UserError):
    """An evidence file cannot be attached or opened; one sentence for the user."""


def read_evidence(source: Path) -> bytes:
    """The bytes of a file to attach, refused in one sentence above the size cap."""
    try:
        size = source.stat().st_size
        if size > MAX_EVIDENCE_BYTES:
            raise EvidenceError(
                f"{source.name} is larger than {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB; "
                "attach a smaller file (for example a PDF of the certificate); nothing was saved."
            )
        with source.open("rb") as handle:
            data = handle.read(MAX_EVIDENCE_BYTES + 1)
    except OSError as exc:
        raise EvidenceError(f"Could not read {source.name}: {exc.strerror or exc}; nothing was saved.") from exc
    if len(data) > MAX_EVIDENCE_BYTES:  # it grew while being read
        raise EvidenceError(f"{source.name} is larger than the size allowed; nothing was saved.")
    return data


def evidence_bytes(database: Database, evidence_id: str) -> bytes | None:
    from sqlalchemy import select

    from reflect.data.models import CpdEvidenceContent

    with database.sessions() as session:
        return session.scalar(select(CpdEvidenceContent.data).where(CpdEvidenceContent.evidence_id == evidence_id))


def open_copy(database: Database, evidence_id: str, name: str) -> Path:
    """Write a temporary, owner-only copy of an evidence file for a viewer to open."""
    data = evidence_bytes(database, evidence_id)
    if data is None:
        raise EvidenceError(f"The evidence file {name} is missing from the database.")
    import uuid  # here: its import (with platform's) is not needed at start-up

    folder = database.paths.opened_evidence / uuid.uuid4().hex[:8]
    folder.mkdir(parents=True, mode=0o700)
    os.chmod(folder.parent, 0o700)
    target = folder / (Path(name).name or "evidence")
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    return target


def clear_opened(paths: DataPaths) -> None:
    """Remove every temporary copy (at close, at exit and at start after a crash)."""
    shutil.rmtree(paths.opened_evidence, ignore_errors=True)
