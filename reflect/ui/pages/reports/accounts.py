"""The portfolio's "reflective accounts to include" list: every complete account is ticked unless unticked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from reflect.cpd import Account
from reflect.wording import day_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AccountChooser(QWidget):
    """Ticked accounts survive a reload of the period, so unticking one is remembered."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._unticked: set[str] = set()
        self.label = QLabel("&Reflective accounts to include (the complete ones in this period; drafts are left out "
                            "until you tick Complete on the CPD page):")
        self.label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Reflective accounts to include")
        self.label.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.list, 1)
        self.list.itemChanged.connect(self._item_changed)

    def show_accounts(self, accounts: list[Account]) -> None:
        """The period's complete accounts, in the order given, ticked unless the user unticked them."""
        self.list.blockSignals(True)
        self.list.clear()
        for account in accounts:
            item = QListWidgetItem(f"{day_text(account.day)} · {account.title}")
            item.setData(ID_ROLE, account.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if account.id in self._unticked else Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def ids(self) -> tuple[str, ...] | None:
        """The ticked accounts in list order, or None when all are ticked (the service's default: all complete)."""
        items = [self.list.item(row) for row in range(self.list.count())]
        ticked = tuple(item.data(ID_ROLE) for item in items if item.checkState() == Qt.CheckState.Checked)
        return None if len(ticked) == len(items) else ticked

    def _item_changed(self, item: QListWidgetItem) -> None:
        account_id = item.data(ID_ROLE)
        if item.checkState() == Qt.CheckState.Checked:
            self._unticked.discard(account_id)
        else:
            self._unticked.add(account_id)
        self.changed.emit()
