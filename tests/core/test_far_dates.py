"""Dates publishers may write that the platform cannot convert to local time:
`expires_at: 9999-12-31` (and year 1). Linux raises for them when the zone offset
crosses the end of the calendar; Windows for anything after 3000 or before 1970."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from rtes_desktop.core.formatting import date_fr, datetime_fr, is_past, parse_date, to_local


@pytest.fixture
def zone(monkeypatch):
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is Unix only (Windows refuses these dates in any zone)")

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def test_far_dates_in_this_computers_zone():
    """Runs everywhere: on Windows `astimezone()` itself refuses years past 3000."""
    assert date_fr("9999-12-31T23:59:59Z") == "31 décembre 9999"
    assert date_fr("9999-12-31") == "31 décembre 9999"
    assert not is_past("9999-12-31") and not is_past("9999-12-31T23:59:59Z")
    assert is_past("0001-01-01") and is_past("0001-01-01T00:00:00Z")
    assert date_fr("0001-01-01") == "1er janvier 1"


def test_end_of_calendar_east_of_greenwich(zone):
    zone("Europe/Paris")  # 9999-12-31T23:59:59Z is already year 10000 in Paris
    with pytest.raises(OverflowError):  # what broke the status bar
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).astimezone()
    assert date_fr("9999-12-31T23:59:59Z") == "31 décembre 9999"
    assert datetime_fr("9999-12-31T23:59:59Z") == "31 décembre 9999 à 23:59"
    assert not is_past("9999-12-31T23:59:59Z")
    assert not is_past("9999-12-31")


def test_start_of_calendar_west_of_greenwich(zone):
    zone("America/New_York")  # 0001-01-01T00:00Z is still year 0 in New York
    assert date_fr("0001-01-01T00:00:00Z") == "1er janvier 1"
    assert is_past("0001-01-01T00:00:00Z")
    assert is_past("0001-01-01")
    zone("Europe/Paris")
    assert is_past("0001-01-01")  # naive year 1: `astimezone()` raised ValueError here


def test_ordinary_dates_still_in_local_time(zone):
    zone("Europe/Paris")
    assert datetime_fr("2026-11-29T09:15:00Z") == "29 novembre 2026 à 10:15"
    assert to_local(datetime(2026, 7, 1, 12, tzinfo=UTC)).hour == 14
    assert parse_date("2026-07-01").tzinfo is None
    assert not is_past("2999-01-01") and is_past("1969-07-20")
