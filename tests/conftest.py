"""Shared fixtures: every test gets its own data folder; Qt runs offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from reflect.data.db import Database, open_database
from reflect.frameworks import FrameworkCatalog, load_catalog
from reflect.paths import ENV_HOME, DataPaths
from reflect.reflections import ReflectionStore


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point REFLECT_HOME at a fresh folder so no test touches real user data."""
    home = tmp_path / "reflect-home"
    monkeypatch.setenv(ENV_HOME, str(home))
    return home


@pytest.fixture
def paths(isolated_home: Path) -> DataPaths:
    return DataPaths(isolated_home)


@pytest.fixture
def catalog() -> FrameworkCatalog:
    return load_catalog()


@pytest.fixture
def database(paths: DataPaths) -> Iterator[Database]:
    db = open_database(paths)
    yield db
    db.close()


@pytest.fixture
def store(database: Database, catalog: FrameworkCatalog) -> ReflectionStore:
    return ReflectionStore(database, catalog)
