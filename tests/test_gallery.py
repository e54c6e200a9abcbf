"""The screenshot gallery command renders pages at the screen size and scheme each variant names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from reflect.design import DARK


@pytest.mark.slow
def test_the_gallery_renders_a_page_in_dark_at_its_screen_size(tmp_path: Path) -> None:
    out = tmp_path / "gallery"
    command = [sys.executable, "-m", "reflect.ui.gallery", "--only", "dark", "--pages", "awaiting", "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    assert [p.name for p in out.iterdir()] == ["dark-awaiting.png"]
    image = QImage(str(out / "dark-awaiting.png"))
    assert (image.width(), image.height()) == (1366, 768)  # a 1366 × 768 screen, the window filling it
    assert image.pixelColor(image.width() - 5, image.height() // 2).name() == DARK.window
