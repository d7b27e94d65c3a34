"""Collections: ordered lists of entries and notes with comments (a trainer's session)."""

from __future__ import annotations

from rtes_desktop.core.errors import BadInput, NotFound
from rtes_desktop.core.library.db import clean_text, inserted_id, now_iso
from rtes_desktop.core.library.notes import NotesMixin
from rtes_desktop.core.models import Collection, CollectionItem


class CollectionsMixin(NotesMixin):
    """Collections and their items (an item may be a note: hence NotesMixin)."""

    def create_collection(self, name: str, description: str = "") -> Collection:
        """A new, empty collection (a trainer's session, say)."""
        name = clean_text(name, "nom de collection", 200).strip()
        if not name:
            raise BadInput("le nom de la collection est vide")
        stamp = now_iso()
        with self.transaction() as conn:
            cid = inserted_id(
                conn.execute(
                    "INSERT INTO collections(name, description, created_at, updated_at) VALUES (?,?,?,?)",
                    (name, clean_text(description, "description", 10_000), stamp, stamp),
                )
            )
        return self.collection(cid)

    def collection(self, collection_id: int) -> Collection:
        row = self.conn.execute("SELECT * FROM collections WHERE id=?", (collection_id,)).fetchone()
        if not row:
            raise NotFound(f"aucune collection n°{collection_id}")
        return Collection(**dict(row))

    def collections(self) -> list[Collection]:
        return [
            Collection(**dict(r)) for r in self._rows("SELECT * FROM collections ORDER BY name")
        ]

    def delete_collection(self, collection_id: int) -> None:
        self.collection(collection_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM collections WHERE id=?", (collection_id,))

    def add_to_collection(
        self,
        collection_id: int,
        *,
        ref: str | None = None,
        note_id: int | None = None,
        comment: str = "",
    ) -> CollectionItem:
        """Append an entry or a note to a collection."""
        self.collection(collection_id)
        source_id = entry_id = None
        if ref is not None:
            source_id, entry_id = self.resolve(ref)
        elif note_id is not None:
            self.note(note_id)
        else:
            raise BadInput("une entrée ou une note est nécessaire")
        with self.transaction() as conn:
            pos = conn.execute(
                "SELECT COALESCE(max(position), -1) + 1 FROM collection_items WHERE collection_id=?",
                (collection_id,),
            ).fetchone()[0]
            item_id = inserted_id(
                conn.execute(
                    "INSERT INTO collection_items(collection_id, position, source_id, entry_id, "
                    "note_id, comment) VALUES (?,?,?,?,?,?)",
                    (collection_id, pos, source_id, entry_id, note_id, comment),
                )
            )
            conn.execute(
                "UPDATE collections SET updated_at=? WHERE id=?", (now_iso(), collection_id)
            )
        return self._collection_item(item_id)

    def _collection_item(self, item_id: int) -> CollectionItem:
        row = self.conn.execute("SELECT * FROM collection_items WHERE id=?", (item_id,)).fetchone()
        if not row:
            raise NotFound(f"aucun élément de collection n°{item_id}")
        return CollectionItem(**dict(row))

    def collection_items(self, collection_id: int) -> list[CollectionItem]:
        return [
            CollectionItem(**dict(r))
            for r in self._rows(
                "SELECT * FROM collection_items WHERE collection_id=? ORDER BY position",
                (collection_id,),
            )
        ]

    def move_collection_item(self, item_id: int, new_position: int) -> None:
        """Move an item within its collection, shifting the others."""
        item = self._collection_item(item_id)
        items = [i for i in self.collection_items(item.collection_id) if i.id != item_id]
        new_position = max(0, min(new_position, len(items)))
        items.insert(new_position, item)
        with self.transaction() as conn:
            for pos, it in enumerate(items):
                conn.execute("UPDATE collection_items SET position=? WHERE id=?", (pos, it.id))

    def remove_collection_item(self, item_id: int) -> CollectionItem:
        """Remove an item from its collection; returns it so the caller can offer
        to undo (`restore_collection_item`)."""
        item = self._collection_item(item_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM collection_items WHERE id=?", (item_id,))
            rest = self.collection_items(item.collection_id)
            for pos, it in enumerate(rest):
                conn.execute("UPDATE collection_items SET position=? WHERE id=?", (pos, it.id))
        return item

    def restore_collection_item(self, item: CollectionItem) -> CollectionItem:
        """Put a removed item back at its former position (undo); returns it as
        stored now (its id may differ). NotFound when its collection or its note
        has been deleted since."""
        with self.transaction() as conn:
            self.collection(item.collection_id)
            if item.note_id is not None:
                self.note(item.note_id)
            others = self.collection_items(item.collection_id)
            position = max(0, min(item.position, len(others)))
            item_id = inserted_id(
                conn.execute(
                    "INSERT INTO collection_items(collection_id, position, source_id, entry_id, "
                    "note_id, comment) VALUES (?,?,?,?,?,?)",
                    (
                        item.collection_id,
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
        return self._collection_item(item_id)

    def rename_collection(self, collection_id: int, name: str) -> Collection:
        """Give a collection a new name (trimmed; BadInput when empty)."""
        name = clean_text(name, "nom de collection", 200).strip()
        if not name:
            raise BadInput("le nom de la collection est vide")
        with self.transaction() as conn:
            self.collection(collection_id)
            conn.execute(
                "UPDATE collections SET name=?, updated_at=? WHERE id=?",
                (name, now_iso(), collection_id),
            )
        return self.collection(collection_id)

    def set_collection_item_comment(self, item_id: int, comment: str) -> CollectionItem:
        """Replace an item's comment (the trainer's remark on it; "" clears it)."""
        comment = clean_text(comment, "commentaire", 10_000).strip()
        with self.transaction() as conn:
            item = self._collection_item(item_id)
            conn.execute("UPDATE collection_items SET comment=? WHERE id=?", (comment, item_id))
            conn.execute(
                "UPDATE collections SET updated_at=? WHERE id=?", (now_iso(), item.collection_id)
            )
        return self._collection_item(item_id)

    def collection_sizes(self) -> dict[int, int]:
        """collection id -> number of items (collections without items are absent)."""
        return {
            int(r[0]): int(r[1])
            for r in self._rows(
                "SELECT collection_id, count(*) FROM collection_items GROUP BY collection_id"
            )
        }

    def collections_with(self, ref: str) -> list[Collection]:
        """The collections holding entry `ref` (ID or SOURCE:ID), by name."""
        source_id, entry_id = self.resolve(ref)
        rows = self._rows(
            "SELECT DISTINCT c.* FROM collections c JOIN collection_items i "
            "ON i.collection_id = c.id WHERE i.source_id=? AND i.entry_id=? ORDER BY c.name",
            (source_id, entry_id),
        )
        return [Collection(**dict(r)) for r in rows]
