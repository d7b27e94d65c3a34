"""Interface language: French is the source language of every string; English
comes from `resources/i18n/rtes_desktop_en.qm` (built by
`scripts/update_translations.py`). Dates, numbers and sizes in the interface
language, through `core.formatting`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from rtes_desktop.core import formatting
from rtes_desktop.core import i18n as core_i18n
from rtes_desktop.core.paths import resources_dir

log = logging.getLogger(__name__)

LANGUAGES = {"fr": "Français", "en": "English"}
DEFAULT_LANGUAGE = "fr"

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


def format_datetime(iso: str | None) -> str:
    """« 29 novembre 2026 à 14:05 » (local time) from an RFC 3339 stamp, in the
    interface language; the text as given if unreadable, "" if none."""
    return formatting.format_datetime(iso, _current, default=iso or "")


def format_date(iso: str | None) -> str:
    """« 29 novembre 2026 » / "29 November 2026" from a date or an RFC 3339 stamp."""
    return formatting.format_date(iso, _current, default=iso or "")


def format_number(n: int) -> str:
    """« 3 008 » / "3,008": a count in the interface language."""
    return formatting.format_number(n, _current)


def format_bytes(n: int | None) -> str:
    """« 1,2 Mo » / « 1.2 MB »: sizes in the interface language."""
    return formatting.format_size(int(n or 0), _current)


def format_count(n: int, singular: str, plural: str | None = None) -> str:
    """« 3 008 résultats » / "3,008 results" (`singular`/`plural` already translated)."""
    return formatting.format_count(n, singular, plural, _current)
