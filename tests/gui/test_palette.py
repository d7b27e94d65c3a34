"""One palette module (gui/common/palette.py): the user's choice paints our palette;
"system" never paints over what the platform cannot name as light or dark."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from rtes_desktop.gui.common import palette


@pytest.fixture
def app(qapp):
    before_sheet = qapp.styleSheet()
    qapp.setPalette(QPalette())
    yield qapp
    qapp.styleHints().unsetColorScheme()
    qapp.setPalette(QPalette())
    qapp.setStyleSheet(before_sheet)


def window_color(app: QApplication) -> str:
    return str(app.palette().color(QPalette.ColorRole.Window).name())


def test_light_and_dark_choices_paint_our_palettes(app):
    palette.apply_theme(app, "dark")
    assert window_color(app) == palette.DARK["window"]
    assert "#f0b14a" in app.styleSheet()  # the expiry warning, readable on dark
    palette.apply_theme(app, "light")
    assert window_color(app) == palette.LIGHT["window"]
    assert "#9a5b00" in app.styleSheet()


def test_system_keeps_the_platform_palette_when_qt_cannot_name_the_scheme(app):
    platform = window_color(app)
    palette.apply_theme(app, "dark")
    assert window_color(app) != platform
    palette.apply_theme(app, "system")
    if app.styleHints().colorScheme() != Qt.ColorScheme.Unknown:
        pytest.skip("this platform names its scheme: nothing to check here")
    # Unknown (many Linux desktops, a high-contrast theme, offscreen): the platform's own.
    assert window_color(app) == platform
    assert window_color(app) not in (palette.LIGHT["window"], palette.DARK["window"])
    # The style sheet takes its colours from that palette, not from ours.
    assert f"background: {app.palette().color(QPalette.ColorRole.Base).name()}" in (
        app.styleSheet()
    )
    assert palette.LIGHT["sidebar"] not in app.styleSheet()
