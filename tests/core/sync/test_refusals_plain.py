"""Refusals an agent can read: one plain sentence, the technical account in `detail`
(issue 13, item 6)."""

from __future__ import annotations

import zipfile

import pytest

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.sync.engine import sync_all, sync_source


def zipped(root, dest):
    with zipfile.ZipFile(dest, "w") as zf:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(root).as_posix())
    return dest


def test_an_older_usb_zip_says_so_plainly(trusting_lib, builder, tmp_path, snapshot):
    builder.write(serial=2)
    old = zipped(builder.root, tmp_path / "cle.zip")
    builder.entry("fiche-9")
    builder.write(serial=3)
    sync_source(trusting_lib, str(builder.root))
    before = snapshot(trusting_lib)
    with pytest.raises(BadInput) as err:
        sync_source(trusting_lib, str(old))
    assert str(err.value) == (
        "Ce fichier zip contient une version plus ancienne (n° 2) que celle de votre "
        "bibliothèque (n° 3) : rien n'a été modifié."
    )
    assert err.value.code == "rollback"
    assert "manifest.json" in err.value.detail and "retour en arrière" in err.value.detail
    assert snapshot(trusting_lib) == before


def test_same_serial_other_bytes_over_http(trusting_lib, builder, serve):
    builder.write(serial=4)
    server = serve(builder.root)
    sync_source(trusting_lib, server.url)
    builder.entry("fiche-9")
    builder.write(serial=4)
    with pytest.raises(BadInput) as err:
        sync_source(trusting_lib, server.url)
    assert str(err.value).startswith("Cette adresse contient une version n° 4 différente")
    assert "même numéro de série (4)" in err.value.detail


def test_sync_all_keeps_the_detail_in_the_report(lib, builder):
    builder.write()
    lib.save_source("src", "Source src", url=str(builder.root))
    (report,) = sync_all(lib)
    assert report.error.startswith("Le contenu de ce dossier est signé par un éditeur")
    assert "clé inconnue" in report.error_detail
    assert report.summary_fr().startswith("Échec : Le contenu de ce dossier")
