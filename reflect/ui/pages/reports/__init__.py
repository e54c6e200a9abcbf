"""The Reports page (``view.ReportsView``) and the kinds of report it makes (``kinds``)."""

from reflect.ui.pages.reports.view import ReportsView

__all__ = ["ReportsView"]
