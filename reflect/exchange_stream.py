"""Writing the JSON backup a batch of reflections at a time, with progress.

A career of data (100,000 reflections) held whole — records, their JSON objects and
the encoded text at once — took about 800 MB. Here reflections are read a span of
days at a time (``record_batches``), each encoded on its own into a private
temporary file beside the target, and the document is then assembled around it.
The bytes are exactly those of encoding the whole document canonically
(``json.dumps`` with sorted keys encodes a container as its members' encodings
joined), so the checksum and the format are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from reflect import __version__
from reflect.files import create_private, fsync_dir
from reflect.import_checks import ExchangeError
from reflect.records import ReflectionFilter, ReflectionRecord
from reflect.reflections import ReflectionStore

Progress = Callable[[int, int], None]
BATCH = 5000  # reflections per read: a few MB at a time
_CHUNK = 1024 * 1024


def record_batches(store: ReflectionStore, flt: ReflectionFilter) -> Iterator[list[ReflectionRecord]]:
    """Every matching reflection, oldest first, in spans of days holding about ``BATCH`` each.

    Consecutive spans in ``records``' own order (time, then id) give the same sequence as one read.
    """
    total = store.count(flt)
    if not total:
        return
    newest = store.list(flt, 0, 1)[0].occurred_at.date()
    oldest = store.list(flt, total - 1, 1)[0].occurred_at.date()
    step = max(1, ((newest - oldest).days + 1) * BATCH // total)
    day = oldest
    while day <= newest:
        end = min(newest, day + timedelta(days=step - 1))
        yield store.records(replace(flt, date_from=day, date_to=end))
        day = end + timedelta(days=1)


def let_go(records: list[Any]) -> None:
    """Free a career's records a batch at a time. Dropped at once, 100,000 were freed in one C call of 0.17 s
    that holds the GIL: the window froze as an export ended on a worker. Between batches the GUI thread runs."""
    while records:
        del records[-BATCH:]


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _temporary(path: Path, suffix: str) -> Path:
    tmp = path.with_name(f".{path.name}.{suffix}")
    tmp.unlink(missing_ok=True)
    create_private(tmp)
    return tmp


def write_document(
    path: Path, head: dict[str, Any], small: Callable[[], dict[str, Any]], streamed: str,
    write_items: Callable[[IO[bytes]], None],
) -> None:
    """Write ``head`` (gaining the sha256) around ``data``: a list ``streamed`` whose items ``write_items``
    writes, comma-separated, into the file it is given, and then the other members, ``small()``.

    Atomic like ``files.write_file``: the target appears whole or not at all; an OSError is one sentence.
    """
    items = _temporary(path, "items.part")
    final: Path | None = None
    try:
        with open(items, "wb") as out:
            write_items(out)
        members = small()  # after the items: e.g. the checklists the reflections used
        before: list[bytes] = []
        after: list[bytes] = []
        pieces = before
        for index, key in enumerate(sorted([*members, streamed])):
            name = (b"," if index else b"") + canonical(key) + b":"
            if key == streamed:
                before.append(name + b"[")
                pieces = after
                after.append(b"]")
            else:
                pieces.append(name + canonical(members[key]))
        data_head = b"{" + b"".join(before)
        data_tail = b"".join(after) + b"}"
        digest = hashlib.sha256(data_head)
        with open(items, "rb") as reader:
            for chunk in iter(lambda: reader.read(_CHUNK), b""):
                digest.update(chunk)
        digest.update(data_tail)
        envelope = json.dumps({**head, "app_version": __version__, "sha256": digest.hexdigest()},
                              ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        final = _temporary(path, "part")
        with open(final, "wb") as writer, open(items, "rb") as reader:
            writer.write(envelope[:-1] + b',"data":' + data_head)
            for chunk in iter(lambda: reader.read(_CHUNK), b""):
                writer.write(chunk)
            writer.write(data_tail + b"}\n")
            writer.flush()
            os.fsync(writer.fileno())
        os.replace(final, path)
        final = None
        fsync_dir(path.parent)
    except OSError as exc:
        raise ExchangeError(f"Could not write {path}: {exc.strerror or exc}.") from exc
    finally:
        items.unlink(missing_ok=True)
        if final is not None:
            final.unlink(missing_ok=True)
