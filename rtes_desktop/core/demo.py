"""The bundled demo library, loaded on first start so a new user sees content at once."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from rtes_desktop.core.frontmatter import read_source_tree
from rtes_desktop.core.library import Library
from rtes_desktop.core.models import Entry
from rtes_desktop.core.paths import resources_dir

log = logging.getLogger(__name__)

DEMO_SOURCE_ID = "demo"
SETTING_DEMO_REMOVED = "demo_removed"


def demo_dir() -> Path:
    return resources_dir() / "demo"


def needs_demo(library: Library) -> bool:
    """True on a first start: no source yet and the user never removed the demo."""
    return not library.sources() and not library.get_setting(SETTING_DEMO_REMOVED, False)


def load_demo(library: Library) -> int:
    """Load the demo library from its Markdown sources, in one transaction."""
    tree = read_source_tree(demo_dir())
    with library.transaction():
        library.save_source(
            DEMO_SOURCE_ID,
            tree.source.get("name", "Démonstration"),
            homepage=tree.source.get("homepage"),
            is_demo=True,
        )
        library.replace_vocabulary(DEMO_SOURCE_ID, tree.kinds, tree.themes)
        for sf in tree.files:
            m = sf.meta
            doc = json.dumps(
                {**m, "body": sf.body}, sort_keys=True, ensure_ascii=False, default=str
            )
            library.write_entry(
                Entry(
                    source_id=DEMO_SOURCE_ID,
                    id=m["id"],
                    kind=m["kind"],
                    title=m["title"],
                    body=sf.body,
                    published_at=m["published_at"],
                    updated_at=m["updated_at"],
                    sha256=hashlib.sha256(doc.encode()).hexdigest(),
                    summary=m.get("summary"),
                    lang=m.get("lang", "fr"),
                    region=m.get("region"),
                    audience=m.get("audience", "public"),
                    authors=list(m.get("authors") or []),
                    source_url=m.get("source_url"),
                    themes=list(m.get("themes") or []),
                    related=list(m.get("related") or []),
                )
            )
    log.info("demo library loaded: %d entries", len(tree.files))
    return len(tree.files)


def ensure_demo(library: Library) -> bool:
    """Load the demo if this is a first start; True when it was loaded."""
    if needs_demo(library):
        load_demo(library)
        return True
    return False


def remove_demo(library: Library) -> None:
    """Remove the demo source (entries the user annotated stay, marked withdrawn)."""
    if library.source(DEMO_SOURCE_ID):
        library.remove_source(DEMO_SOURCE_ID)
    library.set_setting(SETTING_DEMO_REMOVED, True)
