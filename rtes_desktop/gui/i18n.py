"""Interface language: French is the source language of every string; English
comes from `resources/i18n/rtes_desktop_en.qm` (built by
`scripts/update_translations.py`). Also dates as people read them.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QLibraryInfo, QLocale, QTranslator

from rtes_desktop.core import i18n as core_i18n
from rtes_desktop.core.paths import resources_dir

log = logging.getLogger(__name__)

LANGUAGES = {"fr": "Français", "en": "English"}
DEFAULT_LANGUAGE = "fr"
SETTING_UI_LANGUAGE = "ui_language"

_installed: list[QTranslator] = []
_current = DEFAULT_LANGUAGE


def translations_dir() -> Path:
    """Where the application's .qm files live."""
    return resources_dir() / "i18n"


def current_language() -> str:
    """The language installed last by `install_translator` ("fr" by default)."""
    return _current


def install_translator(app: QCoreApplication, lang: str | None) -> list[QTranslator]:
    """Translate the interface into `lang` ("fr" or "en"), replacing any previous one.

    Also loads Qt's own strings (standard buttons, file dialogs) for that language.
    An unknown language, or a missing file, leaves French: the app still works.
    Returns the translators installed (kept alive here too: Qt does not own them).
    """
    global _current
    remove_translators(app)
    lang = (lang or DEFAULT_LANGUAGE).lower()[:2]
    if lang not in LANGUAGES:
        log.warning("unknown interface language %r, using French", lang)
        lang = DEFAULT_LANGUAGE

    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_tr = QTranslator(app)
    if qt_tr.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(qt_tr)
        _installed.append(qt_tr)
    else:
        log.info("no Qt translation qtbase_%s in %s", lang, qt_dir)

    if lang != "fr":  # French is the source text: nothing to load
        ours = QTranslator(app)
        if ours.load(f"rtes_desktop_{lang}", str(translations_dir())):
            app.installTranslator(ours)
            _installed.append(ours)
        else:
            log.warning("translation rtes_desktop_%s not found in %s", lang, translations_dir())
    _current = lang
    QLocale.setDefault(_locale(lang))
    core_i18n.set_language(lang)  # sync summaries and refusals from the core follow
    return list(_installed)


def remove_translators(app: QCoreApplication) -> None:
    """Take every translator this module installed off `app` (back to the source French)."""
    global _current
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    _current = DEFAULT_LANGUAGE
    QLocale.setDefault(_locale(DEFAULT_LANGUAGE))
    core_i18n.set_language(DEFAULT_LANGUAGE)


def _locale(lang: str) -> QLocale:
    if lang == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return QLocale(QLocale.Language.French, QLocale.Country.France)


def _parse(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        stamp = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone()  # the user's local time


def _long_date(stamp: datetime) -> str:
    text = _locale(_current).toString(QDate(stamp.year, stamp.month, stamp.day), "d MMMM yyyy")
    if _current == "fr" and stamp.day == 1:
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal
    return text


def format_datetime(iso: str | None) -> str:
    """« 29 novembre 2026 à 14:05 » (local time) from an RFC 3339 stamp; "" if none."""
    stamp = _parse(iso)
    if stamp is None:
        return iso or ""
    day = _long_date(stamp)
    clock = stamp.strftime("%H:%M")
    at = QCoreApplication.translate("dates", "{date} à {time}")
    return at.format(date=day, time=clock)


def format_date(iso: str | None) -> str:
    """« 29 novembre 2026 » from a date or an RFC 3339 stamp; "" if none."""
    if iso and len(iso) == 10:
        iso = iso + "T12:00:00"  # a bare date: noon keeps it the same day everywhere
    stamp = _parse(iso)
    if stamp is None:
        return iso or ""
    return _long_date(stamp)


def format_bytes(n: int | None) -> str:
    """« 1,2 Mo » / « 1.2 MB »: sizes in the interface language."""
    n = int(n or 0)
    units = [
        QCoreApplication.translate("units", "o"),
        QCoreApplication.translate("units", "ko"),
        QCoreApplication.translate("units", "Mo"),
        QCoreApplication.translate("units", "Go"),
    ]
    value = float(n)
    unit = 0
    while value >= 1000 and unit < len(units) - 1:
        value /= 1000
        unit += 1
    loc = _locale(_current)
    text = str(n) if unit == 0 else loc.toString(value, "f", 1)
    return f"{text}\u00a0{units[unit]}"
