"""Each bad input of the spec is refused with a message naming the file, and the
library (notes included) is left exactly as it was."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.sync.engine import sync_source
from rtes_desktop.core.sync.export_format import Limits


@pytest.fixture
def synced(trusting_lib, builder):
    """A library synced at serial 1, with a note and a tag the user wrote."""
    builder.write()
    sync_source(trusting_lib, str(builder.root))
    trusting_lib.add_note("fiche-1", "Ne pas perdre cette note.")
    trusting_lib.add_tag("fiche-1", "formation")
    return trusting_lib


def refused(lib, location, snapshot, *, expect_path: str, expect: str, **kw) -> BadInput:
    before = snapshot(lib)
    with pytest.raises(BadInput) as err:
        sync_source(lib, str(location), **kw)
    message = str(err.value)
    if err.value.detail:  # worded for an agent; the file and reason are in the detail
        assert "rien n'a été modifié" in message, message
        message = f"{message}\n{err.value.detail}"
    assert expect_path in message, message
    assert expect in message, message
    assert snapshot(lib) == before
    assert [n.body for n in lib.notes("fiche-1")] == ["Ne pas perdre cette note."]
    return err.value


def test_tampered_object(synced, builder, snapshot):
    builder.entry("fiche-2", title="nouvelle version")
    builder.write()
    path = builder.object_file("fiche-2")
    path.write_bytes(path.read_bytes().replace(b"nouvelle version", b"version pirate!!"))
    refused(
        synced,
        builder.root,
        snapshot,
        expect_path=f"objects/{builder.sha('fiche-2')[:2]}/",
        expect="empreinte SHA-256 ne correspond pas",
    )


def test_tampered_manifest(synced, builder, snapshot):
    builder.entry("fiche-2", title="nouvelle version")
    builder.write()
    raw = (builder.root / "manifest.json").read_bytes()
    (builder.root / "manifest.json").write_bytes(raw.replace(b'"serial": 2', b'"serial": 9'))
    refused(
        synced, builder.root, snapshot, expect_path="manifest.json.sig", expect="signature invalide"
    )


def test_unknown_key(synced, builder, snapshot):
    builder.key = Ed25519PrivateKey.generate()
    builder.entry("fiche-2", title="signée par un inconnu")
    builder.write()
    refused(synced, builder.root, snapshot, expect_path="manifest.json.sig", expect="clé inconnue")


def test_missing_signature(synced, builder, snapshot):
    builder.entry("fiche-2", title="non signée")
    builder.write(sign=False)
    refused(
        synced,
        builder.root,
        snapshot,
        expect_path="manifest.json.sig",
        expect="signature manquante",
    )


def test_missing_signature_allowed_with_flag(lib, builder):
    builder.write(sign=False)
    sync_source(lib, str(builder.root), allow_unsigned=True)
    builder.entry("fiche-2", title="non signée")
    builder.write(sign=False)
    report = sync_source(lib, str(builder.root), allow_unsigned=True)
    assert report.updated == ["fiche-2"]
    assert any("non signé" in w for w in report.warnings)


def test_unsigned_never_replaces_a_source_synced_signed(synced, builder, snapshot):
    builder.entry("fiche-2", title="non signée")
    builder.write(sign=False)
    refused(
        synced,
        builder.root,
        snapshot,
        expect_path="manifest.json.sig",
        expect="un export non signé ne peut pas la remplacer",
        allow_unsigned=True,
    )


def test_rollback(synced, builder, snapshot):
    builder.entry("fiche-2", title="v2")
    builder.write()  # serial 2
    sync_source(synced, str(builder.root))
    builder.entry("fiche-2", title="v1 rejouée")
    builder.write(serial=1)
    refused(
        synced,
        builder.root,
        snapshot,
        expect_path="manifest.json",
        expect="retour en arrière refusé",
    )


def test_same_serial_other_bytes(synced, builder, snapshot):
    builder.entry("fiche-2", title="autre contenu, même numéro")
    builder.write(serial=1)
    refused(
        synced, builder.root, snapshot, expect_path="manifest.json", expect="même numéro de série"
    )


def test_future_format_version(synced, builder, snapshot):
    builder.manifest_extra = {"format_version": 2, "nouveau_champ": {"x": 1}}
    builder.write()
    refused(
        synced,
        builder.root,
        snapshot,
        expect_path="manifest.json",
        expect="mettez l'application à jour",
    )


def test_unknown_fields_are_ignored(synced, builder):
    builder.manifest_extra = {"futur": [1, 2, 3]}
    builder.entry("fiche-2", champ_inconnu="ignoré", title="avec champ inconnu")
    builder.write()
    assert sync_source(synced, str(builder.root)).updated == ["fiche-2"]


def test_invalid_json_manifest(synced, builder, snapshot):
    builder.write_manifest(b'{"format": "rtes-export", "format_version": 1,,}')
    refused(synced, builder.root, snapshot, expect_path="manifest.json", expect="JSON invalide")


def test_invalid_json_entry(synced, builder, snapshot):
    builder.write()
    raw = b'{"id": "fiche-9", "kind": '
    import hashlib

    sha = hashlib.sha256(raw).hexdigest()
    (builder.root / "objects" / sha[:2]).mkdir(parents=True, exist_ok=True)
    (builder.root / "objects" / sha[:2] / sha).write_bytes(raw)
    manifest = builder.manifest(builder.serial + 1)
    manifest["entries"].append({"id": "fiche-9", "sha256": sha, "size": len(raw)})
    builder.write_manifest(json.dumps(manifest).encode())
    refused(
        synced,
        builder.root,
        snapshot,
        expect_path=f"objects/{sha[:2]}/{sha}",
        expect="JSON invalide",
    )


def test_entry_with_bad_id_and_missing_field(synced, builder, snapshot):
    builder.entry("fiche-2")
    del builder.docs["fiche-2"]["title"]
    builder.write()
    refused(synced, builder.root, snapshot, expect_path="objects/", expect="« title » manquant")


def test_entry_with_undeclared_theme(synced, builder, snapshot):
    builder.entry("fiche-2", themes=["inconnu"])
    builder.write()
    refused(synced, builder.root, snapshot, expect_path="objects/", expect="thèmes non déclarés")


def test_missing_object(synced, builder, snapshot):
    builder.entry("fiche-2", title="v2")
    builder.write()
    builder.object_file("fiche-2").unlink()
    refused(synced, builder.root, snapshot, expect_path="objects/", expect="objet manquant")


def test_oversized_manifest(synced, builder, snapshot):
    builder.manifest_extra = {"bourrage": "x" * 300_000}
    builder.write()
    refused(
        synced,
        builder.root,
        snapshot,
        expect_path="manifest.json",
        expect="trop gros",
        limits=Limits(manifest_bytes=200_000),
    )


def test_oversized_manifest_default_limit(synced, builder, snapshot):
    builder.manifest_extra = {"bourrage": "x" * (17 * 1024 * 1024)}
    builder.write()
    refused(synced, builder.root, snapshot, expect_path="manifest.json", expect="trop gros")


def test_object_bigger_than_announced(synced, builder, snapshot):
    builder.entry("fiche-2", title="v2")
    builder.write()
    path = builder.object_file("fiche-2")
    path.write_bytes(path.read_bytes() + b" " * 10)
    refused(
        synced,
        builder.root,
        snapshot,
        expect_path="objects/",
        expect="plus gros que la taille annoncée",
    )


def test_too_many_entries(synced, builder, snapshot):
    for i in range(10):
        builder.entry(f"extra-{i}")
    builder.write()
    refused(
        synced,
        builder.root,
        snapshot,
        expect_path="manifest.json",
        expect="trop d'entrées",
        limits=Limits(entries=12),
    )


def test_key_scoped_to_another_source(synced, builder, snapshot, tmp_path):
    from rtes_desktop.core.sync.signing import key_id_of, public_pem

    other = Ed25519PrivateKey.generate()
    synced.add_trusted_key(
        key_id_of(other.public_key()), public_pem(other.public_key()), "autre", source_id="autre"
    )
    builder.key = other
    builder.entry("fiche-2", title="v2")
    builder.write()
    refused(
        synced,
        builder.root,
        snapshot,
        expect_path="manifest.json.sig",
        expect="n'est reconnue que pour la source « autre »",
    )


def test_demo_key_cannot_sign_another_source(synced, builder, snapshot):
    from rtes_desktop.core.paths import resources_dir
    from rtes_desktop.core.sync.signing import load_private_key

    builder.key = load_private_key(resources_dir() / "demo" / "demo-signing.key")
    builder.entry("fiche-2", title="signée avec la clé de démo")
    builder.write()
    refused(synced, builder.root, snapshot, expect_path="manifest.json.sig", expect="démonstration")


# -- zips ---------------------------------------------------------------------


def _zip_export(
    root: Path, dest: Path, extra: list[tuple[zipfile.ZipInfo | str, bytes]] = ()
) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(root).as_posix())
        for info, data in extra:
            zf.writestr(info, data)
    return dest


def test_zip_export_syncs(synced, builder, tmp_path):
    builder.entry("fiche-2", title="depuis une clé USB")
    builder.write()
    report = sync_source(synced, str(_zip_export(builder.root, tmp_path / "usb.zip")))
    assert report.updated == ["fiche-2"]


def test_zip_slip(synced, builder, snapshot, tmp_path):
    builder.entry("fiche-2", title="v2")
    builder.write()
    z = _zip_export(builder.root, tmp_path / "slip.zip", [("../../evil.txt", b"pwned")])
    refused(synced, z, snapshot, expect_path="slip.zip", expect="sort de la racine")
    assert not (tmp_path / "evil.txt").exists()


def test_zip_absolute_member(synced, builder, snapshot, tmp_path):
    builder.write()
    z = _zip_export(builder.root, tmp_path / "abs.zip", [("/etc/evil", b"x")])
    refused(synced, z, snapshot, expect_path="abs.zip", expect="chemin absolu")


def test_symlink_in_zip(synced, builder, snapshot, tmp_path):
    builder.entry("fiche-2", title="v2")
    builder.write()
    link = zipfile.ZipInfo("objects/aa/lien")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    z = _zip_export(builder.root, tmp_path / "link.zip", [(link, b"/etc/passwd")])
    refused(synced, z, snapshot, expect_path="link.zip", expect="lien symbolique")


def test_zip_bomb_is_refused_without_inflating(synced, builder, snapshot, tmp_path):
    """A member declaring 600 MB of zeros (about 600 KB compressed): refused from its
    headers, before a byte is inflated."""
    builder.entry("fiche-2", title="v2")
    builder.write()
    dest = _zip_export(builder.root, tmp_path / "bomb.zip")
    with zipfile.ZipFile(dest, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("objects/00/" + "0" * 64, "w", force_zip64=True) as fh:
            block = bytes(1 << 20)
            for _ in range(600):
                fh.write(block)
    assert dest.stat().st_size < 5_000_000
    refused(synced, dest, snapshot, expect_path="bomb.zip", expect="archive refusée")
    staged = [p for p in (synced.folder / "staging").rglob("*") if p.is_file()]
    assert all(p.stat().st_size < 1_000_000 for p in staged)


def test_zip_member_inflating_past_its_announced_size(synced, builder, snapshot, tmp_path):
    """The manifest says 200 bytes; the member inflates to 3 MB of zeros: inflation
    stops one byte past 200."""
    import hashlib

    fake = b"{}" + b" " * 198
    sha = hashlib.sha256(fake).hexdigest()
    manifest = builder.manifest(builder.serial + 1)
    manifest["entries"].append({"id": "bombe", "sha256": sha, "size": len(fake)})
    builder.write()
    builder.write_manifest(json.dumps(manifest).encode())
    z = _zip_export(
        builder.root, tmp_path / "grows.zip", [(f"objects/{sha[:2]}/{sha}", bytes(3 << 20))]
    )
    refused(
        synced,
        z,
        snapshot,
        expect_path=f"objects/{sha[:2]}/{sha}",
        expect="trop gros une fois décompressé",
    )


def test_zip_ratio_checked_while_inflating(synced, builder, snapshot, tmp_path):
    """Limits small enough that the headers pass but inflation trips the ratio."""
    builder.write()
    payload = bytes(2 << 20)
    import hashlib

    sha = hashlib.sha256(payload).hexdigest()
    manifest = builder.manifest(builder.serial + 1)
    manifest["entries"].append({"id": "zeros", "sha256": sha, "size": len(payload)})
    builder.write_manifest(json.dumps(manifest).encode())
    z = _zip_export(builder.root, tmp_path / "ratio.zip", [(f"objects/{sha[:2]}/{sha}", payload)])
    from rtes_desktop.core.sync.export_reader import ZipReader

    # A zip whose headers understate the ratio (as a crafted one can): the guard
    # still stops inflation once the output passes the floor at a ratio above 50.
    reader = ZipReader(z, Limits(zip_ratio=5000, zip_ratio_floor=1 << 20))
    reader.limits = Limits(zip_ratio=50, zip_ratio_floor=1 << 20)
    with pytest.raises(BadInput) as err, reader.open_object(sha, len(payload)) as fh:
        while fh.read(1 << 16):
            pass
    assert "taux de compression" in str(err.value)
    reader.close()


def test_corrupt_zip(synced, snapshot, tmp_path):
    bad = tmp_path / "cassé.zip"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    before = snapshot(synced)
    with pytest.raises(BadInput) as err:
        sync_source(synced, str(bad))
    assert "cassé.zip" in str(err.value)
    assert snapshot(synced) == before


def test_not_an_export(synced, snapshot, tmp_path):
    (tmp_path / "vide").mkdir()
    before = snapshot(synced)
    with pytest.raises(BadInput) as err:
        sync_source(synced, str(tmp_path / "vide"))
    assert "manifest.json" in str(err.value)
    assert snapshot(synced) == before


def test_future_format_version_is_reported_before_the_signature(synced, builder, snapshot):
    """A newer format may sign differently: the user is told to update, not that
    the signature is bad."""
    builder.manifest_extra = {"format_version": 3}
    builder.write()
    (builder.root / "manifest.json.sig").write_text('{"algo": "nouveau"}')
    refused(
        synced,
        builder.root,
        snapshot,
        expect_path="manifest.json",
        expect="mettez l'application à jour",
    )


def test_oversized_manifest_inside_a_zip(synced, builder, snapshot, tmp_path):
    import os

    builder.manifest_extra = {"bourrage": os.urandom(150_000).hex()}
    builder.write()
    z = _zip_export(builder.root, tmp_path / "gros.zip")
    refused(
        synced,
        z,
        snapshot,
        expect_path="manifest.json",
        expect="trop gros",
        limits=Limits(manifest_bytes=200_000),
    )
