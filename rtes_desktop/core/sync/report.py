"""What a sync reports: its progress while running, and what it changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class Phase(Enum):
    """The steps of a sync (and of the index catching up after it). Ids, not
    sentences: the window and the command line each have their labels."""

    MANIFEST = "manifest"
    DOWNLOAD = "download"  # the entries' documents
    ATTACHMENTS = "attachments"  # the attachments a sync fetches
    ATTACHMENT = "attachment"  # one attachment fetched on demand
    APPLY = "apply"
    INDEX = "index"  # the search index catching up (or being built)
    DONE = "done"


@dataclass(frozen=True)
class Progress:
    """Where a job is: its phase, objects and bytes done of total (0: unknown)."""

    phase: Phase
    done: int = 0
    total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0


ProgressFn = Callable[[Progress], None]
CancelFn = Callable[[], bool]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass
class SyncReport:
    """What one sync of one source did."""

    source_id: str
    serial: int | None
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    unchanged: bool = False
    warnings: list[str] = field(default_factory=list)
    location: str = ""
    fetched_objects: int = 0
    fetched_bytes: int = 0
    reused_objects: int = 0
    deferred_attachments: int = 0
    error: str | None = None

    def summary_fr(self) -> str:
        """e.g. "12 nouvelles fiches, 3 mises à jour, 1 retirée" or "Aucun changement"."""
        if self.error:
            return f"Échec : {self.error}"
        parts = []
        if self.new:
            parts.append(_plural(len(self.new), "nouvelle fiche", "nouvelles fiches"))
        if self.updated:
            parts.append(_plural(len(self.updated), "mise à jour", "mises à jour"))
        if self.withdrawn:
            parts.append(_plural(len(self.withdrawn), "retirée", "retirées"))
        return ", ".join(parts) if parts else "Aucun changement"

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (with its French summary)."""
        return {**asdict(self), "summary": self.summary_fr()}
