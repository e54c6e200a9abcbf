"""Encryption at rest, the public doorway: set, change or remove the passphrase.

Setting, changing or removing the passphrase runs over every file at once, journaled, in
``reflect/data/conversion.py``; converting one file, SQLCipher connections and the
encrypted marker live in ``reflect/data/sqlite_file.py`` (the bottom of the data layer)
and are re-exported here, where the rest of Reflect has always found them. Every
conversion writes a complete new copy next to the database, checks that the copy opens
with the new key, passes the integrity checks and holds the same number of rows in every
table, and only then renames it over the old file. Until that rename the old file is
complete and untouched, so a crash at any step leaves one readable database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from reflect.data.sqlite_file import (
    MIN_PASSPHRASE_LENGTH,
    NEW_COPY_SUFFIX,
    SQLITE_HEADER,
    PassphraseRequired,
    WrongPassphrase,
    apply_key,
    check_new_passphrase,
    connect,
    convert_file,
    damaged_plain_database,
    database_is_encrypted,
    export_copy,
    fsync_path,
    has_plain_header,
    is_encrypted,
    key_literal,
    read_marker,
    sqlcipher,
    write_marker,
    wrong_passphrase,
)
from reflect.paths import DataPaths

__all__ = [
    "MIN_PASSPHRASE_LENGTH",
    "NEW_COPY_SUFFIX",
    "NO_RECOVERY_WARNING",
    "SQLITE_HEADER",
    "PassphraseRequired",
    "WrongPassphrase",
    "apply_key",
    "check_new_passphrase",
    "connect",
    "convert_file",
    "damaged_plain_database",
    "database_is_encrypted",
    "decrypt",
    "encrypt",
    "export_copy",
    "fsync_path",
    "has_plain_header",
    "is_encrypted",
    "key_literal",
    "read_marker",
    "rekey",
    "sqlcipher",
    "write_marker",
    "wrong_passphrase",
]

log = logging.getLogger(__name__)

NO_RECOVERY_WARNING = (
    "A forgotten passphrase cannot be recovered: without it nobody, including you, "
    "can read your reflections again."
)


def encrypt(
    paths: DataPaths, passphrase: str, delete_plain: bool = False, progress: Callable[[int, int], None] | None = None
) -> str:
    """Protect the database, its backups and damaged copies with a new passphrase; says what was done."""
    from reflect.data import conversion

    report = conversion.start(paths, conversion.SET, None, passphrase, delete_plain, progress=progress)
    log.info("Database encrypted")
    return report.sentence(paths.root)


def rekey(paths: DataPaths, old: str, new: str, progress: Callable[[int, int], None] | None = None) -> str:
    """Change the passphrase of the database, its backups and damaged copies."""
    from reflect.data import conversion

    report = conversion.start(paths, conversion.CHANGE, old, new, progress=progress)
    log.info("Database passphrase changed")
    return report.sentence(paths.root)


def decrypt(paths: DataPaths, passphrase: str, progress: Callable[[int, int], None] | None = None) -> str:
    """Remove the passphrase: every file becomes plain again; says which."""
    from reflect.data import conversion

    report = conversion.start(paths, conversion.REMOVE, passphrase, None, progress=progress)
    log.info("Database decrypted")
    return report.sentence(paths.root)
