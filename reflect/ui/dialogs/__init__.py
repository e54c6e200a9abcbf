"""Dialogs opened from the menus: export/import, supervision, unlock."""
