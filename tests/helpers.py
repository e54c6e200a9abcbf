"""Helpers shared by the tests (tests never import each other's modules)."""

from __future__ import annotations

from reflect.data.db import open_database
from reflect.data.private_data import apply_private, store_private
from reflect.paths import DataPaths
from reflect.settings import Settings, load_settings, save_settings


def save_all_settings(paths: DataPaths, settings: Settings) -> None:
    """Save settings as Reflect does: preferences in settings.json, names and patterns in the database."""
    paths.ensure()
    save_settings(paths.settings, settings)
    database = open_database(paths)
    try:
        store_private(settings, database)
    finally:
        database.close()


def load_all_settings(paths: DataPaths) -> Settings:
    """Settings as Reflect reads them, the private fields from the database included."""
    settings = load_settings(paths.settings)
    database = open_database(paths)
    try:
        apply_private(settings, database)
    finally:
        database.close()
    return settings
