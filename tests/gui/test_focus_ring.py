"""A visible focus indicator in every panel (issue 13, item 7; RGAA 10.7): the widget
holding the keyboard is drawn with a ring in the highlight colour, the others not."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from rtes_desktop.gui.common import palette


class Light:
    """The light look, and how to put the test process's own look back."""

    def __init__(self, qapp):
        self.qapp = qapp
        self.sheet, self.palette = qapp.styleSheet(), qapp.palette()
        self.restored = False
        palette.apply_theme(qapp, "light")
        self.ring = QColor(palette.LIGHT["highlight"])

    def restore(self) -> None:
        if not self.restored:
            self.restored = True
            self.qapp.setStyleSheet(self.sheet)
            self.qapp.setPalette(self.palette)


@pytest.fixture
def light(qapp):
    look = Light(qapp)
    yield look
    look.restore()


def ring_at_left_edge(widget) -> bool:
    image = widget.grab().toImage()
    y = image.height() // 2
    return any(image.pixelColor(x, y) == RING[0] for x in range(0, 2))


RING: list[QColor] = []


def test_every_panel_shows_where_the_keyboard_is(qtbot, light, make_window, qapp):
    RING[:] = [light.ring]
    window = make_window(search=False)
    window.resize(1400, 900)  # wide enough for the notes column beside the reader
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.run_search_now("SCIC", wait=True)
    key = window.result_keys()[0]
    window.library.add_note(key, "Une note pour que l'éditeur soit actif.")
    window.library.create_session("Formation élus")
    window.open_entry(key)
    qtbot.waitUntil(lambda: window.notes_panel.list.count() == 1)
    window.notes_panel.list.setCurrentRow(0)
    panels = {
        "recherche": window.search_field,
        "menu latéral": window.sidebar,
        "résultats": window.results.list,
        "lecteur": window.reader,
        "liste des notes": window.notes_panel.list,
        "note": window.notes_panel.editor,
        "tags": window.tag_editor.edit,
    }
    for name, widget in panels.items():
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus, timeout=2000) if widget.isEnabled() else None
        assert widget.hasFocus(), f"{name} ne prend pas le focus"
        QApplication.processEvents()
        assert ring_at_left_edge(widget), f"{name} : pas d'indicateur de focus"
    assert not ring_at_left_edge(window.reader)  # the ring follows the focus: not left behind
    window.show_my_notes()
    window.notes_list.tree.setFocus()
    qtbot.waitUntil(window.notes_list.tree.hasFocus)
    assert ring_at_left_edge(window.notes_list.tree), "Mes notes"
    window.show_sessions()
    window.sessions_view.sessions.setFocus()
    qtbot.waitUntil(window.sessions_view.sessions.hasFocus)
    assert ring_at_left_edge(window.sessions_view.sessions), "Mes sessions"
    # The look back to the system's while the window is open: the reader re-renders on
    # a palette change, and that must land before the window and its library close.
    light.restore()
    assert window.wait_idle()
