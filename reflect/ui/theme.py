"""The design system applied to Qt: a QPalette per scheme, a focus ring, light or dark.

Colours come only from ``reflect/design.py``. The platform's own style is kept (Windows,
macOS, Fusion on Linux) so Reflect looks like its neighbours; the one exception is the
classic "windowsvista" style, which draws with system colours and ignores a palette, so a
dark scheme switches it to Fusion. A palette cannot make a focus ring thicker, so a small
proxy style draws a 2-px ring in the focus colour round a focused combo box, spin box,
date or line edit; no style sheet is used (a sheet replaces the native drawing of every
widget it names).

The scheme follows the system (``QStyleHints.colorScheme``, Qt 6.5+, and its change
signal) unless the user chose Light or Dark in Settings (``Settings.colour_scheme``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

from reflect.design import TYPE_SCALE, Palette, Scheme, palette

PREFERENCES = ("system", "light", "dark")  # the values of Settings.colour_scheme
FOCUS_RING_WIDTH = 2
_NO_DARK_STYLES = ("windowsvista", "windows")  # draw with system colours: a dark palette would not show

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def qpalette(colours: Palette) -> QPalette:
    """The QPalette for one scheme: every text role on its background at ≥ 4.5:1.

    Disabled text uses the muted colour, still ≥ 4.5:1: a greyed-out field can carry
    information (a preset's From and To dates) and must stay readable.
    """
    result = QPalette()
    c = QColor
    roles = {
        Role.Window: colours.window, Role.WindowText: colours.text, Role.Base: colours.surface,
        Role.AlternateBase: colours.window, Role.Text: colours.text, Role.Button: colours.surface,
        Role.ButtonText: colours.text, Role.BrightText: colours.on_accent, Role.Highlight: colours.accent,
        Role.HighlightedText: colours.on_accent, Role.Link: colours.accent, Role.LinkVisited: colours.accent,
        Role.ToolTipBase: colours.surface, Role.ToolTipText: colours.text, Role.PlaceholderText: colours.muted,
        Role.Light: colours.surface, Role.Midlight: colours.grid, Role.Mid: colours.border,
        Role.Dark: colours.border, Role.Shadow: colours.border, Role.Accent: colours.accent,
    }
    for role, colour in roles.items():
        result.setColor(role, c(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        result.setColor(Group.Disabled, role, c(colours.muted))
    result.setColor(Group.Disabled, Role.Base, c(colours.window))
    result.setColor(Group.Disabled, Role.Button, c(colours.window))
    # a selected row keeps its contrast when the list loses focus (the sidebar, History)
    result.setColor(Group.Inactive, Role.Highlight, c(colours.accent))
    result.setColor(Group.Inactive, Role.HighlightedText, c(colours.on_accent))
    return result


def title_font(base: QFont, step: str = "page_title") -> QFont:
    """The platform font at a step of the type scale (``design.TYPE_SCALE``)."""
    font = QFont(base)
    font.setPointSizeF(max(1.0, base.pointSizeF() + TYPE_SCALE[step]))
    if step.endswith("title"):
        font.setWeight(QFont.Weight.DemiBold)
    return font


PE = QStyle.PrimitiveElement
CC = QStyle.ComplexControl
_OUTLINED = {PE.PE_FrameLineEdit: "box", PE.PE_Frame: "box", PE.PE_IndicatorCheckBox: "box", PE.PE_IndicatorRadioButton: "circle"}


class FocusRingStyle(QProxyStyle):
    """The native style, with a 2-px focus ring round fields (a palette cannot set its width).

    Fusion also draws field and tick-box outlines a shade darker than the page, under 3:1
    (and all but invisible on a dark page), so under Fusion they are drawn again in the
    palette's border colour (``Mid``), which is ≥ 3:1: they show where to type and tick.
    """

    _base: str | None = None  # the base style's name, asked once: these run for every control drawn

    def _fusion(self) -> bool:
        return self._base_name() == "fusion"

    def _ring_wanted(self) -> bool:
        return self._base_name() != "macos"  # macOS draws its own wide focus ring round fields

    def _base_name(self) -> str:
        if self._base is None:
            base = self.baseStyle()
            self._base = base.name().lower() if base is not None else ""
        return self._base

    def drawComplexControl(  # noqa: N802 (Qt override)
        self, control: QStyle.ComplexControl, option: QStyleOptionComplex, painter: QPainter, widget: QWidget | None = None
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in (CC.CC_ComboBox, CC.CC_SpinBox):
            if self._fusion():
                _outline(option, painter, "box")
            if self._ring_wanted():
                _ring(option, painter)

    def drawPrimitive(  # noqa: N802 (Qt override)
        self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter, widget: QWidget | None = None
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if widget is not None and isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):
            return  # a combo's or spin box's own line edit: the outer control draws outline and ring
        shape = _OUTLINED.get(element)
        if shape is not None and self._fusion():
            _outline(option, painter, shape)
        if element == PE.PE_FrameLineEdit and self._ring_wanted():
            _ring(option, painter)


def _outline(option: QStyleOption, painter: QPainter, shape: str) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(option.palette.color(Role.Mid), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    rect = QRectF(option.rect).adjusted(0.5, 0.5, -0.5, -0.5)
    if shape == "circle":
        painter.drawEllipse(rect.adjusted(0.5, 0.5, -0.5, -0.5))
    else:
        painter.drawRoundedRect(rect, 2, 2)
    painter.restore()


def _ring(option: QStyleOption, painter: QPainter) -> None:
    if not option.state & QStyle.StateFlag.State_HasFocus:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(option.palette.color(Role.Highlight), FOCUS_RING_WIDTH)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    rect: QRect = option.rect.adjusted(1, 1, -1, -1)
    painter.drawRoundedRect(rect, 3, 3)
    painter.restore()


class Theme(QObject):
    """Applies the palette for the preferred scheme, and again when the system's changes."""

    changed = Signal(str)  # the scheme now shown: "light" or "dark"

    def __init__(self, app: QApplication, preference: str = "system") -> None:
        super().__init__(app)
        self._app = app
        self._preference = preference if preference in PREFERENCES else "system"
        self._native_style = app.style().name()
        self._scheme: Scheme | None = None
        app.styleHints().colorSchemeChanged.connect(self._system_changed)

    @property
    def preference(self) -> str:
        return self._preference

    def scheme(self) -> Scheme:
        """The scheme in use: the user's choice, else the system's (light when it says nothing)."""
        if self._preference in ("light", "dark"):
            return self._preference  # type: ignore[return-value]
        return "dark" if system_scheme() == Qt.ColorScheme.Dark else "light"

    def colours(self) -> Palette:
        return palette(self.scheme())

    def set_preference(self, preference: str) -> None:
        self._preference = preference if preference in PREFERENCES else "system"
        self.apply()

    def apply(self) -> None:
        # Qt 6.8+: native styles (macOS, Windows 11) draw the chosen scheme; Unknown follows the system again
        wanted = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(self._preference, Qt.ColorScheme.Unknown)
        self._app.styleHints().setColorScheme(wanted)
        scheme = self.scheme()
        self._set_style(scheme)
        self._app.setPalette(qpalette(palette(scheme)))
        if scheme != self._scheme:
            self._scheme = scheme
            self.changed.emit(scheme)

    def _set_style(self, scheme: Scheme) -> None:
        name = "fusion" if scheme == "dark" and self._native_style in _NO_DARK_STYLES else self._native_style
        current = self._app.style()
        base = current.baseStyle() if isinstance(current, FocusRingStyle) else current
        if isinstance(current, FocusRingStyle) and base.name() == name:
            return
        self._app.setStyle(FocusRingStyle(name))

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._preference == "system":
            self.apply()


def system_scheme() -> Qt.ColorScheme:
    """The platform's colour scheme (Unknown on platforms that do not say)."""
    return QGuiApplication.styleHints().colorScheme()


def install(preference: str) -> Theme:
    """The application's theme (made once, then its preference updated) applied now."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme = app.findChild(Theme)
    if theme is None:
        theme = Theme(app, preference)
    theme.set_preference(preference)
    return theme
