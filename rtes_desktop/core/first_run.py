"""At start: apply IT's machine configuration to the library and, on a first start,
fill it (the pre-seeded export the configuration names, else the demo).

Reading the configuration file is `core/machine_config.py`'s job (docs/deploy.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rtes_desktop.core import settings
from rtes_desktop.core.demo import load_demo, needs_demo
from rtes_desktop.core.errors import RtesError
from rtes_desktop.core.library import Library
from rtes_desktop.core.machine_config import MachineConfig, load_machine_config

log = logging.getLogger(__name__)

#: What `first_run` did.
FIRST_RUN_SEEDED = "seed"  # first start: the pre-seeded export was loaded
FIRST_RUN_DEMO = "demo"  # first start: the demo library was loaded
NOT_FIRST_RUN = ""  # not a first start (configured sources and keys were merged)


# -- applying ----------------------------------------------------------------


def apply_config(library: Library, config: MachineConfig) -> list[str]:
    """Merge the configured sources, keys and settings into the library; idempotent.

    IT manages what it configures: a configured source's address is set back to the
    configured one at each start, a configured key is trusted again. Its name is only
    set when the source is created (a sync then names it from the publisher's manifest).
    The attachments limit is a default: a user's own choice stays. Returns what changed.
    """
    changes: list[str] = []
    with library.transaction():
        known = {src.id: src for src in library.sources()}
        trusted = {k["key_id"]: k for k in library.trusted_keys()}
        for src in config.sources:
            current = known.get(src.id)
            if current is None:
                library.save_source(src.id, src.name, url=src.url)
                changes.append(f"source {src.id} ajoutée")
            elif src.url is not None and current.url != src.url:
                library.save_source(src.id, current.name, url=src.url)
                changes.append(f"source {src.id} : adresse {src.url}")
            for key in src.keys:
                have = trusted.get(key.key_id)
                if have and have["pem"] == key.pem and have["source_id"] == key.source_id:
                    continue
                library.add_trusted_key(key.key_id, key.pem, key.label, source_id=key.source_id)
                changes.append(f"clé {key.key_id} ({src.id})")
        if (
            config.attachments_max_auto_bytes is not None
            # By its raw key: None means the user never chose (the typed read
            # would answer the default).
            and library.get_setting(settings.ATTACHMENTS_MAX_AUTO.key) is None
        ):
            library.set_setting(settings.ATTACHMENTS_MAX_AUTO, config.attachments_max_auto_bytes)
            changes.append(f"pièces jointes ≤ {config.attachments_max_auto_bytes} octets")
    if changes:
        log.info("machine configuration applied: %s", "; ".join(changes))
    return changes


def _seed(
    library: Library,
    seed: Path,
    progress: Callable[[Any], None] | None,
    cancel: Callable[[], bool] | None,
) -> bool:
    if not seed.is_file():
        log.error("%s : export pré-chargé introuvable ; la démonstration est chargée", seed)
        return False
    try:
        from rtes_desktop.core.sync.engine import sync_source

        report = sync_source(library, str(seed), progress=progress, cancel=cancel)
    except RtesError as exc:
        log.error("export pré-chargé refusé : %s ; la démonstration est chargée", exc)
        return False
    except Exception:  # a failed seed must not stop the first start
        log.exception("pre-seeded export %s failed; loading the demo", seed)
        return False
    log.info("pre-seeded export %s loaded into source %s", seed, report.source_id)
    return True


def first_run(
    library: Library,
    config: MachineConfig | None = None,
    *,
    progress: Callable[[Any], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> str:
    """Apply the machine configuration at start; on a first start, fill the library.

    Always merges the configured sources and keys (`apply_config`). On a first start
    (no source yet, demo never removed) it then loads the pre-seeded export when the
    configuration names one, else the demo. Returns FIRST_RUN_SEEDED, FIRST_RUN_DEMO
    or NOT_FIRST_RUN. `config` defaults to the file in force (`load_machine_config`).
    Seeding a large export takes seconds: run it off the GUI thread (`progress` and
    `cancel` go to `sync_source`).
    """
    if config is None:
        config = load_machine_config()
    first = needs_demo(library)  # before the configured sources exist
    if config is not None:
        try:
            apply_config(library, config)
        except Exception:  # one transaction: nothing half-applied, and the app starts
            log.exception("machine configuration %s not applied", config.path)
    if not first:
        return NOT_FIRST_RUN
    if config is not None and config.seed_export is not None:
        if _seed(library, config.seed_export, progress, cancel):
            # A sync may record the zip as the source's address: the configured one wins.
            try:
                apply_config(library, config)
            except Exception:
                log.exception("machine configuration %s not re-applied", config.path)
            return FIRST_RUN_SEEDED
    load_demo(library)
    return FIRST_RUN_DEMO
