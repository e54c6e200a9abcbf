"""The sidebar's icons: drawn as SVG, shipped as PNG, tinted at run time.

The SVG files (``resources/icons/nav/*.svg``) are the source; the PNGs beside them are
what the app loads, because reading SVG loads Qt's SVG module at start-up (about a
tenth of a second on a busy machine), as for the application icon. After changing an
SVG, run ``uv run python -m reflect.ui.widgets.nav_icons`` to render its PNGs again.
The PNGs are black on transparent; ``tinted`` paints them in any colour, so one file
serves light, dark and the selected row.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from reflect.resources import resource_dir

SIZE = 20  # logical pixels in the sidebar
SCALES = (1, 2)  # the PNGs: 20 and 40 pixels, for ordinary and high-density screens


def folder() -> Path:
    return resource_dir() / "icons" / "nav"


def png_path(name: str, scale: int) -> Path:
    return folder() / f"{name}-{SIZE * scale}.png"


def tinted(name: str, colours: dict[QIcon.Mode, str]) -> QIcon:
    """An icon whose every pixel is drawn in the given colour for each mode (alpha kept)."""
    icon = QIcon()
    for scale in SCALES:
        source = QPixmap(str(png_path(name, scale)))
        for mode, colour in colours.items():
            pixmap = QPixmap(source.size())
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.drawPixmap(0, 0, source)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            painter.fillRect(pixmap.rect(), QColor(colour))
            painter.end()
            pixmap.setDevicePixelRatio(scale)
            icon.addPixmap(pixmap, mode)
    return icon


def render_all() -> list[Path]:
    """Render every SVG to its PNG sizes (run by hand after drawing or changing an icon)."""
    from PySide6.QtSvg import QSvgRenderer

    written = []
    for svg in sorted(folder().glob("*.svg")):
        renderer = QSvgRenderer(str(svg))
        for scale in SCALES:
            pixmap = QPixmap(SIZE * scale, SIZE * scale)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter)
            painter.end()
            path = png_path(svg.stem, scale)
            pixmap.save(str(path))
            written.append(path)
    return written


if __name__ == "__main__":
    from PySide6.QtGui import QGuiApplication

    application = QGuiApplication([])
    for written in render_all():
        print(written)
