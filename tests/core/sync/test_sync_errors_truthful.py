"""Issue 9, items 6, 7 and 19 on the sync path: every failure a disk, a server or a
hostile publisher can cause is one true sentence, and the library is unchanged."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from rtes_desktop.core.errors import BadInput, RtesError, StorageError
from rtes_desktop.core.sync.engine import staging_dir, sync_source
from rtes_desktop.core.sync.export_format import dump_json, object_path, parse_manifest
from rtes_desktop.core.sync.report import Phase


def write_ascii_export(builder: Any, *, manifest_patch: dict[str, Any] | None = None) -> Path:
    """Like builder.write(), but every document in ASCII JSON, so texts may hold what
    only a \\u escape can carry (a lone surrogate)."""
    root = builder.root
    shas = {}
    for eid, doc in builder.docs.items():
        raw = (json.dumps(doc, ensure_ascii=True, sort_keys=True) + "\n").encode()
        sha = hashlib.sha256(raw).hexdigest()
        shas[eid] = (sha, len(raw))
        path = root / object_path(sha)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
    manifest = {
        "format": "rtes-export",
        "format_version": 1,
        "source": {"id": builder.source_id, "name": "Source"},
        "serial": 1,
        "kinds": builder.kinds,
        "themes": builder.themes,
        "entries": [
            {"id": eid, "sha256": sha, "size": size} for eid, (sha, size) in sorted(shas.items())
        ],
        **(manifest_patch or {}),
    }
    builder.write_manifest(json.dumps(manifest, ensure_ascii=True).encode())
    return root


# -- item 7: lone surrogates, 304 to a first request ---------------------------------


@pytest.mark.parametrize("where", ["source name", "title"])
def test_lone_surrogate_in_a_signed_export_is_one_sentence(trusting_lib, builder, snapshot, where):
    if where == "title":
        builder.docs["fiche-1"]["title"] = "Fiche \ud800 piégée"
        patch = None
    else:
        patch = {"source": {"id": "src", "name": "Source \udfff"}}
    root = write_ascii_export(builder, manifest_patch=patch)
    before = snapshot(trusting_lib)
    with pytest.raises(BadInput) as caught:
        sync_source(trusting_lib, str(root))
    message = str(caught.value)
    assert "demi-paire de substitution" in message
    assert ("title" in message) == (where == "title")
    assert snapshot(trusting_lib) == before


def test_a_valid_surrogate_pair_is_a_character_and_accepted(trusting_lib, builder):
    builder.docs["fiche-1"]["title"] = "Fiche \U0001f4da"  # written as \ud83d\udcda
    root = write_ascii_export(builder)
    report = sync_source(trusting_lib, str(root))
    assert len(report.new) == 5
    assert trusting_lib.get_entry("src:fiche-1").title == "Fiche \U0001f4da"


class _Always304(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server API
        self.send_response(304)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_304_to_a_first_sync_is_an_invalid_answer_not_an_assertion(lib, snapshot):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Always304)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        before = snapshot(lib)
        with pytest.raises(BadInput) as caught:
            sync_source(lib, f"http://127.0.0.1:{server.server_address[1]}/export/")
        assert "HTTP 304" in str(caught.value)
        assert str(caught.value).startswith("manifest.json : ")
        assert snapshot(lib) == before
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "url", ["http://[::1", "http://", "https://:443/x/", "http://127.0.0.1:99999/", "http://h:0/"]
)
def test_an_address_no_request_can_go_to_is_refused_at_once(lib, url):
    with pytest.raises(BadInput) as caught:
        sync_source(lib, url)
    assert "adresse invalide" in str(caught.value)
    assert lib.sources() == []


# -- item 19: duplicate keys, echoes capped, digit limits -----------------------------


def test_duplicate_keys_in_a_signed_manifest_are_refused(trusting_lib, builder, snapshot):
    builder.write()
    raw = (builder.root / "manifest.json").read_bytes()
    # Two "serial" keys: parsers disagree on which wins; the signature covers both.
    doctored = raw.replace(b'"serial": 1,', b'"serial": 1, "serial": 999,', 1)
    assert doctored != raw
    builder.write_manifest(doctored)
    before = snapshot(trusting_lib)
    with pytest.raises(BadInput) as caught:
        sync_source(trusting_lib, str(builder.root))
    assert "« serial » figure deux fois" in str(caught.value)
    assert snapshot(trusting_lib) == before


def test_duplicate_keys_in_an_entry_document_are_refused(trusting_lib, builder):
    builder.write()
    sha = builder.sha("fiche-0")
    raw = dump_json(builder.docs["fiche-0"]).replace(b'"title":', b'"title":"A","title":', 1)
    new_sha = hashlib.sha256(raw).hexdigest()
    path = builder.root / object_path(new_sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    manifest = json.loads((builder.root / "manifest.json").read_bytes())
    for item in manifest["entries"]:
        if item["sha256"] == sha:
            item["sha256"], item["size"] = new_sha, len(raw)
    builder.write_manifest(json.dumps(manifest).encode())
    with pytest.raises(BadInput) as caught:
        sync_source(trusting_lib, str(builder.root))
    assert "« title » figure deux fois" in str(caught.value)


@pytest.mark.parametrize("digits", [4000, 5000, 100_000])
def test_a_huge_serial_is_refused_in_a_short_sentence(builder, digits):
    manifest = builder.manifest(1)
    raw = json.dumps(manifest).replace('"serial": 1', '"serial": ' + "9" * digits).encode()
    with pytest.raises(BadInput) as caught:
        parse_manifest(raw)
    message = str(caught.value)
    assert len(message) < 200, message
    assert "9" * 100 not in message
    assert "set_int_max_str_digits" not in message  # French, not Python's advice


def test_a_huge_format_value_is_not_echoed_whole():
    raw = json.dumps({"format": "x" * 1_000_000}).encode()
    with pytest.raises(BadInput) as caught:
        parse_manifest(raw)
    assert len(str(caught.value)) < 200
    assert "…" in str(caught.value)


# -- item 6: the data folder's disk, not the export -----------------------------------


def test_disk_full_while_applying_says_disk_full_and_changes_nothing(
    trusting_lib, builder, snapshot
):
    for i in range(5):
        builder.docs[f"fiche-{i}"]["body"] = f"Texte {i} " + "collectivités " * 20_000
    builder.write()
    before = snapshot(trusting_lib)
    conn = trusting_lib.conn  # the connection the sync writes through (same thread)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    # SQLite's own quota: writes past it fail with SQLITE_FULL, as on a full disk.
    conn.execute(f"PRAGMA max_page_count = {pages + 40}")
    with pytest.raises(StorageError) as caught:
        sync_source(trusting_lib, str(builder.root))
    message = str(caught.value)
    assert "le disque est plein" in message
    assert "restaurez" not in message and "rollback" not in message
    conn.execute("PRAGMA max_page_count = 1073741823")
    assert snapshot(trusting_lib) == before


def test_disk_full_while_downloading_blames_the_disk_not_the_export(
    trusting_lib, builder, snapshot
):
    """The staging files are made to land on /dev/full, where every write genuinely
    fails with ENOSPC, as soon as the download phase starts."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    builder.write()
    staging = staging_dir(trusting_lib)

    def on_progress(p: Any) -> None:
        if p.phase is Phase.DOWNLOAD and p.done == 0:
            for eid in builder.docs:
                sha = builder.sha(eid)
                part = staging / sha[:2] / f"{sha}.part"
                part.parent.mkdir(parents=True, exist_ok=True)
                if not part.is_symlink():
                    part.symlink_to("/dev/full")

    before = snapshot(trusting_lib)
    with pytest.raises(StorageError) as caught:
        sync_source(trusting_lib, str(builder.root), progress=on_progress)
    message = str(caught.value)
    assert "le disque est plein" in message
    assert "objects/" not in message and "lecture impossible" not in message
    assert snapshot(trusting_lib) == before
    assert os.path.exists("/dev/full")  # the symlink was removed, not its target


def test_read_only_database_during_sync_says_read_only(trusting_lib, builder, snapshot):
    builder.write()
    before = snapshot(trusting_lib)
    trusting_lib.conn.execute("PRAGMA query_only = ON")  # SQLITE_READONLY on any write
    with pytest.raises(StorageError) as caught:
        sync_source(trusting_lib, str(builder.root))
    assert "lecture seule" in str(caught.value)
    assert "restaurez" not in str(caught.value)
    trusting_lib.conn.execute("PRAGMA query_only = OFF")
    assert snapshot(trusting_lib) == before


def test_a_sync_lock_that_cannot_be_created_is_one_sentence(trusting_lib, builder):
    builder.write()
    (trusting_lib.folder / "sync.lock").mkdir()  # the OS refuses to open it as a file
    with pytest.raises(RtesError) as caught:
        sync_source(trusting_lib, str(builder.root))
    assert "verrou de synchronisation" in str(caught.value)
    assert trusting_lib.sources() == []


def test_a_nul_character_in_a_typed_location_is_refused(lib):
    with pytest.raises(BadInput) as caught:
        sync_source(lib, "/media/cle\x00/export")
    assert "caractère nul" in str(caught.value)
