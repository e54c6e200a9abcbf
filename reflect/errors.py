"""Errors the user sees as one plain sentence (kept import-light for the CLI)."""


class StorageError(Exception):
    """The database cannot be used; the message says why and that nothing was changed."""
