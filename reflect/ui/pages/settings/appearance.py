"""Settings → Appearance: follow the system's light or dark scheme, or choose one.

The choice takes effect (and is saved) as soon as it is made, like the system setting it
mirrors: there is nothing to undo by leaving the page. The window applies it through
``reflect/ui/theme.py`` when ``colour_scheme`` is announced as changed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QGroupBox, QRadioButton, QVBoxLayout

from reflect.settings import Settings
from reflect.ui.context import AppContext
from reflect.ui.widgets.controls import hint

# no Alt letters: the Settings page has used nearly all of them; Tab reaches the group, arrows choose
CHOICES = (("system", "Same as this computer"), ("light", "Light"), ("dark", "Dark"))


class AppearanceSection(QGroupBox):
    def __init__(self, context: AppContext) -> None:
        super().__init__("Appearance")
        self._context = context
        self.buttons = QButtonGroup(self)
        layout = QVBoxLayout(self)
        for key, text in CHOICES:
            button = QRadioButton(text)
            button.setAccessibleName(f"Colour scheme: {text}")
            button.setProperty("scheme", key)
            self.buttons.addButton(button)
            layout.addWidget(button)
        layout.addWidget(hint("“Same as this computer” switches between light and dark when your computer does."))
        self.load(context.settings)
        self.buttons.buttonToggled.connect(self._chosen)

    def choice(self) -> str:
        checked = self.buttons.checkedButton()
        return str(checked.property("scheme")) if checked is not None else "system"

    def load(self, settings: Settings) -> None:
        for button in self.buttons.buttons():
            button.setChecked(button.property("scheme") == settings.colour_scheme)
        if self.buttons.checkedButton() is None:
            self.buttons.buttons()[0].setChecked(True)

    def collect(self) -> dict[str, object]:
        return {"colour_scheme": self.choice()}

    def _chosen(self, _button: QRadioButton, checked: bool) -> None:
        if checked and self.choice() != self._context.settings.colour_scheme:
            self._context.update_settings(colour_scheme=self.choice())
