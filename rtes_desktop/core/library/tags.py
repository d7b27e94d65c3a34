"""Personal tags on entries."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from rtes_desktop.core.errors import BadInput, NotFound
from rtes_desktop.core.i18n import _
from rtes_desktop.core.library.db import LibraryBase, inserted_id, now_iso
from rtes_desktop.core.models import Tag
from rtes_desktop.core.text_safety import dangerous_char

MAX_TAG_CHARS = 80


def normalize_tag(name: str) -> str:
    """A personal tag as stored: NFC, trimmed, inner spaces collapsed, checked.

    NFC makes « é » typed as one character or as e + accent the same tag; bidi,
    control and invisible characters are refused, since two tags that look alike
    must be one tag.
    """
    if not isinstance(name, str):
        raise BadInput(_("tag : texte attendu"))
    tag = " ".join(unicodedata.normalize("NFC", name).split())
    if not tag:
        raise BadInput(_("un tag ne peut pas être vide"))
    if len(tag) > MAX_TAG_CHARS:
        raise BadInput(
            _("tag trop long ({count} caractères, {MAX_TAG_CHARS} au plus)").format(
                count=len(tag), MAX_TAG_CHARS=MAX_TAG_CHARS
            )
        )
    bad = dangerous_char(tag)
    if bad:
        raise BadInput(_("un tag ne peut pas contenir de {bad}").format(bad=bad))
    return tag


class TagsMixin(LibraryBase):
    """Tags: add, remove, rename (merging), list."""

    def add_tag(self, ref: str, name: str) -> bool:
        """Tag an entry; returns False when it already had the tag."""
        tag = normalize_tag(name)
        source_id, entry_id = self.resolve(ref)
        with self.transaction() as conn:
            tag_id = self._tag_id(tag)
            if tag_id is None:
                tag_id = inserted_id(
                    conn.execute(
                        "INSERT INTO tags(name, created_at) VALUES (?, ?)", (tag, now_iso())
                    )
                )
            cur = conn.execute(
                "INSERT OR IGNORE INTO entry_tags(tag_id, source_id, entry_id, created_at) "
                "VALUES (?,?,?,?)",
                (tag_id, source_id, entry_id, now_iso()),
            )
            if cur.rowcount:
                self._journal(source_id, entry_id)
        return bool(cur.rowcount)

    def remove_tag(self, ref: str, name: str) -> None:
        """Untag an entry; NotFound when the entry did not carry it.
        A tag left on no entry is forgotten."""
        tag = normalize_tag(name)
        source_id, entry_id = self.resolve(ref)
        with self.transaction() as conn:
            tag_id = self._tag_id(tag)
            cur = None
            if tag_id is not None:
                cur = conn.execute(
                    "DELETE FROM entry_tags WHERE tag_id=? AND source_id=? AND entry_id=?",
                    (tag_id, source_id, entry_id),
                )
            if not cur or not cur.rowcount:
                raise NotFound(
                    _("l'entrée « {entry_id} » n'a pas le tag « {tag} »").format(
                        entry_id=entry_id, tag=tag
                    )
                )
            self._journal(source_id, entry_id)
            conn.execute(
                "DELETE FROM tags WHERE id=? AND NOT EXISTS "
                "(SELECT 1 FROM entry_tags WHERE tag_id=?)",
                (tag_id, tag_id),
            )

    def tags(self) -> list[Tag]:
        """Every personal tag with the number of entries carrying it."""
        rows = self._rows(
            "SELECT g.id, g.name, count(et.tag_id) AS count FROM tags g LEFT JOIN entry_tags et "
            "ON et.tag_id = g.id GROUP BY g.id ORDER BY g.name COLLATE NOCASE"
        )
        return [Tag(r["id"], r["name"], r["count"]) for r in rows]

    def entry_tags(self, ref: str) -> list[str]:
        """The personal tags of one entry, sorted."""
        source_id, entry_id = self.resolve(ref)
        return [
            r[0]
            for r in self._rows(
                "SELECT g.name FROM entry_tags et JOIN tags g ON g.id = et.tag_id "
                "WHERE et.source_id=? AND et.entry_id=? ORDER BY g.name COLLATE NOCASE",
                (source_id, entry_id),
            )
        ]

    def tagged_keys(
        self, keys: Iterable[tuple[str, str]] | None = None
    ) -> dict[tuple[str, str], list[str]]:
        """(source_id, entry_id) -> its tags, for result markers; only for `keys`
        when given (a results page: no scan of every tag)."""
        out: dict[tuple[str, str], list[str]] = {}
        for r in self._rows_for_keys(
            "SELECT et.source_id, et.entry_id, g.name FROM entry_tags et JOIN tags g "
            "ON g.id = et.tag_id{} ORDER BY g.name COLLATE NOCASE",
            # A subquery: SQLite seeks each key in the index (see note_counts).
            " WHERE (et.source_id, et.entry_id) IN (SELECT column1, column2 FROM (VALUES {}))",
            keys,
        ):
            out.setdefault((r[0], r[1]), []).append(r[2])
        return out

    def rename_tag(self, old: str, new: str) -> None:
        """Rename a tag; renaming onto an existing tag merges the two."""
        old_name, new_name = normalize_tag(old), normalize_tag(new)
        with self.transaction() as conn:
            src = self._tag_id(old_name)
            if src is None:
                raise NotFound(_("aucun tag « {old_name} »").format(old_name=old_name))
            dst = self._tag_id(new_name)
            for r in conn.execute(
                "SELECT source_id, entry_id FROM entry_tags WHERE tag_id=?", (src,)
            ).fetchall():
                self._journal(r[0], r[1])
            if dst is None or dst == src:
                conn.execute("UPDATE tags SET name=? WHERE id=?", (new_name, src))
            else:
                conn.execute(
                    "INSERT OR IGNORE INTO entry_tags(tag_id, source_id, entry_id, created_at) "
                    "SELECT ?, source_id, entry_id, created_at FROM entry_tags WHERE tag_id=?",
                    (dst, src),
                )
                conn.execute("DELETE FROM tags WHERE id=?", (src,))
