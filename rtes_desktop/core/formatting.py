"""Dates, numbers and sizes as people read them, in French or English, for the
window, the command line and exports, with no dependency on the system locale.

A French agent may run an English Windows: « 12 mars 2025 » must not depend on the
machine's locale (and `strftime('%B')` would), so the month names live here. The
window passes its interface language (`lang`, "fr" or "en"); the CLI and the
exports write French. `date_fr`, `size_fr`... are the French shorthands.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"

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
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: Between a number and its unit: never broken across lines.
NBSP = "\u00a0"
#: French thousands separator (the narrow no-break space of the Imprimerie nationale).
NNBSP = "\u202f"
_SIZE_UNITS = {"fr": ("ko", "Mo", "Go"), "en": ("kB", "MB", "GB")}


def _lang(lang: str | None) -> str:
    lang = (lang or DEFAULT_LANG).lower()[:2]
    return lang if lang in LANGS else DEFAULT_LANG


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


def format_date(
    value: str | date | datetime | None, lang: str | None = "fr", *, default: str = ""
) -> str:
    """« 12 mars 2025 » (« 1er mars 2025 » on the first) or "12 March 2025"."""
    dt = parse_date(value)
    if dt is None:
        return default
    if _lang(lang) == "en":
        return f"{dt.day} {MONTHS_EN[dt.month - 1]} {dt.year}"
    day = "1er" if dt.day == 1 else str(dt.day)
    return f"{day} {MONTHS_FR[dt.month - 1]} {dt.year}"


def format_datetime(
    value: str | date | datetime | None, lang: str | None = "fr", *, default: str = ""
) -> str:
    """« 29 novembre 2026 à 10:15 » or "29 November 2026 at 10:15", in local time."""
    dt = parse_date(value)
    if dt is None:
        return default
    at = "at" if _lang(lang) == "en" else "à"
    return f"{format_date(dt, lang)} {at} {dt.hour:02d}:{dt.minute:02d}"


def format_number(n: int | float, lang: str | None = "fr", decimals: int = 0) -> str:
    """« 3 008 » / « 1,5 » in French, "3,008" / "1.5" in English."""
    text = f"{n:,.{decimals}f}"
    if _lang(lang) == "en":
        return text
    return text.replace(",", NNBSP).replace(".", ",")


def format_size(size: int | None, lang: str | None = "fr") -> str:
    """A file size: « 1,5 Mo », « 820 ko », « 12 octets » / "1.5 MB", "12 bytes"
    (decimal units; a no-break space before the unit). "" for None or negative."""
    if size is None or size < 0:
        return ""
    lang = _lang(lang)
    if size < 1000:
        word = "byte" if lang == "en" else "octet"
        return f"{format_count(size, word, lang=lang).replace(' ', NBSP)}"
    value = float(size)
    for unit in _SIZE_UNITS[lang]:
        value /= 1000
        if value < 999.95 or unit in ("Go", "GB"):
            break
    value = round(value, 1) if value < 9.95 else round(value)
    decimals = 0 if value == int(value) else 1
    return f"{format_number(value, lang, decimals)}{NBSP}{unit}"


def format_count(n: int, singular: str, plural: str | None = None, lang: str | None = "fr") -> str:
    """« 1 résultat », « 1 234 résultats » / "1,234 results" (the words come translated)."""
    one = n == 1 or (_lang(lang) == "fr" and n == 0)  # French: « 0 résultat »
    word = singular if one else (plural or singular + "s")
    return f"{format_number(n, lang)} {word}"


# French shorthands (the CLI, the exports).


def date_fr(value: str | date | datetime | None, *, default: str = "") -> str:
    """« 12 mars 2025 » (« 1er mars 2025 » on the first of the month)."""
    return format_date(value, "fr", default=default)


def datetime_fr(value: str | date | datetime | None, *, default: str = "") -> str:
    """« 29 novembre 2026 à 10:15 », in local time."""
    return format_datetime(value, "fr", default=default)


def size_fr(size: int | None) -> str:
    """A file size the French way: « 1,5 Mo », « 820 ko », « 12 octets »."""
    return format_size(size, "fr")


def count_fr(n: int, singular: str, plural: str | None = None) -> str:
    """« 1 résultat », « 12 résultats », « 1 234 résultats » (narrow no-break space)."""
    return format_count(n, singular, plural, "fr")


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
