"""Whether the saved reflection on the checklist form was changed since it was opened.

Drafts autosave, but edits to a saved reflection do not (they replace it only when the
user saves), so opening another reflection would drop them; the main window asks first.
"""

from __future__ import annotations

from reflect.records import ReflectionRecord


class UnsavedEdits:
    """Mixed into the checklist form, which sets ``_editing`` when it opens a saved reflection."""

    _editing: ReflectionRecord | None
    _changed_record: ReflectionRecord | None = None  # the opened reflection the user last changed

    def _note_edit(self) -> bool:
        """Note a change by the user; True if it changed a saved reflection (not autosaved)."""
        if self._editing is None:
            return False
        self._changed_record = self._editing
        return True

    def is_editing(self) -> bool:
        return self._editing is not None

    def editing(self) -> ReflectionRecord | None:
        """The saved reflection on the form, if any."""
        return self._editing

    def unsaved_edits(self) -> ReflectionRecord | None:
        """The saved reflection on the form, if the user changed it since opening it."""
        editing = self._editing
        return editing if editing is not None and editing is self._changed_record else None
