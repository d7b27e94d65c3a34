"""Issue 9 item 2 in the window: an attachment name stored before names were
checked (a library synced by an older version) is shown without its bidi trick,
and what reaches the system's viewer is a .pdf, never the .exe the name hides."""

from __future__ import annotations

import dataclasses

import pytest
from window_helpers import catch_urls, click_link, wait_until

from rtes_desktop.core.models import Attachment

pytest_plugins = ["viewer_helpers"]  # fake_viewer


@pytest.fixture
def catcher():
    with catch_urls("file") as c:  # where the system's file viewer would be
        yield c


def test_a_bidi_attachment_name_is_shown_plainly_and_opens_as_pdf(
    qtbot, make_window, demo_lib, fake_viewer
):
    entry = next(e for e in demo_lib.entries() if e.attachments)
    real = entry.attachments[0]
    hostile = Attachment(
        name="fiche-RTES\u202efdp.exe",
        media_type="application/pdf",
        sha256=real.sha256,
        size=real.size,
    )
    demo_lib.write_entry(dataclasses.replace(entry, attachments=[hostile]))
    window = make_window(search=False)
    window.open_entry(entry.key)
    text = window.reader_plain_text()
    assert "fiche-RTESfdp.exe" in text and "\u202e" not in text
    click_link(qtbot, window.reader, "fiche-RTESfdp.exe")
    wait_until(qtbot, fake_viewer.paths)
    path = fake_viewer.paths()[0]
    assert path.name == "fiche-RTESfdp.exe.pdf"
