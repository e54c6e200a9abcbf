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

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Table, UniqueConstraint, delete, insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reflect.data.models import CpdEvidence, CpdEvidenceContent, ReflectionSection
from reflect.exchange_format import (
    EVIDENCE_FILES,
    FORMAT_NAME,
    MACHINE_STATE,
    NOT_IN_TABLES,
    OWN_SECTION,
    PORTABLE_SETTINGS,
    SCHEMA_VERSION,
    TABLE_NOUNS,
    ImportPreview,
    ImportResult,
    TableCount,
    count_text,
    evidence_content,
    user_tables,
)
from reflect.exchange_json import (
    EvidenceFile,
    ImportDocument,
    export_json,
    read_document,
    write_atomically,
)
from reflect.exchange_stream import Progress, let_go, record_batches
from reflect.frameworks import FrameworkCatalog
from reflect.import_checks import ExchangeError as ExchangeError
from reflect.privacy import ScannerConfig, scan_fields
from reflect.records import ReflectionFilter, ReflectionRecord
from reflect.reflections import COMPLETE, ReflectionStore, merge_into
from reflect.scoring import score
from reflect.settings import Settings, update_settings
from reflect.vocabulary import (
    CONTACT_TYPES,
    MODALITIES,
    SETTINGS,
    STATUS_COMPLETE,
    STATUS_DRAFT,
    label,
)
from reflect.wording import moment_text

# the format and the document live in exchange_format and exchange_json; callers import them from here
__all__ = [
    "EVIDENCE_FILES",
    "EvidenceFile",
    "ExchangeError",
    "FORMAT_NAME",
    "IdentifiersInExport",
    "ImportDocument",
    "ImportPreview",
    "ImportResult",
    "MACHINE_STATE",
    "NOT_IN_TABLES",
    "OWN_SECTION",
    "PORTABLE_SETTINGS",
    "SCHEMA_VERSION",
    "TABLE_NOUNS",
    "TableCount",
    "count_text",
    "csv_text",
    "export_csv",
    "export_json",
    "identifier_findings",
    "import_document",
    "preview_import",
    "read_document",
    "user_tables",
    "write_atomically",
]


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
            here = evidence_content(session)
            new_files = sum(1 for f in document.files if f.path not in here)
            counts.append(TableCount(EVIDENCE_FILES, len(document.files), new_files))
    return tuple(counts)


def _restore_files(session: Session, files: Iterable[EvidenceFile]) -> int:
    """Put the bytes of evidence files that are not here yet into the database; one already here is kept."""
    here = evidence_content(session)
    wanted = {item.path: item for item in files if item.path not in here}
    if not wanted:
        return 0
    ids = dict(session.execute(select(CpdEvidence.stored, CpdEvidence.id).where(CpdEvidence.stored.in_(list(wanted)))).all())
    rows = [{"evidence_id": ids[path], "data": item.content} for path, item in wanted.items() if path in ids]
    if rows:
        session.execute(insert(CpdEvidenceContent), rows)
    return len(rows)


MERGE_BATCH = 2000  # reflections merged per statement batch, with progress between
# SQLite's page cache while importing: with the default 2 MB, a million ratings' index pages are
# read and written again and again (17 s for 100,000 reflections; 64 MB takes it to 11 s). 32 MB
# keeps most of that gain and the app under 400 MB while it holds 100,000 reflections to merge.
IMPORT_CACHE_KIB = 32 * 1024


def import_document(
    store: ReflectionStore, document: ImportDocument, settings: Settings, progress: Progress | None = None
) -> ImportResult:
    """Merge reflections, other records and evidence files in one transaction; settings only into an empty database.

    Evidence files go into the database in the same transaction, so a failed import
    leaves nothing behind. Reflections merge a batch at a time, ``progress(done, total)`` after each.
    """
    was_empty = store.count(ReflectionFilter(statuses=(STATUS_COMPLETE, STATUS_DRAFT))) == 0
    records = document.records
    added = updated = unchanged = 0
    try:
        with store.writing() as session:
            # a cap on this connection's cache (the app imports on a worker's own connection, closed afterwards)
            session.execute(text(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}"))
            for start in range(0, len(records), MERGE_BATCH):  # ids are unique in a document, so batches merge alike
                merged = merge_into(session, records[start : start + MERGE_BATCH])
                added, updated, unchanged = added + merged.added, updated + merged.updated, unchanged + merged.unchanged
                if document.version >= 2:  # a newer reflection's template sections come with it
                    for first in range(0, len(merged.replaced), 500):
                        chunk = merged.replaced[first : first + 500]
                        session.execute(delete(ReflectionSection).where(ReflectionSection.reflection_id.in_(chunk)))
                if progress is not None:
                    progress(min(start + MERGE_BATCH, len(records)), len(records))
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
    result = ImportResult(added, updated, unchanged, tuple(others))
    if was_empty:
        update_settings(settings, **document.settings)  # checked by import_checks.check_settings
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
        line: list[str] = [
            record.id or "", record.occurred_at.date().isoformat(), record.occurred_at.strftime("%H:%M"),
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


def identifier_findings(
    records: Iterable[ReflectionRecord], config: ScannerConfig | None, progress: Progress | None = None, total: int = 0
) -> list[str]:
    """One line per reflection whose text or notes the scanner flags, naming kinds, never the text."""
    problems = []
    for done, record in enumerate(records, 1):
        if progress is not None and done % 500 == 0:
            progress(done, total)
        texts = [("the text", record.text), ("the tags", "; ".join(record.tags)),
                 *((f"the note on {r.item_id}", r.note) for r in record.ratings)]
        kinds = sorted({kind for problem in scan_fields(texts, config) for kind in problem.kinds})
        if kinds:
            problems.append(f"{moment_text(record.occurred_at)} ({', '.join(kinds)})")
    return problems


def export_csv(
    store: ReflectionStore,
    catalog: FrameworkCatalog,
    path: Path,
    include_text: bool = False,
    scanner: ScannerConfig | None = None,
    allow_identifiers: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write the spreadsheet; with free text, every text is scanned first and findings refuse it.

    ``progress(done, total)`` follows the reading, a batch at a time, then the scan: a Cancel raised
    there (or Reflect quitting) stops the export within a batch, and nothing is written. Read at
    once, 100,000 reflections took 8 s that nothing could stop.
    """
    scanning = include_text and not allow_identifiers
    total = store.count(COMPLETE)
    steps = total * 2 if scanning else total
    records: list[ReflectionRecord] = []
    try:
        for batch in record_batches(store, COMPLETE):
            records += batch
            if progress is not None:
                progress(len(records), steps)
        if scanning:
            scanned = None if progress is None else lambda done, _total: progress(total + done, steps)
            problems = identifier_findings(records, scanner, scanned, len(records))
            if problems:
                shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
                raise IdentifiersInExport(
                    f"Not exported: {len(problems)} reflection{'s' if len(problems) != 1 else ''} may identify "
                    f"someone ({shown}). Redact them, or export without text."
                )
        write_atomically(path, csv_text(records, catalog, include_text).encode("utf-8"))
        return len(records)
    finally:
        let_go(records)  # written, refused or cancelled alike
