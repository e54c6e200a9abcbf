"""The main window's size: fitted to the screen at first start, restored only if it still fits.

A saved geometry from a larger monitor (or from before the scaling changed) would put Save
and the status bar off-screen, so it is used only when the window it describes lies within
the available area of a screen that is connected now; otherwise the window is fitted anew.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QDataStream, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1200, 820)  # comfortable for the checklist and a chart; never more than SHARE of the screen
SHARE = 0.9
GEOMETRY_MAGIC = 0x1D9D0CB  # the first word of QWidget::saveGeometry's blob


def fitted_size(available: QSize) -> QSize:
    """The first-start size on a screen with this available area: preferred, at most 90 % of it."""
    return QSize(
        min(PREFERRED.width(), int(available.width() * SHARE)),
        min(PREFERRED.height(), int(available.height() * SHARE)),
    )


def fits_a_screen(frame: QRect) -> bool:
    """Whether a window frame lies wholly within the available area of a connected screen."""
    return any(screen.availableGeometry().contains(frame) for screen in QGuiApplication.screens())


def saved_frame(data: QByteArray) -> QRect | None:
    """The window frame a ``saveGeometry`` blob describes (None: not one), read before Qt restores it,
    because ``restoreGeometry`` squeezes a window that no longer fits to the screen's edges."""
    stream = QDataStream(data)
    stream.setVersion(QDataStream.Version.Qt_5_0)  # QWidget::saveGeometry writes in this version
    magic, _major, _minor = stream.readUInt32(), stream.readUInt16(), stream.readUInt16()
    # a QRect is four qint32 (left, top, right, bottom); read as numbers, as ``>>`` would load
    # the Python types of every operand it might take (a few ms before the first paint)
    left, top, right, bottom = (stream.readInt32() for _ in range(4))
    frame = QRect(QPoint(left, top), QPoint(right, bottom))
    if magic != GEOMETRY_MAGIC or stream.status() != QDataStream.Status.Ok:
        return None
    return frame


def place(window: QWidget, saved: str) -> None:
    """Restore a saved geometry that still fits; otherwise fit the window to its screen, centred."""
    data = QByteArray.fromBase64(saved.encode("ascii"))
    frame = saved_frame(data)
    if frame is not None and fits_a_screen(frame) and window.restoreGeometry(data):
        return
    screen: QScreen | None = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    size = fitted_size(area.size())
    window.resize(size)
    frame = window.frameGeometry()  # before the first show the frame is the window: centre on the size
    left = area.left() + (area.width() - max(size.width(), frame.width())) // 2
    top = area.top() + (area.height() - max(size.height(), frame.height())) // 2
    window.move(max(area.left(), left), max(area.top(), top))


def saved_geometry(window: QWidget) -> str:
    return bytes(window.saveGeometry().toBase64().data()).decode("ascii")
