"""What every command line command shares: the parser class, argument types, passphrase prompts,
opening the database and the store, and the error every command raises (one sentence, exit 1).

Kept apart from ``reflect.cli`` (the parser and the dispatch) so that the command modules
(``cli_commands``, ``cli_supervision``) build on it without importing ``cli`` back.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, NoReturn

from reflect.errors import UserError
from reflect.paths import DataPaths

if TYPE_CHECKING:
    from reflect.data.db import Database
    from reflect.frameworks import FrameworkCatalog
    from reflect.reflections import ReflectionStore
    from reflect.settings import Settings

MAX_DEMO_SESSIONS = 1_000_000
ENV_PASSPHRASE = "REFLECT_PASSPHRASE"
ENV_NEW_PASSPHRASE = "REFLECT_NEW_PASSPHRASE"
ENV_REPORT_PASSWORD = "REFLECT_REPORT_PASSWORD"


class CliError(UserError):
    """A problem with what was asked on the command line."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"reflect: {message}\n")


def add_data_dir(parser: argparse.ArgumentParser, default: object = None) -> None:
    """The option every command takes, before or after its name: `reflect demo --data-dir DIR`."""
    parser.add_argument("--data-dir", metavar="DIR", default=default,
                        help="folder for the database, backups and settings (default: REFLECT_HOME or the user data folder)")


def positive_sessions(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a whole number, not {value!r}") from None
    if not 1 <= number <= MAX_DEMO_SESSIONS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_DEMO_SESSIONS:,}")
    return number


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a date as YYYY-MM-DD, not {value!r}") from None


def progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\rAdding synthetic reflections: {done:,} of {total:,}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()
    elif total >= 10_000 and (done == total or done % 10_000 == 0):
        sys.stderr.write(f"Added {done:,} of {total:,} synthetic reflections\n")


def ask(prompt: str, variable: str) -> str:
    """Prompt without echo, or explain which variable to set when there is no terminal."""
    if not sys.stdin.isatty():
        raise CliError(f"A passphrase is needed: set {variable} or run this command in a terminal.")
    import getpass

    return getpass.getpass(prompt)


def current_passphrase() -> str:
    return os.environ.get(ENV_PASSPHRASE) or ask("Passphrase: ", ENV_PASSPHRASE)


def new_passphrase() -> str:
    """The new passphrase from the environment, or typed twice so a typo cannot lock the data away."""
    from_env = os.environ.get(ENV_NEW_PASSPHRASE)
    if from_env:
        return from_env
    first = ask("New passphrase: ", ENV_NEW_PASSPHRASE)
    if ask("Type the new passphrase again: ", ENV_NEW_PASSPHRASE) != first:
        raise CliError("The two passphrases are not the same; nothing was changed.")
    return first


def open_data(paths: DataPaths) -> Database:
    """The one place commands open the database: an encrypted one is opened with its passphrase."""
    from reflect.data.db import open_database
    from reflect.data.encryption import database_is_encrypted
    from reflect.errors import DamagedDatabase

    try:
        return open_database(paths, current_passphrase() if database_is_encrypted(paths) else None)
    except DamagedDatabase as exc:
        raise CliError(str(exc).rstrip(".") + backup_offer(paths)) from exc


def backup_offer(paths: DataPaths) -> str:
    """How to get back to work after a damaged database: the newest backup, named."""
    from reflect.data.backups import list_backups

    backups = list_backups(paths)
    if not backups:
        return "; there is no backup to restore."
    return f"; the newest backup is {backups[0].path.name}: `reflect restore {backups[0].path}` puts it in place."


@contextmanager
def open_store(paths: DataPaths) -> Iterator[tuple[ReflectionStore, FrameworkCatalog, Settings]]:
    """The data folder's store, frameworks and settings; settings are saved on success if they changed
    (a command that only reads writes nothing, even while the app is open)."""
    from copy import deepcopy

    from reflect.data.private_data import apply_private, store_private
    from reflect.frameworks import load_catalog
    from reflect.reflections import ReflectionStore
    from reflect.settings import load_settings, save_settings

    database = open_data(paths)
    try:
        catalog = load_catalog(paths.user_frameworks)
        settings = load_settings(paths.settings)
        apply_private(settings, database)
        loaded = deepcopy(settings)
        yield ReflectionStore(database, catalog), catalog, settings
        if settings != loaded:
            save_settings(paths.settings, settings)
            store_private(settings, database)
    finally:
        database.close()


def settings_with_private(paths: DataPaths) -> Settings:
    """Settings including the names and patterns kept in the database (when there is one)."""
    from reflect.settings import load_settings

    settings = load_settings(paths.settings)
    if paths.database.exists():
        from reflect.data.private_data import apply_private

        database = open_data(paths)
        try:
            apply_private(settings, database)
        finally:
            database.close()
    return settings
