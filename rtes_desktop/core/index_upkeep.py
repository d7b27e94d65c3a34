"""Keeping the search index current after the library changed (a sync, say).

One helper for the window and the command line: the index is derived from
SQLite, so a failure to update it is logged, never fatal (it is rebuilt from the
library when it disagrees, on its next opening).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from rtes_desktop.core.library import Library
from rtes_desktop.core.search import SearchService

log = logging.getLogger(__name__)


def catch_up_quietly(
    library: Library,
    service: SearchService | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int | None:
    """Apply the library's changes to the search index; the number of entries
    updated, or None when it failed (logged). Uses `service` when the caller has
    one open (the window), else opens one for the time of the update."""
    try:
        if service is not None:
            return service.catch_up(progress)
        own = SearchService(library)
        try:
            return own.catch_up(progress)
        finally:
            own.close()
    except Exception:  # the index is derived: rebuilt from SQLite on next open
        log.warning("search index not updated; it will be rebuilt from the library", exc_info=True)
        return None
