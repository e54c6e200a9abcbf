"""Errors the user sees as one plain sentence (kept import-light for the CLI)."""


class UserError(Exception):
    """A problem to report in one sentence; nothing was changed on disk."""


class StorageError(UserError):
    """The database cannot be used; the message says why and that nothing was changed."""


class DamagedDatabase(StorageError):
    """The database cannot be read as a Reflect database or fails its integrity check."""
