"""Getting data out and back in: the JSON backup format and the CSV spreadsheet export.

JSON is the complete, versioned, lossless format: every reflection (drafts
included), the frameworks they were made with and the settings that matter. A
SHA-256 of the canonical content detects truncated or edited files. Import is
all-or-nothing and merges by the reflections' stable ids.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reflect import __version__
from reflect.errors import UserError
from reflect.frameworks import FrameworkCatalog
from reflect.reflections import MergeResult, RatingEntry, ReflectionFilter, ReflectionRecord, ReflectionStore
from reflect.scoring import score
from reflect.settings import Settings
from reflect.vocabulary import CONTACT_TYPES, MODALITIES, SETTINGS, STATUS_COMPLETE, STATUS_DRAFT, label

FORMAT_NAME = "reflect-export"
SCHEMA_VERSION = 1
# settings that belong to the user's data rather than to one computer's window
PORTABLE_SETTINGS = ("framework_id", "last_setting", "last_contact_type", "last_modality", "last_duration_min")


class ExchangeError(UserError):
    """A file cannot be imported or written; the message is one sentence for the user."""


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
        "text": record.text,
        "tags": list(record.tags),
        "ratings": [asdict(r) for r in record.ratings],
        "created_at": record.created_at.isoformat() if record.created_at else None,
        "updated_at": record.updated_at.isoformat() if record.updated_at else None,
    }


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_document(store: ReflectionStore, catalog: FrameworkCatalog, settings: Settings) -> dict[str, Any]:
    """Everything the user has, as one JSON-ready document."""
    records = store.records(ReflectionFilter(statuses=(STATUS_COMPLETE, STATUS_DRAFT)))
    used = sorted({(r.framework_id, r.framework_version) for r in records})
    frameworks = []
    for framework_id, version in used:
        framework = catalog.get(framework_id)
        entry: dict[str, Any] = {"id": framework_id, "version": version}
        if framework is not None:
            entry.update(title=framework.title, citation=framework.citation)
        frameworks.append(entry)
    data = {
        "reflections": [_record_to_json(r) for r in records],
        "frameworks": frameworks,
        "settings": {name: getattr(settings, name) for name in PORTABLE_SETTINGS},
    }
    return {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "data": data,
        "sha256": hashlib.sha256(_canonical(data)).hexdigest(),
    }


def write_atomically(path: Path, content: bytes) -> None:
    """Write beside the target and rename, so a failure never leaves half a file."""
    tmp = path.with_name(f".{path.name}.part")
    try:
        with open(tmp, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExchangeError(f"Could not write {path}: {exc.strerror or exc}.") from exc


def export_json(store: ReflectionStore, catalog: FrameworkCatalog, settings: Settings, path: Path) -> int:
    """Write the complete backup document; returns how many reflections it holds."""
    document = build_document(store, catalog, settings)
    write_atomically(path, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
    return len(document["data"]["reflections"])


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
    ratings = []
    for r_index, raw in enumerate(_require(entry, "ratings", list, where)):
        r_where = f"{where}, rating {r_index + 1}"
        if not isinstance(raw, dict):
            raise ExchangeError(f"The file is damaged: {r_where} is not an object.")
        points = raw.get("points")
        if points is not None and (not isinstance(points, int) or isinstance(points, bool)):
            raise ExchangeError(f"The file is damaged: {r_where} has invalid points.")
        ratings.append(
            RatingEntry(
                item_id=_require(raw, "item_id", str, r_where),
                choice=_require(raw, "choice", str, r_where),
                points=points,
                note=_require(raw, "note", str, r_where),
            )
        )
    status = _require(entry, "status", str, where)
    if status not in (STATUS_COMPLETE, STATUS_DRAFT):
        raise ExchangeError(f"The file is damaged: {where} has an unknown status {status!r}.")
    duration = _require(entry, "duration_min", int, where)
    if not 0 < duration <= 24 * 60:
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
        ratings=tuple(ratings),
        text=_require(entry, "text", str, where),
        tags=tuple(tags),
        status=status,
        created_at=_parse_datetime(entry.get("created_at"), f"{where} created_at"),
        updated_at=_parse_datetime(entry.get("updated_at"), f"{where} updated_at"),
    )


@dataclass(frozen=True)
class ImportDocument:
    records: list[ReflectionRecord]
    settings: dict[str, Any]


def read_document(path: Path) -> ImportDocument:
    """Read and check a JSON export; every problem is one sentence in ExchangeError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExchangeError(f"Could not read {path}: {exc.strerror or exc}.") from exc
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ExchangeError(f"{path.name} is not a Reflect export (it is not text).") from None
    except json.JSONDecodeError as exc:
        if FORMAT_NAME.encode() in raw[:200]:
            raise ExchangeError(
                f"{path.name} is an incomplete or damaged Reflect export (cut short or edited); nothing was imported."
            ) from None
        raise ExchangeError(f"{path.name} is not a Reflect export: it is not valid JSON (line {exc.lineno}).") from None
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
    if document.get("sha256") != hashlib.sha256(_canonical(data)).hexdigest():
        raise ExchangeError(f"{path.name} has been changed since it was exported (its checksum does not match).")
    reflections = data.get("reflections")
    if not isinstance(reflections, list):
        raise ExchangeError(f"{path.name} is damaged: it has no list of reflections.")
    records = [_record_from_json(entry, i) for i, entry in enumerate(reflections)]
    if len({r.id for r in records}) != len(records):
        raise ExchangeError(f"{path.name} is damaged: a reflection id appears twice.")
    settings = data.get("settings") if isinstance(data.get("settings"), dict) else {}
    return ImportDocument(records, {k: v for k, v in settings.items() if k in PORTABLE_SETTINGS})


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
    )


def import_document(store: ReflectionStore, document: ImportDocument, settings: Settings) -> MergeResult:
    """Merge the reflections (one transaction). Settings are taken only into an empty database."""
    was_empty = store.count(ReflectionFilter(statuses=(STATUS_COMPLETE, STATUS_DRAFT))) == 0
    result = store.merge(document.records)
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


def export_csv(store: ReflectionStore, catalog: FrameworkCatalog, path: Path, include_text: bool = False) -> int:
    records = store.records()
    write_atomically(path, csv_text(records, catalog, include_text).encode("utf-8"))
    return len(records)
