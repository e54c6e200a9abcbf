"""Repeatable performance measurements of Reflect; run them all with ``uv run python -m benchmarks``.

See ``benchmarks/README.md`` for what is measured, the targets and the latest results.
"""
