"""Issue 9 items 2 and 11: who may sign what, and what an attachment may become on disk.

Each test plays the attack with a real export (folder, zip or loopback HTTP), a real
library and the real demo key, and checks that nothing changed."""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from rtes_desktop.core.demo import demo_export_dir, load_demo
from rtes_desktop.core.errors import BadInput, RtesError
from rtes_desktop.core.paths import resources_dir
from rtes_desktop.core.sync.attachments import viewer_copy
from rtes_desktop.core.sync.engine import sync_source
from rtes_desktop.core.sync.media_types import EXECUTABLE_EXTENSIONS
from rtes_desktop.core.sync.signing import (
    key_id_of,
    load_private_key,
    parse_public_pem,
    public_pem,
    trust_key,
)


def demo_private_key() -> Ed25519PrivateKey:
    return load_private_key(resources_dir() / "demo" / "demo-signing.key")


def as_zip(root: Path, dest: Path) -> Path:
    with zipfile.ZipFile(dest, "w") as zf:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(root).as_posix())
    return dest


def refused(lib, location, snapshot, *expected: str, **kw) -> str:
    before = snapshot(lib)
    with pytest.raises(BadInput) as err:
        sync_source(lib, str(location), **kw)
    message = str(err.value)
    if err.value.detail:  # worded for an agent; the file and reason are in the detail
        assert "rien n'a été modifié." in message, message
        message = f"{message}\n{err.value.detail}"
    for part in expected:
        assert part in message, message
    assert snapshot(lib) == before
    return message


# -- item 2: the demo key signs only the demo the application ships --------------------


def test_the_bundled_demo_still_loads(lib):
    assert load_demo(lib) > 0
    demo = lib.source("demo")
    assert demo is not None and demo.is_demo and demo.key_id is not None


@pytest.mark.parametrize("how", ["folder", "zip", "http"])
def test_a_copy_of_the_demo_export_is_refused(lib, tmp_path, snapshot, serve, how):
    copy = tmp_path / "demo-copie"
    shutil.copytree(demo_export_dir(), copy)
    location: object = copy
    if how == "zip":
        location = as_zip(copy, tmp_path / "demo.zip")
    elif how == "http":
        location = serve(copy).url
    refused(lib, location, snapshot, "manifest.json.sig", "clé de démonstration")


@pytest.mark.parametrize("source_id", ["demo", "autre"])
def test_an_export_signed_with_the_demo_key_is_refused(lib, make_builder, snapshot, source_id):
    """Even after the demo was removed, and with the highest serial a JSON reader keeps."""
    builder = make_builder("export", source_id, demo_private_key())
    builder.entry("piege")
    builder.attach("piege", "fiche-RTES\u202efdp.exe", b"MZ\x90\x00", "application/pdf")
    builder.write(serial=2**53)
    refused(lib, builder.root, snapshot, "manifest.json.sig", "clé de démonstration")


def test_source_id_demo_is_reserved_to_the_bundled_demo(lib, make_builder, snapshot, signer):
    trust_key(lib, parse_public_pem(public_pem(signer.public_key())), all_sources=True)
    builder = make_builder("export", "demo", signer)
    builder.entry("fiche-1")
    builder.write()
    refused(lib, builder.root, snapshot, "manifest.json", "réservé à la bibliothèque")


HOSTILE_NAMES = [
    "fiche-RTES\u202efdp.exe",
    "guide.pdf.exe",
    "run.desktop",
    "CON",
    "NUL",
    "COM1.pdf",
    "aux.txt",
    "lpt9.PDF",
    "nul .txt",
    "Con.",
    "rapport\u200b.pdf",
    "rapport\u2066.pdf",
    "rapport\x85.pdf",
    "installer.MSI",
    "script.ps1",
    "a" * 97 + ".pdf",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_attachment_names_are_refused(synced_lib, builder, snapshot, name):
    builder.entry("fiche-2")
    builder.attach("fiche-2", name, b"%PDF-1.4 hostile", "application/pdf")
    builder.write()
    message = refused(
        synced_lib,
        builder.root,
        snapshot,
        f"objects/{builder.sha('fiche-2')[:2]}/",  # the entry document is named
        "attachments[0].name",
    )
    # The sentence shows the name without its deceiving characters.
    assert not any(ch in message for ch in "\u202e\u200b\u2066\x85")


def test_a_plain_attachment_name_is_accepted(synced_lib, builder):
    builder.entry("fiche-9")
    builder.attach("fiche-9", "Points de RepèrESS n°12 – ESUS (v2).pdf", b"%PDF ok")
    builder.write()
    assert sync_source(synced_lib, str(builder.root)).new == ["fiche-9"]


@pytest.fixture
def synced_lib(trusting_lib, builder):
    builder.write()
    sync_source(trusting_lib, str(builder.root))
    return trusting_lib


def _synced_attachment(lib, builder, media_type: str = "application/pdf") -> str:
    builder.entry("fiche-2")
    sha = builder.attach("fiche-2", "document.pdf", b"MZ\x90\x00 not really a pdf", media_type)
    builder.write()
    sync_source(lib, str(builder.root))
    return sha


@pytest.mark.parametrize(
    "name",
    ["fiche-RTES\u202efdp.exe", "guide.pdf.exe", "setup.exe", "CON", "run.desktop", "x" * 300],
)
def test_the_viewer_copy_extension_comes_from_the_media_type(synced_lib, builder, name):
    """Names stored before the checks existed still never reach the system as programs."""
    sha = _synced_attachment(synced_lib, builder)
    copy = viewer_copy(synced_lib, sha, name, "application/pdf")
    assert copy.suffix == ".pdf"
    assert copy.suffixes[-1] == ".pdf" and "\u202e" not in copy.name
    assert copy.stem.upper() not in ("CON", "CON.PDF")
    assert len(str(copy.relative_to(synced_lib.folder))) < 140
    assert not copy.stat().st_mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


@pytest.mark.parametrize(
    "media_type", ["application/x-msdownload", "image/svg+xml", "text/html", "application/zip"]
)
def test_a_media_type_outside_the_allow_list_is_never_handed_to_the_system(
    synced_lib, builder, media_type
):
    sha = _synced_attachment(synced_lib, builder, media_type)
    with pytest.raises(RtesError) as err:
        viewer_copy(synced_lib, sha, "document.pdf", media_type)
    assert "« document.pdf »" in str(err.value) and media_type in str(err.value)
    assert not (synced_lib.folder / "cache" / "open").exists()


def test_executable_extensions_cover_the_launchers():
    for ext in (".exe", ".bat", ".cmd", ".com", ".scr", ".msi", ".lnk", ".desktop", ".app"):
        assert ext in EXECUTABLE_EXTENSIONS
    for ext in (".sh", ".ps1", ".vbs", ".js", ".jar"):
        assert ext in EXECUTABLE_EXTENSIONS


# -- item 11: key scope and source ownership --------------------------------------------


def _key(private: Ed25519PrivateKey):
    return parse_public_pem(public_pem(private.public_key()), label="test")


def test_an_unscoped_key_needs_an_explicit_choice(lib):
    key = _key(Ed25519PrivateKey.generate())
    with pytest.raises(BadInput) as err:
        trust_key(lib, key)
    assert "--source" in str(err.value) and "--all-sources" in str(err.value)
    assert lib.trusted_keys() == []
    assert trust_key(lib, key, all_sources=True) == "toutes les sources"
    assert [k["source_id"] for k in lib.trusted_keys()] == [None]


def test_a_key_for_every_source_cannot_take_over_a_signed_source(
    synced_lib, builder, snapshot, signer
):
    """The attack of the issue: serial 99, empty export, signed by another trusted key."""
    intruder = Ed25519PrivateKey.generate()
    trust_key(synced_lib, _key(intruder), all_sources=True)
    builder.key = intruder
    builder.docs.clear()
    builder.write(serial=99)
    refused(
        synced_lib,
        builder.root,
        snapshot,
        "manifest.json.sig",
        f"liée à la clé {key_id_of(signer.public_key())}",
        "--replace",
    )
    builder.key = signer  # the real publisher is not locked out
    builder.entry("fiche-9")
    builder.write(serial=2)
    assert sync_source(synced_lib, str(builder.root)).new == ["fiche-9"]


def test_replace_repins_a_source_to_its_new_key(synced_lib, builder):
    new = Ed25519PrivateKey.generate()
    with pytest.raises(BadInput) as err:
        trust_key(synced_lib, _key(new), source_id="src")
    assert "--replace" in str(err.value)
    trust_key(synced_lib, _key(new), source_id="src", replace=True)
    assert synced_lib.source("src").key_id == key_id_of(new.public_key())
    builder.key = new
    builder.entry("fiche-9")
    builder.write()
    assert sync_source(synced_lib, str(builder.root)).new == ["fiche-9"]


def test_a_key_pinned_to_source_a_cannot_sync_source_b(lib, make_builder, snapshot):
    private = Ed25519PrivateKey.generate()
    trust_key(lib, _key(private), source_id="a")
    builder = make_builder("b", "b", private)
    builder.entry("fiche-1")
    builder.write()
    refused(lib, builder.root, snapshot, "manifest.json.sig", "« a »", "« b »")


def test_unsigned_never_replaces_a_signed_source(synced_lib, builder, snapshot):
    builder.docs.clear()
    builder.write(serial=50, sign=False)
    refused(
        synced_lib,
        builder.root,
        snapshot,
        "manifest.json.sig",
        "non signé ne peut pas la remplacer",
        allow_unsigned=True,
    )
    # Signed by an unknown key, which --allow-unsigned would otherwise take as unsigned.
    builder.key = Ed25519PrivateKey.generate()
    builder.write(serial=51)
    refused(synced_lib, builder.root, snapshot, "manifest.json.sig", allow_unsigned=True)


@pytest.mark.parametrize("serial", [2**63 - 1, 2**53 + 1])
def test_a_serial_with_no_room_to_grow_is_refused(synced_lib, builder, snapshot, serial):
    builder.entry("fiche-2")
    builder.write(serial=serial)
    refused(synced_lib, builder.root, snapshot, "manifest.json", "serial", "trop grand")
