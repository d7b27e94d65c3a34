"""The keyboard in the search field (issue 13, item 7): ↓ always reaches the results,
a suggestion replaces the query only when chosen, Échap closes before it clears."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from window_helpers import wait_until


def press(qtbot, window, key) -> None:
    """A key as the system delivers it: to the suggestions popup while it shows (it
    grabs the keyboard), else to the focused widget."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget() or window
    qtbot.keyClick(target, key)


def typed_with_suggestions(qtbot, window, text: str) -> None:
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, text)
    wait_until(qtbot, window.search_field.suggestions_shown)


def test_down_from_the_field_goes_to_the_results_even_with_suggestions(qtbot, make_window):
    window = make_window()
    assert window.wait_idle()
    typed_with_suggestions(qtbot, window, "fili")
    wait_until(qtbot, lambda: window.controller.last_page.query == "fili")
    press(qtbot, window, Qt.Key.Key_Down)
    # before: ↓ went into the suggestions and wrote « filière » into the field
    assert QApplication.focusWidget() is window.results.list
    assert window.results.list.currentIndex().row() == 0
    assert window.search_field.text() == "fili"
    assert not window.search_field.suggestions_shown()


def test_enter_searches_what_was_typed_not_a_suggestion(qtbot, make_window):
    window = make_window()
    assert window.wait_idle()
    typed_with_suggestions(qtbot, window, "fili")
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.search_field.text() == "fili"
    wait_until(qtbot, lambda: window.controller.last_page.query == "fili")


def test_a_suggestion_is_used_when_chosen_with_tab_then_enter(qtbot, make_window):
    window = make_window()
    assert window.wait_idle()
    typed_with_suggestions(qtbot, window, "fili")
    popup = QApplication.activePopupWidget()
    first = popup.model().index(0, 0).data()
    press(qtbot, window, Qt.Key.Key_Tab)  # into the list
    assert window.search_field.text() == "fili"  # highlighted is not chosen
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.search_field.text() == first
    wait_until(qtbot, lambda: window.controller.last_page.query == first)


def test_escape_closes_the_suggestions_then_needs_a_second_press_to_clear(qtbot, make_window):
    window = make_window()
    assert window.wait_idle()
    closed_by_window: list[str] = []

    def close_find_bar() -> bool:  # what a find bar or the reading mode registers
        if not closed_by_window:
            closed_by_window.append("barre de recherche")
            return True
        return False

    window.search_field.closers.append(close_find_bar)
    typed_with_suggestions(qtbot, window, "fili")
    press(qtbot, window, Qt.Key.Key_Escape)
    assert not window.search_field.suggestions_shown()
    assert window.search_field.text() == "fili"
    press(qtbot, window, Qt.Key.Key_Escape)
    assert closed_by_window == ["barre de recherche"] and window.search_field.text() == "fili"
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.search_field.text() == "fili"  # armed, not cleared
    assert "Échap de nouveau" in window.statusBar().currentMessage()  # and said
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.search_field.text() == ""


def test_another_key_between_two_escapes_disarms(qtbot, make_window):
    window = make_window(search=False)
    window.search_field.setFocus()
    window.search_field.setText("coopération")
    press(qtbot, window, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_End)
    press(qtbot, window, Qt.Key.Key_Escape)
    assert window.search_field.text() == "coopération"


def test_f1_lists_every_shortcut_including_the_keys_of_each_part(qtbot, make_window):
    window = make_window(search=False)
    assert "F1" in [k.toString() for k in window.actions_.shortcuts.shortcuts()]
    window.actions_.shortcuts.trigger()
    wait_until(qtbot, lambda: [b for b in window.findChildren(QMessageBox) if b.isVisible()])
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    text = box.text()
    for keys in ("F2", "Alt+Up, Alt+Down", "Del", "Esc", "Ctrl+Shift+N", "Ctrl+E", "F5", "Ctrl+K"):
        assert f"<b>{keys}" in text, keys  # before: F2, Alt+↑/↓, Entrée… were missing
    assert "Sessions : monter, descendre" in text
    box.close()


def test_no_two_window_commands_share_a_shortcut(qtbot, make_window):
    window = make_window(search=False)
    owners: dict[str, list[str]] = {}
    for action in window.actions_.all():
        for seq in action.shortcuts():
            owners.setdefault(seq.toString(), []).append(action.text())
    shared = {keys: names for keys, names in owners.items() if len(names) > 1}
    assert shared == {}  # Qt runs neither of two actions on one shortcut
    # Ctrl+Maj+E opens « Mes sessions » (« Exporter en PDF… » had it too: nothing opened).
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.reader.setFocus()
    qtbot.keyClick(
        window.reader,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    wait_until(qtbot, lambda: window.center.currentWidget() is window.sessions_view)
