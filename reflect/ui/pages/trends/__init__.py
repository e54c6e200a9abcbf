"""The Trends page: ``view.TrendsView`` (controls, data, selection) and its tabs (``tabs.TABS``)."""

from reflect.ui.pages.trends.view import TrendsView

__all__ = ["TrendsView"]
