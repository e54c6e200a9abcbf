"""The design system's colours meet WCAG AA in both schemes, so no page or PDF inherits a faint one."""

from __future__ import annotations

import pytest

from reflect.design import DASHES, GRAPHIC_CONTRAST, MARKERS, PALETTES, TEXT_CONTRAST, contrast


@pytest.mark.parametrize("scheme", sorted(PALETTES))
def test_every_text_role_is_readable_on_the_backgrounds_it_is_drawn_on(scheme: str) -> None:
    p = PALETTES[scheme]  # type: ignore[index]
    pairs = [
        (p.text, p.window), (p.text, p.surface), (p.muted, p.window), (p.muted, p.surface),
        (p.on_accent, p.accent), (p.warning_text, p.warning_surface), (p.success, p.window),
        (p.success, p.surface),
    ]
    for foreground, background in pairs:
        assert contrast(foreground, background) >= TEXT_CONTRAST, (foreground, background)


@pytest.mark.parametrize("scheme", sorted(PALETTES))
def test_graphics_stand_out_from_what_they_are_drawn_on(scheme: str) -> None:
    p = PALETTES[scheme]  # type: ignore[index]
    assert len(p.series) == 10  # one per tip: no colour reused within a chart
    assert len(set(p.series)) == 10
    for colour in (*p.series, p.focus, p.danger, p.accent):
        assert contrast(colour, p.surface) >= GRAPHIC_CONTRAST, colour
        assert contrast(colour, p.window) >= GRAPHIC_CONTRAST, colour
    assert contrast(p.border, p.window) >= GRAPHIC_CONTRAST


def test_every_series_has_a_non_colour_cue() -> None:
    assert len(MARKERS) >= 10 and len(set(MARKERS[:10])) == 10
    assert len(DASHES) >= 10
