"""The status bar's permanent part: when the library was last synced, whether an
export has expired, and the search index being built."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from rtes_desktop.core.formatting import is_past
from rtes_desktop.core.models import Source
from rtes_desktop.core.sync.report import Progress
from rtes_desktop.core.update_notice import UpdateNotice
from rtes_desktop.gui.common.i18n import format_date, format_datetime


def last_sync_text(sources: list[Source]) -> str:
    """« Dernière synchronisation : 29 novembre 2026 à 10:15 » (or why there is none)."""
    synced = [s.last_sync for s in sources if s.last_sync and not s.is_demo]
    if synced:
        return QCoreApplication.translate("LibraryStatus", "Dernière synchronisation : {0}").format(
            format_datetime(max(synced))
        )
    if any(not s.is_demo for s in sources):
        return QCoreApplication.translate("LibraryStatus", "Jamais synchronisée")
    return QCoreApplication.translate(
        "LibraryStatus", "Bibliothèque de démonstration : aucune synchronisation"
    )


def expiry_text(sources: list[Source]) -> str:
    """A warning naming each source whose export has expired, or ""."""
    expired = [s for s in sources if not s.is_demo and s.expires_at and is_past(s.expires_at)]
    if not expired:
        return ""
    if len(expired) == 1:
        s = expired[0]
        return QCoreApplication.translate(
            "LibraryStatus",
            "L’export de « {0} » a expiré le {1} : des mises à jour peuvent manquer",
        ).format(s.name, format_date(s.expires_at))
    names = ", ".join(f"« {s.name} »" for s in expired)
    return QCoreApplication.translate(
        "LibraryStatus", "Les exports de {0} ont expiré : des mises à jour peuvent manquer"
    ).format(names)


class LibraryStatus(QWidget):
    """Right-hand side of the status bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(10)
        self.index_label = QLabel(self)
        self.index_label.setAccessibleName(self.tr("État de l’index de recherche"))
        self.index_bar = QProgressBar(self)
        self.index_bar.setFixedWidth(120)
        self.index_bar.setMaximumHeight(14)
        self.index_bar.setTextVisible(False)
        self.index_bar.setAccessibleName(self.tr("Préparation de l’index de recherche"))
        self.expiry_label = QLabel(self)
        self.expiry_label.setObjectName("expiryWarning")
        self.expiry_label.setAccessibleName(self.tr("Avertissement d’expiration"))
        self.sync_label = QLabel(self)
        self.sync_label.setAccessibleName(self.tr("Dernière synchronisation"))
        # What the publishers' exports say about the application (no other server asked).
        self.update_label = QLabel(self)
        self.update_label.setObjectName("updateNotice")
        self.update_label.setTextFormat(Qt.TextFormat.RichText)
        self.update_label.setOpenExternalLinks(True)  # the system's browser opens it
        self.update_label.setAccessibleName(self.tr("Nouvelle version"))
        widgets = (
            self.index_label,
            self.index_bar,
            self.update_label,
            self.expiry_label,
            self.sync_label,
        )
        for w in widgets:
            layout.addWidget(w)
        self.index_label.hide()
        self.index_bar.hide()
        self.expiry_label.hide()
        self.update_label.hide()

    def show_update(self, notice: UpdateNotice | None) -> None:
        """« Une nouvelle version est disponible », a link when the publisher gave one."""
        if notice is None:
            self.update_label.hide()
            return
        text = self.tr("Une nouvelle version est disponible ({0})").format(notice.current)
        if notice.download_url:  # https only (core/update_notice.py)
            href = html.escape(notice.download_url, quote=True)
            self.update_label.setText(f'<a href="{href}">{html.escape(text)}</a>')
        else:
            self.update_label.setText(html.escape(text))
        why = (
            self.tr("Cette version n’est plus prise en charge par {0}")
            if notice.required
            else self.tr("Annoncée par {0}")
        ).format(", ".join(f"« {s} »" for s in notice.sources))
        self.update_label.setToolTip(
            why + (f"\n{notice.download_url}" if notice.download_url else "")
        )
        self.update_label.show()

    def show_sources(self, sources: list[Source]) -> None:
        self.sync_label.setText(last_sync_text(sources))
        warning = expiry_text(sources)
        self.expiry_label.setText("⚠ " + warning if warning else "")
        self.expiry_label.setToolTip(warning)
        self.expiry_label.setVisible(bool(warning))

    def show_index_state(self, state: str) -> None:
        building = state == "building"
        self.index_bar.setVisible(building)
        self.index_label.setVisible(building or state == "unavailable")
        if building:
            self.index_bar.setRange(0, 0)  # busy until the first progress report
            self.index_label.setText(self.tr("Préparation de la recherche…"))
        elif state == "unavailable":
            self.index_label.setText(self.tr("Recherche simple (index indisponible)"))

    def show_index_progress(self, p: Progress) -> None:
        done, total = p.done, p.total
        if total > 0:
            self.index_bar.setRange(0, total)
            self.index_bar.setValue(min(done, total))
            pct = round(100 * done / total)
            self.index_label.setText(self.tr("Préparation de la recherche… {0} %").format(pct))
