"""The sync dialog never says « erreur inattendue » for what a user, a publisher or
the disk causes (issue 9, items 6 and 7): one true sentence, library unchanged."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rtes_desktop.core.sync.export_format import object_path
from rtes_desktop.core.sync.signing import key_id_of, public_pem, sign_manifest
from rtes_desktop.gui.sync.sync_dialog import SyncDialog

pytest_plugins = ["conftest_panels"]


def signed_export(root: Path, key: Ed25519PrivateKey, title: str) -> Path:
    """One entry, written in ASCII JSON so its title may hold a lone surrogate."""
    doc = {
        "id": "fiche-1",
        "kind": "fiche",
        "title": title,
        "body": "Les collectivités et l'ESS.",
        "themes": [],
        "published_at": "2025-01-02",
        "updated_at": "2025-01-02T10:00:00Z",
    }
    raw = json.dumps(doc, ensure_ascii=True).encode()
    sha = hashlib.sha256(raw).hexdigest()
    (root / object_path(sha)).parent.mkdir(parents=True)
    (root / object_path(sha)).write_bytes(raw)
    manifest = json.dumps(
        {
            "format": "rtes-export",
            "format_version": 1,
            "source": {"id": "src", "name": "Réseau"},
            "serial": 1,
            "kinds": [{"id": "fiche", "label": "Fiche"}],
            "entries": [{"id": "fiche-1", "sha256": sha, "size": len(raw)}],
        }
    ).encode()
    (root / "manifest.json").write_bytes(manifest)
    (root / "manifest.json.sig").write_bytes(sign_manifest(key, manifest))
    return root


def _failed_sentence(qtbot: Any, library: Any, runner: Any, location: str) -> str:
    dialog = SyncDialog(library, runner)
    qtbot.addWidget(dialog)
    task = dialog.start(location)
    with qtbot.waitSignal(task.failed, timeout=30_000):
        pass
    assert dialog.error_label.isVisible()
    return dialog.error_label.text()


@pytest.fixture
def key(empty_library: Any) -> Ed25519PrivateKey:
    k = Ed25519PrivateKey.generate()
    empty_library.add_trusted_key(key_id_of(k.public_key()), public_pem(k.public_key()), "t")
    return k


def test_a_lone_surrogate_in_a_title_is_one_sentence(qtbot, empty_library, jobs, key, tmp_path):
    export = signed_export(tmp_path / "export", key, "Fiche \ud800")
    text = _failed_sentence(qtbot, empty_library, jobs, str(export))
    assert "inattendue" not in text
    assert "demi-paire de substitution" in text and "title" in text
    assert empty_library.sources() == []


def test_an_impossible_address_is_one_sentence(qtbot, empty_library, jobs):
    text = _failed_sentence(qtbot, empty_library, jobs, "http://[::1")
    assert "inattendue" not in text and "Adresse invalide" in text


def test_a_read_only_library_is_said_read_only(
    qtbot, empty_library, jobs, key, tmp_path, monkeypatch, sqlite_pragma
):
    export = signed_export(tmp_path / "export", key, "Une fiche")
    sqlite_pragma("PRAGMA query_only = ON")  # the worker thread opens its own connection
    text = _failed_sentence(qtbot, empty_library, jobs, str(export))
    assert "inattendue" not in text
    assert "lecture seule" in text and "restaurez" not in text
    monkeypatch.undo()
    assert empty_library.sources() == []
