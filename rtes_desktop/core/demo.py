"""The bundled demo library, loaded on first start so a new user sees content at once.

The demo ships as a real export (`resources/demo-export/`, built from the Markdown
of `resources/demo/` by `scripts/build_demo_export.py`, i.e. by `publish`), and is
loaded through the sync engine like any other source: same checks, same code path.
It is signed with a demo key whose public half, in `resources/keys/demo.pem`, is
trusted only for the source id `demo` (the private half is public in this
repository: it proves nothing but that the demo export is intact).
"""

from __future__ import annotations

import logging

from rtes_desktop.core.library import Library
from rtes_desktop.core.library.demo_source import (
    DEMO_SOURCE_ID,
    demo_dir,
    demo_export_dir,
    demo_kept,
    demo_present,
    demo_would_be_removed,
    is_demo_example,
    keep_demo,
    needs_demo,
    remove_demo,
)
from rtes_desktop.core.sync.engine import sync_source

log = logging.getLogger(__name__)

__all__ = [
    "DEMO_SOURCE_ID",
    "demo_dir",
    "demo_export_dir",
    "demo_kept",
    "demo_present",
    "demo_would_be_removed",
    "ensure_demo",
    "is_demo_example",
    "keep_demo",
    "load_demo",
    "needs_demo",
    "remove_demo",
]


def load_demo(library: Library) -> int:
    """Apply the bundled demo export through the sync engine; return its entry count."""
    report = sync_source(library, str(demo_export_dir()))
    log.info("demo library loaded: %s", report.summary_fr())
    return library.count_entries(source_id=DEMO_SOURCE_ID, include_withdrawn=False)


def ensure_demo(library: Library) -> bool:
    """Load the demo if this is a first start; True when it was loaded."""
    if needs_demo(library):
        load_demo(library)
        return True
    return False
