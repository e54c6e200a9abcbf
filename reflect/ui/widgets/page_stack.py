"""The main window's pages, one per ``PageSpec``, each in its frame (title, purpose, width).

Only the checklist's frame is made before the first paint; a page that reads the database
has a bare stand-in until it is first needed, then its frame, whose view is built when
first shown (``LazyPage``): nine frames and their scroll areas are not made, nor laid out
at each resize, before the window can be typed in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QStackedWidget, QWidget

from reflect.ui.pages import PageSpec
from reflect.ui.widgets.lazy_page import LazyPage
from reflect.ui.widgets.page_frame import PageFrame


class PageStack(QStackedWidget):
    def __init__(self, pages: Sequence[PageSpec], build: Callable[[PageSpec], QWidget],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages = tuple(pages)
        self._build = build
        for spec in self._pages:
            self.addWidget(QWidget() if spec.needs_database else
                           PageFrame(spec.title, spec.purpose, build(spec), wide=spec.wide))

    def frame(self, row: int) -> PageFrame:
        """A page's frame, made in place of its stand-in when first needed."""
        page = self.widget(row)
        if isinstance(page, PageFrame):
            return page
        assert page is not None, row
        spec = self._pages[row]
        frame = PageFrame(spec.title, spec.purpose, LazyPage(lambda: self._build(spec), imports=spec.imports),
                          wide=spec.wide)
        self.insertWidget(row, frame)
        self.removeWidget(page)  # never the current page: its frame is made before it is shown
        page.deleteLater()
        return frame

    def view(self, row: int) -> QWidget:
        """The view a page's frame holds (a page built on first show is built now)."""
        content = self.frame(row).content
        return content.widget() if isinstance(content, LazyPage) else content

    def show_row(self, row: int) -> None:
        self.frame(row)
        self.setCurrentIndex(row)
