"""Hostile entry bodies in the reader (issue 9, items 1, 3 and 20): nothing the
publisher names is ever opened, pathological Markdown opens as plain text saying so,
and a mailto link reaches the mail client without its `attach` parameter."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from window_helpers import catch_urls, click_link, wait_until

PLAIN_NOTICE = "Ce texte est affiché sans mise en forme"


class FifoCanary:
    """A FIFO that records whether anything opened it for reading.

    A writer process blocks in open() until a reader arrives: if the reader (Qt
    fetching `file://…/canary`) opens it, the writer notes it in a log and closes, so
    the reader gets end-of-file instead of hanging the test, then waits for the next
    reader. A process, not a thread: Qt reads while holding the GIL, a Python thread
    could never answer. The note is written before the close that ends Qt's read, so
    it is there as soon as the page is shown."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "canary"
        self.log = folder / "canary.log"
        os.mkfifo(self.path)
        self.log.write_text("")
        script = 'while :; do exec 3>"$1"; echo opened >>"$2"; exec 3>&-; done'
        self._writer = subprocess.Popen(["sh", "-c", script, "sh", self.path, self.log])

    def was_opened(self) -> bool:
        return "opened" in self.log.read_text()

    def close(self) -> None:
        self._writer.kill()
        self._writer.wait(5)


@pytest.fixture
def canary(tmp_path: Path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system (the canary is a named pipe)")
    c = FifoCanary(tmp_path)
    yield c
    c.close()


def show_body(window, library, body: str) -> str:
    """Give the first demo entry `body`, open it, return the text the reader shows."""
    entry = library.entries(limit=1)[0]
    entry.body = body
    entry.sha256 = "1" * 64
    library.write_entry(entry)
    window.open_entry(entry.key)
    assert window.current_entry_key == entry.key
    return window.reader_plain_text()


def test_an_entry_cannot_make_the_reader_open_a_file(make_window, demo_lib, canary):
    window = make_window(search=False)
    url = QUrl.fromLocalFile(str(canary.path)).toString()
    body = (
        "Un paragraphe.\n"
        f'{{: style="background-image:url({url})" }}\n\n'
        f'<img src="{url}">\n\n'
        f"![pixel]({url})\n\n"
        f'<p style="background-image:url({url})">x</p>\n'
    )
    text = show_body(window, demo_lib, body)
    window.reader.document().adjustSize()  # layout: where Qt would load backgrounds
    window.reader.viewport().repaint()
    assert "Un paragraphe." in text and "[image : pixel]" in text
    assert not canary.was_opened(), "the reader opened a file named by the entry"


def test_the_reader_fetches_nothing_even_from_raw_html(make_window, canary):
    # The second lock alone: HTML that never went through the sanitizer.
    window = make_window(search=False)
    url = QUrl.fromLocalFile(str(canary.path)).toString()
    window.reader.setHtml(
        f'<p style="background-image:url({url})">x</p><img src="{url}">'
        f'<table background="{url}"><tr><td>t</td></tr></table>'
    )
    window.reader.document().adjustSize()
    window.reader.viewport().repaint()
    assert not canary.was_opened(), "loadResource let Qt open a file"


@pytest.mark.parametrize(
    "body",
    ["[" * 16000, "<" * 80000, "".join("    " * i + "- niveau\n" for i in range(300))],
    ids=["brackets", "angles", "nested-lists"],
)
def test_pathological_markdown_opens_as_plain_text(make_window, demo_lib, body):
    window = make_window(search=False)
    text = show_body(window, demo_lib, body)
    assert PLAIN_NOTICE in text
    assert body.strip()[:200] in text.replace("\u200b", "")


def test_a_huge_body_shows_its_start_and_says_so(make_window, demo_lib):
    text = show_body(make_window(search=False), demo_lib, "Une phrase ordinaire. " * 200_000)
    assert PLAIN_NOTICE in text
    assert "premiers caractères sont affichés." in text
    assert text.count("Une phrase ordinaire.") < 200_000


def test_ordinary_markdown_is_formatted_without_notice(make_window, demo_lib):
    window = make_window(search=False)
    text = show_body(window, demo_lib, "## Titre\n\n- **gras** et [lien](https://rtes.fr)")
    assert PLAIN_NOTICE not in text
    assert "gras" in text and "**" not in text


def test_a_title_in_a_tooltip_is_never_read_as_html(qtbot, canary):
    # Qt renders a tooltip that looks like HTML as HTML, images included.
    from PySide6.QtWidgets import QToolTip

    from rtes_desktop.gui.common.elided_label import ElidedLabel

    url = QUrl.fromLocalFile(str(canary.path)).toString()
    label = ElidedLabel(f'Notes sur « <img src="{url}"> une fiche au titre très long »')
    qtbot.addWidget(label)
    label.resize(60, 30)
    label.show()
    assert label.is_elided() and label.toolTip()
    QToolTip.showText(label.mapToGlobal(label.rect().center()), label.toolTip(), label)
    QToolTip.hideText()
    assert not canary.was_opened(), "the tooltip loaded an image named by a title"


def test_mailto_links_lose_their_attach_parameter(qtbot, make_window, demo_lib):
    with catch_urls("mailto") as catcher:  # where the system's mail client would be
        window = make_window(search=False)
        show_body(
            window,
            demo_lib,
            "[Écrire](mailto:contact@rtes.fr?subject=Bonjour&attach=/etc/passwd"
            "&body=Merci&Attach=C:%5Cx)",
        )
        click_link(qtbot, window.reader, "Écrire")
        wait_until(qtbot, lambda: catcher.urls)
    sent = catcher.urls[0].toString()
    assert sent == "mailto:contact@rtes.fr?subject=Bonjour&body=Merci"
