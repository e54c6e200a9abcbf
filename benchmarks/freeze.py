"""The freeze measurements in the harness: rows, and the probes run side by side with the baseline.

Each repetition starts the bare window with its heartbeat (``bare_qt.py heartbeat``: this
machine's own timer jitter, the floor under every freeze) and then ``freeze_probe.py`` on the
same demo data, alternately, so a change in machine load touches both alike.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from benchmarks.harness import Row, progress, run_json, run_milestones

PAGE_TITLES = {
    "history": "History", "trends": "Trends", "reports": "Reports", "cpd": "CPD", "awaiting": "Awaiting",
    "supervisees": "Supervisees", "team": "Team", "settings": "Settings",
}
EXCHANGE_ACTIONS = {  # benchmarks/exchange_probe.py
    "export": "JSON backup of every reflection written, in the app",
    "import": "that backup imported into an empty folder, in the app",
}
FILE_ACTIONS = {  # benchmarks/file_probe.py: the database file rewritten or its key derived, on a worker
    "restore": "File → Restore from a backup, the newest",
    "passphrase": "Settings → Set passphrase, the database and its backups encrypted",
    "unlock": "Lock screen → Unlock, encrypted database",
    "unlock_at_start": "Unlock dialog at start, encrypted database",
}
REPORTS_ACTIONS = {  # on Reports, after its first open: its list of reflections whose text to include
    "reports_all_years": "Reports: a custom period from 2000, every reflection in its list",
    "reports_search": "Reports: a letter typed in that list's search",
    "reports_select_all": "Reports: Select all pressed on what the search shows",
}
PACK_ACTIONS = {  # File → Prepare for supervision: its list of reflections whose text the pack may carry
    "pack_open": "Prepare for supervision opened (the last 90 days listed)",
    "pack_all_years": "Prepare for supervision: a From date in 2000, every reflection in its list",
}
TEAM_ACTIONS = {  # on Team: three team summaries of every week in the demo data (exported from it)
    "team_open": "Team: three all-time team summaries opened",
    "team_resize": "Team: the window resized to 1920×1080 with them shown",
}
REOPEN_ACTIONS = {  # benchmarks/reopen_probe.py: Reflect started, reopening on the last page used
    f"reopen_{key}": f"start-up reopening on {title}, until it shows its data"
    for key, title in {"reflect": "Reflect", **PAGE_TITLES}.items() if key != "awaiting"  # built with the prompts
}
USABLE_PAGES = ("history", "cpd", "reports")  # first open, from the click to usable: ≤ 150 ms at the design load
# On Trends, after its first open: the range to "All", a filter and another period; then each other tab
# chosen (its first show, range "All": the census found the Tips tab's date axes freezing the window
# 0.75 s there), weekly then monthly periods chosen with the Tips tab's ten charts on screen (830 and
# 190 points each, the monthly ones with markers), and "Show as table" pressed there; controls found by
# what a person reads.
TRENDS_TABS = ("Heatmap", "Groups", "Not applicable", "Compare", "Focus", "Tips")


def tab_key(title: str) -> str:
    return f"trends_tab_{title.lower().replace(' ', '_')}"


TRENDS_ACTIONS = {
    "trends_range": 'Trends: range changed to "All"',
    "trends_filter": "Trends: a setting filter chosen",
    "trends_bin": "Trends: another period chosen, e.g. month",
    **{tab_key(title): f"Trends: the {title} tab chosen" for title in TRENDS_TABS},
    "trends_week": "Trends: weekly periods chosen on the Tips tab",
    "trends_month": "Trends: monthly periods chosen on the Tips tab",
    "trends_table": "Trends: Show as table pressed",
}


def freeze_rows(
    sessions: int, freeze_target: float, drawn_target: float | None, usable_target: float | None
) -> tuple[Row, ...]:
    """The heartbeat baselines, the longest freeze of every action, Trends from the click to drawn,
    History, CPD and Reports from the click to usable (their data shown: the runner's work done), and
    the file changes from the click to done (no target: a dialog shows they are under way)."""
    n = f"{sessions:,}"
    actions = ({f"open_{key}": f"first open of {title}" for key, title in PAGE_TITLES.items()} | TRENDS_ACTIONS
               | REPORTS_ACTIONS | PACK_ACTIONS | TEAM_ACTIONS | EXCHANGE_ACTIONS | FILE_ACTIONS | REOPEN_ACTIONS)
    return (
        Row("heartbeat_bare_ms", "Heartbeat: longest gap in an idle bare window, 1 s (baseline: timer jitter)", "ms"),
        Row("heartbeat_reflect_ms", f"Heartbeat: longest gap in Reflect's idle main window, 1 s ({n})", "ms",
            baseline="heartbeat_bare_ms"),
        *(Row(f"freeze_{key}_ms", f"Longest freeze: {label} ({n})", "ms", freeze_target, strict=False)
          for key, label in actions.items()),
        Row("trends_drawn_ms", f"Trends: click to charts drawn, loading included ({n})", "ms", drawn_target,
            strict=False),
        *(Row(f"usable_{key}_ms", f"{PAGE_TITLES[key]}: click to usable, loading included ({n})", "ms", usable_target,
              strict=False) for key in USABLE_PAGES),
        *(Row(f"done_{key}_ms", f"{label}: click to done ({n})", "ms") for key, label in FILE_ACTIONS.items()),
    )


def measure_freezes(data: Path, repeats: int) -> dict[str, list[float]]:
    """`repeats` probes of every action on `data` (only read: what writes works on a copy), each after a
    bare-window heartbeat."""
    samples: dict[str, list[float]] = {"heartbeat_bare_ms": [], "heartbeat_reflect_ms": [], "trends_drawn_ms": [],
                                       "freeze_rss_mb": []}
    for run in range(repeats):
        progress(f"freezes {run + 1} of {repeats}")
        bare = run_milestones([sys.executable, "-m", "benchmarks.bare_qt", "heartbeat"])
        samples["heartbeat_bare_ms"].append(float(bare["idle_gap_ms"][1]))
        found = run_json([sys.executable, "-m", "benchmarks.freeze_probe", str(data)])
        samples["heartbeat_reflect_ms"].append(1000 * found["idle_gap"])
        samples["freeze_rss_mb"].append(found["rss_mb"])
        samples["trends_drawn_ms"].append(1000 * found["open_trends"][1])
        for key in USABLE_PAGES:
            samples.setdefault(f"usable_{key}_ms", []).append(1000 * found[f"open_{key}"][1])
        found |= run_json([sys.executable, "-m", "benchmarks.exchange_probe", str(data), str(data.parent / "exchange")])
        files = run_json([sys.executable, "-m", "benchmarks.file_probe", str(data), str(data.parent / "file-changes")])
        for key in FILE_ACTIONS:
            samples.setdefault(f"done_{key}_ms", []).append(1000 * files[key][1])
        found |= files | reopen_all(data)
        for key, value in found.items():
            if isinstance(value, list):
                samples.setdefault(f"freeze_{key}_ms", []).append(1000 * value[0])
    return samples


def reopen_all(data: Path) -> dict[str, list[float]]:
    """Reflect started on a copy of `data` once for each page it may reopen on: [longest freeze] each."""
    copy = data.parent / "reopen"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(data, copy)
    try:
        return {key: [run_json([sys.executable, "-m", "benchmarks.reopen_probe", str(copy), key.removeprefix("reopen_")])
                      ["freeze"]] for key in REOPEN_ACTIONS}
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def freeze_table(app: dict[str, Any], large: dict[str, Any] | None) -> str:
    """The freezes side by side at the design load and at five times it, for the project README."""
    sizes = [app] + ([large] if large is not None else [])
    head = " | ".join(f"{found['sessions']:,} reflections" for found in sizes)
    lines = [
        "Longest freeze (heartbeat method; median of "
        + " and ".join(f"{found['freeze_repeats']} probes at {found['sessions']:,}" for found in sizes)
        + f", measured {app['measured'][:10]}; details in [`benchmarks/README.md`](benchmarks/README.md)):",
        "",
        f"| Action | {head} |",
        "| --- |" + " ---: |" * len(sizes),
    ]
    for key, entry in app["measurements"].items():
        if key.startswith(("freeze_", "trends_drawn", "usable_", "done_", "heartbeat_bare")):
            label = entry["label"].replace("Longest freeze: ", "").split(" (")[0]
            cells = [_cell(found["measurements"].get(key)) for found in sizes]
            lines.append(f"| {label[:1].upper()}{label[1:]} | {' | '.join(cells)} |")
    return "\n".join(lines)


def _cell(entry: dict[str, Any] | None) -> str:
    if entry is None:
        return "—"
    value = f"{entry['median']:,.0f} ms"
    if entry["pass"] is None:
        return value
    return f"{value} ({entry['target']}: {'pass' if entry['pass'] else '**fail**'})"
