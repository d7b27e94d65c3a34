"""From the demo to the network's source in the window: asked first, the demo kept
if the user says so; once removed, nothing of it in the sidebar, counts that
agree, and the user's annotated demo fiches labelled for what they are."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from window_helpers import wait_until

from rtes_desktop.core.demo import DEMO_SOURCE_ID, demo_present
from rtes_desktop.gui.shell.sidebar import ROLE_SCOPE


@pytest.fixture
def network_zip(tmp_path: Path, demo_lib) -> Path:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from rtes_desktop.core.demo import demo_dir
    from rtes_desktop.core.sync.publish import publish
    from rtes_desktop.core.sync.signing import key_id_of, public_pem

    src = tmp_path / "src"
    shutil.copytree(demo_dir(), src)
    yaml_path = src / "source.yaml"
    yaml_path.write_text(
        yaml_path.read_text(encoding="utf-8").replace("id: demo", "id: rtes", 1), "utf-8"
    )
    key = Ed25519PrivateKey.generate()
    demo_lib.add_trusted_key(
        key_id_of(key.public_key()), public_pem(key.public_key()), "test", "rtes"
    )
    out = tmp_path / "rtes-export.zip"
    publish(src, out, key=key, as_zip=True)
    return out


def _prompt():
    from rtes_desktop.gui.sync.demo_prompt import DemoPrompt

    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, DemoPrompt) and w.isVisible()),
        None,
    )


def _sync_and_answer(qtbot, window, zip_path: Path, answer: str):
    window.sync_launcher.start_sync(str(zip_path))
    wait_until(qtbot, _prompt)
    prompt = _prompt()
    assert (
        window.sync_launcher.sync_dialog is None or not window.sync_launcher.sync_dialog.isVisible()
    )
    button = prompt.keep_button if answer == "keep" else prompt.remove_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: window.sync_launcher.sync_dialog is not None)
    dialog = window.sync_launcher.sync_dialog
    wait_until(qtbot, lambda: dialog.state in ("done", "failed", "cancelled"), timeout=60_000)
    assert dialog.state == "done", dialog.error
    dialog.close()


def _sidebar_sources(window) -> list[str]:
    return [
        it.data(0, ROLE_SCOPE)[1]
        for it in window.sidebar._items()
        if it.data(0, ROLE_SCOPE) and it.data(0, ROLE_SCOPE)[0] == "source"
    ]


def test_keeping_the_demo_keeps_it_beside_the_real_source(
    qtbot, make_window, demo_lib, network_zip
):
    window = make_window()
    assert window.wait_idle()
    demo_count = demo_lib.count_entries(source_id=DEMO_SOURCE_ID)
    _sync_and_answer(qtbot, window, network_zip, "keep")
    assert demo_present(demo_lib)
    assert demo_lib.count_entries(source_id=DEMO_SOURCE_ID) == demo_count
    wait_until(qtbot, lambda: sorted(_sidebar_sources(window)) == ["demo", "rtes"])
    # Not asked again at the next sync.
    window.sync_launcher.start_sync(str(network_zip))
    assert _prompt() is None
    wait_until(qtbot, lambda: window.sync_launcher.sync_dialog.state == "done", timeout=60_000)


def test_cancelling_the_question_syncs_nothing(qtbot, make_window, demo_lib, network_zip):
    window = make_window(search=False)
    assert window.wait_idle()
    window.sync_launcher.start_sync(str(network_zip))
    wait_until(qtbot, _prompt)
    qtbot.mouseClick(_prompt().cancel_button, Qt.MouseButton.LeftButton)
    assert demo_lib.source("rtes") is None and demo_present(demo_lib)


def test_removing_the_demo_leaves_nothing_of_it_and_counts_agree(
    qtbot, make_window, demo_lib, network_zip
):
    annotated = "demo:faq-sieg-mandatement"
    demo_lib.add_note(annotated, "Ma note sur une fiche de démonstration")
    window = make_window()
    assert window.wait_idle()
    _sync_and_answer(qtbot, window, network_zip, "remove")
    assert not demo_present(demo_lib)
    window.show_all()
    assert window.wait_idle()
    wait_until(qtbot, lambda: _sidebar_sources(window) == ["rtes"])
    total = window.sidebar.count_of(("all", ""))
    assert total == window.results_count() == demo_lib.count_entries()
    assert all(key.startswith("rtes:") for key in window.result_keys())
    # Every theme and kind row counts what clicking it lists.
    for item in window.sidebar._items():
        scope = item.data(0, ROLE_SCOPE)
        if scope and scope[0] in ("kind", "theme"):
            window.sidebar.select_scope(tuple(scope))
            assert window.wait_idle()
            assert window.results_count() == int(item.text(1)), scope
    # The annotated demo fiche: still readable, truthfully labelled.
    window.open_entry(annotated)
    text = window.reader_plain_text()
    assert "Exemple de la bibliothèque de démonstration" in text
    assert "Retirée par l’éditeur" not in text
    # Settings no longer offers to remove what is gone.
    settings = window.open_settings()
    assert not settings.remove_demo_button.isEnabled()
    settings.close()


def test_a_source_added_in_settings_is_asked_about_over_the_settings(
    qtbot, make_window, demo_lib, network_zip, monkeypatch
):
    from PySide6.QtWidgets import QDialog

    from rtes_desktop.gui.sync.source_dialog import SourceDialog

    monkeypatch.setattr(SourceDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(SourceDialog, "location", lambda self: str(network_zip))
    window = make_window(search=False)
    settings = window.open_settings()
    settings.add_source()
    wait_until(qtbot, _prompt)
    # Never behind Settings (window-modal): a question under it could not be answered.
    # Either over it, or Settings closed first.
    assert QApplication.activeModalWidget() is _prompt()
    # (the settings close themselves once a source is added: gone, then)
    assert not shiboken6.isValid(settings) or _prompt().parentWidget() is settings
    qtbot.mouseClick(_prompt().keep_button, Qt.MouseButton.LeftButton)
    wait_until(qtbot, lambda: window.sync_launcher.sync_dialog is not None)
    dialog = window.sync_launcher.sync_dialog
    wait_until(qtbot, lambda: dialog.state in ("done", "failed", "cancelled"), timeout=60_000)
    assert dialog.state == "done"
    assert demo_present(demo_lib) and demo_lib.source("rtes") is not None
    dialog.close()
    if shiboken6.isValid(settings):
        settings.close()
