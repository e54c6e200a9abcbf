"""A chart with years of reflections as dots: each drawn where its value is, in the scheme's colour, and every
one reachable by the mouse (hover names it, a click lists every dot under the pointer) and by the keyboard."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from reflect.design import DARK, LIGHT
from reflect.ui.pages.trends import TrendsView
from reflect.ui.pages.trends.tabs import ScoreTab
from reflect.ui.widgets.trend_chart import TrendChart
from tests.helpers import listed_now

DAY = 86_400.0
SPAN = 3650 * DAY  # ten years


def many_dots() -> tuple[np.ndarray, np.ndarray]:
    """20,000 scores at 21 levels over ten years, plus a dot alone at 2.5 % (8 px from the nearest level) and
    seven reflections at the same moment with the same score; in time order, as Trends gives them."""
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.uniform(0, SPAN, 20_000), [1825 * DAY], np.full(7, 900 * DAY)])
    y = np.concatenate([rng.integers(0, 21, 20_000) * 5.0, [2.5], np.full(7, 97.5)])
    order = np.argsort(x, kind="stable")
    return x[order], y[order]


X, Y = many_dots()
LONER = int(np.flatnonzero(Y == 2.5)[0])
HUDDLE = [int(i) for i in np.flatnonzero(Y == 97.5)]


@pytest.fixture
def view(trends_on_demo_data: TrendsView) -> TrendsView:
    return trends_on_demo_data


@pytest.fixture
def chart(qtbot: QtBot, host: QWidget) -> Iterator[TrendChart]:
    page = host  # as on a Trends tab: the chart lives, and is closed, inside a page
    chart = TrendChart("Scores", lambda _key, index: f"reflection {index}", parent=page)
    chart.resize(900, 420)
    page.resize(900, 420)
    page.show()
    qtbot.waitExposed(page)
    chart.add_dots("dots", X, Y)
    chart.fit(0.0, SPAN)
    qtbot.wait(20)
    yield chart


@pytest.fixture
def dark_scheme(qtbot: QtBot) -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Window, QColor(DARK.window))
    app.setPalette(dark)
    yield
    app.setPalette(light)


def pixels(chart: TrendChart, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where values land in the chart's viewport, from two corners of the plot (the axes are linear)."""
    view = chart.getPlotItem().getViewBox()
    low = chart.mapFromScene(view.mapViewToScene(QPointF(0.0, 0.0)))
    high = chart.mapFromScene(view.mapViewToScene(QPointF(SPAN, 100.0)))
    return low.x() + (high.x() - low.x()) * x / SPAN, low.y() + (high.y() - low.y()) * y / 100.0


def image(chart: TrendChart) -> np.ndarray:
    shot = chart.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(shot.constBits(), np.uint8).reshape(shot.height(), shot.width(), 4)[..., 2::-1].astype(int)


def point_at(chart: TrendChart, index: int) -> QPoint:
    x, y = chart.series["dots"].x[index], chart.series["dots"].y[index]
    px, py = pixels(chart, np.array([x]), np.array([y]))
    return QPoint(round(float(px[0])), round(float(py[0])))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_dot_is_drawn_where_its_value_is_in_the_schemes_colour(qtbot: QtBot, request: pytest.FixtureRequest,
                                                                     scheme: str) -> None:
    if scheme == "dark":
        request.getfixturevalue("dark_scheme")
    chart = request.getfixturevalue("chart")
    chart.clearFocus()  # no focus ring or words over the dots
    qtbot.waitUntil(lambda: chart.cursor.ring is None or not chart.cursor.ring.isVisible())
    muted = np.array(QColor(DARK.muted if scheme == "dark" else LIGHT.muted).getRgb()[:3])
    picture = image(chart)
    px, py = (np.rint(v).astype(int) for v in pixels(chart, X, Y))
    assert (np.abs(picture[py, px] - muted).max(axis=1) <= 8).all()  # a dot on every value…
    covered = np.zeros(picture.shape[:2], bool)
    for dx in range(-4, 5):
        for dy in range(-4, 5):
            covered[np.clip(py + dy, 0, covered.shape[0] - 1), np.clip(px + dx, 0, covered.shape[1] - 1)] = True
    dotted = np.abs(picture - muted).max(axis=2) <= 8
    plot = chart.mapFromScene(chart.getPlotItem().getViewBox().sceneBoundingRect()).boundingRect()
    inside = np.zeros_like(covered)
    inside[plot.top() + 1:plot.bottom(), plot.left() + 1:plot.right()] = True  # not the axes' lines and labels
    assert (dotted & inside).sum() > 10_000 and not (dotted & inside & ~covered).any()  # …and none elsewhere


def test_hovering_a_dot_names_it_and_a_click_lists_it(chart: TrendChart, qtbot: QtBot) -> None:
    clicked: list[tuple[str, list[int]]] = []
    chart.pointsClicked.connect(lambda key, indexes: clicked.append((key, indexes)))
    spot = point_at(chart, LONER)
    qtbot.mouseMove(chart.viewport(), spot)
    qtbot.waitUntil(lambda: chart.getPlotItem().getViewBox().toolTip() == f"reflection {LONER}")
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert clicked == [("dots", [LONER])]
    qtbot.wait(50)  # pyqtgraph takes at most one mouse move per screen refresh
    qtbot.mouseMove(chart.viewport(), spot - QPoint(0, 16))  # off the dot, half-way between two score levels
    qtbot.waitUntil(lambda: chart.getPlotItem().getViewBox().toolTip() == "")


def test_dots_drawn_as_one_still_list_every_reflection_behind_them(chart: TrendChart, qtbot: QtBot) -> None:
    clicked: list[list[int]] = []
    chart.pointsClicked.connect(lambda _key, indexes: clicked.append(indexes))
    spot = point_at(chart, HUDDLE[0])
    qtbot.mouseMove(chart.viewport(), spot)
    qtbot.waitUntil(lambda: "…and 4 others" in chart.getPlotItem().getViewBox().toolTip())
    assert chart.getPlotItem().getViewBox().toolTip().count("reflection ") == 3
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert len(clicked) == 1 and sorted(clicked[0]) == HUDDLE


def test_the_keyboard_reaches_the_first_and_the_last_of_twenty_thousand_dots(chart: TrendChart, qtbot: QtBot) -> None:
    clicked: list[list[int]] = []
    chart.pointsClicked.connect(lambda _key, indexes: clicked.append(indexes))
    chart.setFocus()
    qtbot.waitUntil(chart.hasFocus)
    qtbot.keyClick(chart, Qt.Key.Key_End)
    assert chart.accessibleDescription() == f"reflection {len(X) - 1}"  # the latest
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    assert chart.accessibleDescription() == "reflection 0"
    for _ in range(3):
        qtbot.keyClick(chart, Qt.Key.Key_Right)
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    assert clicked == [[3]]


def test_clicking_a_score_dot_on_trends_lists_its_session(view: TrendsView, qtbot: QtBot) -> None:
    chart = view.tab(ScoreTab).chart
    board = view.board
    assert board is not None
    spots = np.array([[p.x(), p.y()] for p in (chart.mapFromScene(chart.getPlotItem().getViewBox().mapViewToScene(
        QPointF(x, y))) for x, y in zip(chart.series["score-dots"].x, chart.series["score-dots"].y, strict=True))])
    line = chart.series["score"]
    others = np.array([[p.x(), p.y()] for p in (chart.mapFromScene(chart.getPlotItem().getViewBox().mapViewToScene(
        QPointF(x, y))) for x, y in zip(line.x, line.y, strict=True))])
    alone = next(i for i, spot in enumerate(spots)
                 if np.sort(np.abs(spots - spot).max(axis=1))[1] > 8 and np.abs(others - spot).max(axis=1).min() > 10)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(*(int(v) for v in spots[alone])))
    index = int(chart.series["score-dots"].indexes[alone])
    assert [r.id for r in listed_now(qtbot, view)] == [str(board.table.ids[index])]
    assert view.selection.selection_label.text().startswith("This session: 1 reflection")

