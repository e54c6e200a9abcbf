"""Time and peak memory of importing a clinic calendar of 50,000 ordinary events (target: ≤ 5 s, ≤ 300 MB).

A year of several clinics exported from an EPR can hold tens of thousands of single
appointments. Each run is a fresh subprocess that reads the .ics file, parses it and
writes the expected sessions into an empty data folder, as `reflect calendar import`
does; its own ``ru_maxrss`` is the peak memory. Run with
`uv run python -m benchmarks.bench_calendar [--events N] [--repeats R]`; the result goes into
`benchmarks/results.json` under "calendar", leaving other keys as they are.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

RESULTS = Path(__file__).with_name("results.json")
TARGET_S = 5.0
TARGET_MB = 300.0
NOW = datetime(2026, 1, 15, 8, 0)

CHILD = """\
import json, resource, sys, time
from datetime import datetime
from pathlib import Path
from reflect.calendar_import import import_calendar, read_calendar_file
from reflect.data.db import open_database
from reflect.expected_sessions import ExpectedSessionStore
from reflect.paths import DataPaths
database = open_database(DataPaths(Path(sys.argv[2])))
opened, cpu = time.perf_counter(), time.process_time()
result = import_calendar(ExpectedSessionStore(database), read_calendar_file(Path(sys.argv[1])),
                         datetime.fromisoformat(sys.argv[3]))
done, cpu = time.perf_counter(), time.process_time() - cpu
database.close()
print(json.dumps({"seconds": done - opened, "cpu_seconds": cpu, "added": result.added,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def clinic_calendar(events: int) -> str:
    """Single appointments across the import window, as an EPR clinic list exports them."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Reflect benchmark//EN"]
    first = NOW - timedelta(days=20)
    for n in range(events):
        start = first + timedelta(days=n // 150, minutes=(n % 150) * 5)
        lines += [
            "BEGIN:VEVENT", f"UID:appt-{n}@clinic.example", "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/London:{start + timedelta(minutes=30):%Y%m%dT%H%M%S}",
            f"SUMMARY:Outpatient clinic {n % 7}", "LOCATION:Clinic room 2", "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def measure(events: int, repeats: int) -> dict[str, object]:
    seconds, cpu, memory = [], [], []
    with tempfile.TemporaryDirectory(prefix="reflect-bench-calendar-") as folder:
        ics = Path(folder) / "clinics.ics"
        ics.write_text(clinic_calendar(events), encoding="utf-8")
        for run in range(repeats):
            data = Path(folder) / f"data-{run}"
            done = subprocess.run([sys.executable, "-c", CHILD, str(ics), str(data), NOW.isoformat()],
                                  capture_output=True, text=True, timeout=600, cwd=Path(__file__).parent.parent)
            if done.returncode != 0:
                raise RuntimeError(done.stderr.strip()[-2000:])
            child = json.loads(done.stdout.strip().splitlines()[-1])
            if child["added"] != events:
                raise RuntimeError(f"imported {child['added']} of {events} events")
            seconds.append(child["seconds"])
            cpu.append(child["cpu_seconds"])
            memory.append(child["rss_mb"])
        size_mb = ics.stat().st_size / 2**20
    median_s, median_mb = statistics.median(seconds), statistics.median(memory)
    return {
        "events": events,
        "file_mb": round(size_mb, 1),
        "runs": repeats,
        "median_s": round(median_s, 3),
        "samples_s": [round(s, 3) for s in seconds],
        "median_cpu_s": round(statistics.median(cpu), 3),  # this machine is shared: CPU time varies less
        "peak_memory_mb": round(median_mb, 1),
        "target": f"≤ {TARGET_S:g} s and ≤ {TARGET_MB:g} MB",
        "pass": median_s <= TARGET_S and median_mb <= TARGET_MB,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "measured": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def write_result(result: dict[str, object]) -> None:
    """Read-modify-write so other benchmarks' keys survive; replace atomically."""
    try:
        data = json.loads(RESULTS.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    data["calendar"] = result
    tmp = RESULTS.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, RESULTS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    result = measure(args.events, args.repeats)
    write_result(result)
    print(json.dumps(result, indent=2))
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
