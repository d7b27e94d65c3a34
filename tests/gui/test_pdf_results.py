"""A result found in a PDF (issue 14): the list says « dans le PDF « … », p. 23 », the
reader shows that page's text above the fiche, and « Ouvrir le PDF à cette page »
opens it (at that page where the viewer takes one)."""

from __future__ import annotations

import os
import stat

from PySide6.QtCore import Qt
from window_helpers import click_link, wait_until

pytest_plugins = ["viewer_helpers"]  # fake_viewer: the system's viewer, stood in for

GUIDE = "RepèrESS n°9 – Filières & ESS"


def test_a_phrase_only_in_a_pdf_shows_the_page_and_its_text(qtbot, make_window, demo_lib):
    window = make_window()
    assert window.wait_idle()
    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, "clause de reemploi")
    wait_until(qtbot, lambda: window.controller.last_page.query == "clause de reemploi")
    wait_until(qtbot, lambda: window.result_keys())
    index = window.results.model.index(0)
    assert index.data(Qt.ItemDataRole.UserRole + 2) == "demo:reperess-9-filieres"
    spoken = index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert f"dans le PDF « {GUIDE} », p. 23" in spoken
    assert "clause de réemploi" in spoken  # the passage comes from that page

    rect = window.results.list.visualRect(index)
    qtbot.mouseClick(window.results.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_until(qtbot, lambda: window.current_entry_key == "demo:reperess-9-filieres")
    text = window.reader_plain_text()
    assert f"Dans le PDF « {GUIDE} », p. 23" in text
    assert "La clause de réemploi impose au titulaire d'un marché de travaux" in text
    # The fiche itself follows.
    assert "Pourquoi un guide sur les filières" in text


def test_another_search_forgets_the_pages(qtbot, make_window):
    window = make_window()
    assert window.wait_idle()  # the index is built (until then, answers come from SQL)
    assert window.run_search_now("clause de reemploi", wait=True)
    window.open_entry("demo:reperess-9-filieres")
    assert "p. 23" in window.reader_plain_text()
    assert window.run_search_now("filieres", wait=True)  # found in the fiche's own text
    wait_until(qtbot, lambda: "p. 23" not in window.reader_plain_text())


def test_open_the_pdf_at_the_page(qtbot, make_window, fake_viewer, monkeypatch):
    from rtes_desktop.gui.reader import attachments

    # This machine's default PDF viewer (if any) must not be launched by the test.
    monkeypatch.setattr(attachments, "_default_pdf_viewer", lambda: "")
    window = make_window()
    assert window.wait_idle()  # the index is built (until then, answers come from SQL)
    assert window.run_search_now("clause de reemploi", wait=True)
    window.open_entry("demo:reperess-9-filieres")
    with qtbot.waitSignal(window.reader.attachment_page_requested) as got:
        click_link(qtbot, window.reader, "Ouvrir le PDF à cette page")
    assert got.args == ["demo:reperess-9-filieres", 0, 23]
    wait_until(qtbot, fake_viewer.paths)
    assert fake_viewer.paths()[-1].suffix == ".pdf"
    # The system's opener takes no page: the status bar says where the passage is.
    wait_until(qtbot, lambda: "page 23" in window.statusBar().currentMessage())


def test_page_command_for_viewers_that_take_a_page(tmp_path, monkeypatch):
    from rtes_desktop.gui.reader.attachments import page_command

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("okular", "evince"):
        exe = bin_dir / name
        exe.write_text("#!/bin/sh\n", encoding="utf-8")
        exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + os.environ.get("PATH", ""))
    assert page_command("org.kde.okular.desktop", "/t/a.pdf", 23) == [
        str(bin_dir / "okular"),
        "--page",
        "23",
        "/t/a.pdf",
    ]
    assert page_command("org.gnome.Evince.desktop", "/t/a.pdf", 4) == [
        str(bin_dir / "evince"),
        "--page-index=4",
        "/t/a.pdf",
    ]
    assert page_command("firefox.desktop", "/t/a.pdf", 4) is None  # unknown: no page
    assert page_command("atril.desktop", "/t/a.pdf", 4) is None  # not installed here
