"""Content handed to Qt or to the system: links from rendered content go out only as
http(s) or mailto (stripped of everything but its subject and body,
`core.render.external_link`); text that Qt would guess to be HTML (tooltips) is
escaped first."""

from __future__ import annotations

import html
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


def plain_tooltip(text: str) -> str:
    """A tooltip showing `text` as written. Qt renders a tooltip as HTML when it
    looks like HTML, and HTML loads images: a title « <img src="file://…"> » in a
    tooltip would make Qt open that file. Escaped inside <qt>, it is only text."""
    if not text:
        return ""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"
