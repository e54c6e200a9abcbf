"""Validators for Reflect's data files: frameworks, CPD templates, codes and schemes, portfolio layouts.

Every data file under ``resources/`` (and the user's own copies) is TOML checked on load,
and a problem is one ``FrameworkError`` naming the file, the field and what is wrong. The
readers share these helpers so a field that is missing, empty or of the wrong kind is
described the same way in every kind of file. (Qt-free; imports nothing from Reflect but
the safe file reader.)
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from reflect.user_files import UnreadableFile, read_text


class FrameworkError(ValueError):
    """A data file is malformed: names the file, the field and the problem."""

    def __init__(self, file: Path | str, field: str, problem: str) -> None:
        self.file = str(file)
        self.field = field
        self.problem = problem
        super().__init__(f"{self.file}: {field}: {problem}")


def read_toml(path: Path) -> dict[str, Any]:
    """A data file's TOML through the safe reader (regular files up to 1 MB), or FrameworkError."""
    try:
        return tomllib.loads(read_text(path))
    except UnreadableFile as exc:
        raise FrameworkError(path, "(file)", exc.problem) from exc
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(path, "(file)", f"is not valid TOML ({exc})") from exc


def text(data: dict[str, Any], key: str, where: str, file: Path, required: bool = True) -> str:
    """A non-empty text field, stripped; an optional one that is absent is ""."""
    value = data.get(key)
    if value is None and not required:
        return ""
    if value is None:
        raise FrameworkError(file, f"{where}{key}", "is missing")
    if not isinstance(value, str) or (required and not value.strip()):
        raise FrameworkError(file, f"{where}{key}", "must be non-empty text")
    return value.strip()


def texts(data: dict[str, Any], key: str, file: Path) -> tuple[str, ...]:
    """An optional list of non-empty texts, stripped."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise FrameworkError(file, key, "must be a list of non-empty texts")
    return tuple(v.strip() for v in value)


def number(data: dict[str, Any], key: str, where: str, file: Path, whole: bool = False) -> float:
    """A number above 0 (a whole one when `whole`); true and false are not numbers."""
    value = data.get(key)
    if value is None:
        raise FrameworkError(file, f"{where}{key}", "is missing")
    allowed = (int,) if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, allowed) or value <= 0:
        raise FrameworkError(file, f"{where}{key}", f"must be a {'whole ' if whole else ''}number above 0")
    return value


def choice(data: dict[str, Any], key: str, where: str, file: Path, choices: Iterable[str]) -> str:
    """A text field that must be one of `choices`."""
    allowed = tuple(choices)
    value = text(data, key, where, file)
    if value not in allowed:
        raise FrameworkError(file, f"{where}{key}", f"must be one of {', '.join(allowed)}, not {value!r}")
    return value


def tables(data: dict[str, Any], key: str, where: str, file: Path, required: bool = True) -> list[dict[str, Any]]:
    """A non-empty list of tables (``[[key]]``); an optional one that is absent is []."""
    value = data.get(key)
    if value is None and not required:
        return []
    if value is None:
        raise FrameworkError(file, f"{where}{key}", "is missing")
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise FrameworkError(file, f"{where}{key}", "must be a list of tables")
    if not value:
        raise FrameworkError(file, f"{where}{key}", "must not be empty")
    return value


def unique(ids: Iterable[str], field: str, file: Path, attribute: str = "id") -> None:
    """Refuse the second use of a value, naming where it is (``field[index].attribute``)."""
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise FrameworkError(file, f"{field}[{index}].{attribute}", f"duplicate {attribute} {value!r}")
        seen.add(value)


class HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=HasId)


def by_id(items: Iterable[T], folder: Path) -> dict[str, T]:
    """The items of one folder by id; an id defined by two files is refused."""
    found: dict[str, T] = {}
    for item in items:
        if item.id in found:
            raise FrameworkError(folder, "id", f"{item.id!r} is defined twice")
        found[item.id] = item
    return found
