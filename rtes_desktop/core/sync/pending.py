"""Sources added but never synced yet: the address is kept until a first sync works.

A source's id comes from its manifest, so a source whose first sync fails (offline,
wrong address, an unknown key) is not in the `sources` table. Its address waits
here (a setting, personal data like the sources themselves), with the last error,
so the window can show it and sync it again without the address being retyped.
"""

from __future__ import annotations

from typing import Any

from rtes_desktop.core import settings
from rtes_desktop.core.library import Library


def pending_sources(library: Library) -> list[dict[str, str]]:
    """[{"url", "error"}] in the order they were added."""
    out = []
    for item in library.get_setting(settings.PENDING_SOURCES):
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            out.append({"url": item["url"], "error": str(item.get("error") or "")})
    return out


def _save(library: Library, items: list[dict[str, Any]]) -> None:
    library.set_setting(settings.PENDING_SOURCES, items)


def add_pending(library: Library, url: str) -> None:
    """Remember `url` until its first sync succeeds (nothing if already there)."""
    with library.transaction():
        items = pending_sources(library)
        if all(i["url"] != url for i in items):
            _save(library, [*items, {"url": url, "error": ""}])


def set_pending_error(library: Library, url: str, error: str) -> bool:
    """Record why the first sync of `url` failed; False when `url` is not pending."""
    with library.transaction():
        items = pending_sources(library)
        if all(i["url"] != url for i in items):
            return False
        _save(library, [{**i, "error": error} if i["url"] == url else i for i in items])
        return True


def remove_pending(library: Library, url: str) -> None:
    """Forget `url` (synced at last, or removed by the user)."""
    with library.transaction():
        items = pending_sources(library)
        if any(i["url"] == url for i in items):
            _save(library, [i for i in items if i["url"] != url])
