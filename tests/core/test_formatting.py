"""French dates and sizes, whatever the machine's locale."""

from __future__ import annotations

from datetime import UTC, datetime

from rtes_desktop.core.formatting import count_fr, date_fr, datetime_fr, is_past, size_fr


def test_dates_in_french():
    assert date_fr("2025-03-12") == "12 mars 2025"
    assert date_fr("2025-08-01") == "1er août 2025"
    assert date_fr("2026-02-28T10:00:00Z").endswith("février 2026")
    assert date_fr("not a date", default="?") == "?"
    assert date_fr(None) == ""


def test_datetime_is_shown_in_local_time():
    stamp = "2026-11-29T10:15:00Z"
    local = datetime(2026, 11, 29, 10, 15, tzinfo=UTC).astimezone()
    assert datetime_fr(stamp) == f"{date_fr(local)} à {local.hour:02d}:{local.minute:02d}"


def test_expiry():
    now = datetime(2026, 11, 29, tzinfo=UTC)
    assert is_past("2026-11-28T10:00:00Z", now)
    assert not is_past("2027-02-28T10:00:00Z", now)
    assert not is_past(None, now)


def test_sizes_and_counts():
    assert size_fr(1) == "1 octet"
    assert size_fr(820_000) == "820 ko"
    assert size_fr(1_500_000) == "1,5 Mo"
    assert count_fr(1, "résultat") == "1 résultat"
    assert count_fr(1234, "résultat") == "1\u202f234 résultats"
