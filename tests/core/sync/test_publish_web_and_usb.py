"""One serial per source: the web folder and the USB zip of one publication are
interchangeable (issue 13, item 6)."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from rtes_desktop.cli import run_cli
from rtes_desktop.core.sync.engine import sync_source
from rtes_desktop.core.sync.export_format import parse_manifest
from rtes_desktop.core.sync.publish import STATE_FILE, publish
from rtes_desktop.core.sync.signing import generate_keypair
from tests.core.sync.test_publish import md, src  # noqa: F401  (fixture)


@pytest.fixture
def key(tmp_path):
    return generate_keypair(tmp_path / "editeur")


@pytest.fixture
def client(lib, key):
    _key_path, pem_path, key_id = key
    lib.add_trusted_key(key_id, pem_path.read_text(), "éditeur")
    return lib


class Clock:
    """Each publication an hour after the previous one (as a publisher's day goes)."""

    def __init__(self):
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self):
        self.now += timedelta(hours=1)
        return self.now


@pytest.fixture
def later():
    return Clock()


def zip_manifest(path):
    with zipfile.ZipFile(path) as zf:
        return zf.read("manifest.json")


def test_folder_then_zip_share_serial_and_bytes(src, key, tmp_path, later):  # noqa: F811
    web, usb = tmp_path / "web", tmp_path / "cle.zip"
    assert publish(src, web, key=key[0], now=later()).serial == 1
    assert publish(src, usb, key=key[0], as_zip=True, now=later()).serial == 1
    assert zip_manifest(usb) == (web / "manifest.json").read_bytes()
    # a new content: one more than every serial already out
    (src / "fiches" / "c.md").write_text(md("fiche-c", "Fiche C"), encoding="utf-8")
    assert publish(src, usb, key=key[0], as_zip=True, now=later()).serial == 2
    assert publish(src, web, key=key[0], now=later()).serial == 2
    assert zip_manifest(usb) == (web / "manifest.json").read_bytes()
    # publishing again to the same place is a new publication (it refreshes expiry)
    assert publish(src, web, key=key[0], now=later()).serial == 3
    state = json.loads((src / STATE_FILE).read_text(encoding="utf-8"))
    assert state["serial"] == 3


@pytest.mark.parametrize("first", ["web", "usb"])
def test_sync_web_then_usb_and_usb_then_web(src, key, client, tmp_path, serve, first, later):  # noqa: F811
    web, usb = tmp_path / "web", tmp_path / "cle.zip"
    publish(src, web, key=key[0], now=later())
    publish(src, usb, key=key[0], as_zip=True, now=later())
    server = serve(web)
    places = {"web": server.url, "usb": str(usb)}
    second = "usb" if first == "web" else "web"
    report = sync_source(client, places[first])
    assert sorted(report.new) == ["fiche-a", "fiche-b"]
    again = sync_source(client, places[second])  # before the fix: « même numéro… » refusal
    assert again.unchanged and again.error is None and again.serial == 1
    # the next publication reaches the client through either, in either order
    (src / "fiches" / "c.md").write_text(md("fiche-c", "Fiche C"), encoding="utf-8")
    publish(src, usb if second == "usb" else web, key=key[0], as_zip=second == "usb", now=later())
    publish(src, web if second == "usb" else usb, key=key[0], as_zip=second != "usb", now=later())
    assert sync_source(client, places[second]).new == ["fiche-c"]
    assert sync_source(client, places[first]).unchanged


def test_other_key_or_unsigned_is_not_reused(src, key, tmp_path, later):  # noqa: F811
    publish(src, tmp_path / "web", key=key[0], now=later())
    other = generate_keypair(tmp_path / "autre")[0]
    assert publish(src, tmp_path / "a.zip", key=other, as_zip=True, now=later()).serial == 2
    assert publish(src, tmp_path / "b.zip", as_zip=True, now=later()).serial == 3


def test_cli_also_zip_writes_one_publication_twice(src, key, client, tmp_path, capsys):  # noqa: F811
    web, usb = tmp_path / "web", tmp_path / "cle.zip"
    code = run_cli(["publish", str(src), str(web), "--key", str(key[0]), "--also-zip", str(usb)])
    out = capsys.readouterr().out
    assert code == 0 and out.count("export n°1") == 2
    assert zip_manifest(usb) == (web / "manifest.json").read_bytes()
    assert parse_manifest(zip_manifest(usb)).serial == 1
    assert sync_source(client, str(web)).new and sync_source(client, str(usb)).unchanged
