"""Sessions: a trainer's ordered lists of entries and notes, with comments.

The tables keep their first names (`collections`, `collection_items`, column
`collection_id`): migrations are never edited. `_item_from_row` maps the column."""

from __future__ import annotations

from typing import Any

from rtes_desktop.core.errors import BadInput, NotFound
from rtes_desktop.core.i18n import _
from rtes_desktop.core.library.db import clean_text, inserted_id, now_iso
from rtes_desktop.core.library.notes import NotesMixin
from rtes_desktop.core.models import Session, SessionItem


class SessionsMixin(NotesMixin):
    """Sessions and their items (an item may be a note: hence NotesMixin)."""

    def create_session(self, name: str, description: str = "") -> Session:
        """A new, empty session."""
        name = clean_text(name, "nom de session", 200).strip()
        if not name:
            raise BadInput(_("le nom de la session est vide"))
        stamp = now_iso()
        with self.transaction() as conn:
            cid = inserted_id(
                conn.execute(
                    "INSERT INTO collections(name, description, created_at, updated_at) VALUES (?,?,?,?)",
                    (name, clean_text(description, "description", 10_000), stamp, stamp),
                )
            )
        return self.session(cid)

    def session(self, session_id: int) -> Session:
        row = self.conn.execute("SELECT * FROM collections WHERE id=?", (session_id,)).fetchone()
        if not row:
            raise NotFound(_("aucune session n°{session_id}").format(session_id=session_id))
        return Session(**dict(row))

    def sessions(self) -> list[Session]:
        return [Session(**dict(r)) for r in self._rows("SELECT * FROM collections ORDER BY name")]

    def delete_session(self, session_id: int) -> None:
        self.session(session_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM collections WHERE id=?", (session_id,))

    def add_to_session(
        self,
        session_id: int,
        *,
        ref: str | None = None,
        note_id: int | None = None,
        comment: str = "",
    ) -> SessionItem:
        """Append an entry or a note to a session."""
        self.session(session_id)
        source_id = entry_id = None
        if ref is not None:
            source_id, entry_id = self.resolve(ref)
        elif note_id is not None:
            self.note(note_id)
        else:
            raise BadInput(_("une entrée ou une note est nécessaire"))
        with self.transaction() as conn:
            pos = conn.execute(
                "SELECT COALESCE(max(position), -1) + 1 FROM collection_items WHERE collection_id=?",
                (session_id,),
            ).fetchone()[0]
            item_id = inserted_id(
                conn.execute(
                    "INSERT INTO collection_items(collection_id, position, source_id, entry_id, "
                    "note_id, comment) VALUES (?,?,?,?,?,?)",
                    (session_id, pos, source_id, entry_id, note_id, comment),
                )
            )
            conn.execute("UPDATE collections SET updated_at=? WHERE id=?", (now_iso(), session_id))
        return self._session_item(item_id)

    def _session_item(self, item_id: int) -> SessionItem:
        row = self.conn.execute("SELECT * FROM collection_items WHERE id=?", (item_id,)).fetchone()
        if not row:
            raise NotFound(_("aucun élément de session n°{item_id}").format(item_id=item_id))
        return _item_from_row(row)

    def session_items(self, session_id: int) -> list[SessionItem]:
        return [
            _item_from_row(r)
            for r in self._rows(
                "SELECT * FROM collection_items WHERE collection_id=? ORDER BY position",
                (session_id,),
            )
        ]

    def move_session_item(self, item_id: int, new_position: int) -> None:
        """Move an item within its session, shifting the others."""
        item = self._session_item(item_id)
        items = [i for i in self.session_items(item.session_id) if i.id != item_id]
        new_position = max(0, min(new_position, len(items)))
        items.insert(new_position, item)
        with self.transaction() as conn:
            for pos, it in enumerate(items):
                conn.execute("UPDATE collection_items SET position=? WHERE id=?", (pos, it.id))

    def remove_session_item(self, item_id: int) -> SessionItem:
        """Remove an item from its session; returns it so the caller can offer
        to undo (`restore_session_item`)."""
        item = self._session_item(item_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM collection_items WHERE id=?", (item_id,))
            rest = self.session_items(item.session_id)
            for pos, it in enumerate(rest):
                conn.execute("UPDATE collection_items SET position=? WHERE id=?", (pos, it.id))
        return item

    def restore_session_item(self, item: SessionItem) -> SessionItem:
        """Put a removed item back at its former position (undo); returns it as
        stored now (its id may differ). NotFound when its session or its note
        has been deleted since."""
        with self.transaction() as conn:
            self.session(item.session_id)
            if item.note_id is not None:
                self.note(item.note_id)
            others = self.session_items(item.session_id)
            position = max(0, min(item.position, len(others)))
            item_id = inserted_id(
                conn.execute(
                    "INSERT INTO collection_items(collection_id, position, source_id, entry_id, "
                    "note_id, comment) VALUES (?,?,?,?,?,?)",
                    (
                        item.session_id,
                        position,
                        item.source_id,
                        item.entry_id,
                        item.note_id,
                        item.comment,
                    ),
                )
            )
            for it in others[position:]:
                conn.execute(
                    "UPDATE collection_items SET position=? WHERE id=?", (it.position + 1, it.id)
                )
        return self._session_item(item_id)

    def rename_session(self, session_id: int, name: str) -> Session:
        """Give a session a new name (trimmed; BadInput when empty)."""
        name = clean_text(name, "nom de session", 200).strip()
        if not name:
            raise BadInput(_("le nom de la session est vide"))
        with self.transaction() as conn:
            self.session(session_id)
            conn.execute(
                "UPDATE collections SET name=?, updated_at=? WHERE id=?",
                (name, now_iso(), session_id),
            )
        return self.session(session_id)

    def set_session_item_comment(self, item_id: int, comment: str) -> SessionItem:
        """Replace an item's comment (the trainer's remark on it; "" clears it)."""
        comment = clean_text(comment, "commentaire", 10_000).strip()
        with self.transaction() as conn:
            item = self._session_item(item_id)
            conn.execute("UPDATE collection_items SET comment=? WHERE id=?", (comment, item_id))
            conn.execute(
                "UPDATE collections SET updated_at=? WHERE id=?", (now_iso(), item.session_id)
            )
        return self._session_item(item_id)

    def session_sizes(self) -> dict[int, int]:
        """session id -> number of items (sessions without items are absent)."""
        return {
            int(r[0]): int(r[1])
            for r in self._rows(
                "SELECT collection_id, count(*) FROM collection_items GROUP BY collection_id"
            )
        }

    def sessions_with(self, ref: str) -> list[Session]:
        """The sessions holding entry `ref` (ID or SOURCE:ID), by name."""
        source_id, entry_id = self.resolve(ref)
        rows = self._rows(
            "SELECT DISTINCT c.* FROM collections c JOIN collection_items i "
            "ON i.collection_id = c.id WHERE i.source_id=? AND i.entry_id=? ORDER BY c.name",
            (source_id, entry_id),
        )
        return [Session(**dict(r)) for r in rows]


def _item_from_row(row: Any) -> SessionItem:
    # The column keeps its first name (migrations are never edited): collection_id.
    data = dict(row)
    data["session_id"] = data.pop("collection_id")
    return SessionItem(**data)
