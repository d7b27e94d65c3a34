"""The English window shows no French (issue 13, item 8): every visible piece of the
window's own text (labels, buttons, fields, headers, tabs, menus, titles, the
status bar, dates and counts) in each main view, scanned for French words. The
library's content (titles, bodies, theme names) is the publisher's and stays French."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTabBar,
    QTreeWidget,
    QWidget,
)
from window_helpers import answer_demo_question, wait_until

from rtes_desktop.core import formatting
from rtes_desktop.gui.common import i18n

FRENCH = re.compile(
    r"\b(mars|avril|janvier|Échap|Fermer|Rechercher|fiches?|Paramètres|Annuler|résultats?|"
    r"Enregistr\w+|Synchroniser|Nouvelle|Aucune?|Thèmes?|Année|Mes notes|Mes sessions|"
    r"Bibliothèque|Trier|Pertinence|Modifiée|Effacer|Ajouter|Retirer|Suivant|Précédent)\b"
)


@pytest.fixture
def english(qapp):
    i18n.install_translator(qapp, "en")
    yield
    i18n.remove_translators(qapp)


def chrome_texts(root: QWidget) -> list[str]:
    """The window's own visible text under `root` (not the library's content)."""
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        if isinstance(w, QLabel) and w.objectName() not in ("facetTitle",):
            texts.append(w.text())
        elif isinstance(w, QAbstractButton):
            if w.objectName() != "chip":  # chips carry theme names: content
                texts += [w.text(), w.toolTip()]
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QTreeWidget):
            header = w.headerItem()
            texts += [header.text(i) for i in range(w.columnCount())]
            if w.objectName() == "sidebar":  # the headings and their counts, not themes
                for i in range(w.topLevelItemCount()):
                    texts += [w.topLevelItem(i).text(0), w.topLevelItem(i).text(1)]
        elif isinstance(w, QListWidget) and w.objectName() != "resultsList":
            texts += [w.item(i).text() for i in range(min(w.count(), 5))]
        texts.append(w.accessibleName())
    return [t for t in texts if t]


def french_in(texts: list[str]) -> list[str]:
    return [t for t in texts if FRENCH.search(t)]


def test_each_main_view_in_english_has_no_french(qtbot, english, make_window, demo_lib):
    window = make_window()
    assert window.wait_idle()
    assert window.windowTitle() == "RTES Library"
    menus = [a.text() for a in window.menuBar().actions()]
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            menus += [a.text() for a in menu.actions()]
    assert not french_in(menus), french_in(menus)

    # Search: results, facets, counts.
    assert window.run_search_now("collectivités", wait=True)
    wait_until(qtbot, lambda: window.results_count() > 0)
    assert not french_in(chrome_texts(window)), french_in(chrome_texts(window))

    # Reading an entry: the reader's own lines (dates) and the notes column.
    entry = (
        next(e for e in demo_lib.entries() if e.published_at[5:7] == "03")
        if any(e.published_at[5:7] == "03" for e in demo_lib.entries())
        else demo_lib.entries(limit=1)[0]
    )
    window.open_entry(entry.key)
    assert window.wait_idle()
    text = window.reader_plain_text()
    assert formatting.format_date(entry.published_at, "en") in text
    if formatting.format_date(entry.published_at, "fr") != formatting.format_date(
        entry.published_at, "en"
    ):
        assert formatting.format_date(entry.published_at, "fr") not in text
    assert not french_in(chrome_texts(window)), french_in(chrome_texts(window))

    # « My notes » and « My sessions ».
    demo_lib.add_note(entry.key, "à relire")
    window.show_my_notes()
    assert window.wait_idle()
    assert not french_in(chrome_texts(window)), french_in(chrome_texts(window))
    window.show_sessions()
    assert not french_in(chrome_texts(window)), french_in(chrome_texts(window))

    # The settings.
    settings = window.open_settings()
    for i in range(settings.tabs.count()):
        settings.tabs.setCurrentIndex(i)
        assert not french_in(chrome_texts(settings)), french_in(chrome_texts(settings))
    settings.close()


def test_f1_and_a_refused_sync_in_english(qtbot, english, make_window, tmp_path):
    from panel_helpers import write_source_tree
    from PySide6.QtWidgets import QMessageBox

    from rtes_desktop.core.sync.publish import publish

    window = make_window(search=False)
    window.actions_.shortcuts.trigger()
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    plain = re.sub(r"<[^>]+>", " ", box.text()).replace("&#x27;", "'")
    assert "Esc" in plain and not FRENCH.search(plain), FRENCH.findall(plain)
    box.close()

    usb = tmp_path / "cle.zip"
    publish(write_source_tree(tmp_path / "src", 2), usb, as_zip=True)  # not signed
    window.sync_launcher.start_sync(str(usb))
    answer_demo_question(qtbot, window, keep=True)
    dialog = window.sync_launcher.sync_dialog
    wait_until(qtbot, lambda: dialog.state == "failed")
    assert dialog.error_label.text().startswith("The content of this zip file is not signed")
    assert not french_in(chrome_texts(dialog)), french_in(chrome_texts(dialog))
    dialog.accept()


def test_a_sync_that_replaces_the_demo_reports_in_english(
    qtbot, english, make_window, demo_lib, tmp_path
):
    from panel_helpers import write_source_tree

    from rtes_desktop.core.sync.publish import publish
    from rtes_desktop.core.sync.signing import generate_keypair, load_public_key_file

    private, public, _ = generate_keypair(tmp_path / "editeur")
    key = load_public_key_file(public)
    demo_lib.add_trusted_key(key.key_id, key.pem, key.label)
    usb = tmp_path / "cle.zip"
    publish(write_source_tree(tmp_path / "src", 3), usb, key=private, as_zip=True)
    window = make_window(search=False)
    window.sync_launcher.start_sync(str(usb))
    wait_until(qtbot, lambda: window.sync_launcher.demo_prompt is not None)
    prompt = window.sync_launcher.demo_prompt  # the question about the demo, in English too
    assert not french_in(chrome_texts(prompt)), french_in(chrome_texts(prompt))
    answer_demo_question(qtbot, window, keep=False)
    dialog = window.sync_launcher.sync_dialog
    wait_until(qtbot, lambda: dialog.state == "done")
    shown = [dialog.summary_label.text(), dialog.warnings_label.text(), dialog.phase_label.text()]
    assert shown[0] == "3 new entries"
    assert "demonstration library was removed" in shown[1]  # before: in French
    assert not french_in(shown), french_in(shown)
    assert window.wait_idle()
    dialog.accept()
