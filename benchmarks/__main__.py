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
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results.json"
README = HERE / "README.md"
START_MARK = "<!-- results:start -->"
END_MARK = "<!-- results:end -->"
CHILD_TIMEOUT_S = 600


class BenchmarkError(Exception):
    """A benchmark subprocess failed or reported nothing usable."""


@dataclass(frozen=True)
class RunConfig:
    quick: bool
    sessions: int
    repeats: int  # timed operations
    heavy_repeats: int  # export, import, memory: seconds each
    startup_repeats: int
    startup_warmups: int  # not counted: fills the OS file cache and the bytecode caches


FULL = RunConfig(quick=False, sessions=20_000, repeats=7, heavy_repeats=3, startup_repeats=7, startup_warmups=1)
QUICK = RunConfig(quick=True, sessions=200, repeats=2, heavy_repeats=1, startup_repeats=1, startup_warmups=0)


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    key: str
    label: str
    unit: str  # "s", "ms" or "MB"
    target: float | None = None
    strict: bool = True  # "<" rather than "≤"
    baseline: str | None = None  # key of a baseline measured in the same run
    target_is_ratio: bool = False  # the target bounds median / baseline

    def target_text(self) -> str:
        if self.target is None:
            return "—"
        sign = "<" if self.strict else "≤"
        return f"{sign} {self.target:g}× baseline" if self.target_is_ratio else f"{sign} {self.target:g} {self.unit}"

    def passes(self, value: float) -> bool:
        assert self.target is not None
        return value < self.target if self.strict else value <= self.target


def rows(sessions: int) -> tuple[Row, ...]:
    n = f"{sessions:,}"
    return (
        Row("startup_bare_qt_s", "Cold start: bare PySide6 QApplication + QMainWindow painted (baseline)", "s"),
        Row("startup_checklist_s", "Cold start: Reflect painted, focus on tip 1 (typeable)", "s", 2,
            strict=False, baseline="startup_bare_qt_s", target_is_ratio=True),
        Row("startup_ready_to_save_s", "Cold start: Reflect to a reflection saved (ten keys + Ctrl+Enter)", "s",
            0.6, strict=False, baseline="startup_bare_qt_s"),
        Row("open_plain_ms", f"Open the database ({n}): integrity check + first query", "ms"),
        Row("open_encrypted_ms", f"Open the encrypted database ({n}): key derivation + the same", "ms",
            baseline="open_plain_ms"),
        Row("save_ms", f"Save one reflection ({n} in the database)", "ms", 30),
        Row("history_open_ms", f"History open: count + first page of {n}", "ms", 200),
        Row("dashboard_series_ms", f"Trends: rating table + dashboard series from {n} records", "ms", 150),
        Row("supervision_pdf_s", "One-year supervision PDF (bench_report.py)", "s", 2),
        Row("export_json_s", f"JSON export of {n} reflections", "s"),
        Row("import_json_s", f"JSON import of {n} reflections into an empty folder", "s"),
        Row("peak_memory_mb", f"Peak memory: start, History, Trends with {n}", "MB", 250),
        Row("privacy_scan_ms", "Identifier scan of a 2,000-word reflection (bench_privacy.py)", "ms", 20),
        Row("calendar_import_s", "Calendar import of 50,000 ordinary events (bench_calendar.py)", "s", 5, strict=False),
        Row("calendar_memory_mb", "Peak memory of that calendar import", "MB", 300, strict=False),
    )


def child_env() -> dict[str, str]:
    """Offscreen Qt, and bytecode caches allowed so start-up is not timed compiling every module."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("REFLECT_HOME", None)
    return env


def progress(message: str) -> None:
    print(f"benchmarks: {message}", file=sys.stderr, flush=True)


def run_milestones(command: list[str]) -> dict[str, tuple[float, str]]:
    """Run a probe; each ``bench: NAME [VALUE]`` line it prints → (seconds since launch, VALUE)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=child_env(), stdout=subprocess.PIPE, stderr=errors, text=True)
        watchdog = threading.Timer(CHILD_TIMEOUT_S, process.kill)
        watchdog.start()
        milestones: dict[str, tuple[float, str]] = {}
        try:
            assert process.stdout is not None
            for line in process.stdout:
                if line.startswith("bench: "):
                    name, _, value = line[len("bench: "):].strip().partition(" ")
                    milestones[name] = (time.perf_counter() - started, value)
            code = process.wait()
        finally:
            watchdog.cancel()
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if code != 0 or "failed" in milestones:
        detail = milestones.get("failed", (0.0, ""))[1] or stderr.strip()[-2000:]
        raise BenchmarkError(f"{Path(command[1]).name} exited with {code}: {detail}")
    return milestones


def measure_startup(config: RunConfig, data: Path) -> dict[str, list[float]]:
    """Bare window and Reflect started alternately, so drift in machine load affects both alike."""
    samples: dict[str, list[float]] = {"startup_bare_qt_s": [], "startup_checklist_s": [], "startup_ready_to_save_s": []}
    total = config.startup_warmups + config.startup_repeats
    for run in range(total):
        progress(f"start-up {run + 1} of {total}" + (" (warm-up)" if run < config.startup_warmups else ""))
        bare = run_milestones([sys.executable, str(HERE / "bare_qt.py")])
        app = run_milestones([sys.executable, str(HERE / "startup_probe.py"), "save", str(data)])
        if run >= config.startup_warmups:
            samples["startup_bare_qt_s"].append(bare["painted"][0])
            samples["startup_checklist_s"].append(app["painted"][0])
            samples["startup_ready_to_save_s"].append(app["saved"][0])
    return samples


def measure_memory(config: RunConfig, demo: Path, scratch: Path) -> list[float]:
    """Each run on a fresh copy: Reflect remembers the page it was left on."""
    values = []
    for run in range(config.heavy_repeats):
        progress(f"peak memory {run + 1} of {config.heavy_repeats}")
        copy = scratch / "data-memory"
        shutil.copytree(demo, copy)
        milestones = run_milestones([sys.executable, str(HERE / "startup_probe.py"), "memory", str(copy)])
        values.append(float(milestones["rss_mb"][1]))
        shutil.rmtree(copy)
    return values


def run_json(command: list[str]) -> dict[str, Any]:
    """Run a subprocess that prints one JSON object as its last line of output."""
    done = subprocess.run(command, cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=CHILD_TIMEOUT_S)
    if done.returncode != 0:
        raise BenchmarkError(f"{' '.join(command[1:4])} exited with {done.returncode}: {done.stderr.strip()[-2000:]}")
    lines = done.stdout.strip().splitlines()
    if not lines:
        raise BenchmarkError(f"{' '.join(command[1:4])} printed no result")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


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


def summarise(config: RunConfig, samples: dict[str, list[float]]) -> dict[str, Any]:
    """Medians, ratios to baselines and pass/fail for every table row."""
    measurements: dict[str, dict[str, Any]] = {}
    for row in rows(config.sessions):
        median = statistics.median(samples[row.key])
        entry: dict[str, Any] = {
            "label": row.label,
            "unit": row.unit,
            "median": round(median, 3),
            "samples": [round(value, 3) for value in samples[row.key]],
            "target": row.target_text() if row.target is not None else None,
            "ratio": None,
            "pass": None,
        }
        if row.baseline:
            entry["ratio"] = round(median / statistics.median(samples[row.baseline]), 2)
        if row.target is not None:
            entry["pass"] = row.passes(entry["ratio"] if row.target_is_ratio else median)
        measurements[row.key] = entry
    return {
        "measured": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "quick": config.quick,
        "sessions": config.sessions,
        "repeats": config.repeats,
        "startup_repeats": config.startup_repeats,
        "heavy_repeats": config.heavy_repeats,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "system": platform.system(),
        "measurements": measurements,
    }


def table(app: dict[str, Any]) -> str:
    """The Markdown results section written between the README's markers."""
    kind = "a QUICK run: tiny sizes, not representative" if app["quick"] else "a full run"
    lines = [
        f"Measured {app['measured']} in {kind}; Python {app['python']}, {app['system']} {app['machine']}, "
        f"{app['sessions']:,} demo reflections. Medians of {app['startup_repeats']} start-up(s), "
        f"{app['repeats']} runs of each timed operation and {app['heavy_repeats']} of export, import and memory.",
        "",
        "| Measurement | Median | Target | × baseline | Result |",
        "| --- | ---: | --- | ---: | --- |",
    ]
    for entry in app["measurements"].values():
        median = f"{entry['median']:.3f} s" if entry["unit"] == "s" else f"{entry['median']:.1f} {entry['unit']}"
        ratio = f"{entry['ratio']:.2f}×" if entry["ratio"] is not None else "—"
        result = "—" if entry["pass"] is None else ("pass" if entry["pass"] else "**fail**")
        lines.append(f"| {entry['label']} | {median} | {entry['target'] or '—'} | {ratio} | {result} |")
    return "\n".join(lines)


def write_results(path: Path, app: dict[str, Any], helpers: dict[str, dict[str, Any]]) -> None:
    """Read-modify-write: keys written by anything else stay; replaced atomically."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.update(helpers)
    data["app"] = app
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def write_readme(path: Path, section: str) -> None:
    """Replace the marked results section, or start a file holding only that section."""
    marked = f"{START_MARK}\n{section}\n{END_MARK}"
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmark results\n\n{START_MARK}\n{END_MARK}\n"
    if START_MARK not in text or END_MARK not in text:
        raise BenchmarkError(f"{path} has no {START_MARK} … {END_MARK} section to fill in")
    before, rest = text.split(START_MARK, 1)
    after = rest.split(END_MARK, 1)[1]
    path.write_text(before + marked + after, encoding="utf-8")


DEMO_SCRIPT = """\
import pathlib, sys
from reflect.cli import run_demo
from reflect.paths import DataPaths
from reflect.settings import load_settings, save_settings
paths = DataPaths(pathlib.Path(sys.argv[1]))
run_demo(paths, int(sys.argv[2]))
settings = load_settings(paths.settings)
settings.prompts_enabled = False
save_settings(paths.settings, settings)
"""


def make_demo(config: RunConfig, folder: Path) -> None:
    """One demo data folder per run, made in a subprocess like everything else.

    After-session prompts are switched off: they depend on the time of day, and a prompt
    window taking focus would make start-up runs incomparable.
    """
    progress(f"generating {config.sessions:,} demo reflections")
    command = [sys.executable, "-c", DEMO_SCRIPT, str(folder), str(config.sessions)]
    done = subprocess.run(command, cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=CHILD_TIMEOUT_S)
    if done.returncode != 0:
        raise BenchmarkError(f"reflect demo exited with {done.returncode}: {done.stderr.strip()[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one or two repeats: checks that everything runs")
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
            make_demo(config, demo)
            startup_data = scratch / "data-startup"
            shutil.copytree(demo, startup_data)
            samples = measure_startup(config, startup_data)
            samples["peak_memory_mb"] = measure_memory(config, demo, scratch)
            samples.update(measure_operations(config, demo, scratch))
            helpers = run_helpers(config, scratch)
        samples["supervision_pdf_s"] = [helpers["report"]["one_year_report_ms"] / 1000]
        samples["privacy_scan_ms"] = [helpers["privacy"]["median_ms"]]
        samples["calendar_import_s"] = helpers["calendar"]["samples_s"]
        samples["calendar_memory_mb"] = [helpers["calendar"]["peak_memory_mb"]]
        app = summarise(config, samples)
        section = table(app)
        if out:
            write_results(out, app, helpers)
        if readme:
            write_readme(readme, section)
    except (BenchmarkError, subprocess.TimeoutExpired) as exc:
        print(f"benchmarks: {exc}", file=sys.stderr)
        return 1
    print(section)
    progress(f"finished in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
