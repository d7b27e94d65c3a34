"""Finding the words in the open fiche: the query's words highlighted (the search's
own analysis) and scrolled to; Ctrl+F's find bar with next and previous."""

from __future__ import annotations

from PySide6.QtCore import Qt
from window_helpers import type_text, wait_until


def _highlighted(window) -> list[str]:
    text = window.reader.document().toPlainText()
    return [text[s:e] for s, e in window.reader_area.marks.query_spans]


def test_opening_a_result_highlights_the_query_words_and_scrolls_to_them(qtbot, make_window):
    window = make_window()
    window.resize(1024, 700)
    assert window.run_search_now("filiere", wait=True)
    key = "demo:reperess-9-filieres"
    assert key in window.result_keys()
    window.results.select_key(key)
    window.results.entry_activated.emit(key)  # Entrée on the row
    assert window.current_entry_key == key
    marked = _highlighted(window)
    assert marked and all(w.lower().startswith("fili") for w in marked), marked
    assert any(w in ("filières", "Filières") for w in marked)
    # What a person sees: coloured backgrounds over those words.
    assert len(window.reader.extraSelections()) == len(marked)


def test_acronym_highlights_its_expansion_too(qtbot, make_window):
    window = make_window()
    assert window.run_search_now("sieg", wait=True)
    key = "demo:points-repere-sieg"
    window.results.entry_activated.emit(key)
    marked = {w.casefold() for w in _highlighted(window)}
    assert "sieg" in marked
    assert "services d'intérêt économique général" in marked


def test_highlight_scrolls_to_a_word_far_down(qtbot, make_window):
    window = make_window()
    window.resize(1024, 700)
    assert window.run_search_now("compensation", wait=True)
    key = window.result_keys()[0]
    window.results.entry_activated.emit(key)
    spans = window.reader_area.marks.query_spans
    assert spans
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(spans[0][0])
    rect = window.reader.cursorRect(cursor)
    assert 0 <= rect.top() <= window.reader.viewport().height()


def test_ctrl_f_finds_with_next_and_previous_and_escape_closes(qtbot, make_window):
    window = make_window()
    window.resize(1366, 768)
    assert window.wait_idle()
    window.open_entry("demo:points-repere-sieg")
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.reader_area.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    type_text(bar.edit, "collectivite")  # accents ignored
    marks = window.reader_area.marks
    text = window.reader.document().toPlainText()
    found = [text[s:e] for s, e in marks.find_spans]
    assert len(found) >= 3 and {f.lower() for f in found} <= {"collectivité"}
    assert bar.count.text() == f"1 / {len(found)}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert marks.current == 1 and bar.count.text() == f"2 / {len(found)}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3)
    assert marks.current == 2
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert marks.current == 1
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and marks.find_spans == []
    assert window.reader.hasFocus()


def test_ctrl_f_outside_the_reader_still_goes_to_the_search_field(qtbot, make_window):
    window = make_window()
    assert window.wait_idle()
    window.results.focus_list()
    window.actions_.find.trigger()
    assert window.search_field.hasFocus()
    assert not window.reader_area.find_bar.isVisible()


def test_find_bar_says_when_nothing_is_found(qtbot, make_window):
    window = make_window()
    assert window.wait_idle()
    window.open_entry("demo:points-repere-sieg")
    window.reader_area.find_bar.open_bar()
    type_text(window.reader_area.find_bar.edit, "zzzz")
    wait_until(qtbot, lambda: window.reader_area.find_bar.count.text())
    assert window.reader_area.find_bar.count.text() == "Aucun résultat"


def test_escape_in_the_reader_closes_the_find_bar_before_leaving_reading_mode(qtbot, make_window):
    window = make_window()
    assert window.wait_idle()
    window.open_entry("demo:points-repere-sieg")
    window.actions_.reading_mode.trigger()
    window.reader_area.find_bar.open_bar()
    type_text(window.reader_area.find_bar.edit, "sieg")
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Escape)
    assert not window.reader_area.find_bar.isVisible()
    assert window.actions_.reading_mode.isChecked()
    qtbot.keyClick(window.reader, Qt.Key.Key_Escape)
    assert not window.actions_.reading_mode.isChecked()
