"""The publishers' public keys the user chose to trust."""

from __future__ import annotations

from typing import Any

from rtes_desktop.core.errors import NotFound
from rtes_desktop.core.i18n import _
from rtes_desktop.core.library.db import LibraryBase, now_iso


class TrustedKeysMixin(LibraryBase):
    """Trusted keys: add, list, remove."""

    def add_trusted_key(
        self, key_id: str, pem: str, label: str = "", source_id: str | None = None
    ) -> None:
        """Trust a publisher's public key (PEM), for all sources or one."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO trusted_keys(key_id, pem, label, source_id, added_at) VALUES (?,?,?,?,?) "
                "ON CONFLICT(key_id) DO UPDATE SET pem=excluded.pem, label=excluded.label, "
                "source_id=excluded.source_id",
                (key_id, pem, label, source_id, now_iso()),
            )

    def pin_source_key(self, source_id: str, key_id: str) -> bool:
        """Pin a source to the key that alone may sign it from now on; False when
        the source is not in the library yet (its first signed sync will pin it)."""
        with self.transaction() as conn:
            cur = conn.execute("UPDATE sources SET key_id=? WHERE id=?", (key_id, source_id))
        return bool(cur.rowcount)

    def trusted_keys(self) -> list[dict[str, Any]]:
        """Keys the user added (key_id, pem, label, source_id, added_at)."""
        return [dict(r) for r in self._rows("SELECT * FROM trusted_keys ORDER BY added_at, key_id")]

    def remove_trusted_key(self, key_id: str) -> None:
        with self.transaction() as conn:
            if not conn.execute("DELETE FROM trusted_keys WHERE key_id=?", (key_id,)).rowcount:
                raise NotFound(
                    _("aucune clé de confiance {key_id} ajoutée par l'utilisateur").format(
                        key_id=key_id
                    )
                )
