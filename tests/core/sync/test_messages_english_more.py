"""More core messages the English window shows, in English (issue 13, item 8):
HTTP, proxy, files, export format and archive, recovery, backup, personal data,
session kits, library, attachments. Each comes from the real code path (real files,
real SQLite, real loopback servers); the French source stays the default."""

from __future__ import annotations

import http.server
import json
import re
import threading
import zipfile
from pathlib import Path

import pytest

from rtes_desktop.core import i18n
from rtes_desktop.core.backup import create_backup
from rtes_desktop.core.errors import BadInput, NotFound, RtesError
from rtes_desktop.core.files import read_small_file
from rtes_desktop.core.library import Library
from rtes_desktop.core.library.tags import normalize_tag
from rtes_desktop.core.personal_data import import_personal
from rtes_desktop.core.recovery import open_or_recover
from rtes_desktop.core.session_kit import import_kit
from rtes_desktop.core.sync import engine
from rtes_desktop.core.sync.attachments import fetch_attachment
from rtes_desktop.core.sync.export_format import parse_manifest
from rtes_desktop.core.sync.http_client import HttpClient
from rtes_desktop.core.sync.media_types import attachment_name_problem
from rtes_desktop.core.sync.proxy import ProxyConfig

#: accents and words that only French text has
FRENCH = re.compile(
    r"[éèêàçùâîôû«»]|\b(de|du|le|la|les|un|une|rien|fiches?|fichier|dossier|introuvable|"
    r"lecture|sauvegarde|serveur|votre|contient|réessayez|clé|pas|est|au plus|octets)\b",
    re.IGNORECASE,
)


@pytest.fixture
def english():
    assert i18n.set_language("en") == "en"
    yield
    i18n.set_language("fr")


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """A folder whose path has no French word (the messages name their file)."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def english_only(text: str, *expected: str) -> None:
    assert not FRENCH.search(text), text
    for part in expected:
        assert part in text, text


def refusal(call, *args, **kw) -> str:
    with pytest.raises(RtesError) as err:
        call(*args, **kw)
    return str(err.value)


def test_a_missing_file_and_a_folder_are_refused_in_english(english, here):
    said = refusal(read_small_file, here / "missing.json", 1000)
    english_only(said, "cannot read (file not found)")
    said = refusal(read_small_file, here, 1000)
    english_only(said, "work: file refused: it is a folder, not a regular file")


def test_a_zip_that_is_not_an_export_is_refused_in_english(english, trusting_lib, here):
    plain = here / "photos.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("photo.txt", "x")
    said = refusal(engine.sync_source, trusting_lib, str(plain))
    english_only(said, "manifest.json missing from the archive's root: this is not an export")
    truncated = here / "cut.zip"
    truncated.write_bytes(plain.read_bytes()[:-30])
    english_only(refusal(engine.sync_source, trusting_lib, str(truncated)), "incomplete .zip")


def test_a_manifest_in_a_newer_format_is_refused_in_english(english, here):
    path = here / "manifest.json"
    raw = json.dumps({"format": "rtes-export", "format_version": 99}).encode()
    with pytest.raises(BadInput) as err:
        parse_manifest(raw, path=str(path))
    english_only(str(err.value), "newer than the one this version knows", "update")


def test_http_404_and_a_closed_port_speak_english(english, trusting_lib, builder, serve):
    builder.write(serial=1)
    srv = serve(builder.root)
    said = refusal(engine.sync_source, trusting_lib, srv.url + "nothing/")
    english_only(said, "HTTP 404")
    closed = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    port = closed.server_address[1]
    closed.server_close()  # nothing listens there any more
    said = refusal(engine.sync_source, trusting_lib, f"http://127.0.0.1:{port}/export/")
    english_only(said, "server unreachable")


def test_a_proxy_asking_for_a_password_407_speaks_english(english):
    class Refusing(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server API
            self.send_response(407)
            self.send_header("Proxy-Authenticate", 'Basic realm="x"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        client = HttpClient(proxy=ProxyConfig(url=f"127.0.0.1:{srv.server_address[1]}"))
        with pytest.raises(RtesError) as err:
            client.get_bytes("http://exports.invalid/x.json", what="x.json", max_bytes=100)
    finally:
        srv.shutdown()
        srv.server_close()
    english_only(str(err.value), "HTTP 407", "ask IT", '"exports.invalid"')


def test_the_recovery_sentences_speak_english(english, data_dir):
    lib = Library.open(data_dir)
    create_backup(lib, "auto")
    lib.close()
    (data_dir / "library.db").unlink()
    recovered, message = open_or_recover(data_dir)
    recovered.close()
    assert message is not None
    english_only(message, "The library was missing", "sync to get the content back")
    (data_dir / "library.db").write_bytes(b"not a database" * 100)
    for backup in (data_dir / "backups").iterdir():
        backup.unlink()
    recovered, message = open_or_recover(data_dir)
    recovered.close()
    assert message is not None
    english_only(message, "The library was damaged", "with no backup")


def test_a_missing_second_backup_folder_is_an_english_warning(english, lib, here):
    lib.set_setting("backup_second_dir", str(here / "usb-key"))
    result = create_backup(lib, "manual")
    assert len(result.warnings) == 1
    english_only(result.warnings[0], "cannot be found", "stays in the data folder")


def test_bad_personal_and_session_files_are_refused_in_english(english, lib, here):
    other = here / "other.json"
    other.write_text('{"format": "something else"}', encoding="utf-8")
    said = refusal(import_personal, lib, other)
    english_only(said, "not an rtes-desktop personal data export")
    cut = here / "cut.json"
    cut.write_text('{"format": "rtes-pers', encoding="utf-8")
    english_only(refusal(import_personal, lib, cut), "truncated or altered")
    kit = here / "bad.rtes-session"
    kit.write_text('{"format": "rtes-session", "version": 1, "session": {"name": "x"}, '
                   '"items": {}, "notes": []}', encoding="utf-8")  # fmt: skip
    english_only(refusal(import_kit, lib, kit), "shared session refused")


def test_library_and_attachment_errors_speak_english(english, lib):
    with pytest.raises(NotFound) as err:
        lib.note(424242)
    english_only(str(err.value), "no note no. 424242")
    with pytest.raises(BadInput) as err:
        normalize_tag("   ")
    english_only(str(err.value), "a tag cannot be empty")
    said = refusal(fetch_attachment, lib, "nowhere", "ab" * 32)
    english_only(said, 'no attachment abababababab… in the source "nowhere"')
    english_only(attachment_name_problem("invoice.pdf.exe"), "program's extension")


def test_french_stays_the_default(lib, here):
    assert i18n.language() == "fr"
    said = refusal(read_small_file, here / "missing.json", 1000)
    assert "lecture impossible (fichier introuvable)" in said
    with pytest.raises(NotFound) as err:
        lib.note(424242)
    assert str(err.value) == "aucune note n°424242"
