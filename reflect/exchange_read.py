"""Reading a JSON backup's reflections: checked one by one, a chunk of the file at a time.

``json.loads`` of a whole backup of 100,000 reflections builds about 700 MB of dicts
before the first is checked. A file exactly as Reflect wrote it (its checksum matches
its bytes) is canonical JSON, so its reflections list can be cut at the boundaries
between reflections — every reflection object starts with the key "contact_type",
and a string cannot hold an unescaped quote — and each chunk parsed, checked and
dropped in turn. Anything else (an edited or re-indented file) is read whole, as before.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from reflect import import_checks
from reflect.import_checks import ExchangeError
from reflect.records import RatingEntry, ReflectionRecord
from reflect.vocabulary import STATUS_COMPLETE, STATUS_DRAFT

CHUNK = 2**18  # bytes read and parsed at a time (each parse holds the GIL, so the window waits for it)
_DATA = b',"data":'
_LIST = b'"reflections":['
_END = b'],"settings":'
_NEXT = b'},{"contact_type":'  # the boundary between two reflections in canonical JSON


def _layout(handle: BinaryIO, name: str) -> tuple[dict[str, Any], int, int] | None:
    """Read the file once: its head, and where its reflections' items start and end, if its data
    checksum is over its own bytes; None otherwise."""
    first = handle.read(CHUNK)
    at = first.find(_DATA)
    if at < 0:
        return None
    head = import_checks.loads(first[:at] + b"}", name)
    size = os.fstat(handle.fileno()).st_size
    if not isinstance(head, dict) or size < at + len(_DATA) + 2:
        return None
    digest, start, end = hashlib.sha256(), -1, -1
    pos = at + len(_DATA)
    handle.seek(pos)
    carry = b""
    while pos < size - 2:
        block = handle.read(min(CHUNK, size - 2 - pos))
        if not block:
            return None
        digest.update(block)
        window, base = carry + block, pos - len(carry)
        if start < 0 and (found := window.find(_LIST)) >= 0:
            start = base + found + len(_LIST)
        if start >= 0 and end < 0 and (found := window.find(_END, max(0, start - base))) >= 0:
            end = base + found
        carry = window[-len(_NEXT):]
        pos += len(block)
    if handle.read() != b"}\n" or digest.hexdigest() != head.get("sha256") or end < 0:
        return None
    return head, start, end


def _item_chunks(handle: BinaryIO, start: int, end: int) -> Iterator[bytes]:
    """The reflections list's items, ``CHUNK`` bytes or so at a time, each cut between two reflections."""
    handle.seek(start)
    remaining, buffer = end - start, b""
    while remaining > 0:
        block = handle.read(min(CHUNK, remaining))
        if not block:
            raise ValueError("the file ended early")
        remaining -= len(block)
        buffer += block
        cut = buffer.rfind(_NEXT) if remaining > 0 else -1
        if cut >= 0:
            yield buffer[: cut + 1]
            buffer = buffer[cut + 2 :]  # past "},"
    if buffer:
        yield buffer


def read_as_written(
    path: Path, name: str, progress: Callable[[int, int], None] | None = None
) -> tuple[dict[str, Any], list[ReflectionRecord]] | None:
    """The document without its reflections, and the reflections checked, for a file as Reflect wrote it,
    never holding the whole file; None for any other file (read whole, the careful way, by the caller).

    ``progress(bytes read, bytes)`` after each chunk: a Cancel raised there stops the reading at once
    (100,000 reflections take seconds to read, and Reflect quitting waits for the work to stop)."""
    try:
        if not path.is_file() or path.stat().st_size > import_checks.MAX_FILE_BYTES:
            return None  # the careful way says why
        with open(path, "rb") as handle:
            layout = _layout(handle, name)
            if layout is None:
                return None
            _head, start, end = layout
            handle.seek(0)
            before = handle.read(start)
            handle.seek(end)
            document = import_checks.loads(before + handle.read(), name)
            records: list[ReflectionRecord] = []
            shared: dict[Any, Any] = {}
            for chunk in _item_chunks(handle, start, end):
                entries = import_checks.loads(b"[" + chunk + b"]", name)
                records.extend(record_from_json(entry, len(records) + i, shared) for i, entry in enumerate(entries))
                if progress is not None:
                    progress(handle.tell() - start, end - start)
    except (OSError, ValueError, UnicodeDecodeError):  # not as it seemed: read the whole file the careful way
        return None
    return document, records


def parse_datetime(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise ExchangeError(f"The file is damaged: {where} is not a date and time.")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ExchangeError(f"The file is damaged: {where} is not a valid date and time ({value!r}).") from None


def require(entry: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ExchangeError(f"The file is damaged: {where} has no valid {key!r}.")
    return value


def record_from_json(entry: Any, index: int, shared: dict[Any, Any] | None = None) -> ReflectionRecord:
    """One reflection, checked; ``shared`` keeps one copy of each repeated value (item ids, choices, settings),
    which JSON parsing would otherwise make a million times over in a large backup."""
    same = (shared if shared is not None else {}).setdefault
    where = f"reflection {index + 1}"
    if not isinstance(entry, dict):
        raise ExchangeError(f"The file is damaged: {where} is not an object.")
    raw_ratings = require(entry, "ratings", list, where)
    try:  # 200,000 ratings in a large backup: checked in one tight pass
        ratings = tuple(RatingEntry(same(r["item_id"], r["item_id"]), same(r["choice"], r["choice"]), r["points"],
                                    r["note"]) for r in raw_ratings)
    except (KeyError, TypeError):
        raise ExchangeError(f"The file is damaged: {where} has an incomplete rating.") from None
    for rating in ratings:
        if (
            type(rating.item_id) is not str
            or type(rating.choice) is not str
            or type(rating.note) is not str
            or not (rating.points is None or type(rating.points) is int)
        ):
            raise ExchangeError(f"The file is damaged: {where} has an invalid rating.")
    status = require(entry, "status", str, where)
    if status not in (STATUS_COMPLETE, STATUS_DRAFT):
        raise ExchangeError(f"The file is damaged: {where} has an unknown status {status!r}.")
    duration = require(entry, "duration_min", int, where)
    if not 0 <= duration <= import_checks.MAX_DURATION_MIN:
        raise ExchangeError(f"The file is damaged: {where} has an impossible duration ({duration} minutes).")
    tags = require(entry, "tags", list, where)
    if not all(isinstance(t, str) for t in tags):
        raise ExchangeError(f"The file is damaged: {where} has invalid tags.")
    def one(key: str) -> str:
        value: str = require(entry, key, str, where)
        return same(value, value)

    return ReflectionRecord(
        id=require(entry, "id", str, where),
        occurred_at=parse_datetime(entry.get("occurred_at"), f"{where} occurred_at"),
        duration_min=duration,
        setting=one("setting"),
        contact_type=one("contact_type"),
        modality=one("modality"),
        framework_id=one("framework_id"),
        framework_version=one("framework_version"),
        ratings=ratings,
        text=require(entry, "text", str, where),
        tags=tuple(same(tag, tag) for tag in tags),
        status=same(status, status),
        privacy_warning=entry.get("privacy_warning", False) is True,
        created_at=parse_datetime(entry.get("created_at"), f"{where} created_at"),
        updated_at=parse_datetime(entry.get("updated_at"), f"{where} updated_at"),
    )


