"""Marker strings in every kind of user text, and an attacker's search for them on disk.

Used by the encryption tests: put a marker in reflection text, a tip's note, a CPD entry,
an evidence file and the names list, then read every byte of the data folder the way
someone with a copy of it would, looking for any of them.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from reflect.cpd import Activity, CpdStore
from reflect.data.db import open_database
from reflect.data.private_data import store_private
from reflect.frameworks import load_catalog
from reflect.paths import DataPaths
from reflect.records import RatingEntry, ReflectionFilter, ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.settings import Settings

MARKERS = {
    "reflection": "QZXREFLECTIONTEXTQZX",
    "note": "QZXTIPNOTEQZX",
    "cpd": "QZXCPDNOTESQZX",
    "evidence": "QZXEVIDENCEBYTESQZX",
    "name": "QZXPATIENTNAMEQZX",
    "practitioner": "QZXPRACTITIONERQZX",
}


def put_markers(paths: DataPaths, scratch: Path, passphrase: str | None = None) -> None:
    """One reflection, one CPD entry with evidence and the private settings, each holding a marker."""
    catalog = load_catalog()
    framework = catalog.default()
    database = open_database(paths, passphrase)
    try:
        ratings = tuple(
            RatingEntry(item.id, "yes", 2, MARKERS["note"] if index == 0 else "")
            for index, item in enumerate(framework.items)
        )
        ReflectionStore(database, catalog).save(ReflectionRecord(
            occurred_at=datetime(2026, 3, 2, 10, 0), duration_min=30, setting="outpatient", contact_type="review",
            modality="in-person", framework_id=framework.id, framework_version=framework.version,
            ratings=ratings, text=f"Talked about hope. {MARKERS['reflection']}",
        ))
        evidence = scratch / "certificate.txt"
        evidence.write_text(f"certificate {MARKERS['evidence']}", encoding="utf-8")
        CpdStore(database).save_activity(
            Activity(date(2026, 3, 1), "Supervision", "supervision", 1.0, notes=MARKERS["cpd"]), add_files=[evidence]
        )
        evidence.unlink()
        store_private(
            Settings(identifier_names=[MARKERS["name"]], practitioner_name=MARKERS["practitioner"]), database
        )
    finally:
        database.close()


def marker_hits(root: Path) -> list[tuple[str, str]]:
    """(file, marker kind) for every marker found in any byte of any file under `root`."""
    hits = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for kind, marker in MARKERS.items():
            for encoded in (marker.encode("utf-8"), marker.encode("utf-16-le")):
                if encoded in data:
                    hits.append((str(path.relative_to(root)), kind))
    return hits


def markers_readable(paths: DataPaths, passphrase: str | None) -> dict[str, bool]:
    """Whether each marker can still be read back through Reflect (all data intact)."""
    from reflect.data.private_data import apply_private

    catalog = load_catalog()
    database = open_database(paths, passphrase)
    try:
        [record] = ReflectionStore(database, catalog).records(ReflectionFilter(text=MARKERS["reflection"]))
        cpd = CpdStore(database)
        [activity] = [a for a in cpd.activities() if a.notes == MARKERS["cpd"]]
        settings = Settings()
        apply_private(settings, database)
        return {
            "reflection": MARKERS["reflection"] in record.text,
            "note": any(r.note == MARKERS["note"] for r in record.ratings),
            "cpd": True,
            "evidence": MARKERS["evidence"].encode() in (cpd.evidence_bytes(activity.evidence[0]) or b""),
            "name": settings.identifier_names == [MARKERS["name"]],
            "practitioner": settings.practitioner_name == MARKERS["practitioner"],
        }
    finally:
        database.close()
