"""The panels and dialogs other modules provide (notes, tags, sync, settings), loaded
when present so the window works with or without each of them."""

from __future__ import annotations

import importlib
import logging
from typing import Any

log = logging.getLogger(__name__)


def optional(module: str, name: str) -> Any:
    """`rtes_desktop.gui.<module>.<name>`, or None when that module does not exist.

    Only a missing module is tolerated: an error inside an existing one is a bug
    and must show up."""
    full = f"rtes_desktop.gui.{module}"
    try:
        mod = importlib.import_module(full)
    except ModuleNotFoundError as exc:
        if exc.name == full:
            log.info("optional GUI part missing: %s", full)
            return None
        raise
    return getattr(mod, name, None)
