"""A zip's member count and central directory size are checked from its end record,
before zipfile parses the directory (issue 9, item 12); a truncated zip says so
(item 21)."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.sync.engine import sync_source
from rtes_desktop.core.sync.export_format import Limits
from rtes_desktop.core.sync.export_reader import zip_directory


def zip_of(root: Path, dest: Path, extra: int = 0) -> Path:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(root).as_posix())
        for i in range(extra):
            zf.writestr(f"vide/{i}", b"")
    return dest


def as_zip64_declaring(path: Path, count: int) -> Path:
    """Rewrite the end of a real zip as zip64 records declaring `count` members (the
    directory itself is left as it is: only what the end record says changes)."""
    data = path.read_bytes()
    pos = data.rfind(b"PK\x05\x06")
    _, _, _, _, _, cd_size, cd_offset, _ = struct.unpack_from("<4s4H2LH", data, pos)
    body = data[:pos]
    record = struct.pack(
        "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, cd_size, cd_offset
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, len(body), 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    path.write_bytes(body + record + locator + end)
    return path


def test_zip64_end_record_declaring_millions_is_refused_before_parsing(
    trusting_lib, builder, snapshot, tmp_path
):
    builder.write()
    z = as_zip64_declaring(zip_of(builder.root, tmp_path / "annonce.zip"), 5_000_000)
    assert zip_directory(z)[0] == 5_000_000
    before = snapshot(trusting_lib)
    with pytest.raises(BadInput) as err:
        sync_source(trusting_lib, str(z))
    assert str(err.value).startswith(
        str(z) + " : trop de fichiers dans l'archive (5000000 annoncés"
    )
    assert snapshot(trusting_lib) == before


def test_real_zip_with_too_many_members_is_refused(trusting_lib, builder, tmp_path):
    builder.write()
    z = zip_of(builder.root, tmp_path / "nombreux.zip", extra=300)
    with pytest.raises(BadInput) as err:
        sync_source(trusting_lib, str(z), limits=Limits(zip_members=200))
    assert "nombreux.zip : trop de fichiers dans l'archive (" in str(err.value)
    assert "annoncés, 200 au plus" in str(err.value)


def test_oversized_central_directory_is_refused(trusting_lib, builder, tmp_path):
    builder.write()
    z = zip_of(builder.root, tmp_path / "sommaire.zip", extra=50)
    with pytest.raises(BadInput) as err:
        sync_source(trusting_lib, str(z), limits=Limits(zip_directory_bytes=1000))
    assert "sommaire.zip : sommaire de l'archive trop gros" in str(err.value)


def test_zip_within_limits_still_syncs(trusting_lib, builder, tmp_path):
    builder.write()
    z = zip_of(builder.root, tmp_path / "usb.zip")
    assert len(sync_source(trusting_lib, str(z)).new) == 5


@pytest.mark.parametrize("keep", [0.5, 0.99])
def test_truncated_zip_says_it_is_incomplete(trusting_lib, builder, snapshot, tmp_path, keep):
    builder.write()
    z = zip_of(builder.root, tmp_path / "coupe.zip")
    data = z.read_bytes()
    z.write_bytes(data[: int(len(data) * keep)])
    before = snapshot(trusting_lib)
    with pytest.raises(BadInput) as err:
        sync_source(trusting_lib, str(z))
    message = str(err.value)
    assert message.startswith(str(z) + " : archive .zip incomplète (tronquée ?)"), message
    assert "ni un dossier" not in message
    assert snapshot(trusting_lib) == before


def test_file_that_is_not_a_zip_keeps_its_sentence(trusting_lib, tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("bonjour", encoding="utf-8")
    with pytest.raises(BadInput, match="ni un dossier d'export ni une archive .zip"):
        sync_source(trusting_lib, str(f))
