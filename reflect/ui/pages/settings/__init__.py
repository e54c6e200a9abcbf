"""The Settings page (``view.SettingsView``), one class per section (``sections``, ``prompts_section``)."""

from reflect.ui.dialogs.passphrase import MODE_CHANGE, MODE_REMOVE, MODE_SET, PassphraseDialog
from reflect.ui.pages.settings.view import SettingsView

__all__ = ["MODE_CHANGE", "MODE_REMOVE", "MODE_SET", "PassphraseDialog", "SettingsView"]
