"""The status bar with an export that expires on 9999-12-31 (or expired in year 1)."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def paris(monkeypatch):
    """Paris, where 9999-12-31T23:59:59Z is already year 10000 (Unix: time.tzset). On
    Windows the test runs in the runner's zone: there `astimezone()` refuses any year
    past 3000 by itself."""
    if not hasattr(time, "tzset"):
        yield
        return
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_export_valid_until_9999_shows_no_warning(paris, make_window, demo_lib):
    demo_lib.save_source(
        "rtes",
        "RTES",
        url="https://exports.example.org/rtes/",
        last_sync="2026-11-29T09:15:00Z",
        expires_at="9999-12-31T23:59:59Z",
    )
    window = make_window(search=False)
    status = window.lib_status
    assert status.sync_label.text().startswith("Dernière synchronisation : 29 novembre 2026 à ")
    assert not status.expiry_label.isVisible()


def test_export_expired_in_year_one_is_named(paris, make_window, demo_lib):
    demo_lib.save_source(
        "rtes", "RTES", url="https://exports.example.org/rtes/", expires_at="0001-01-01"
    )
    window = make_window(search=False)
    status = window.lib_status
    assert status.expiry_label.isVisible()
    assert "a expiré le 1er janvier 1" in status.expiry_label.text()
