"""The JSON backup document: written whole and checked, and read back with every field checked.

The format is described in ``reflect/exchange.py``; nothing here touches the database's
contents beyond reading it (the import itself is ``exchange.import_document``).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from sqlalchemy import Column, Table, select
from sqlalchemy.orm import Session

from reflect import import_checks
from reflect.exchange_format import (
    EVIDENCE_FILES,
    FORMAT_NAME,
    PORTABLE_SETTINGS,
    SCHEMA_VERSION,
    evidence_content,
    user_tables,
)
from reflect.exchange_read import parse_datetime, read_as_written, record_from_json, require
from reflect.exchange_stream import Progress, canonical, record_batches, write_document
from reflect.files import WriteError, write_file
from reflect.frameworks import FrameworkCatalog, load_catalog
from reflect.import_checks import ExchangeError as ExchangeError
from reflect.records import ReflectionFilter, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.settings import Settings, to_json
from reflect.vocabulary import (
    STATUS_COMPLETE,
    STATUS_DRAFT,
)

# ----- JSON document


def _record_to_json(record: ReflectionRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "occurred_at": record.occurred_at.isoformat(),
        "duration_min": record.duration_min,
        "setting": record.setting,
        "contact_type": record.contact_type,
        "modality": record.modality,
        "framework_id": record.framework_id,
        "framework_version": record.framework_version,
        "status": record.status,
        "privacy_warning": record.privacy_warning,
        "text": record.text,
        "tags": list(record.tags),
        "ratings": [
            {"item_id": r.item_id, "choice": r.choice, "points": r.points, "note": r.note} for r in record.ratings
        ],
        "created_at": record.created_at.isoformat() if record.created_at else None,
        "updated_at": record.updated_at.isoformat() if record.updated_at else None,
    }


def _column_to_json(column: Column[Any], value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is not None and column.type.python_type is float:
        return float(value)  # 4.0 stays a float, so a second export is byte-identical
    return value


def _table_rows(session: Session, table: Table) -> list[dict[str, Any]]:
    """A table's rows in primary-key order, so two exports of the same data are identical."""
    query = select(table).order_by(*table.primary_key.columns)
    return [
        {column.name: _column_to_json(column, row[column]) for column in table.columns}
        for row in session.execute(query).mappings()
    ]


def _evidence_files(content_by_name: dict[str, bytes]) -> list[dict[str, str]]:
    """The evidence files with their bytes, in name order."""
    files = []
    for stored, content in sorted(content_by_name.items()):
        files.append({
            "path": stored,
            "sha256": hashlib.sha256(content).hexdigest(),
            "base64": base64.b64encode(content).decode("ascii"),
        })
    return files


def _frameworks(catalog: FrameworkCatalog, used: set[tuple[str, str]]) -> list[dict[str, Any]]:
    """The checklists the reflections were made with, described so their ratings can be checked anywhere."""
    frameworks = []
    for framework_id, version in sorted(used):
        framework = catalog.get(framework_id)
        entry: dict[str, Any] = {"id": framework_id, "version": version}
        if framework is not None:
            entry.update(title=framework.title, citation=framework.citation)
            entry.update(import_checks.describe_checklist(framework))
        frameworks.append(entry)
    return frameworks


def write_atomically(path: Path, content: bytes) -> None:
    """Write beside the target and rename, so a failure never leaves half a file (one sentence if it fails)."""
    try:
        write_file(path, content)
    except WriteError as exc:
        raise ExchangeError(str(exc)) from exc


ENCODE = 200  # reflections per encoder call: each call holds the GIL, so the window waits for it


def export_json(
    store: ReflectionStore, catalog: FrameworkCatalog, settings: Settings, path: Path, progress: Progress | None = None
) -> int:
    """Write the complete backup document; returns how many reflections it holds.

    Reflections are read and encoded a batch at a time (``exchange_stream``), so memory stays
    flat however many there are; ``progress(done, total)`` follows them.
    """
    flt = ReflectionFilter(statuses=(STATUS_COMPLETE, STATUS_DRAFT))
    total = store.count(flt)
    used: set[tuple[str, str]] = set()
    written = 0

    def write_reflections(out: IO[bytes]) -> None:
        nonlocal written
        for batch in record_batches(store, flt):
            for first in range(0, len(batch), ENCODE):  # a list's text without its brackets, ENCODE at a time
                part = batch[first : first + ENCODE]
                out.write((b"," if written or first else b"") + canonical([_record_to_json(r) for r in part])[1:-1])
            used.update((r.framework_id, r.framework_version) for r in batch)
            written += len(batch)
            if progress is not None:
                progress(written, total)

    with store.database.sessions() as session:
        tables = {table.name: _table_rows(session, table) for table in user_tables()}
        evidence = evidence_content(session)

    def small() -> dict[str, Any]:
        return {
            "frameworks": _frameworks(catalog, used),
            "settings": {name: to_json(name, getattr(settings, name)) for name in PORTABLE_SETTINGS},
            "tables": tables,
            EVIDENCE_FILES: _evidence_files(evidence),
        }

    write_document(path, {"format": FORMAT_NAME, "schema_version": SCHEMA_VERSION}, small, "reflections",
                   write_reflections)
    return written


# ----- reading and checking a document


def _column_from_json(column: Column[Any], value: Any, where: str) -> Any:
    if value is None:
        if column.nullable:
            return None
        raise ExchangeError(f"The file is damaged: {where} has no {column.name!r}.")
    kind = column.type.python_type
    if kind is datetime:
        return parse_datetime(value, f"{where} {column.name}")
    if kind is date:
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise ExchangeError(f"The file is damaged: {where} has an invalid date in {column.name!r}.") from None
    if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, kind) and (kind is bool or not isinstance(value, bool)):
        return value
    raise ExchangeError(f"The file is damaged: {where} has an invalid {column.name!r}.")


def _check_evidence_path(value: str, name: str) -> None:
    """Refuse a path that could write outside the evidence folder."""
    outside = value.startswith("/") or ".." in PurePosixPath(value).parts
    if outside or not value or any(c in value for c in ("\\", ":", "\x00")):  # drive letters, Windows paths
        raise ExchangeError(
            f"{name} is not safe to import: the evidence file path {value!r} leads outside the evidence folder."
        )


def _tables_from_json(raw: Any, name: str) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows checked against the schema and converted to Python values."""
    if not isinstance(raw, dict):
        raise ExchangeError(f"{name} is damaged: it has no tables section.")
    known = {table.name: table for table in user_tables()}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise ExchangeError(
            f"{name} holds {unknown[0].replace('_', ' ')} records that this Reflect does not know; "
            "please update Reflect to import it."
        )
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in known.values():
        entries = raw.get(table.name, [])
        if not isinstance(entries, list):
            raise ExchangeError(f"{name} is damaged: its {table.name.replace('_', ' ')} records are not a list.")
        rows, keys = [], set()
        for index, entry in enumerate(entries):
            where = f"{table.name.replace('_', ' ')} {index + 1}"
            if not isinstance(entry, dict):
                raise ExchangeError(f"The file is damaged: {where} is not an object.")
            extra = sorted(set(entry) - set(table.columns.keys()))
            if extra:
                raise ExchangeError(f"The file is damaged: {where} has an unknown field {extra[0]!r}.")
            row = {column.name: _column_from_json(column, entry.get(column.name), where) for column in table.columns}
            key = tuple(row[column.name] for column in table.primary_key.columns)
            if key in keys:
                raise ExchangeError(f"The file is damaged: {where} appears twice.")
            keys.add(key)
            rows.append(row)
        tables[table.name] = rows
    for row in tables.get("cpd_evidence", []):
        _check_evidence_path(row["stored"], name)
    return tables


@dataclass(frozen=True)
class EvidenceFile:
    path: str  # relative to the evidence folder, checked
    content: bytes


def _files_from_json(raw: Any, evidence_rows: list[dict[str, Any]], name: str) -> tuple[EvidenceFile, ...]:
    if not isinstance(raw, list):
        raise ExchangeError(f"{name} is damaged: it has no list of evidence files.")
    referenced = {row["stored"] for row in evidence_rows}
    files: dict[str, EvidenceFile] = {}
    for index, entry in enumerate(raw):
        where = f"evidence file {index + 1}"
        if not isinstance(entry, dict):
            raise ExchangeError(f"The file is damaged: {where} is not an object.")
        path = require(entry, "path", str, where)
        _check_evidence_path(path, name)
        if path not in referenced or path in files:
            raise ExchangeError(f"The file is damaged: {where} belongs to no evidence record or appears twice.")
        try:
            content = base64.b64decode(require(entry, "base64", str, where), validate=True)
        except binascii.Error:
            raise ExchangeError(f"The file is damaged: {where} is not valid base64.") from None
        if hashlib.sha256(content).hexdigest() != entry.get("sha256"):
            raise ExchangeError(f"The file is damaged: {where} ({path}) does not match its checksum.")
        files[path] = EvidenceFile(path, content)
    return tuple(files.values())


@dataclass(frozen=True)
class ImportDocument:
    records: list[ReflectionRecord]
    settings: dict[str, Any]
    version: int = SCHEMA_VERSION
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # empty for version 1
    files: tuple[EvidenceFile, ...] = ()
    ignored_settings: tuple[str, ...] = ()  # unknown here, or not valid: left out and reported


def _checksum_matches(raw: bytes, data: dict[str, Any], expected: Any) -> bool:
    """Does the data match its checksum? Reflect's own files are checked on their bytes.

    A file as Reflect wrote it ends with the canonical data text, so that slice is
    hashed directly; anything else (e.g. re-indented by an editor) is re-encoded canonically.
    """
    start = raw.find(b',"data":')
    if (
        start >= 0
        and raw.endswith(b"}\n")
        and hashlib.sha256(raw[start + len(b',"data":') : -2]).hexdigest() == expected
    ):
        return True
    try:
        return hashlib.sha256(canonical(data)).hexdigest() == expected
    except (UnicodeEncodeError, RecursionError):  # lone surrogates, or nesting json cannot write back
        return False


def _envelope_of(raw: bytes, name: str) -> tuple[dict[str, Any], int]:  # the whole file at once
    """The parsed document and its format version, once it is a Reflect export this Reflect can read."""
    try:
        document = import_checks.loads(raw, name)
    except UnicodeDecodeError:
        raise ExchangeError(f"{name} is not a Reflect export (it is not text).") from None
    except json.JSONDecodeError as exc:
        if FORMAT_NAME.encode() in raw[:200]:
            raise ExchangeError(
                f"{name} is an incomplete or damaged Reflect export (cut short or edited); nothing was imported."
            ) from None
        raise ExchangeError(f"{name} is not a Reflect export: it is not valid JSON (line {exc.lineno}).") from None
    except ValueError:  # a number Python cannot hold, and the like
        raise ExchangeError(f"{name} is not a Reflect export: it holds a value JSON cannot represent.") from None
    return document, _version_of(document, name)


def _version_of(document: Any, name: str) -> int:
    """The format version of a parsed document, once it is a Reflect export this Reflect can read."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ExchangeError(f"{name} is not a Reflect export.")
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ExchangeError(f"{name} has no valid schema version.")
    if version > SCHEMA_VERSION:
        raise ExchangeError(
            f"{name} was written by a newer Reflect (format version {version}); please update Reflect to import it."
        )
    if version < 1:
        raise ExchangeError(f"{name} has an unknown format version {version}.")
    return version


def read_document(
    path: Path, catalog: FrameworkCatalog | None = None, today: date | None = None, progress: Progress | None = None
) -> ImportDocument:
    """Read and check a JSON export; every problem is one sentence in ExchangeError.

    Values are checked against ``catalog`` (the built-in checklists when None) and ``today``
    (see reflect/import_checks.py) before anything is imported. ``progress`` follows the reading
    of a file as Reflect wrote it (an edited one is read whole, at once).
    """
    fast = read_as_written(path, path.name, progress)  # a file as Reflect wrote it: its reflections a chunk at a time
    if fast is not None:
        document, records = fast
        version, data = _version_of(document, path.name), document.get("data")
    else:
        raw = import_checks.read_bounded(path).removeprefix(codecs.BOM_UTF8)  # an editor may add one on saving
        document, version = _envelope_of(raw, path.name)
        data = document.get("data")
        if not isinstance(data, dict):
            raise ExchangeError(f"{path.name} is damaged: it has no data section.")
        if not _checksum_matches(raw, data, document.get("sha256")):
            raise ExchangeError(f"{path.name} has been changed since it was exported (its checksum does not match).")
        reflections = data.get("reflections")
        if not isinstance(reflections, list):
            raise ExchangeError(f"{path.name} is damaged: it has no list of reflections.")
        shared: dict[Any, Any] = {}
        records = [record_from_json(entry, i, shared) for i, entry in enumerate(reflections)]
        del raw, reflections
    assert isinstance(data, dict)
    if len({r.id for r in records}) != len(records):
        raise ExchangeError(f"{path.name} is damaged: a reflection id appears twice.")
    today = today or date.today()
    checklists = import_checks.known_checklists(catalog or load_catalog(), data.get("frameworks"))
    import_checks.check_records(records, checklists, today)
    settings, ignored = import_checks.check_settings(data.get("settings"), PORTABLE_SETTINGS)
    tables: dict[str, list[dict[str, Any]]] = {}
    files: tuple[EvidenceFile, ...] = ()
    if version >= 2:
        tables = _tables_from_json(data.get("tables"), path.name)
        import_checks.check_tables(tables, today)
        files = _files_from_json(data.get(EVIDENCE_FILES), tables.get("cpd_evidence", []), path.name)
    return ImportDocument(records, settings, version, tables, files, ignored)
