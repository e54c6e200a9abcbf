"""The system-tray icon: Reflect now / Open / Pause prompts for today / Quit.

The menu and its actions exist even where the platform has no tray, so the
same actions can be offered elsewhere and tested headless. On macOS the icon sits in
the menu bar: it is drawn as a template (outline only, marked as a mask) so the system
tints it for light and dark menu bars, a click opens the menu rather than the window, as
menu-bar items do there, and clicking Reflect in the Dock while its window is hidden
brings the window back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon


def app_icon() -> QIcon:
    """A plain drawn icon (no image files to ship): a calm blue disc with a tick."""
    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#2f6f9f"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRectF(4, 4, 56, 56))
    pen = painter.pen()
    pen.setStyle(Qt.PenStyle.SolidLine)
    pen.setColor(QColor("white"))
    pen.setWidthF(7)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawPolyline([QPointF(19, 33), QPointF(28, 42), QPointF(45, 23)])
    painter.end()
    return QIcon(pixmap)


def menu_bar_icon() -> QIcon:
    """The same disc and tick as an outline in one colour, marked as a mask (a macOS template image)."""
    pixmap = QPixmap(44, 44)  # 22 pt at 2x, the menu bar's height
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = painter.pen()
    pen.setColor(QColor("black"))
    pen.setWidthF(3.5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawEllipse(QRectF(4, 4, 36, 36))
    painter.drawPolyline([QPointF(13, 23), QPointF(19, 29), QPointF(31, 16)])
    painter.end()
    icon = QIcon(pixmap)
    icon.setIsMask(True)
    return icon


def tray_icon(platform: str | None = None) -> QIcon:
    return menu_bar_icon() if (platform or sys.platform) == "darwin" else app_icon()


class ReflectTray(QObject):
    reflectNowRequested = Signal()
    openRequested = Signal()
    pauseToggled = Signal(bool)
    quitRequested = Signal()

    def __init__(self, parent: QObject | None = None, platform: str | None = None) -> None:
        super().__init__(parent)
        self._menu_bar = (platform or sys.platform) == "darwin"
        self.menu = QMenu()
        self.reflect_action = QAction("&Reflect now", self)
        self.reflect_action.setToolTip("Reflect on a session that is not in your calendar")
        self.open_action = QAction("&Open Reflect", self)
        self.pause_action = QAction("&Pause prompts for today", self)
        self.pause_action.setCheckable(True)
        self.quit_action = QAction("&Quit", self)
        self.reflect_action.triggered.connect(self.reflectNowRequested)
        self.open_action.triggered.connect(self.openRequested)
        self.pause_action.toggled.connect(self.pauseToggled)
        self.quit_action.triggered.connect(self.quitRequested)
        self.menu.addActions([self.reflect_action, self.open_action])
        self.menu.addSeparator()
        self.menu.addAction(self.pause_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon: QSystemTrayIcon | None = None
        app = QApplication.instance()
        if self._menu_bar and isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._application_state)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.icon = QSystemTrayIcon(tray_icon(platform), self)
            self.icon.setToolTip("Reflect")
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._activated)

    @property
    def available(self) -> bool:
        return self.icon is not None

    def show(self) -> None:
        if self.icon is not None:
            self.icon.show()

    def hide(self) -> None:
        if self.icon is not None:
            self.icon.hide()

    def set_paused(self, paused: bool, reason: str | None = None) -> None:
        """Reflect the day's pause state without emitting pauseToggled."""
        self.pause_action.blockSignals(True)
        self.pause_action.setChecked(paused)
        self.pause_action.blockSignals(False)
        if self.icon is not None:
            self.icon.setToolTip(f"Reflect — {reason}" if reason else "Reflect")

    def show_message(self, title: str, text: str) -> None:
        if self.icon is not None:
            self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)

    def _application_state(self, state: Qt.ApplicationState) -> None:
        """macOS: activated (from the Dock or the app switcher) with no window showing: reopen the window."""
        if state == Qt.ApplicationState.ApplicationActive and not any(
            widget.isVisible() for widget in QApplication.topLevelWidgets()
        ):
            self.openRequested.emit()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        """A click opens the window, except in the macOS menu bar, where the click shows the menu."""
        opening = {QSystemTrayIcon.ActivationReason.DoubleClick}
        if not self._menu_bar:
            opening.add(QSystemTrayIcon.ActivationReason.Trigger)
        if reason in opening:
            self.openRequested.emit()
