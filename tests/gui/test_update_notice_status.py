"""« Une nouvelle version est disponible » in the status bar, with the publisher's link."""

from __future__ import annotations

import pytest

from rtes_desktop.core.machine_config import ENV_MACHINE_CONFIG
from rtes_desktop.core.update_notice import AppVersions, record_app_versions


@pytest.fixture(autouse=True)
def no_machine_config(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_MACHINE_CONFIG, str(tmp_path / "absent.toml"))


def announce(library, **fields):
    with library.transaction() as conn:
        record_app_versions(conn, "demo", AppVersions(**fields))


def test_newer_version_shows_a_link(make_window, demo_lib):
    announce(demo_lib, current="99.0", download_url="https://rtes.example.org/app?v=99&x=1")
    window = make_window(search=False)
    label = window.lib_status.update_label
    assert label.isVisible()
    assert "Une nouvelle version est disponible (99.0)" in label.text()
    assert 'href="https://rtes.example.org/app?v=99&amp;x=1"' in label.text()
    assert label.openExternalLinks()
    assert "Annoncée par" in label.toolTip()


def test_same_version_shows_nothing(make_window, demo_lib):
    from rtes_desktop import __version__

    announce(demo_lib, current=__version__.split("rc")[0])
    window = make_window(search=False)
    assert not window.lib_status.update_label.isVisible()


def test_below_minimum_says_it_is_no_longer_supported(make_window, demo_lib):
    announce(demo_lib, current="99.0", minimum="98.0")
    window = make_window(search=False)
    label = window.lib_status.update_label
    assert label.isVisible() and "<a " not in label.text()  # no link given, none made up
    assert "n’est plus prise en charge" in label.toolTip()
