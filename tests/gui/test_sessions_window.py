"""« Mes sessions » through the window, as a trainer uses it: create a session, add
fiches from the reader and a note, reorder with the keyboard, find the order again
after a restart, export the session and read the file."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QInputDialog,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
)
from window_helpers import save_as, type_text, wait_until

SCOPE = Qt.ItemDataRole.UserRole + 1


def sidebar_item(window, scope):
    return next((i for i in window.sidebar._items() if i.data(0, SCOPE) == scope), None)


def sidebar_count(window, scope) -> str | None:
    item = sidebar_item(window, scope)
    return item.text(1) if item is not None else None


def click_sidebar(qtbot, window, scope) -> None:
    item = sidebar_item(window, scope)
    window.sidebar.scrollToItem(item)
    rect = window.sidebar.visualItemRect(item)
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def answer_text(qtbot, view, text: str) -> None:
    """Type into the dialog the view opened, then press Entrée (one line) or click OK."""
    wait_until(qtbot, lambda: isinstance(view.dialog, QInputDialog) and view.dialog.isVisible())
    dialog = view.dialog
    edit = dialog.findChild(QPlainTextEdit)
    if edit is not None and edit.isVisible():
        edit.setFocus()
        type_text(edit, text)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    else:
        line = dialog.findChild(QLineEdit)
        line.setFocus()
        type_text(line, text)
        qtbot.keyClick(line, Qt.Key.Key_Return)


def choose_in_popup(qtbot, label: str) -> None:
    """In the menu that popped up, walk with ↓ to `label` and press Entrée."""
    wait_until(qtbot, lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    names = [a.text().replace("&&", "&") for a in menu.actions()]
    assert label in names, names
    for _ in range(len(names) + 1):
        active = menu.activeAction()
        if active is not None and active.text().replace("&&", "&") == label:
            break
        qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    wait_until(qtbot, lambda: QApplication.activePopupWidget() is None)


def item_titles(view) -> list[str]:
    return [r.title for r in view.item_rows()]


def test_a_session_prepared_in_the_window(qtbot, make_window, demo_lib, tmp_path):
    window = make_window(search=False)
    view = window.sessions_view
    first, second = demo_lib.entries(limit=2)

    # « Mes sessions » in the sidebar opens the view; nothing yet, it says what to do.
    wait_until(qtbot, lambda: sidebar_count(window, ("sessions", "")) == "0")
    click_sidebar(qtbot, window, ("sessions", ""))
    assert window.center.currentWidget() is view
    assert view.no_sessions.isVisible() and "Nouvelle session" in view.no_sessions.text()

    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    answer_text(qtbot, view, "Formation des élus")
    wait_until(qtbot, lambda: view.session_names() == ["Formation des élus"])
    assert view.session_title.text() == "Formation des élus"
    assert view.items_empty.isVisible()
    wait_until(qtbot, lambda: sidebar_count(window, ("sessions", "")) == "1")

    # From the reader: Bibliothèque › Ajouter à une session… (Ctrl+Maj+S), then the session.
    window.open_entry(first.key)
    assert window.sessions.section.label.text() == "Dans aucune session"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.reader.setFocus()
    qtbot.keyClick(
        window.reader,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    choose_in_popup(qtbot, "Formation des élus")
    wait_until(qtbot, lambda: len(demo_lib.session_items(view.current_session_id)) == 1)
    wait_until(qtbot, lambda: window.sessions.section.label.text() == "Dans : Formation des élus")

    # The second one through the button beside the reader.
    window.open_entry(second.key)
    # The button's menu runs its own event loop: choose in it from there.
    QTimer.singleShot(0, lambda: choose_in_popup(qtbot, "Formation des élus"))
    qtbot.mouseClick(window.sessions.section.button, Qt.MouseButton.LeftButton)
    cid = view.current_session_id
    wait_until(qtbot, lambda: len(demo_lib.session_items(cid)) == 2)

    # A note of the trainer's own, at the end of the session.
    click_sidebar(qtbot, window, ("sessions", ""))
    wait_until(qtbot, lambda: item_titles(view) == [first.title, second.title])
    qtbot.mouseClick(view.add_note_button, Qt.MouseButton.LeftButton)
    answer_text(qtbot, view, "Tour de table et attentes")
    wait_until(
        qtbot, lambda: item_titles(view) == [first.title, second.title, "Tour de table et attentes"]
    )

    # The note first: select it and press Alt+Haut twice.
    view.items.setFocus()
    assert view.items.currentRow() == 2  # the note just added is selected
    qtbot.keyClick(view.items, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view.items, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    expected = ["Tour de table et attentes", first.title, second.title]
    assert item_titles(view) == expected  # shown at once…
    assert not view.up_button.isEnabled() and view.down_button.isEnabled()
    # …and written behind.
    wait_until(
        qtbot,
        lambda: (
            [i.note_id is not None for i in demo_lib.session_items(cid)] == [True, False, False]
        ),
    )
    window.close()

    again = make_window(search=False)
    again.actions_.my_sessions.trigger()  # Bibliothèque › Mes sessions (Ctrl+Maj+E)
    view = again.sessions_view
    assert again.center.currentWidget() is view
    assert view.session_names() == ["Formation des élus"]
    assert item_titles(view) == expected

    # Exporter la session… : the handout's dialog (Markdown chosen), then a file dialog,
    # a name typed, « Enregistrer » (issue 11).
    target = tmp_path / "formation-élus.md"
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    ctl = again.handout
    wait_until(qtbot, lambda: ctl.dialog is not None and ctl.dialog.isVisible())
    ctl.dialog.format_box.setCurrentIndex(ctl.dialog.format_box.findData("markdown"))
    qtbot.mouseClick(ctl.dialog.export_button, Qt.MouseButton.LeftButton)
    save_as(qtbot, ctl, target)
    wait_until(qtbot, target.exists)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Formation des élus\n")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    from rtes_desktop.core.typography import french_spacing

    assert headings == [
        "Sommaire",
        "1. Tour de table et attentes",
        f"2. {french_spacing(first.title)}",  # French typography in the handout
        f"3. {french_spacing(second.title)}",
        "Sources",
    ]
    wait_until(qtbot, lambda: "Support écrit" in again.statusBar().currentMessage())


def test_opening_a_note_from_my_notes_shows_it_beside_the_reader(qtbot, make_window, demo_lib):
    entry = demo_lib.entries(limit=1)[0]
    free = demo_lib.add_note(None, "Idées pour la prochaine séance")
    demo_lib.add_note(None, "Une autre note libre")
    on_entry = demo_lib.add_note(entry.key, "Relire la partie sur les SCIC")
    window = make_window(search=False)
    wait_until(qtbot, lambda: sidebar_item(window, ("notes", "")))
    click_sidebar(qtbot, window, ("notes", ""))
    notes = window.notes_list
    assert window.center.currentWidget() is notes

    def activate(note_id: int) -> None:
        tree = notes.tree
        row = next(
            i
            for i in range(tree.topLevelItemCount())
            if tree.topLevelItem(i).data(0, 256) == note_id
        )
        tree.setCurrentItem(tree.topLevelItem(row))
        tree.setFocus()
        qtbot.keyClick(tree, Qt.Key.Key_Return)

    activate(free.id)
    panel = window.notes_panel
    assert panel.entry_key is None and panel.header.text() == "Notes libres"
    assert panel.editor.toPlainText() == "Idées pour la prochaine séance"
    assert window.notes_column.isVisible()

    activate(on_entry.id)
    assert window.current_entry_key == entry.key
    assert panel.entry_key == entry.key
    assert panel.editor.toPlainText() == "Relire la partie sur les SCIC"


def test_a_long_title_stays_on_one_line_above_the_notes(qtbot, make_window, demo_lib):
    entry = max(demo_lib.entries(), key=lambda e: len(e.title))
    window = make_window(search=False)
    window.resize(1360, 840)
    window.open_entry(entry.key)
    header = window.notes_panel.header
    qtbot.waitUntil(lambda: header.width() > 0)
    assert header.text() == f"Notes sur « {entry.title} »"  # whole, for code and readers
    assert header.height() < 2 * header.fontMetrics().lineSpacing()
    from PySide6.QtGui import QTextDocumentFragment

    shown = QTextDocumentFragment.fromHtml(header.toolTip()).toPlainText()
    assert header.is_elided() and shown == header.text()  # escaped: never read as HTML
    assert header.accessibleName() == header.text()
    assert header.accessibleDescription() == entry.title


def test_the_readers_context_menu_adds_to_a_session(qtbot, make_window, demo_lib):
    from PySide6.QtGui import QContextMenuEvent

    entry = demo_lib.entries(limit=1)[0]
    coll = demo_lib.create_session("Atelier CRESS")
    window = make_window(search=False)
    window.open_entry(entry.key)
    viewport = window.reader.viewport()
    pos = viewport.rect().center()
    QApplication.sendEvent(
        viewport,
        QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos)),
    )
    wait_until(qtbot, lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    last = [a for a in menu.actions() if not a.isSeparator()][-1]
    assert last.text() == "Ajouter à une &session" and last.menu() is not None
    # The keyboard way: ↑ to the last line, → opens the sessions, Entrée on the first.
    qtbot.keyClick(menu, Qt.Key.Key_Up)
    assert menu.activeAction() is last
    qtbot.keyClick(menu, Qt.Key.Key_Right)
    wait_until(qtbot, lambda: QApplication.activePopupWidget() is last.menu())
    choose_in_popup(qtbot, "Atelier CRESS")
    wait_until(qtbot, lambda: [i.entry_id for i in demo_lib.session_items(coll.id)] == [entry.id])


def test_f6_reaches_the_sessions_list(qtbot, make_window, demo_lib):
    demo_lib.create_session("Atelier CRESS")
    window = make_window(search=False)
    window.actions_.my_sessions.trigger()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.search_bar.setFocus()
    window.actions_.next_pane.trigger()  # F6: the sidebar
    window.actions_.next_pane.trigger()  # F6: the central area, here « Mes sessions »
    assert QApplication.focusWidget() is window.sessions_view.sessions
