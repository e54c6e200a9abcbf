"""Getting data out and back in: the JSON backup format and the CSV spreadsheet export.

JSON is the complete, versioned, lossless format: every reflection (drafts
included), the frameworks they were made with, the settings that matter, every
other table of the user's data and the CPD evidence files. A SHA-256 of the
canonical content detects truncated or edited files. Import is all-or-nothing
(one transaction) and merges by stable ids.

Format version 2 adds to version 1 (which is still read):

- ``data.tables``: every table of ``Base.metadata`` except the reflections' own
  (``reflection``, ``rating``, ``reflection_tag``, in ``data.reflections``) and
  ``prompt_notice``. Rows are objects keyed by column name, in primary-key order,
  dates and datetimes as ISO text, booleans and floats as JSON booleans and numbers.
  Being generic, a table added by a later migration travels without code here.
- ``data.evidence_files``: each evidence file referenced by a ``cpd_evidence`` row,
  as its stored name (``<activity>/<id8>-<name>``), its SHA-256 and its bytes in base64
  (a third larger than the files; a backup holds everything rather than links that
  break on a new computer). Paths with ``..``, absolute paths or drive letters are refused.

What counts as user data: expected sessions are kept, because their state
(reflected, skipped, snoozed) and their link to a reflection are the user's
decisions about their queue, and they hold only times and a setting, never a
calendar title. ``prompt_notice`` is left out: it only remembers which once-a-day
notice this computer has already shown. A row whose primary key (or other unique
key, e.g. an expected session's calendar key) is already here is left as it is;
only a newer reflection replaces the copy here, and then its template sections
come from the file too.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Column, Table, UniqueConstraint, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reflect import __version__, import_checks
from reflect.data.models import Base, CpdEvidence, CpdEvidenceContent, ReflectionSection
from reflect.files import write_atomically as write_private
from reflect.frameworks import FrameworkCatalog, load_catalog
from reflect.import_checks import ExchangeError as ExchangeError
from reflect.privacy import ScannerConfig, scan_fields
from reflect.records import RatingEntry, ReflectionFilter, ReflectionRecord
from reflect.reflections import ReflectionStore, merge_into
from reflect.scoring import score
from reflect.settings import Settings
from reflect.vocabulary import (
    CONTACT_TYPES,
    MODALITIES,
    SETTINGS,
    STATUS_COMPLETE,
    STATUS_DRAFT,
    label,
)

FORMAT_NAME = "reflect-export"
SCHEMA_VERSION = 2
# settings that belong to the user's data rather than to one computer's window
PORTABLE_SETTINGS = (
    "framework_id", "last_setting", "last_contact_type", "last_modality", "last_duration_min",
    "practitioner_name", "practitioner_role", "focus_tip", "focus_start",
    "revalidation_scheme", "cycle_start", "reflection_cpd_minutes",
)
# tables with their own section (data.reflections) and machine state, not in data.tables
OWN_SECTION = frozenset({"reflection", "rating", "reflection_tag"})
MACHINE_STATE = frozenset({"prompt_notice"})
# evidence bytes travel as data.evidence_files; private settings as data.settings (name and role)
NOT_IN_TABLES = frozenset({"cpd_evidence_content", "private_setting"})
EVIDENCE_FILES = "evidence_files"
# how previews and results count records; None: part of another record, not counted on its own
TABLE_NOUNS: dict[str, tuple[str, str] | None] = {
    "expected_session": ("expected session", "expected sessions"),
    "goal": ("goal", "goals"),
    "cpd_activity": ("CPD activity", "CPD activities"),
    "reflective_account": ("reflective account", "reflective accounts"),
    "reflective_discussion": ("reflective discussion", "reflective discussions"),
    EVIDENCE_FILES: ("evidence file", "evidence files"),
    "goal_action": None,
    "goal_tip": None,
    "goal_reflection": None,
    "reflection_section": None,
    "cpd_evidence": None,
    "practice_hours": ("practice-hours entry", "practice-hours entries"),
    "practice_feedback": ("piece of feedback", "pieces of feedback"),
    "revalidation_confirmation": ("confirmation", "confirmations"),
    "peer_group_meeting": ("peer group meeting", "peer group meetings"),
    "discussion_account": None,
    "supervisee": ("supervisee", "supervisees"),
    "received_pack": ("supervision pack received", "supervision packs received"),
    "supervision_session": ("supervision session", "supervision sessions"),
    "supervision_comment": None,
    "supervision_action": None,
}


@dataclass(frozen=True)
class ImportPreview:
    """What an import would do, shown before anything is changed."""

    total: int
    new: int
    duplicates: int  # already here, identical or newer
    updates: int  # already here, but the file has a later edit
    first: date | None
    last: date | None
    settings: dict[str, Any]
    others: tuple[TableCount, ...] = ()  # goals, CPD activities, evidence files…


@dataclass(frozen=True)
class TableCount:
    """How many records of one kind the file holds and how many of them are not here yet."""

    table: str
    total: int
    new: int

    def describe(self) -> str:
        return count_text(self.table, self.total) + f" ({self.new:,} new)"


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the reflections' merge and the other records added."""

    added: int
    updated: int
    unchanged: int
    others: tuple[tuple[str, int], ...] = ()  # (table or EVIDENCE_FILES, records added)

    def describe_others(self) -> str:
        """E.g. "3 goals, 12 CPD activities"; empty when nothing else was added."""
        return ", ".join(count_text(name, n) for name, n in self.others if n and TABLE_NOUNS.get(name, ()) is not None)


def count_text(table: str, count: int) -> str:
    nouns = TABLE_NOUNS.get(table) or (table.replace("_", " "), table.replace("_", " ") + " records")
    return f"{count:,} {nouns[0] if count == 1 else nouns[1]}"


def user_tables() -> list[Table]:
    """The tables of data.tables, parents before children (foreign-key order)."""
    return [t for t in Base.metadata.sorted_tables if t.name not in OWN_SECTION | MACHINE_STATE | NOT_IN_TABLES]


def _evidence_content(session: Session) -> dict[str, bytes]:
    """Every evidence file's bytes here, by its stored name."""
    query = select(CpdEvidence.stored, CpdEvidenceContent.data).join(
        CpdEvidenceContent, CpdEvidenceContent.evidence_id == CpdEvidence.id
    )
    return {stored: data for stored, data in session.execute(query)}


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


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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


def _document_data(store: ReflectionStore, catalog: FrameworkCatalog, settings: Settings) -> dict[str, Any]:
    """Everything the user has: the part of the document the checksum covers."""
    records = store.records(ReflectionFilter(statuses=(STATUS_COMPLETE, STATUS_DRAFT)))
    used = sorted({(r.framework_id, r.framework_version) for r in records})
    frameworks = []
    for framework_id, version in used:
        framework = catalog.get(framework_id)
        entry: dict[str, Any] = {"id": framework_id, "version": version}
        if framework is not None:
            entry.update(title=framework.title, citation=framework.citation)
            entry.update(import_checks.describe_checklist(framework))  # so its ratings can be checked anywhere
        frameworks.append(entry)
    with store.database.sessions() as session:
        tables = {table.name: _table_rows(session, table) for table in user_tables()}
        evidence = _evidence_content(session)
    data = {
        "reflections": [_record_to_json(r) for r in records],
        "frameworks": frameworks,
        "settings": {name: getattr(settings, name) for name in PORTABLE_SETTINGS},
        "tables": tables,
        EVIDENCE_FILES: _evidence_files(evidence),
    }
    return data


def _envelope(data_bytes: bytes) -> bytes:
    """The file's bytes: compact JSON (json's fast C encoder) around the canonical data."""
    head = {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "sha256": hashlib.sha256(data_bytes).hexdigest(),
    }
    envelope = json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return envelope[:-1] + b',"data":' + data_bytes + b"}\n"


def write_atomically(path: Path, content: bytes) -> None:
    """Write beside the target and rename, so a failure never leaves half a file."""
    try:
        write_private(path, content)  # owner-only from the start
    except OSError as exc:
        raise ExchangeError(f"Could not write {path}: {exc.strerror or exc}.") from exc


def export_json(store: ReflectionStore, catalog: FrameworkCatalog, settings: Settings, path: Path) -> int:
    """Write the complete backup document; returns how many reflections it holds.

    The data is encoded once, canonically, and that same text is both checksummed and written.
    """
    data = _document_data(store, catalog, settings)
    write_atomically(path, _envelope(_canonical(data)))
    return len(data["reflections"])


# ----- reading and checking a document


def _parse_datetime(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise ExchangeError(f"The file is damaged: {where} is not a date and time.")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ExchangeError(f"The file is damaged: {where} is not a valid date and time ({value!r}).") from None


def _require(entry: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ExchangeError(f"The file is damaged: {where} has no valid {key!r}.")
    return value


def _record_from_json(entry: Any, index: int) -> ReflectionRecord:
    where = f"reflection {index + 1}"
    if not isinstance(entry, dict):
        raise ExchangeError(f"The file is damaged: {where} is not an object.")
    raw_ratings = _require(entry, "ratings", list, where)
    try:  # 200,000 ratings in a large backup: checked in one tight pass
        ratings = tuple(RatingEntry(r["item_id"], r["choice"], r["points"], r["note"]) for r in raw_ratings)
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
    status = _require(entry, "status", str, where)
    if status not in (STATUS_COMPLETE, STATUS_DRAFT):
        raise ExchangeError(f"The file is damaged: {where} has an unknown status {status!r}.")
    duration = _require(entry, "duration_min", int, where)
    if not 0 <= duration <= import_checks.MAX_DURATION_MIN:
        raise ExchangeError(f"The file is damaged: {where} has an impossible duration ({duration} minutes).")
    tags = _require(entry, "tags", list, where)
    if not all(isinstance(t, str) for t in tags):
        raise ExchangeError(f"The file is damaged: {where} has invalid tags.")
    return ReflectionRecord(
        id=_require(entry, "id", str, where),
        occurred_at=_parse_datetime(entry.get("occurred_at"), f"{where} occurred_at"),
        duration_min=duration,
        setting=_require(entry, "setting", str, where),
        contact_type=_require(entry, "contact_type", str, where),
        modality=_require(entry, "modality", str, where),
        framework_id=_require(entry, "framework_id", str, where),
        framework_version=_require(entry, "framework_version", str, where),
        ratings=ratings,
        text=_require(entry, "text", str, where),
        tags=tuple(tags),
        status=status,
        privacy_warning=entry.get("privacy_warning", False) is True,
        created_at=_parse_datetime(entry.get("created_at"), f"{where} created_at"),
        updated_at=_parse_datetime(entry.get("updated_at"), f"{where} updated_at"),
    )


def _column_from_json(column: Column[Any], value: Any, where: str) -> Any:
    if value is None:
        if column.nullable:
            return None
        raise ExchangeError(f"The file is damaged: {where} has no {column.name!r}.")
    kind = column.type.python_type
    if kind is datetime:
        return _parse_datetime(value, f"{where} {column.name}")
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
        path = _require(entry, "path", str, where)
        _check_evidence_path(path, name)
        if path not in referenced or path in files:
            raise ExchangeError(f"The file is damaged: {where} belongs to no evidence record or appears twice.")
        try:
            content = base64.b64decode(_require(entry, "base64", str, where), validate=True)
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
    if start >= 0 and raw.endswith(b"}\n"):
        if hashlib.sha256(raw[start + len(b',"data":') : -2]).hexdigest() == expected:
            return True
    try:
        return hashlib.sha256(_canonical(data)).hexdigest() == expected
    except (UnicodeEncodeError, RecursionError):  # lone surrogates, or nesting json cannot write back
        return False


def read_document(path: Path, catalog: FrameworkCatalog | None = None, today: date | None = None) -> ImportDocument:
    """Read and check a JSON export; every problem is one sentence in ExchangeError.

    Values are checked against ``catalog`` (the built-in checklists when None) and ``today``
    (see reflect/import_checks.py) before anything is imported.
    """
    raw = import_checks.read_bounded(path).removeprefix(codecs.BOM_UTF8)  # an editor may add one on saving
    try:
        document = import_checks.loads(raw, path.name)
    except UnicodeDecodeError:
        raise ExchangeError(f"{path.name} is not a Reflect export (it is not text).") from None
    except json.JSONDecodeError as exc:
        if FORMAT_NAME.encode() in raw[:200]:
            raise ExchangeError(
                f"{path.name} is an incomplete or damaged Reflect export (cut short or edited); nothing was imported."
            ) from None
        raise ExchangeError(f"{path.name} is not a Reflect export: it is not valid JSON (line {exc.lineno}).") from None
    except ValueError:  # a number Python cannot hold, and the like
        raise ExchangeError(f"{path.name} is not a Reflect export: it holds a value JSON cannot represent.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ExchangeError(f"{path.name} is not a Reflect export.")
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ExchangeError(f"{path.name} has no valid schema version.")
    if version > SCHEMA_VERSION:
        raise ExchangeError(
            f"{path.name} was written by a newer Reflect (format version {version}); please update Reflect to import it."
        )
    if version < 1:
        raise ExchangeError(f"{path.name} has an unknown format version {version}.")
    data = document.get("data")
    if not isinstance(data, dict):
        raise ExchangeError(f"{path.name} is damaged: it has no data section.")
    if not _checksum_matches(raw, data, document.get("sha256")):
        raise ExchangeError(f"{path.name} has been changed since it was exported (its checksum does not match).")
    reflections = data.get("reflections")
    if not isinstance(reflections, list):
        raise ExchangeError(f"{path.name} is damaged: it has no list of reflections.")
    records = [_record_from_json(entry, i) for i, entry in enumerate(reflections)]
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


def _new_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows whose primary key and other unique keys are not taken here (nor earlier in the file)."""
    unique_sets = [tuple(column.name for column in table.primary_key.columns)]
    unique_sets += [
        tuple(column.name for column in constraint.columns)
        for constraint in table.constraints if isinstance(constraint, UniqueConstraint)
    ]
    taken = {
        names: {tuple(row) for row in session.execute(select(*(table.c[n] for n in names)))}
        for names in unique_sets
    }
    fresh = []
    for row in rows:
        keys = {names: tuple(row[n] for n in names) for names in unique_sets}
        if any(None not in key and key in taken[names] for names, key in keys.items()):
            continue
        for names, key in keys.items():
            taken[names].add(key)
        fresh.append(row)
    return fresh


def preview_import(store: ReflectionStore, document: ImportDocument) -> ImportPreview:
    existing = store.updated_times([r.id for r in document.records if r.id])
    new = updates = 0
    for record in document.records:
        here = existing.get(record.id or "")
        if here is None:
            new += 1
        elif record.updated_at and record.updated_at > here:
            updates += 1
    dates = [r.occurred_at.date() for r in document.records]
    return ImportPreview(
        total=len(document.records),
        new=new,
        duplicates=len(document.records) - new - updates,
        updates=updates,
        first=min(dates) if dates else None,
        last=max(dates) if dates else None,
        settings=document.settings,
        others=_other_counts(store, document),
    )


def _other_counts(store: ReflectionStore, document: ImportDocument) -> tuple[TableCount, ...]:
    counts = []
    with store.database.sessions() as session:
        for table in user_tables():
            rows = document.tables.get(table.name, [])
            if rows and TABLE_NOUNS.get(table.name, ()) is not None:
                counts.append(TableCount(table.name, len(rows), len(_new_rows(session, table, rows))))
        if document.files:
            here = _evidence_content(session)
            new_files = sum(1 for f in document.files if f.path not in here)
            counts.append(TableCount(EVIDENCE_FILES, len(document.files), new_files))
    return tuple(counts)


def _restore_files(session: Session, files: Iterable[EvidenceFile]) -> int:
    """Put the bytes of evidence files that are not here yet into the database; one already here is kept."""
    here = _evidence_content(session)
    wanted = {item.path: item for item in files if item.path not in here}
    if not wanted:
        return 0
    ids = dict(session.execute(select(CpdEvidence.stored, CpdEvidence.id).where(CpdEvidence.stored.in_(list(wanted)))).all())
    rows = [{"evidence_id": ids[path], "data": item.content} for path, item in wanted.items() if path in ids]
    if rows:
        session.execute(insert(CpdEvidenceContent), rows)
    return len(rows)


def import_document(store: ReflectionStore, document: ImportDocument, settings: Settings) -> ImportResult:
    """Merge reflections, other records and evidence files in one transaction; settings only into an empty database.

    Evidence files go into the database in the same transaction, so a failed import
    leaves nothing behind.
    """
    was_empty = store.count(ReflectionFilter(statuses=(STATUS_COMPLETE, STATUS_DRAFT))) == 0
    try:
        with store.writing() as session:
            merged = merge_into(session, document.records)
            if document.version >= 2:  # a newer reflection's template sections come with it
                for start in range(0, len(merged.replaced), 500):
                    chunk = merged.replaced[start : start + 500]
                    session.execute(delete(ReflectionSection).where(ReflectionSection.reflection_id.in_(chunk)))
            others: list[tuple[str, int]] = []
            for table in user_tables():
                rows = _new_rows(session, table, document.tables.get(table.name, []))
                if rows:
                    session.execute(insert(table), rows)
                others.append((table.name, len(rows)))
            others.append((EVIDENCE_FILES, _restore_files(session, document.files)))
    except IntegrityError as exc:
        raise ExchangeError(
            "The file does not fit this database (a record refers to another that is missing); nothing was imported."
        ) from exc
    result = ImportResult(merged.added, merged.updated, merged.unchanged, tuple(others))
    if was_empty:
        defaults = {f.name: type(getattr(settings, f.name)) for f in fields(Settings)}
        for name, value in document.settings.items():
            if isinstance(value, defaults[name]):
                setattr(settings, name, value)
    return result


# ----- CSV for spreadsheets


def _cell(value: str) -> str:
    """Stop a spreadsheet from running text as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_text(records: Iterable[ReflectionRecord], catalog: FrameworkCatalog, include_text: bool = False) -> str:
    """One row per complete reflection, one column per tip (its rating as text)."""
    rows = [r for r in records if r.status == STATUS_COMPLETE]
    columns: dict[str, str] = {}  # item id → header, in checklist order
    for record in rows:
        framework = catalog.get(record.framework_id)
        for rating in record.ratings:
            if rating.item_id not in columns:
                item = framework.item(rating.item_id) if framework else None
                columns[rating.item_id] = item.label if item else rating.item_id
    header = ["id", "date", "time", "duration_min", "setting", "contact_type", "modality",
              "checklist", "checklist_version", "score_percent", "tags", *columns.values()]
    if include_text:
        header += ["reflection", "notes"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for record in rows:
        framework = catalog.get(record.framework_id)
        max_points = framework.max_points if framework else 2
        percent = score((r.points for r in record.ratings), max_points).percent
        answers = {}
        for rating in record.ratings:
            option = framework.option(rating.choice) if framework else None
            answers[rating.item_id] = option.label if option else rating.choice
        line = [
            record.id, record.occurred_at.date().isoformat(), record.occurred_at.strftime("%H:%M"),
            str(record.duration_min), label(SETTINGS, record.setting), label(CONTACT_TYPES, record.contact_type),
            label(MODALITIES, record.modality), record.framework_id, record.framework_version,
            "" if percent is None else f"{percent:.1f}", "; ".join(record.tags),
            *(answers.get(item_id, "") for item_id in columns),
        ]
        if include_text:
            notes = "; ".join(f"{columns.get(r.item_id, r.item_id)}: {r.note}" for r in record.ratings if r.note)
            line += [record.text, notes]
        writer.writerow([_cell(v) for v in line])
    return out.getvalue()


class IdentifiersInExport(ExchangeError):
    """Free text bound for a spreadsheet holds possible identifiers; nothing was written."""


def identifier_findings(records: Iterable[ReflectionRecord], config: ScannerConfig | None) -> list[str]:
    """One line per reflection whose text or notes the scanner flags, naming kinds, never the text."""
    problems = []
    for record in records:
        texts = [("the text", record.text), ("the tags", "; ".join(record.tags)),
                 *((f"the note on {r.item_id}", r.note) for r in record.ratings)]
        kinds = sorted({kind for problem in scan_fields(texts, config) for kind in problem.kinds})
        if kinds:
            problems.append(f"{record.occurred_at:%d %b %Y %H:%M} ({', '.join(kinds)})")
    return problems


def export_csv(
    store: ReflectionStore,
    catalog: FrameworkCatalog,
    path: Path,
    include_text: bool = False,
    scanner: ScannerConfig | None = None,
    allow_identifiers: bool = False,
) -> int:
    """Write the spreadsheet; with free text, every text is scanned first and findings refuse it."""
    records = store.records()
    if include_text and not allow_identifiers:
        problems = identifier_findings(records, scanner)
        if problems:
            shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
            raise IdentifiersInExport(
                f"Not exported: {len(problems)} reflection{'s' if len(problems) != 1 else ''} may identify "
                f"someone ({shown}). Redact them, or export without text."
            )
    write_atomically(path, csv_text(records, catalog, include_text).encode("utf-8"))
    return len(records)
