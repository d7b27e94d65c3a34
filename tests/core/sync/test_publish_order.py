"""A publication seen half-way (issue 9, item 14): the signature is written just before
the manifest and carries the replaced manifest's signature as `previous`, so the old
manifest with the new signature still verifies; a pair that cannot verify says the
export is being updated instead of crying tampering."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.sync.engine import sync_source
from rtes_desktop.core.sync.export_format import parse_signature, signature_document
from rtes_desktop.core.sync.publish import publish
from rtes_desktop.core.sync.signing import generate_keypair, load_private_key

SOURCE_YAML = """\
source:
  id: cress-test
  name: "CRESS de test"
kinds:
  - {id: fiche, label: "Fiche"}
themes:
  - {id: sieg, label: "SIEG"}
"""


def write_entry(src: Path, n: int) -> None:
    (src / f"f{n}.md").write_text(
        f'---\nid: fiche-{n}\nkind: fiche\ntitle: "Fiche {n}"\nthemes: [sieg]\n'
        f"published_at: 2025-01-02\n---\nLe texte de la fiche {n}.\n",
        encoding="utf-8",
    )


@pytest.fixture
def setup(tmp_path, lib):
    src = tmp_path / "src"
    src.mkdir()
    (src / "source.yaml").write_text(SOURCE_YAML, encoding="utf-8")
    key_path, pem_path, key_id = generate_keypair(tmp_path / "editeur")
    lib.add_trusted_key(key_id, pem_path.read_text(), "éditeur")
    out = tmp_path / "export"
    generations: list[tuple[bytes, bytes]] = []

    def release(n: int) -> None:
        write_entry(src, n)
        publish(src, out, key=key_path)
        generations.append(
            ((out / "manifest.json").read_bytes(), (out / "manifest.json.sig").read_bytes())
        )

    return lib, out, release, generations, key_path


def show(out: Path, manifest: bytes, sig: bytes) -> None:
    """What a client (or a cache) might see: this manifest next to this signature."""
    (out / "manifest.json").write_bytes(manifest)
    (out / "manifest.json.sig").write_bytes(sig)


def test_signature_names_its_manifest_and_carries_the_previous_one(setup):
    lib, out, release, gens, _ = setup
    release(1)
    release(2)
    sig = parse_signature(gens[1][1])
    assert sig.serial == 2 and sig.manifest_sha256 == hashlib.sha256(gens[1][0]).hexdigest()
    assert sig.previous is not None and sig.previous.serial == 1
    assert sig.previous.manifest_sha256 == hashlib.sha256(gens[0][0]).hexdigest()
    # Older clients read these two fields only, as before.
    doc = json.loads(gens[1][1])
    assert isinstance(doc["key_id"], str) and isinstance(doc["signature"], str)


def test_old_manifest_with_new_signature_still_verifies(setup):
    """The state `publish` exposes between its last two writes."""
    lib, out, release, gens, _ = setup
    release(1)
    release(2)
    show(out, gens[0][0], gens[1][1])
    report = sync_source(lib, str(out))
    assert report.serial == 1 and report.new == ["fiche-1"]


def test_manifest_older_than_signature_says_update_in_progress(setup, snapshot):
    """Two publications in a row seen by a slow cache: manifest n°1, signature n°3."""
    lib, out, release, gens, _ = setup
    for n in (1, 2, 3):
        release(n)
    show(out, gens[0][0], gens[2][1])
    before = snapshot(lib)
    with pytest.raises(BadInput) as err:
        sync_source(lib, str(out))
    assert str(err.value) == (
        "L'éditeur est en train de mettre à jour le contenu de ce dossier : réessayez dans "
        "quelques minutes ; rien n'a été modifié."
    )
    assert err.value.detail == (
        "manifest.json.sig : export en cours de mise à jour, réessayez dans quelques minutes : "
        "le manifeste (n°1) est plus ancien que sa signature (n°3)"
    )
    assert snapshot(lib) == before


def test_manifest_newer_than_signature_says_both_possibilities(setup, snapshot):
    lib, out, release, gens, _ = setup
    release(1)
    release(2)
    show(out, gens[1][0], gens[0][1])
    before = snapshot(lib)
    with pytest.raises(BadInput) as err:
        sync_source(lib, str(out))
    assert "ne correspond pas à son contenu" in str(err.value)
    message = err.value.detail
    assert "signature invalide : manifest.json (n°2) a été modifié" in message
    assert "faite pour le n°1" in message and "réessayez" in message
    assert snapshot(lib) == before


def test_previous_signature_never_vouches_for_a_tampered_manifest(setup, snapshot):
    lib, out, release, gens, _ = setup
    release(1)
    release(2)
    tampered = gens[0][0].replace(b"CRESS de test", b"CRESS piratee")
    show(out, tampered, gens[1][1])
    before = snapshot(lib)
    with pytest.raises(BadInput) as err:
        sync_source(lib, str(out))
    assert "signature invalide" in err.value.detail
    assert snapshot(lib) == before


def test_signature_without_the_new_fields_still_verifies(setup):
    """Exports published by older versions: key_id and signature only."""
    lib, out, release, gens, key_path = setup
    release(1)
    key = load_private_key(key_path)
    from rtes_desktop.core.sync.signing import key_id_of

    raw = gens[0][0]
    show(out, raw, signature_document(key_id_of(key.public_key()), key.sign(raw)))
    assert sync_source(lib, str(out)).new == ["fiche-1"]
