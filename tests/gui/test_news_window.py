"""« Nouveautés » in the window: after a real sync (a published folder), the
summary opens exactly what it brought; the sidebar offers it until seen."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_helpers import wait_until

from rtes_desktop.gui.shell.sidebar import NEWS


@pytest.fixture
def network(tmp_path: Path, demo_lib):
    """The demo's files as source « rtes » (signed by a trusted key), published to
    a folder and synced once; returns (src folder, export folder, key)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from rtes_desktop.core.demo import demo_dir
    from rtes_desktop.core.news import mark_news_seen
    from rtes_desktop.core.sync.engine import sync_source
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
    export = tmp_path / "export"
    publish(src, export, key=key)
    sync_source(demo_lib, str(export))
    mark_news_seen(demo_lib)
    return src, export, key


def _second_publication(src: Path, export: Path, key) -> set[str]:
    """One fiche changed, one added: the keys a person expects in « Nouveautés »."""
    from rtes_desktop.core.sync.publish import publish

    sieg = src / "fiche" / "points-repere-sieg.md"
    sieg.write_text(
        sieg.read_text(encoding="utf-8") + "\n\nMise à jour : nouveau seuil.\n", "utf-8"
    )
    new = src / "fiche" / "points-repere-nouvelle.md"
    new.write_text(
        '---\nid: points-repere-nouvelle\nkind: fiche\ntitle: "Une nouvelle fiche"\n'
        'themes: [sieg]\npublished_at: "2026-11-30"\nupdated_at: "2026-11-30T10:00:00Z"\n'
        "---\nLe texte de la nouvelle fiche.\n",
        "utf-8",
    )
    publish(src, export, key=key)
    return {"rtes:points-repere-sieg", "rtes:points-repere-nouvelle"}


def test_sync_summary_opens_exactly_what_the_sync_brought(qtbot, make_window, demo_lib, network):
    src, export, key = network
    window = make_window()
    assert window.wait_idle()
    assert window.sidebar.count_of(NEWS) is None  # nothing unseen: no row
    expected = _second_publication(src, export, key)

    window.sync_launcher.start_sync(str(export))
    dialog = window.sync_launcher.sync_dialog
    wait_until(qtbot, lambda: dialog.state in ("done", "failed", "cancelled"), timeout=60_000)
    assert dialog.state == "done", dialog.error
    assert dialog.news_button.isVisible()
    # The sidebar offers the news until they are seen.
    wait_until(qtbot, lambda: window.sidebar.count_of(NEWS) == 2)

    qtbot.mouseClick(dialog.news_button, Qt.MouseButton.LeftButton)
    view = window.news_view
    assert window.center.currentWidget() is view
    assert set(view.keys()) == expected
    assert len(view.keys()) == len(expected)
    # Seen: the sidebar's row goes.
    wait_until(qtbot, lambda: window.sidebar.count_of(NEWS) is None)
    # Entrée on a row opens it in the reader.
    view.tree.setCurrentItem(view.tree.topLevelItem(0).child(0))
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert window.current_entry_key in expected


def test_sidebar_news_row_lists_unseen_news(qtbot, make_window, demo_lib, network):
    from rtes_desktop.core.sync.engine import sync_source

    src, export, key = network
    expected = _second_publication(src, export, key)
    sync_source(demo_lib, str(export))  # e.g. by the command line, window closed
    window = make_window()
    wait_until(qtbot, lambda: window.sidebar.count_of(NEWS) == 2)
    window.sidebar.select_scope(NEWS)
    assert window.center.currentWidget() is window.news_view
    assert set(window.news_view.keys()) == expected
