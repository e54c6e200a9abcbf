"""Large blocks freed on a worker are given back to the system (``reflect.memory``).

Each case runs in a fresh interpreter: glibc's threshold is process-wide, and its raising
depends on what the process freed before.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

# A worker frees a large array (raising glibc's threshold, unless it is fixed), then makes six
# more, each followed by a small array that lives on, and frees the six: prints the MB still held.
_WORKER = """
import sys, threading
import numpy as np
from reflect.memory import give_back_large_blocks

def resident_mb():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20

if sys.argv[1] == "fixed":
    assert give_back_large_blocks()
before = resident_mb()
kept = []

def work():
    first = np.ones(1 << 20)
    del first
    blocks = []
    for _ in range(6):
        blocks.append(np.ones(1 << 20))
        kept.append(np.ones(100))

thread = threading.Thread(target=work)
thread.start()
thread.join()
print(resident_mb() - before)
"""


def _held_mb(mode: str) -> float:
    done = subprocess.run([sys.executable, "-c", _WORKER, mode], capture_output=True, text=True, check=True,
                          timeout=60)
    return float(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc: elsewhere it does nothing")
def test_a_workers_freed_arrays_are_given_back_to_the_system() -> None:
    assert _held_mb("default") > 40  # glibc as it starts: 48 MB of freed arrays still held
    assert _held_mb("fixed") < 8


def test_elsewhere_nothing_is_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    from reflect.memory import give_back_large_blocks

    monkeypatch.setattr(sys, "platform", "darwin")
    assert give_back_large_blocks() is False
