"""The update notice: an export's optional `app` object, read leniently, kept per source
at sync, compared with the running version; IT can turn it off. No other server asked."""

from __future__ import annotations

import logging

import pytest

from rtes_desktop.core.machine_config import ENV_MACHINE_CONFIG, update_notice_enabled
from rtes_desktop.core.sync.engine import sync_source
from rtes_desktop.core.update_notice import parse_app_versions, update_notice, version_key

APP = {"current": "1.4.0", "minimum": "1.2.0", "download_url": "https://rtes.example.org/app"}


@pytest.fixture(autouse=True)
def no_machine_config(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_MACHINE_CONFIG, str(tmp_path / "absent.toml"))


def test_newer_version_announced_over_https_sync(trusting_lib, builder, serve):
    builder.manifest_extra["app"] = APP
    builder.write()
    srv = serve(builder.root)
    sync_source(trusting_lib, srv.url)
    notice = update_notice(trusting_lib, "1.3.1")
    assert notice is not None
    assert (notice.current, notice.download_url) == ("1.4.0", APP["download_url"])
    assert not notice.required and notice.sources == ("Source src",)
    assert update_notice(trusting_lib, "1.4.0") is None
    assert update_notice(trusting_lib, "1.5.0rc1") is None
    # Only the export's own files were asked for: no other address, no version check.
    assert all(r.startswith("/export/") for r in srv.requests)


def test_below_the_minimum_is_required(trusting_lib, builder):
    builder.manifest_extra["app"] = APP
    builder.write()
    sync_source(trusting_lib, str(builder.root))
    notice = update_notice(trusting_lib, "1.1.9")
    assert notice is not None and notice.required and notice.current == "1.4.0"


def test_notice_goes_when_the_publisher_drops_it(trusting_lib, builder):
    builder.manifest_extra["app"] = APP
    builder.write()
    sync_source(trusting_lib, str(builder.root))
    del builder.manifest_extra["app"]
    builder.write()
    sync_source(trusting_lib, str(builder.root))
    assert update_notice(trusting_lib, "1.0.0") is None


def test_bad_values_are_ignored_and_the_export_still_syncs(trusting_lib, builder, caplog):
    builder.manifest_extra["app"] = {
        "current": "1.4.0 final",
        "minimum": 12,
        "download_url": "javascript:alert(1)",
        "channel": "beta",  # unknown: ignored
    }
    builder.write()
    with caplog.at_level(logging.WARNING, logger="rtes_desktop"):
        report = sync_source(trusting_lib, str(builder.root))
    assert len(report.new) == 5
    assert update_notice(trusting_lib, "0.1.0") is None
    logged = caplog.text
    assert "app.current" in logged and "app.minimum" in logged and "download_url" in logged


@pytest.mark.parametrize(
    "url",
    [
        "http://rtes.example.org/app",
        "https://user:pw@rtes.example.org/app",
        "https://rtes.example.org/a b",
        "file:///C:/Windows/system32/calc.exe",
    ],
)
def test_only_plain_https_download_links(url):
    app = parse_app_versions({"current": "2.0", "download_url": url})
    assert app is not None and app.current == "2.0" and app.download_url is None


def test_not_an_object_is_ignored():
    assert parse_app_versions(["1.4.0"]) is None
    assert parse_app_versions(None) is None


def test_version_order():
    assert version_key("1.4") == version_key("1.4.0")
    assert version_key("1.4.0rc2") < version_key("1.4.0") < version_key("1.4.0.post1")
    assert version_key("1.10.0") > version_key("1.9.9")


def test_highest_version_among_sources_wins(trusting_lib, make_builder):
    a = make_builder("a", source_id="reseau")
    b = make_builder("b", source_id="cress")
    a.manifest_extra["app"] = {"current": "1.4.0"}
    b.manifest_extra["app"] = {"current": "1.5.0", "download_url": "https://cress.example.org/"}
    for bld in (a, b):
        bld.write()
        sync_source(trusting_lib, str(bld.root))
    notice = update_notice(trusting_lib, "1.0.0")
    assert notice is not None and notice.current == "1.5.0"
    assert notice.download_url == "https://cress.example.org/"
    assert notice.sources == ("Source cress", "Source reseau")


def test_it_can_turn_the_notice_off(trusting_lib, builder, monkeypatch, tmp_path):
    builder.manifest_extra["app"] = APP
    builder.write()
    sync_source(trusting_lib, str(builder.root))
    config = tmp_path / "rtes-desktop.toml"
    config.write_text("update_notice = false\n", encoding="utf-8")
    monkeypatch.setenv(ENV_MACHINE_CONFIG, str(config))
    assert not update_notice_enabled()
    assert update_notice(trusting_lib, "1.0.0", enabled=update_notice_enabled()) is None
    config.write_text("update_notice = true\n", encoding="utf-8")
    assert update_notice(trusting_lib, "1.0.0", enabled=update_notice_enabled()) is not None
