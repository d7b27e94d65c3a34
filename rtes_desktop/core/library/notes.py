"""Personal notes, on an entry or free-standing."""

from __future__ import annotations

from collections.abc import Iterable

from rtes_desktop.core.errors import NotFound
from rtes_desktop.core.i18n import _
from rtes_desktop.core.library.db import LibraryBase, clean_text, inserted_id, now_iso
from rtes_desktop.core.models import Note

MAX_NOTE_CHARS = 1_000_000


class NotesMixin(LibraryBase):
    """Notes: add, edit, delete (with undo), list and count."""

    def add_note(self, ref: str | None, body: str, title: str = "") -> Note:
        """A new note on an entry (`ref`) or free-standing (`ref` None)."""
        body = clean_text(body, "note", MAX_NOTE_CHARS)
        title = clean_text(title, "titre de note", 500)
        source_id = entry_id = sha = None
        if ref is not None:
            source_id, entry_id = self.resolve(ref)
            sha = self._entry_sha(source_id, entry_id)
        stamp = now_iso()
        with self.transaction() as conn:
            note_id = inserted_id(
                conn.execute(
                    "INSERT INTO notes(source_id, entry_id, title, body, created_at, updated_at, "
                    "entry_sha256) VALUES (?,?,?,?,?,?,?)",
                    (source_id, entry_id, title, body, stamp, stamp, sha),
                )
            )
            if source_id and entry_id:
                self._journal(source_id, entry_id)
        return self.note(note_id)

    def note(self, note_id: int) -> Note:
        """One note by its number."""
        row = self.conn.execute("SELECT * FROM notes WHERE id=?", (note_id,)).fetchone()
        if not row:
            raise NotFound(_("aucune note n°{note_id}").format(note_id=note_id))
        return Note(**dict(row))

    def update_note(self, note_id: int, body: str, title: str | None = None) -> Note:
        """Replace a note's text (and title); its entry hash is refreshed."""
        body = clean_text(body, "note", MAX_NOTE_CHARS)
        old = self.note(note_id)
        title = old.title if title is None else clean_text(title, "titre de note", 500)
        if body == old.body and title == old.title:
            return old
        sha = (
            self._entry_sha(old.source_id, old.entry_id) if old.source_id and old.entry_id else None
        )
        with self.transaction() as conn:
            conn.execute(
                "UPDATE notes SET body=?, title=?, updated_at=?, entry_sha256=COALESCE(?, entry_sha256) "
                "WHERE id=?",
                (body, title, now_iso(), sha, note_id),
            )
            if old.source_id and old.entry_id:
                self._journal(old.source_id, old.entry_id)
        return self.note(note_id)

    def delete_note(self, note_id: int) -> Note:
        """Delete a note; returns it so the caller can offer to undo."""
        old = self.note(note_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM notes WHERE id=?", (note_id,))
            if old.source_id and old.entry_id:
                self._journal(old.source_id, old.entry_id)
        return old

    def restore_note(self, note: Note) -> Note:
        """Put back a deleted note exactly as it was (undo)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO notes(id, source_id, entry_id, title, body, created_at, updated_at, "
                "entry_sha256) VALUES (?,?,?,?,?,?,?,?)",
                (
                    note.id,
                    note.source_id,
                    note.entry_id,
                    note.title,
                    note.body,
                    note.created_at,
                    note.updated_at,
                    note.entry_sha256,
                ),
            )
            if note.source_id and note.entry_id:
                self._journal(note.source_id, note.entry_id)
        return self.note(note.id)

    def notes(self, ref: str | None = None, *, free_only: bool = False) -> list[Note]:
        """Notes of one entry, or free-standing ones, or all (most recent first)."""
        if ref is not None:
            source_id, entry_id = self.resolve(ref)
            rows = self._rows(
                "SELECT * FROM notes WHERE source_id=? AND entry_id=? ORDER BY created_at, id",
                (source_id, entry_id),
            )
        elif free_only:
            rows = self._rows(
                "SELECT * FROM notes WHERE entry_id IS NULL ORDER BY updated_at DESC, id DESC"
            )
        else:
            rows = self._rows("SELECT * FROM notes ORDER BY updated_at DESC, id DESC")
        return [Note(**dict(r)) for r in rows]

    def note_counts(
        self, keys: Iterable[tuple[str, str]] | None = None
    ) -> dict[tuple[str, str], int]:
        """(source_id, entry_id) -> number of notes, for result markers; only for
        `keys` when given (a results page: no scan of every note)."""
        rows = self._rows_for_keys(
            "SELECT source_id, entry_id, count(*) FROM notes WHERE entry_id IS NOT NULL{} "
            "GROUP BY source_id, entry_id",
            # A subquery, not IN (VALUES …): SQLite then seeks each key in the
            # (source_id, entry_id) index instead of scanning it (EXPLAIN QUERY PLAN).
            " AND (source_id, entry_id) IN (SELECT column1, column2 FROM (VALUES {}))",
            keys,
        )
        return {(r[0], r[1]): r[2] for r in rows}
