"""Dates, numbers and sizes in French and English, whatever the machine's locale."""

from __future__ import annotations

from datetime import UTC, datetime

from rtes_desktop.core.formatting import (
    count_fr,
    date_fr,
    datetime_fr,
    format_count,
    format_date,
    format_datetime,
    format_number,
    format_size,
    is_past,
    size_fr,
)


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
    # A no-break space keeps the number with its unit.
    assert size_fr(1) == "1\u00a0octet"
    assert size_fr(820_000) == "820\u00a0ko"
    assert size_fr(1_500_000) == "1,5\u00a0Mo"
    assert size_fr(999_999) == "1\u00a0Mo"  # rounded up: not « 1 000 ko »
    assert count_fr(1, "résultat") == "1 résultat"
    assert count_fr(1234, "résultat") == "1\u202f234 résultats"


def test_english_dates_numbers_and_sizes():
    assert format_date("2025-03-12", "en") == "12 March 2025"
    assert format_date("2025-03-01", "en") == "1 March 2025"  # no French « 1er »
    assert format_date("2025-03-01", "fr") == "1er mars 2025"
    stamp = "2026-11-29T10:15:00Z"
    local = datetime(2026, 11, 29, 10, 15, tzinfo=UTC).astimezone()
    assert format_datetime(stamp, "en") == (
        f"{format_date(local, 'en')} at {local.hour:02d}:{local.minute:02d}"
    )
    assert format_number(3008, "fr") == "3\u202f008"
    assert format_number(3008, "en") == "3,008"
    assert format_number(1.5, "fr", 1) == "1,5"
    assert format_size(1_500_000, "en") == "1.5\u00a0MB"
    assert format_size(12, "en") == "12\u00a0bytes"
    assert format_count(3008, "result", lang="en") == "3,008 results"
    assert format_count(0, "résultat") == "0 résultat"  # French singular for zero
    assert format_date("2025-03-12", "de") == "12 mars 2025"  # unknown language: French
