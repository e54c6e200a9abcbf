"""Large blocks of memory given back to the system as soon as they are freed (Linux, glibc).

Reflect's reads build arrays of megabytes on workers (a chart's columns, a table, a report's
data) and free them again. glibc serves a block above its threshold straight from the system
and unmaps it when freed, but raises that threshold each time such a block is freed (up to
32 MB), so later blocks of that size come from its heaps, which keep them when freed: at
100,000 reflections the process kept some 35 MB it no longer used after a few pages. Fixing
the threshold (which turns the raising off) keeps every block above it unmapped when freed.
It is fixed at 4 MB: the arrays of 100,000 reflections' ratings (8 MB each) go back; smaller ones,
as at 20,000, are served from the heaps as before (measured: the same memory saved as at
128 KB, and no new page faults for the many smaller arrays, which workers make holding the GIL).
Elsewhere (macOS, Windows, other C libraries) this does nothing.
"""

from __future__ import annotations

import sys

M_MMAP_THRESHOLD = -3  # mallopt's parameter (glibc's malloc.h)
THRESHOLD_BYTES = 4 * 1024 * 1024


def give_back_large_blocks() -> bool:
    """Fix glibc's threshold for blocks served by the system; whether it was set."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here, not at import: this runs once the window is on screen

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # a C library without mallopt (musl)
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, THRESHOLD_BYTES))
