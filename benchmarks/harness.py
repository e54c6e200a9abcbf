"""What every part of the benchmark harness shares: table rows, subprocesses, demo data.

Each measurement runs in a fresh subprocess on Qt's offscreen platform (``child_env``);
probes report milestones as ``bench: NAME [VALUE]`` lines (``run_milestones``) or one JSON
line (``run_json``). Demo data is made once per size and day and kept in the temporary
folder (``demo_data``), so a second run the same day, or the 100,000-reflection run, does
not wait minutes for it again; every run copies it before anything writes to it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHILD_TIMEOUT_S = 600
DEMO_CACHE = Path(tempfile.gettempdir()) / "reflect-bench-demo"
DEMO_SOURCES = ("reflect/demo.py", "reflect/cli_commands.py", "reflect/reflections.py", "reflect/data")


class BenchmarkError(Exception):
    """A benchmark subprocess failed or reported nothing usable."""


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
        name = command[2] if command[1] == "-m" else Path(command[1]).name
        raise BenchmarkError(f"{name} exited with {code}: {detail}")
    return milestones


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


DEMO_SCRIPT = """\
import pathlib, sys
from reflect.cli_commands import run_demo
from reflect.paths import DataPaths
from reflect.settings import load_settings, save_settings
paths = DataPaths(pathlib.Path(sys.argv[1]))
run_demo(paths, int(sys.argv[2]))
settings = load_settings(paths.settings)
settings.prompts_enabled = False
save_settings(paths.settings, settings)
"""


def _demo_key(sessions: int) -> str:
    """Size, day (demo data ends now) and the code that shapes the data: a change to any makes new data."""
    digest = hashlib.sha256()
    for name in DEMO_SOURCES:
        path = ROOT / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(file.read_bytes())
    return f"demo-{sessions}-{date.today().isoformat()}-{digest.hexdigest()[:12]}"


def demo_data(sessions: int, folder: Path) -> None:
    """Copy demo data with `sessions` reflections into `folder`, making it first if today's is not kept yet.

    Made in a subprocess like everything else, with after-session prompts switched off: they
    depend on the time of day, and a prompt window taking focus would make runs incomparable.
    """
    kept = DEMO_CACHE / _demo_key(sessions)
    if not kept.exists():
        progress(f"generating {sessions:,} demo reflections (kept in {DEMO_CACHE} for today's runs)")
        DEMO_CACHE.mkdir(parents=True, exist_ok=True)
        for stale in DEMO_CACHE.glob(f"demo-{sessions}-*"):
            if f"-{date.today().isoformat()}-" not in stale.name:  # today's may belong to another checkout
                shutil.rmtree(stale, ignore_errors=True)
        making = Path(tempfile.mkdtemp(prefix=f".making-{sessions}-", dir=DEMO_CACHE))
        command = [sys.executable, "-c", DEMO_SCRIPT, str(making / "data"), str(sessions)]
        done = subprocess.run(command, cwd=ROOT, env=child_env(), capture_output=True, text=True,
                              timeout=CHILD_TIMEOUT_S)
        if done.returncode != 0:
            shutil.rmtree(making, ignore_errors=True)
            raise BenchmarkError(f"reflect demo exited with {done.returncode}: {done.stderr.strip()[-2000:]}")
        with contextlib.suppress(OSError):  # fails only if another run made it first
            os.replace(making / "data", kept)  # atomic: a run started meanwhile never sees half the data
        shutil.rmtree(making, ignore_errors=True)
    shutil.copytree(kept, folder)
