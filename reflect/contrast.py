"""Text colour on a coloured cell by WCAG 2 contrast, so every heatmap label stays readable.

A fixed threshold on the value ("white below 0.55") put white on mid cividis cells at under
3:1; computing the contrast of black and of white against the actual cell colour and taking
the larger always gives at least 4.58:1 (WCAG AA asks 4.5:1 for small text).
"""

from __future__ import annotations

from collections.abc import Sequence

BLACK: tuple[float, float, float] = (0.0, 0.0, 0.0)
WHITE: tuple[float, float, float] = (1.0, 1.0, 1.0)


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(rgb: Sequence[float]) -> float:
    """WCAG relative luminance of an sRGB colour with channels 0–1."""
    red, green, blue = (_linear(c) for c in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: Sequence[float], second: Sequence[float]) -> float:
    """WCAG contrast ratio, 1–21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def label_ink(background: Sequence[float]) -> tuple[float, float, float]:
    """Black or white, whichever contrasts more with the background."""
    return max((BLACK, WHITE), key=lambda ink: contrast_ratio(ink, background))
