"""User preferences kept as JSON in the data folder, written atomically."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from reflect.frameworks import DEFAULT_FRAMEWORK_ID

log = logging.getLogger(__name__)


@dataclass
class Settings:
    framework_id: str = DEFAULT_FRAMEWORK_ID
    last_setting: str = "outpatient"
    last_contact_type: str = "review"
    last_modality: str = "in-person"
    last_duration_min: int = 30
    window_geometry: str = ""  # opaque, saved by the UI
    window_page: int = 0


def load_settings(path: Path) -> Settings:
    """Read settings; a missing or damaged file gives defaults (and is left for inspection)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        log.warning("Ignoring unreadable settings file %s: %s", path, exc)
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    defaults = Settings()
    values = {}
    for f in fields(Settings):
        value = raw.get(f.name, getattr(defaults, f.name))
        values[f.name] = value if isinstance(value, type(getattr(defaults, f.name))) else getattr(defaults, f.name)
    return Settings(**values)


def save_settings(path: Path, settings: Settings) -> None:
    """Write to a temporary file and rename, so a crash never leaves half a file."""
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    try:
        os.chmod(tmp, 0o600)
    except OSError:
        pass
    os.replace(tmp, path)
