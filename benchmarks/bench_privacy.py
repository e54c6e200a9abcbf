"""Time the identifier scan of a synthetic 2,000-word reflection (target: well under 20 ms).

The scan runs as the practitioner types, so it must stay fast on long text.
Run with `uv run python benchmarks/bench_privacy.py`; the result goes into
`benchmarks/results.json` under "privacy", leaving other keys as they are.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from reflect.privacy import RecordPattern, ScannerConfig, scan

WORDS = 2_000
RUNS = 200
RESULTS = Path(__file__).with_name("results.json")

# Clinical prose full of numbers that must stay clean, with a few synthetic
# identifiers (NHS test range, Ofcom drama number, example.org) mixed in.
SENTENCES = [
    "Reviewed medication at 14:30, sertraline 100 mg daily, PHQ-9 score 12 and GAD-7 of 9.",
    "He has been unwell since 2019 and was on ward 4, bed 12, for 3 weeks last spring.",
    "We talked about what a good day looks like and he rated his hope at 6/10.",
    "Follow-up in 6 weeks, seen on 12/03/2025, with his support worker present.",
    "A woman in her 40s who described low mood, poor sleep of 4 hours and reduced appetite.",
    "I asked what mattered most to her and we agreed two goals she chose herself.",
    "Session lasted 50 minutes (10:00-10:50); BP 128/82, BMI 27.4, clozapine level 0.45 mg/L.",
    "I could have offered more choice about the timing of the next review on 1 April 2025.",
    "Her sister can be reached on 07700 900123 and by e-mail at sister@example.org.",
    "NHS number 999 000 0018 was on the letter; DOB 12 March 1961, aged 64, near M1 1AE.",
]


def synthetic_reflection(words: int = WORDS) -> str:
    """Cycle the sentences into paragraphs until the text has `words` words."""
    out: list[str] = []
    count = 0
    index = 0
    while count < words:
        sentence = SENTENCES[index % len(SENTENCES)]
        out.append(sentence + ("\n\n" if index % 5 == 4 else " "))
        count += len(sentence.split())
        index += 1
    return "".join(out)


def config() -> ScannerConfig:
    """A realistic settings load: a day's list of names and two record patterns."""
    names = [f"Person{n} Example" for n in range(20)]
    patterns = [RecordPattern("Hospital number", r"\bRX[0-9]{6}\b"), RecordPattern("MRN", r"\bMRN ?[0-9]{7}\b")]
    return ScannerConfig(names=names, patterns=patterns)


def measure(text: str, scanner: ScannerConfig, runs: int = RUNS) -> list[float]:
    scan(text, scanner)  # warm-up: first-use costs (phonenumbers metadata) are not per keystroke
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        scan(text, scanner)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def write_result(result: dict[str, object]) -> None:
    """Read-modify-write so other benchmarks' keys survive; replace atomically."""
    try:
        data = json.loads(RESULTS.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    data["privacy"] = result
    tmp = RESULTS.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, RESULTS)


def main() -> int:
    text = synthetic_reflection()
    scanner = config()
    findings = scan(text, scanner)
    timings = measure(text, scanner)
    result: dict[str, object] = {
        "words": len(text.split()),
        "characters": len(text),
        "findings": len(findings),
        "runs": len(timings),
        "median_ms": round(statistics.median(timings), 3),
        "min_ms": round(min(timings), 3),
        "p95_ms": round(statistics.quantiles(timings, n=20)[-1], 3),
        "target_ms": 20,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "measured": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    write_result(result)
    print(json.dumps(result, indent=2), file=sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
