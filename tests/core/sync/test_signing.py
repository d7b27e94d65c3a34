"""Ed25519 keys: keygen files, key ids, signatures, scoped and shipped keys."""

from __future__ import annotations

import hashlib
import json
import stat
import sys

import pytest
from cryptography.hazmat.primitives import serialization

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.paths import resources_dir
from rtes_desktop.core.sync.export_format import parse_signature
from rtes_desktop.core.sync.signing import (
    bundled_keys,
    generate_keypair,
    load_private_key,
    load_public_key_file,
    parse_public_pem,
    sign_manifest,
    trusted_keys,
    verify,
)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits (chmod 0600)")
def test_keygen_writes_private_0600_and_public_spki(tmp_path):
    key_path, pem_path, key_id = generate_keypair(tmp_path / "editeur")
    assert key_path.name == "editeur.key" and pem_path.name == "editeur.pem"
    if sys.platform != "win32":
        assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert key_path.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert pem_path.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    public = load_public_key_file(pem_path)
    raw = public.public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert len(raw) == 32
    assert key_id == public.key_id == hashlib.sha256(raw).hexdigest()[:16]
    with pytest.raises(BadInput, match="existe déjà"):
        generate_keypair(tmp_path / "editeur")


def test_sign_and_verify_exact_bytes(tmp_path):
    key_path, pem_path, key_id = generate_keypair(tmp_path / "k")
    private = load_private_key(key_path)
    manifest = b'{"serial": 1}\n'
    sig = parse_signature(sign_manifest(private, manifest))
    assert sig.key_id == key_id
    keys = [load_public_key_file(pem_path)]
    assert verify(manifest, sig, keys).key_id == key_id
    with pytest.raises(BadInput, match="signature invalide"):
        verify(manifest + b" ", sig, keys)
    with pytest.raises(BadInput, match="clé inconnue"):
        verify(manifest, sig, [])


def test_scoped_key_header(tmp_path):
    _, pem_path, _ = generate_keypair(tmp_path / "k")
    text = "# label: Clé CRESS\n# sources: cress-bretagne, cress-paca\n" + pem_path.read_text()
    key = parse_public_pem(text)
    assert key.label == "Clé CRESS" and key.sources == frozenset({"cress-bretagne", "cress-paca"})
    assert key.allows("cress-paca") and not key.allows("rtes")


def test_user_keys_are_scoped_by_their_row(lib, tmp_path):
    _, pem_path, key_id = generate_keypair(tmp_path / "k")
    lib.add_trusted_key(key_id, pem_path.read_text(), "k", source_id="rtes")
    mine = [k for k in trusted_keys(lib) if k.key_id == key_id]
    assert mine[0].sources == frozenset({"rtes"}) and mine[0].origin == "user"


def test_shipped_demo_key_is_scoped_to_the_demo_only():
    keys = {k.key_id: k for k in bundled_keys()}
    private = load_private_key(resources_dir() / "demo" / "demo-signing.key")
    from rtes_desktop.core.sync.signing import key_id_of

    demo = keys[key_id_of(private.public_key())]
    assert demo.sources == frozenset({"demo"}) and demo.origin == "bundled"
    # every shipped key is readable, and any unscoped one is a deliberate choice
    assert all(k.key_id for k in keys.values())


def test_not_a_key(tmp_path):
    bad = tmp_path / "x.pem"
    bad.write_text("bonjour")
    with pytest.raises(BadInput, match="x.pem"):
        load_public_key_file(bad)
    with pytest.raises(BadInput, match="clé privée"):
        load_private_key(bad)
    rsa_like = tmp_path / "s.pem"
    rsa_like.write_text(json.dumps({"x": 1}))
    with pytest.raises(BadInput):
        load_public_key_file(rsa_like)
