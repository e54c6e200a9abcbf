"""Reflect's design system: colours, spacing and type, in one Qt-free home.

The window (``reflect/ui/theme.py``) and the PDFs (``reflect/reports``) both take their
colours from here, so a report and the screen look like one product. Every text colour is
chosen for at least 4.5:1 against the background it is drawn on, and every graphic colour
(chart lines, markers, focus rings) for at least 3:1 (WCAG 2.2 AA, 1.4.3 and 1.4.11);
``tests/test_design.py`` recomputes the ratios, so a colour changed here cannot silently
fall below them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reflect.contrast import contrast_ratio

Scheme = Literal["light", "dark"]
TEXT_CONTRAST = 4.5  # WCAG 1.4.3, normal-size text
GRAPHIC_CONTRAST = 3.0  # WCAG 1.4.11, lines, markers, focus indicators


@dataclass(frozen=True)
class Palette:
    """Colour roles (hex ``#rrggbb``) for one scheme; pages name roles, never colours."""

    scheme: Scheme
    window: str  # page background
    surface: str  # fields, lists, cards
    text: str
    muted: str  # secondary text: captions, purposes, hints — still ≥ 4.5:1 on window and surface
    accent: str  # the one accent: selection, primary buttons, current navigation item
    on_accent: str  # text drawn on the accent
    border: str  # field and card outlines (≥ 3:1 against window: they mark where to type)
    grid: str  # chart grid lines (decorative, deliberately faint)
    focus: str  # keyboard focus ring (≥ 3:1)
    warning_surface: str  # background behind a warning (identifier findings, banners)
    warning_text: str
    danger: str  # destructive actions and identifier underlines (≥ 3:1 as a graphic)
    success: str  # text for "saved" and similar confirmations (≥ 4.5:1)
    series: tuple[str, ...]  # ten chart colours, one per tip, each ≥ 3:1 on ``surface``


LIGHT = Palette(
    scheme="light",
    window="#f6f7f9",
    surface="#ffffff",
    text="#1f2933",
    muted="#52606d",
    accent="#1f5f99",
    on_accent="#ffffff",
    border="#7b8794",
    grid="#e4e7eb",
    focus="#1f5f99",
    warning_surface="#fff4e0",
    warning_text="#5c3b00",
    danger="#b00020",
    success="#1b6e3a",
    series=(
        "#0072B2", "#B35900", "#007A5A", "#A8327F", "#5A4FCF",
        "#C0392B", "#6B6B00", "#00778A", "#8B5A2B", "#4D4D4D",
    ),
)

DARK = Palette(
    scheme="dark",
    window="#1e1f22",
    surface="#2a2c30",
    text="#e8eaed",
    muted="#b0b7bf",
    accent="#7cb7f0",
    on_accent="#10151b",
    border="#7b838c",
    grid="#3a3d42",
    focus="#7cb7f0",
    warning_surface="#3d2f12",
    warning_text="#ffe2a8",
    danger="#ff8a80",
    success="#7ddc9a",
    series=(
        "#56B4E9", "#E69F00", "#2FD0A0", "#E88BC8", "#A99BFF",
        "#FF7F6E", "#D4D44A", "#4FD6E8", "#D9A066", "#C8C8C8",
    ),
)

PALETTES: dict[Scheme, Palette] = {"light": LIGHT, "dark": DARK}

# Non-colour cues: the n-th series also gets the n-th marker and dash, so two tips can be
# told apart in greyscale print and by people who do not see the colour difference.
MARKERS: tuple[str, ...] = ("o", "s", "t", "d", "+", "x", "star", "h", "p", "t1")  # pyqtgraph symbol names
DASHES: tuple[tuple[float, ...], ...] = ((), (6, 3), (2, 2), (8, 3, 2, 3), (), (6, 3), (2, 2), (8, 3, 2, 3), (), (6, 3))


@dataclass(frozen=True)
class Spacing:
    """Spacing steps in device-independent pixels (a 4-px grid)."""

    tight: int = 4
    small: int = 8
    medium: int = 12
    large: int = 16
    section: int = 24
    page: int = 32


SPACING = Spacing()
CONTENT_MAX_WIDTH = 900  # px: longer lines are hard to read, wider fields look unfinished

# Type scale, in points relative to the platform's default font (0 = the default size).
TYPE_SCALE: dict[str, float] = {
    "page_title": 6.0,
    "section_title": 2.0,
    "body": 0.0,
    "caption": -1.0,
}


def palette(scheme: Scheme) -> Palette:
    return PALETTES[scheme]


def hex_to_rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` as sRGB channels 0–1."""
    value = colour.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two hex colours."""
    return contrast_ratio(hex_to_rgb(foreground), hex_to_rgb(background))
