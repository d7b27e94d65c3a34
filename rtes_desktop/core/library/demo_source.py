"""The demo source as the library sees it: its id, where it ships, whether to load
it, removing it.

Apart from `core/demo.py` (which loads the demo through the sync engine) so the
sync engine can remove the demo on a first real sync without importing the
module that imports it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rtes_desktop.core import settings
from rtes_desktop.core.paths import resources_dir

if TYPE_CHECKING:
    from rtes_desktop.core.library import Library

DEMO_SOURCE_ID = "demo"


def demo_dir() -> Path:
    """The demo's Markdown sources (what `publish` turns into the demo export)."""
    return resources_dir() / "demo"


def demo_export_dir() -> Path:
    """The demo export shipped with the application."""
    return resources_dir() / "demo-export"


def needs_demo(library: Library) -> bool:
    """True on a first start: no source yet and the user never removed the demo."""
    return not library.sources() and not library.get_setting(settings.DEMO_REMOVED)


def remove_demo(library: Library) -> None:
    """Remove the demo source (entries the user annotated stay, marked withdrawn)."""
    with library.transaction():
        if library.source(DEMO_SOURCE_ID):
            library.remove_source(DEMO_SOURCE_ID)
        library.set_setting(settings.DEMO_REMOVED, True)
