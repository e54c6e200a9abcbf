"""Checklist frameworks loaded from data files and validated on load.

A framework file (TOML) declares its id, version, title, prompt, citation, the
items with their verbatim wording, the rating scale and named groupings. The code
knows no item text: everything shown about a checklist comes from these files.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from reflect.resources import framework_dir
from reflect.scoring import MAX_SCALE_POINTS
from reflect.toml_schema import FrameworkError, read_toml, tables, text, unique
from reflect.user_files import announce

__all__ = ["FrameworkError", "read_toml"]  # (their home is toml_schema; kept importable from here)

log = logging.getLogger(__name__)

DEFAULT_FRAMEWORK_ID = "ten-top-tips-2008"
# how often a framework is meant to be filled in (its optional `cadence` field)
CADENCES: dict[str, str] = {"session": "after each session", "monthly": "monthly", "quarterly": "quarterly"}


@dataclass(frozen=True)
class ScaleOption:
    key: str
    label: str
    points: int | None  # None: excluded from scoring (e.g. Not applicable)
    shortcuts: tuple[str, ...]

    @property
    def applicable(self) -> bool:
        return self.points is not None


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    text: str


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Grouping:
    id: str
    title: str
    source: str
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    title: str
    prompt: str
    citation: str
    adaptation: str
    scale: tuple[ScaleOption, ...]
    items: tuple[Item, ...]
    groupings: tuple[Grouping, ...]
    path: str = ""
    cadence: str = "session"  # a key of CADENCES: after each session, or a periodic self-assessment

    @property
    def periodic(self) -> bool:
        """A periodic (e.g. quarterly team) self-assessment rather than an after-session checklist."""
        return self.cadence != "session"

    @property
    def max_points(self) -> int:
        return max(o.points for o in self.scale if o.points is not None)

    def option(self, key: str) -> ScaleOption | None:
        return next((o for o in self.scale if o.key == key), None)

    def option_for_shortcut(self, shortcut: str) -> ScaleOption | None:
        wanted = shortcut.upper()
        return next((o for o in self.scale if wanted in o.shortcuts), None)

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)








def _parse_scale(raw: dict[str, Any], file: Path) -> tuple[ScaleOption, ...]:
    options: list[ScaleOption] = []
    shortcuts_seen: dict[str, str] = {}
    for index, entry in enumerate(tables(raw, "scale", "", file)):
        where = f"scale[{index}]."
        key = text(entry, "key", where, file)
        label = text(entry, "label", where, file)
        points = entry.get("points")
        if points is not None and (
            not isinstance(points, int) or isinstance(points, bool) or not 0 <= points <= MAX_SCALE_POINTS
        ):
            raise FrameworkError(file, f"{where}points", f"must be a whole number from 0 to {MAX_SCALE_POINTS}")
        shortcuts = entry.get("shortcuts", [])
        if not isinstance(shortcuts, list) or not all(
            isinstance(s, str) and len(s) == 1 for s in shortcuts
        ):
            raise FrameworkError(file, f"{where}shortcuts", "must be a list of single keys")
        for shortcut in shortcuts:
            upper = shortcut.upper()
            if upper in shortcuts_seen:
                raise FrameworkError(
                    file, f"{where}shortcuts", f"key {shortcut!r} is already used by {shortcuts_seen[upper]!r}"
                )
            shortcuts_seen[upper] = key
        options.append(ScaleOption(key, label, points, tuple(s.upper() for s in shortcuts)))
    unique([o.key for o in options], "scale", file, "key")
    scored = [o for o in options if o.points is not None]
    if not scored:
        raise FrameworkError(file, "scale", "needs at least one option with points")
    if max(o.points for o in scored if o.points is not None) == 0:
        raise FrameworkError(file, "scale", "needs an option worth more than 0 points")
    return tuple(options)


def _parse_items(raw: dict[str, Any], file: Path) -> tuple[Item, ...]:
    items = [
        Item(
            id=text(entry, "id", f"items[{i}].", file),
            label=text(entry, "label", f"items[{i}].", file),
            text=text(entry, "text", f"items[{i}].", file),
        )
        for i, entry in enumerate(tables(raw, "items", "", file))
    ]
    unique([i.id for i in items], "items", file)
    return tuple(items)


def _parse_groupings(raw: dict[str, Any], item_ids: set[str], file: Path) -> tuple[Grouping, ...]:
    if "groupings" not in raw:
        return ()
    groupings: list[Grouping] = []
    for g_index, entry in enumerate(tables(raw, "groupings", "", file)):
        where = f"groupings[{g_index}]."
        groups: list[Group] = []
        for index, group in enumerate(tables(entry, "groups", where, file)):
            gwhere = f"{where}groups[{index}]."
            members = group.get("items")
            if not isinstance(members, list) or not members or not all(
                isinstance(m, str) for m in members
            ):
                raise FrameworkError(file, f"{gwhere}items", "must be a non-empty list of item ids")
            for member in members:
                if member not in item_ids:
                    raise FrameworkError(file, f"{gwhere}items", f"refers to unknown item {member!r}")
            groups.append(
                Group(text(group, "id", gwhere, file), text(group, "label", gwhere, file), tuple(members))
            )
        unique([g.id for g in groups], f"{where}groups", file)
        groupings.append(
            Grouping(
                id=text(entry, "id", where, file),
                title=text(entry, "title", where, file),
                source=str(entry.get("source", "")).strip(),
                groups=tuple(groups),
            )
        )
    unique([g.id for g in groupings], "groupings", file)
    return tuple(groupings)


def _parse_cadence(raw: dict[str, Any], file: Path) -> str:
    cadence = raw.get("cadence", "session")
    if cadence not in CADENCES:
        raise FrameworkError(file, "cadence", f"must be one of {', '.join(CADENCES)}")
    return str(cadence)




def load_framework(path: Path) -> Framework:
    """Read and validate one framework file, raising FrameworkError on any problem."""
    raw = read_toml(path)
    items = _parse_items(raw, path)
    return Framework(
        id=text(raw, "id", "", path),
        version=text(raw, "version", "", path),
        title=text(raw, "title", "", path),
        prompt=text(raw, "prompt", "", path),
        citation=text(raw, "citation", "", path),
        adaptation=text(raw, "adaptation", "", path),
        scale=_parse_scale(raw, path),
        items=items,
        groupings=_parse_groupings(raw, {i.id for i in items}, path),
        path=str(path),
        cadence=_parse_cadence(raw, path),
    )


@dataclass
class FrameworkCatalog:
    """Built-in and user frameworks by id, plus the problems found while loading."""

    frameworks: dict[str, Framework]
    errors: list[FrameworkError]

    def get(self, framework_id: str) -> Framework | None:
        return self.frameworks.get(framework_id)

    def default(self) -> Framework:
        return self.frameworks.get(DEFAULT_FRAMEWORK_ID) or next(iter(self.frameworks.values()))


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_HasId)


def load_user_files(
    folder: Path | None, load: Callable[[Path], T], built_in: Collection[str], kind: str
) -> tuple[dict[str, T], list[FrameworkError]]:
    """The valid files of one kind in a user folder, by id; each one skipped is announced once.

    A file that fails validation, is not a regular file of at most 1 MB, or reuses the id
    of a built-in file (the built-in wins) or of an earlier user file is skipped.
    """
    found: dict[str, T] = {}
    errors: list[FrameworkError] = []
    if folder is None or not folder.is_dir():
        return found, errors
    for path in sorted(folder.glob("*.toml")):
        try:
            item = load(path)
        except FrameworkError as exc:
            errors.append(exc)
            announce(f"Skipped the {kind} file {exc}.")
            continue
        if item.id in built_in or item.id in found:
            owner = f"a built-in {kind}; the built-in one" if item.id in built_in else f"another {kind} file; the first"
            error = FrameworkError(path, "id", f"{item.id!r} is already defined by {owner} is used")
            errors.append(error)
            announce(f"Skipped the {kind} file {error}.")
            continue
        found[item.id] = item
    return found, errors


def load_catalog(user_dir: Path | None = None) -> FrameworkCatalog:
    """Load the built-in frameworks, then any user ones; a bad user file is reported, not fatal."""
    frameworks: dict[str, Framework] = {}
    for path in sorted(framework_dir().glob("*.toml")):
        framework = load_framework(path)  # a broken built-in is a packaging bug: fail loudly
        frameworks[framework.id] = framework
    mine, errors = load_user_files(user_dir, load_framework, frameworks.keys(), "checklist")
    return FrameworkCatalog({**frameworks, **mine}, errors)
