"""Saving a chart as PNG or SVG, whole and owner-only like every export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QBuffer, QIODevice, QPoint
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from reflect.files import write_atomically

# zlib's level 3, not Qt's default 6: a chart of 1,300 × 700 px in 27 ms on the GUI thread, not 60 (1.25× the bytes)
PNG_QUALITY = 70


def export(widget: QWidget, path: Path) -> Path:
    """Save the chart (a plot, or a grid of them) as PNG or SVG, chosen by the file's suffix."""
    suffix = path.suffix.lower()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if suffix == ".svg":
        # Qt's own SVG generator: pyqtgraph's SVGExporter cannot parse the path data Qt 6.12 writes
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(widget.size())
        generator.setViewBox(widget.rect())
        generator.setResolution(widget.logicalDpiX())  # the screen's: at 72 dpi the axes were drawn apart from the data
        generator.setTitle(widget.accessibleName())
        painter = QPainter(generator)
        try:
            if isinstance(widget, pg.GraphicsView):
                widget.render(painter)
            else:  # a grid of charts: render every child into the one drawing
                widget.render(painter, QPoint())
        finally:
            painter.end()
    elif suffix == ".png" and not isinstance(widget, pg.PlotWidget):
        widget.grab().save(buffer, "PNG", PNG_QUALITY)
    elif suffix == ".png":
        assert isinstance(widget, pg.PlotWidget)
        exporter = pyqtgraph.exporters.ImageExporter(widget.getPlotItem())
        exporter.parameters()["width"] = max(800, int(widget.width() * 2))
        exporter.export(toBytes=True).save(buffer, "PNG", PNG_QUALITY)
    else:
        raise ValueError(f"Charts are saved as .png or .svg, not {suffix or 'a file without a suffix'}")
    buffer.close()
    write_atomically(path, bytes(buffer.data().data()))
    return path


def ask_and_save(parent: QWidget, save: Callable[[Path], Path]) -> None:
    """Ask where to save a chart (PNG or SVG, by the chosen filter if no suffix is typed), then save it."""
    name, chosen = QFileDialog.getSaveFileName(
        parent, "Save chart", str(Path.home() / "reflect-trend.png"), "PNG image (*.png);;SVG drawing (*.svg)"
    )
    if not name:
        return
    path = Path(name)
    if path.suffix.lower() not in (".png", ".svg"):
        path = path.with_suffix(".svg" if "SVG" in chosen else ".png")
    try:
        save(path)
    except OSError as exc:
        QMessageBox.warning(parent, "Save chart", f"The chart could not be saved: {exc.strerror or exc}.")
