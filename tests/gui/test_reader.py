"""The reader: links to other entries open here, web links and attachments go to
the system (caught with Qt's own URL handlers), nothing remote is loaded."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from window_helpers import click_link, wait_until

pytest_plugins = ["viewer_helpers"]  # fake_viewer


class UrlCatcher(QObject):
    """Stands where the system's browser or file viewer would be."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def catcher():
    c = UrlCatcher()
    for scheme in ("file", "https", "http"):
        QDesktopServices.setUrlHandler(scheme, c, "handle")
    yield c
    for scheme in ("file", "https", "http"):
        QDesktopServices.unsetUrlHandler(scheme)


def test_see_also_links_open_in_the_app(qtbot, make_window, demo_lib):
    window = make_window(search=False)
    entry = next(e for e in demo_lib.entries() if e.related)
    related = demo_lib.get_entry(f"{entry.source_id}:{entry.related[0]}")
    window.open_entry(entry.key)
    click_link(qtbot, window.reader, related.title)
    wait_until(qtbot, lambda: window.current_entry_key == related.key)
    assert related.title in window.reader_plain_text()


def test_web_links_go_to_the_system_browser(qtbot, make_window, demo_lib, catcher):
    window = make_window(search=False)
    entry = next(e for e in demo_lib.entries() if e.source_url)
    window.open_entry(entry.key)
    click_link(qtbot, window.reader, "Voir sur le site de l’éditeur")
    wait_until(qtbot, lambda: catcher.urls)
    assert catcher.urls[0].toString() == entry.source_url
    assert window.current_entry_key == entry.key  # the reader stayed where it was


def test_an_attachment_opens_with_the_system_viewer(qtbot, make_window, demo_lib, fake_viewer):
    window = make_window(search=False)
    entry = next(e for e in demo_lib.entries() if e.attachments)
    att = entry.attachments[0]
    window.open_entry(entry.key)
    text = window.reader_plain_text()
    assert "Pièces jointes" in text and att.name in text
    click_link(qtbot, window.reader, att.name)
    wait_until(qtbot, fake_viewer.paths)
    path = fake_viewer.paths()[0]
    assert path.suffix == Path(att.name).suffix  # the viewer needs the extension
    assert hashlib.sha256(path.read_bytes()).hexdigest() == att.sha256


def test_withdrawn_entries_carry_a_banner(make_window, demo_lib):
    entry = demo_lib.entries(limit=1)[0]
    demo_lib.add_note(entry.key, "à garder")
    demo_lib.withdraw_missing(entry.source_id, set())  # the publisher dropped everything
    window = make_window(search=False)
    window.open_entry(entry.key)
    text = window.reader_plain_text()
    # The demo's publisher dropped it: said as what it is, an example of the demo.
    assert "Exemple de la bibliothèque de démonstration" in text
    assert "Retirée par l’éditeur" not in text
    assert entry.title in text


def test_entries_a_publisher_withdrew_carry_a_banner(make_window, demo_lib):
    demo_lib.save_source("rtes", "RTES")
    entry = demo_lib.get_entry(demo_lib.entries(limit=1)[0].key)
    entry.source_id = "rtes"
    demo_lib.write_entry(entry)
    demo_lib.add_note(entry.key, "à garder")
    demo_lib.withdraw_missing("rtes", set())
    window = make_window(search=False)
    window.open_entry(entry.key)
    text = window.reader_plain_text()
    assert "Retirée par l’éditeur" in text
    assert entry.title in text


def test_nothing_remote_is_ever_loaded(make_window):
    window = make_window(search=False)
    from PySide6.QtGui import QTextDocument

    for url in (
        "https://example.org/pixel.png",
        "http://tracker.example/x.gif",
        "file:///etc/passwd",
    ):
        # Not None: on None, Qt opens the URL itself.
        image = window.reader.loadResource(
            QTextDocument.ResourceType.ImageResource.value, QUrl(url)
        )
        assert image is not None and image.isNull()
        sheet = window.reader.loadResource(
            QTextDocument.ResourceType.StyleSheetResource.value, QUrl(url)
        )
        assert sheet is not None and sheet.isEmpty()


def test_theme_chips_in_the_reader_filter_the_list(qtbot, make_window, demo_lib):
    window = make_window(search=False)
    entry = next(e for e in demo_lib.entries() if e.themes)
    theme = next(t for t in demo_lib.themes() if t.id == entry.themes[0])
    window.open_entry(entry.key)
    click_link(qtbot, window.reader, theme.label.split()[0])
    wait_until(qtbot, lambda: window.controller.filters == {"theme": theme.id})
    wait_until(qtbot, lambda: entry.key in window.result_keys())
