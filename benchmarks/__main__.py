"""Run every benchmark and record medians: ``uv run python -m benchmarks [--quick] [--out F] [--readme F]``.

Start-up, memory and each timed operation run in fresh subprocesses; a bare PySide6 window
started the same way in the same run is the baseline for start-up. Demo data is generated once
per run and copied for each measurement. Results go to ``benchmarks/results.json`` (key "app",
plus the keys the helper scripts bench_*.py write) and a table in ``benchmarks/README.md``.
``--quick`` uses tiny sizes and one or two repeats only to prove everything still runs; it writes
files only where ``--out`` / ``--readme`` say.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.freeze import freeze_rows, freeze_table, measure_freezes
from benchmarks.harness import (
    CHILD_TIMEOUT_S,
    HERE,
    ROOT,
    BenchmarkError,
    Row,
    child_env,
    demo_data,
    progress,
    run_json,
    run_milestones,
)

RESULTS = HERE / "results.json"
README = HERE / "README.md"
START_MARK = "<!-- results:start -->"
END_MARK = "<!-- results:end -->"
PROJECT_README = ROOT / "README.md"  # its Benchmarks section shows the freezes (a full run fills it)
FREEZES_START = "<!-- freezes:start -->"
FREEZES_END = "<!-- freezes:end -->"
SAVES = (  # key, ms after first paint, the page Reflect reopens on (the last one used), words
    ("0", 0, "reflect", "at first paint"),
    ("100", 100, "reflect", "100 ms after first paint"),
    ("500", 500, "reflect", "500 ms after first paint"),
    ("500_trends", 500, "trends", "500 ms after first paint, reopening on Trends"),
)


@dataclass(frozen=True)
class RunConfig:
    quick: bool
    sessions: int
    repeats: int  # timed operations
    heavy_repeats: int  # export, import, memory: seconds each
    startup_repeats: int
    startup_warmups: int  # not counted: fills the OS file cache and the bytecode caches
    freeze_repeats: int  # freeze probes (each opens every page once)
    large_sessions: int  # --large: the freeze probes again at five times the design load
    large_repeats: int


FULL = RunConfig(quick=False, sessions=20_000, repeats=7, heavy_repeats=3, startup_repeats=7, startup_warmups=1,
                 freeze_repeats=5, large_sessions=100_000, large_repeats=3)
QUICK = RunConfig(quick=True, sessions=200, repeats=2, heavy_repeats=1, startup_repeats=1, startup_warmups=0,
                  freeze_repeats=1, large_sessions=400, large_repeats=1)


def rows(sessions: int) -> tuple[Row, ...]:
    n = f"{sessions:,}"
    return (
        Row("startup_bare_qt_s", "Cold start: bare PySide6 QApplication + QMainWindow painted (baseline)", "s"),
        Row("startup_checklist_s", "Cold start: Reflect painted, focus on tip 1 (typeable)", "s", 2,
            strict=False, baseline="startup_bare_qt_s", target_is_ratio=True),
        *(Row(f"{kind}_at_{key}_ms", f"{label} {when}: {done}", "ms", 100, strict=False)
          for key, _delay, _page, when in SAVES
          for kind, label, done in (("keys", "Ten rating keys typed", "handled after"),
                                    ("save", "Ctrl+Enter pressed", "saved and confirmed after"))),
        Row("open_plain_ms", f"Open the database ({n}): integrity check + first query", "ms"),
        Row("open_encrypted_ms", f"Open the encrypted database ({n}): key derivation + the same", "ms",
            baseline="open_plain_ms"),
        Row("save_ms", f"Save one reflection ({n} in the database)", "ms", 30),
        Row("history_open_ms", f"History open: count + first page of {n}", "ms", 200),
        Row("dashboard_series_ms", f"Trends: rating table + dashboard series from {n} records", "ms", 150),
        Row("supervision_pdf_s", "One-year supervision PDF (bench_report.py)", "s", 2),
        Row("export_json_s", f"JSON export of {n} reflections", "s"),
        Row("import_json_s", f"JSON import of {n} reflections into an empty folder", "s"),
        Row("peak_memory_mb", f"Peak memory: start, then every page and the Trends changes with {n}", "MB", 250),
        Row("privacy_scan_ms", "Identifier scan of a 2,000-word reflection (bench_privacy.py)", "ms", 20),
        Row("calendar_import_s", "Calendar import of 50,000 ordinary events (bench_calendar.py)", "s", 5, strict=False),
        Row("calendar_memory_mb", "Peak memory of that calendar import", "MB", 300, strict=False),
        *freeze_rows(sessions, 100, 300, 150),
    )


def large_rows(sessions: int) -> tuple[Row, ...]:
    return (*freeze_rows(sessions, 250, None, None),
            Row("peak_memory_mb", f"Peak memory: start, then every page and the Trends changes with {sessions:,}",
                "MB", 400, strict=False))


def measure_startup(config: RunConfig, data: Path) -> dict[str, list[float]]:
    """Bare window and Reflect started alternately, so drift in machine load affects both alike.

    Each repetition starts Reflect once for each of SAVES, in which a whole reflection is
    typed and saved; every start counts towards "painted". A save never confirmed is NaN.
    """
    samples: dict[str, list[float]] = {"startup_bare_qt_s": [], "startup_checklist_s": []}
    total = config.startup_warmups + config.startup_repeats
    for run in range(total):
        progress(f"start-up {run + 1} of {total}" + (" (warm-up)" if run < config.startup_warmups else ""))
        bare = run_milestones([sys.executable, str(HERE / "bare_qt.py")])
        starts = {}
        for key, delay, page, _words in SAVES:
            reopen_on(data, page)
            starts[key] = run_milestones([sys.executable, str(HERE / "startup_probe.py"), "save", str(data), str(delay)])
        if run < config.startup_warmups:
            continue
        samples["startup_bare_qt_s"].append(bare["painted"][0])
        for key, app in starts.items():
            samples["startup_checklist_s"].append(app["painted"][0])
            samples.setdefault(f"keys_at_{key}_ms", []).append(float(app["keys"][1]))
            saved = app["saved"][1]
            samples.setdefault(f"save_at_{key}_ms", []).append(math.nan if saved == "lost" else float(saved))
    return samples


def reopen_on(data: Path, page: str) -> None:
    """Make Reflect reopen on `page`, as if the user had left it there (settings.json's window_page)."""
    settings = data / "settings.json"
    values = json.loads(settings.read_text(encoding="utf-8"))
    values["window_page"] = page
    settings.write_text(json.dumps(values, indent=2), encoding="utf-8")


def measure_operations(config: RunConfig, demo: Path, scratch: Path) -> dict[str, list[float]]:
    """Each operation in its own subprocess, on its own copy of the demo data."""
    plan = {  # measurement name in benchmarks.measure -> (results key, repeats, scale from seconds)
        "open_plain": ("open_plain_ms", config.repeats, 1000),
        "open_encrypted": ("open_encrypted_ms", config.repeats, 1000),
        "save": ("save_ms", config.repeats, 1000),
        "history": ("history_open_ms", config.repeats, 1000),
        "dashboard": ("dashboard_series_ms", config.repeats, 1000),
        "export": ("export_json_s", config.heavy_repeats, 1),
        "import": ("import_json_s", config.heavy_repeats, 1),
    }
    samples = {}
    for name, (key, repeats, scale) in plan.items():
        progress(f"{name} ({repeats} runs)")
        copy = scratch / f"data-{name}"
        shutil.copytree(demo, copy)
        seconds = run_json([sys.executable, "-m", "benchmarks.measure", name, str(copy), str(repeats)])[name]
        samples[key] = [value * scale for value in seconds]
        shutil.rmtree(copy)
    return samples


HELPER_SCRIPT = """\
import importlib, pathlib, sys
module = importlib.import_module("benchmarks." + sys.argv[1])
module.RESULTS = pathlib.Path(sys.argv[2])
sys.argv = [module.__file__, *sys.argv[3:]]
sys.exit(module.main())
"""


def run_helpers(config: RunConfig, scratch: Path) -> dict[str, dict[str, Any]]:
    """The single-purpose scripts bench_*.py, each writing its key into a scratch results file.

    A script may exit non-zero to say a target was missed; it ran to the end if its key was written.
    """
    sizes = ["--sessions", str(config.sessions), "--repeats", str(config.heavy_repeats if config.quick else 5)]
    events = ["--events", "500" if config.quick else "50000", "--repeats", str(config.heavy_repeats)]
    helpers = {"privacy": ("bench_privacy", []), "analytics": ("bench_analytics", sizes), "report": ("bench_report", sizes),
               "calendar": ("bench_calendar", events)}
    found: dict[str, dict[str, Any]] = {}
    for key, (module, arguments) in helpers.items():
        progress(f"{module}.py")
        out = scratch / f"{module}.json"
        done = subprocess.run(
            [sys.executable, "-c", HELPER_SCRIPT, module, str(out), *arguments],
            cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=CHILD_TIMEOUT_S,
        )
        written = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        if key not in written:
            raise BenchmarkError(f"{module}.py exited with {done.returncode}: {done.stderr.strip()[-2000:]}")
        found[key] = written[key]
    return found


def summarise(config: RunConfig, table_rows: tuple[Row, ...], samples: dict[str, list[float]],
              sessions: int) -> dict[str, Any]:
    """Medians, ratios to baselines and pass/fail for every table row."""
    measurements: dict[str, dict[str, Any]] = {}
    for row in table_rows:
        found = [value for value in samples[row.key] if not math.isnan(value)]
        median = statistics.median(found) if found else math.nan  # NaN: a save never confirmed
        entry: dict[str, Any] = {
            "label": row.label,
            "unit": row.unit,
            "median": None if math.isnan(median) else round(median, 3),
            "samples": [None if math.isnan(value) else round(value, 3) for value in samples[row.key]],
            "lost": len(samples[row.key]) - len(found),
            "target": row.target_text() if row.target is not None else None,
            "ratio": None,
            "pass": None,
        }
        if row.baseline and found:
            entry["ratio"] = round(median / statistics.median(samples[row.baseline]), 2)
        if row.target is not None:
            entry["pass"] = not entry["lost"] and row.passes(entry["ratio"] if row.target_is_ratio else median)
        measurements[row.key] = entry
    return {
        "measured": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": config.quick,
        "sessions": sessions,
        "repeats": config.repeats,
        "startup_repeats": config.startup_repeats,
        "heavy_repeats": config.heavy_repeats,
        "freeze_repeats": config.large_repeats if sessions == config.large_sessions else config.freeze_repeats,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "system": platform.system(),
        "measurements": measurements,
    }


def table(app: dict[str, Any], large: dict[str, Any] | None) -> str:
    """The Markdown results section written between the README's markers: the run, then the
    100,000-reflection freezes (from this run with --large, else as last measured)."""
    kind = "a QUICK run: tiny sizes, not representative" if app["quick"] else "a full run"
    lines = [
        f"Measured {app['measured']} in {kind}; Python {app['python']}, {app['system']} {app['machine']}, "
        f"{app['sessions']:,} demo reflections. Medians of {app['startup_repeats']} start-up(s) ({len(SAVES)} Reflect "
        f"starts each), {app['repeats']} runs of each timed operation, {app['heavy_repeats']} of export and import "
        f"and {app.get('freeze_repeats', '?')} freeze probes.",
        "",
        *_rows_markdown(app),
    ]
    if large is not None:
        kind = "a QUICK run" if large["quick"] else "a full run with --large"
        lines += ["", f"At {large['sessions']:,} reflections: measured {large['measured']} in {kind}; medians of "
                  f"{large['freeze_repeats']} freeze probes.", "", *_rows_markdown(large)]
    return "\n".join(lines)


def _rows_markdown(app: dict[str, Any]) -> list[str]:
    lines = ["| Measurement | Median | Target | × baseline | Result |", "| --- | ---: | --- | ---: | --- |"]
    for entry in app["measurements"].values():
        median = _median_text(entry)
        ratio = f"{entry['ratio']:.2f}×" if entry["ratio"] is not None else "—"
        result = "—" if entry["pass"] is None else ("pass" if entry["pass"] else "**fail**")
        lines.append(f"| {entry['label']} | {median} | {entry['target'] or '—'} | {ratio} | {result} |")
    return lines


def _median_text(entry: dict[str, Any]) -> str:
    lost = entry.get("lost", 0)
    if entry["median"] is None:
        return f"lost in {lost} of {lost}"
    median = f"{entry['median']:.3f} s" if entry["unit"] == "s" else f"{entry['median']:,.1f} {entry['unit']}"
    return f"{median}, lost in {lost} of {len(entry['samples'])}" if lost else median


def previous_large(path: Path | None) -> dict[str, Any] | None:
    """The last --large results kept in the results file, shown until they are measured again."""
    if path is None or not path.exists():
        return None
    found: dict[str, Any] | None = json.loads(path.read_text(encoding="utf-8")).get("large")
    return found


def write_results(path: Path, app: dict[str, Any], helpers: dict[str, dict[str, Any]],
                  large: dict[str, Any] | None) -> None:
    """Read-modify-write: keys written by anything else (and --large results not measured again) stay."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.update(helpers)
    data["app"] = app
    if large is not None:
        data["large"] = large
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def write_readme(path: Path, section: str, start: str = START_MARK, end: str = END_MARK) -> None:
    """Replace the marked section, or start a file holding only that section."""
    marked = f"{start}\n{section}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmark results\n\n{start}\n{end}\n"
    if start not in text or end not in text:
        raise BenchmarkError(f"{path} has no {start} … {end} section to fill in")
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    path.write_text(before + marked + after, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one or two repeats: checks that everything runs")
    parser.add_argument("--large", action="store_true",
                        help="also measure the freezes at 100,000 reflections (about ten more minutes)")
    parser.add_argument("--out", type=Path, help=f"results JSON to update (default {RESULTS.relative_to(ROOT)})")
    parser.add_argument("--readme", type=Path, help=f"Markdown file whose results section to fill (default {README.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    config = QUICK if args.quick else FULL
    out = args.out or (None if config.quick else RESULTS)
    readme = args.readme or (None if config.quick else README)
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="reflect-bench-") as folder:
            scratch = Path(folder)
            demo = scratch / "demo"
            demo_data(config.sessions, demo)
            startup_data = scratch / "data-startup"
            shutil.copytree(demo, startup_data)
            samples = measure_startup(config, startup_data)
            samples.update(measure_freezes(demo, config.freeze_repeats))
            samples["peak_memory_mb"] = samples.pop("freeze_rss_mb")
            samples.update(measure_operations(config, demo, scratch))
            helpers = run_helpers(config, scratch)
            large = None
            if args.large:
                shutil.rmtree(demo)
                demo_data(config.large_sessions, demo)
                large_samples = measure_freezes(demo, config.large_repeats)
                large_samples["peak_memory_mb"] = large_samples.pop("freeze_rss_mb")
                large = summarise(config, large_rows(config.large_sessions), large_samples, config.large_sessions)
        samples["supervision_pdf_s"] = [helpers["report"]["one_year_report_ms"] / 1000]
        samples["privacy_scan_ms"] = [helpers["privacy"]["median_ms"]]
        samples["calendar_import_s"] = helpers["calendar"]["samples_s"]
        samples["calendar_memory_mb"] = [helpers["calendar"]["peak_memory_mb"]]
        app = summarise(config, rows(config.sessions), samples, config.sessions)
        large = large or previous_large(out)
        section = table(app, large)
        if out:
            write_results(out, app, helpers, large)
        if readme:
            write_readme(readme, section)
        if readme == README:
            write_readme(PROJECT_README, freeze_table(app, large), FREEZES_START, FREEZES_END)
    except (BenchmarkError, subprocess.TimeoutExpired) as exc:
        print(f"benchmarks: {exc}", file=sys.stderr)
        return 1
    print(section)
    progress(f"finished in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
