"""Core and command-line messages in the interface language, without Qt.

French is the source text: `_("…")` returns it as is until `set_language("en")`
loads `resources/locale/en/LC_MESSAGES/rtes_desktop.mo` (Python's `gettext`,
compiled from the `.po` next to it by `scripts/update_core_catalog.py`). The window
calls `set_language` with its own language, so the sentences it shows from the core
(sync summaries, refusals) follow it; the command line stays French.

Messages with values use named fields filled after translation:
`_("version n° {serial}").format(serial=3)`, so a translation may reorder them.
"""

from __future__ import annotations

import gettext
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)

DOMAIN = "rtes_desktop"
SOURCE_LANGUAGE = "fr"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def locale_dir() -> str:
    """Where the gettext catalogs live (`<lang>/LC_MESSAGES/rtes_desktop.mo`)."""
    # paths.resources_dir()'s rule, repeated: paths imports errors, which uses _(),
    # and the import graph has no cycles (tests/test_import_layers.py).
    frozen = getattr(sys, "_MEIPASS", None)
    root = Path(frozen) if frozen else Path(__file__).resolve().parents[2]
    return str(root / "resources" / "locale")


def set_language(lang: str | None) -> str:
    """Translate core messages into `lang` from now on; returns the language in use.

    French, an unknown language or a missing catalog: the French source text.
    """
    global _translation, _language
    lang = (lang or SOURCE_LANGUAGE).lower()[:2]
    if lang == SOURCE_LANGUAGE:
        _translation, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
        return _language
    try:
        _translation = gettext.translation(DOMAIN, locale_dir(), languages=[lang])
        _language = lang
    except OSError:  # no catalog for it: French rather than nothing
        log.warning("no core catalog for %r in %s; messages stay French", lang, locale_dir())
        _translation, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
    return _language


def language() -> str:
    """The language core messages are given in now ("fr" or "en")."""
    return _language


def _(message: str) -> str:
    """`message` (French source text) in the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language."""
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802  (gettext's usual name for the marker)
    """Marks `message` for the catalog without translating it (done where it is shown)."""
    return message
