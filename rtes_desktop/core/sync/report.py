"""What a sync reports: its progress while running, and what it changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

from rtes_desktop.core.i18n import _, ngettext


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
    error_detail: str | None = None
    notes_to_recheck: int = 0  # the user's notes on entries this sync updated (issue 11)

    def summary_fr(self) -> str:
        """e.g. "12 nouvelles fiches, 3 mises à jour, 1 retirée" or "Aucun changement"
        (in the interface language: English once `core.i18n.set_language("en")`)."""
        if self.error:
            return _("Échec : {error}").format(error=self.error)
        parts = []
        # Counts are never 0 here, so ngettext's n == 1 rule is French's too.
        if self.new:
            n = len(self.new)
            parts.append(ngettext("{n} nouvelle fiche", "{n} nouvelles fiches", n).format(n=n))
        if self.updated:
            n = len(self.updated)
            parts.append(ngettext("{n} mise à jour", "{n} mises à jour", n).format(n=n))
        if self.withdrawn:
            n = len(self.withdrawn)
            parts.append(ngettext("{n} retirée", "{n} retirées", n).format(n=n))
        if self.notes_to_recheck:
            n = self.notes_to_recheck
            parts.append(
                ngettext(
                    "{n} de vos notes à revérifier", "{n} de vos notes à revérifier", n
                ).format(n=n)
            )
        return ", ".join(parts) if parts else _("Aucun changement")

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (with its French summary)."""
        return {**asdict(self), "summary": self.summary_fr()}
