"""Handing a link from rendered content to the system: only http(s) and mailto, and
a mailto stripped of everything but its subject and body (`core.render.external_link`)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from rtes_desktop.core.render import external_link

log = logging.getLogger(__name__)


def open_external(url: QUrl) -> bool:
    """Open an http(s) or mailto link in the system's application; False (and nothing
    opened) for any other scheme."""
    target = external_link(bytes(url.toEncoded().data()).decode("ascii", "replace"))
    if target is None:
        log.info("link not opened: %s", url.scheme())
        return False
    return bool(QDesktopServices.openUrl(QUrl.fromEncoded(target.encode())))
