"""French dates and sizes (for the window, the command line and exports), with no dependency on the system locale.

A French agent may run an English Windows: « 12 mars 2025 » must not depend on the
machine's locale (and `strftime('%B')` would), so the month names live here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def to_local(dt: datetime) -> datetime:
    """`dt` on the user's clock, or `dt` unchanged when the platform cannot convert it.

    A publisher may write any year from 1 to 9999 (`expires_at: 9999-12-31`). Converting
    it raises: OverflowError when the zone offset crosses year 9999 or year 1, and on
    Windows OSError for anything before 1970 or after 3000 (its localtime() refuses them).
    A far date shown in UTC is better than a status bar that breaks.
    """
    try:
        return dt.astimezone()
    except (OverflowError, OSError, ValueError):
        return dt


def parse_date(value: str | date | datetime | None) -> datetime | None:
    """A date or RFC 3339 timestamp (`2025-03-12`, `2025-03-12T10:15:00Z`) as a datetime.

    Timestamps with a zone are converted to local time; None for anything unreadable.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    else:
        text = str(value).strip()
        try:
            if len(text) == 10:
                return datetime.strptime(text, "%Y-%m-%d")
            dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if dt.tzinfo is not None:
        dt = to_local(dt)  # the user's clock, not UTC
    return dt


def date_fr(value: str | date | datetime | None, *, default: str = "") -> str:
    """« 12 mars 2025 » (« 1er mars 2025 » on the first of the month)."""
    dt = parse_date(value)
    if dt is None:
        return default
    day = "1er" if dt.day == 1 else str(dt.day)
    return f"{day} {MONTHS_FR[dt.month - 1]} {dt.year}"


def datetime_fr(value: str | date | datetime | None, *, default: str = "") -> str:
    """« 29 novembre 2026 à 10:15 », in local time."""
    dt = parse_date(value)
    if dt is None:
        return default
    return f"{date_fr(dt)} à {dt.hour:02d}:{dt.minute:02d}"


def is_past(value: str | None, now: datetime | None = None) -> bool:
    """True when a timestamp (e.g. an export's expiry) is before now."""
    dt = parse_date(value)
    if dt is None:
        return False
    if dt.tzinfo is None:
        # A bare date is a day on the user's calendar: compare it with the local wall
        # clock rather than converting it (Windows cannot convert 0001-01-01 or 9999-12-31).
        local_now = (now or datetime.now(UTC)).astimezone().replace(tzinfo=None)
        return dt < local_now
    return dt < (now or datetime.now(UTC))


def size_fr(size: int | None) -> str:
    """A file size the French way: « 1,5 Mo », « 820 ko », « 12 octets »."""
    if size is None or size < 0:
        return ""
    if size < 1000:
        return f"{size} octet" + ("s" if size > 1 else "")
    for unit, factor in (("ko", 1000), ("Mo", 1000**2), ("Go", 1000**3)):
        value = size / factor
        if value < 1000 or unit == "Go":
            text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
            return f"{text.replace('.', ',').removesuffix(',0')} {unit}"
    return ""  # unreachable


def count_fr(n: int, singular: str, plural: str | None = None) -> str:
    """« 1 résultat », « 12 résultats », « 1 234 résultats » (narrow no-break space)."""
    word = singular if n <= 1 else (plural or singular + "s")
    return f"{n:,}".replace(",", "\u202f") + f" {word}"
