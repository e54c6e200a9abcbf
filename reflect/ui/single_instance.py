"""Only one Reflect per data folder: a second launch asks the first to come forward, then exits."""

from __future__ import annotations

import ctypes
import getpass
import hashlib
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from reflect.paths import DataPaths

CONNECT_MS = 1000
ASFW_ANY = -1  # Windows: any process may take the foreground from this one
CASE_INSENSITIVE = ("win32", "darwin")  # the default file systems of Windows and macOS


def server_name(paths: DataPaths, platform: str | None = None) -> str:
    """One name per user and data folder, short enough for a Unix socket path (a pipe name on Windows).

    Where file names ignore case, C:\\Users\\Sam and c:\\users\\sam are one folder and so one name.
    """
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    folder = str(paths.root)
    if (platform or sys.platform) in CASE_INSENSITIVE:
        folder = folder.casefold()
    digest = hashlib.sha256(f"{user}\x1f{folder}".encode()).hexdigest()[:20]
    return f"reflect-{digest}"


def allow_foreground(platform: str | None = None) -> None:
    """Let the first instance bring its window forward when asked.

    Windows lets only the process the user just started take the foreground; without
    handing that on, the first instance's window would only flash in the taskbar.
    """
    if (platform or sys.platform) == "win32":
        ctypes.windll.user32.AllowSetForegroundWindow(ASFW_ANY)  # type: ignore[attr-defined]


class SingleInstance(QObject):
    """``claim()`` is True for the first instance, which then emits ``activated`` for each later launch."""

    activated = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server: QLocalServer | None = None

    def raise_existing(self) -> bool:
        """True when another instance answered (it has been asked to raise its window)."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(CONNECT_MS):
            allow_foreground()
            socket.write(b"raise\n")
            socket.waitForBytesWritten(CONNECT_MS)
            socket.disconnectFromServer()
            return True
        return False

    def claim(self) -> bool:
        """False when another instance answered (it has been asked to raise its window)."""
        if self.raise_existing():
            return False
        QLocalServer.removeServer(self.name)  # a socket file left by a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if server.listen(self.name):
            server.newConnection.connect(self._on_connection)
            self.server = server
        return True  # without a server this instance still runs; it just cannot be raised

    def _on_connection(self) -> None:
        if self.server is None:
            return
        while (connection := self.server.nextPendingConnection()) is not None:
            connection.disconnected.connect(connection.deleteLater)
            connection.readAll()
            self.activated.emit()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
