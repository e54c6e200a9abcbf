"""The declarative base every model derives from (its own module so model files can share it)."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass
