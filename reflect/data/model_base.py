"""The declarative base every model derives from, and the clock rows are stamped with (its own module so
model files, stores and records can share both)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


def utc_now() -> datetime:
    """Now in UTC without a zone, as every row stores its times."""
    return datetime.now(UTC).replace(tzinfo=None)
