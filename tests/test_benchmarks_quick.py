"""The benchmark harness still runs end to end (quick mode; nothing here is a timed assertion)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MEASUREMENTS = {
    "startup_bare_qt_s",
    "startup_checklist_s",
    *(f"{kind}_at_{moment}_ms" for kind in ("keys", "save") for moment in ("0", "100", "500", "500_trends")),
    "open_plain_ms",
    "open_encrypted_ms",
    "save_ms",
    "history_open_ms",
    "dashboard_series_ms",
    "supervision_pdf_s",
    "export_json_s",
    "import_json_s",
    "peak_memory_mb",
    "privacy_scan_ms",
    "calendar_import_s",
    "calendar_memory_mb",
    "heartbeat_bare_ms",
    "heartbeat_reflect_ms",
    "trends_drawn_ms",
    *(f"usable_{page}_ms" for page in ("history", "cpd", "reports")),
    *(f"freeze_open_{page}_ms" for page in ("history", "trends", "reports", "cpd", "awaiting", "supervisees", "team",
                                            "settings")),
    *(f"freeze_trends_{change}_ms" for change in ("range", "filter", "bin", "week", "month", "table")),
    *(f"freeze_trends_tab_{tab}_ms" for tab in ("tips", "heatmap", "groups", "not_applicable", "compare", "focus")),
    *(f"freeze_reports_{action}_ms" for action in ("all_years", "search", "select_all")),
    *(f"freeze_pack_{action}_ms" for action in ("open", "all_years")),
    *(f"freeze_team_{action}_ms" for action in ("open", "resize")),
    *(f"freeze_reopen_{page}_ms" for page in ("reflect", "history", "trends", "reports", "cpd", "supervisees", "team",
                                              "settings")),
    "freeze_export_ms",
    "freeze_import_ms",
    *(f"{kind}_{action}_ms" for kind in ("freeze", "done") for action in ("restore", "passphrase", "unlock",
                                                                           "unlock_at_start")),
}
LARGE = {key for key in MEASUREMENTS if key.startswith(("freeze", "heartbeat", "usable", "done"))} | {"trends_drawn_ms", "peak_memory_mb"}


@pytest.mark.slow
def test_quick_benchmarks_write_every_result(tmp_path: Path) -> None:
    out, readme = tmp_path / "results.json", tmp_path / "README.md"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--large", "--out", str(out), "--readme", str(readme)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))
    assert {"app", "privacy", "analytics", "report", "calendar"} <= results.keys()
    app = results["app"]
    assert app["quick"] is True
    assert set(app["measurements"]) == MEASUREMENTS
    for key, entry in app["measurements"].items():
        assert entry["samples"], key
        assert entry["median"] is None or entry["median"] > 0, key  # None: every save was lost
        assert entry["median"] is not None or key.startswith("save_at_"), key
    assert app["measurements"]["startup_checklist_s"]["ratio"] > 0
    large = results["large"]
    assert set(large["measurements"]) == LARGE and large["sessions"] > app["sessions"]
    for key, entry in large["measurements"].items():
        assert entry["median"] > 0, key
    table = readme.read_text(encoding="utf-8")
    assert "<!-- results:start -->" in table and "| Measurement |" in table
