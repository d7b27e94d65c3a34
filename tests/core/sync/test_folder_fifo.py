"""A FIFO (or any non-regular file) in a folder export is refused at once (issue 9,
item 8: it used to block the sync for ever)."""

from __future__ import annotations

import os
import threading

import pytest

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.sync.engine import sync_source
from rtes_desktop.core.sync.export_format import object_path

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def sync_in_thread(lib, root):
    """sync_source, failing the test (instead of hanging the suite as before the fix)
    when still blocked after a minute."""
    box: dict[str, BaseException] = {}

    def target() -> None:
        try:
            sync_source(lib, str(root))
        except BaseException as exc:  # handed to the test
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    t.join(60)
    assert not t.is_alive(), "sync blocked on a FIFO"
    return box.get("error")


@pytest.mark.parametrize("which", ["manifest.json", "manifest.json.sig", "object"])
def test_fifo_in_folder_export_is_refused(trusting_lib, builder, snapshot, which):
    builder.write()
    if which == "object":
        target = builder.root / object_path(builder.sha("fiche-2"))
    else:
        target = builder.root / which
    target.unlink()
    os.mkfifo(target)
    before = snapshot(trusting_lib)
    error = sync_in_thread(trusting_lib, builder.root)
    assert isinstance(error, BadInput), error
    assert str(target) in str(error) and "c'est un tube (FIFO)" in str(error)
    assert snapshot(trusting_lib) == before


def test_folder_in_place_of_an_object_is_refused(trusting_lib, builder, snapshot):
    builder.write()
    target = builder.root / object_path(builder.sha("fiche-1"))
    target.unlink()
    target.mkdir()
    before = snapshot(trusting_lib)
    error = sync_in_thread(trusting_lib, builder.root)
    assert isinstance(error, BadInput) and "c'est un dossier" in str(error)
    assert snapshot(trusting_lib) == before
