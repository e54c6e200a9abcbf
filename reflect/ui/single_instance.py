"""Only one Reflect per data folder: a second launch asks the first to come forward, then exits."""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from reflect.paths import DataPaths

CONNECT_MS = 1000


def server_name(paths: DataPaths) -> str:
    """One name per user and data folder, short enough for a Unix socket path."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    digest = hashlib.sha256(f"{user}\x1f{paths.root}".encode()).hexdigest()[:20]
    return f"reflect-{digest}"


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
