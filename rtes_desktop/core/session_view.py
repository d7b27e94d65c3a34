"""A training session as the command line, the handout and the window see it.

`find_session()` turns what a person types (an id or the exact name) into a session;
`session_rows()` lists its items in order, each with what to show: an entry present
in the library, an entry absent from it (imported from a shared kit: shown from the
kit's snapshot, « absente de votre bibliothèque : synchronisez la source X », until a
sync brings it, since items refer to entries by (source, id)), or a note. An entry
item remembers the version it was added against, so a session can say which of its
entries changed since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rtes_desktop.core.errors import BadInput, NotFound, RtesError

if TYPE_CHECKING:
    from rtes_desktop.core.library import Library
    from rtes_desktop.core.models import Entry, Note, Session, SessionItem


@dataclass
class SessionRow:
    """One item of a session, resolved."""

    item: SessionItem
    type: str  # "entry" or "note"
    id: str | int  # entry id, or note id
    title: str
    comment: str
    source_id: str | None = None
    entry: Entry | None = None  # None for a note, or an entry absent from the library
    note: Note | None = None
    snapshot: dict[str, Any] | None = None  # from a kit: title, kind, summary, url, source_name
    changed: bool = False  # the entry changed since it was added to the session

    @property
    def missing(self) -> bool:
        """An entry item whose entry this library does not have (yet)."""
        return self.type == "entry" and self.entry is None

    @property
    def placeholder(self) -> str:
        """What to say in place of a missing entry."""
        snap = self.snapshot or {}
        source = snap.get("source_name") or self.source_id or "?"
        return f"absente de votre bibliothèque : synchronisez la source {source}"


def find_session(library: Library, ref: str | int) -> Session:
    """A session by its id or its exact name; NotFound, or BadInput when two
    sessions share that name."""
    text = str(ref).strip()
    if not text:
        raise BadInput("nom ou numéro de session vide")
    if text.isdigit():
        try:
            return library.session(int(text))
        except NotFound:
            pass  # a session may be named « 2026 »
    named = [c for c in library.sessions() if c.name == text]
    if len(named) == 1:
        return named[0]
    if named:
        ids = ", ".join(str(c.id) for c in named)
        raise BadInput(f"plusieurs sessions s'appellent « {text} » ; donnez son numéro : {ids}")
    raise NotFound(f"aucune session « {text} »")


def add_entry(library: Library, session_id: int, ref: str, comment: str = "") -> SessionItem:
    """Append entry `ref` to a session, remembering the entry's current version."""
    item = library.add_to_session(session_id, ref=ref, comment=comment.strip())
    with library.transaction() as conn:
        conn.execute(
            "UPDATE collection_items SET entry_sha256 = (SELECT sha256 FROM entries "
            "WHERE source_id=? AND id=?) WHERE id=?",
            (item.source_id, item.entry_id, item.id),
        )
    return item


def add_free_note(library: Library, session_id: int, text: str, title: str = "") -> Note:
    """Write a free note (attached to no entry) and append it to a session."""
    library.session(session_id)
    if not text.strip():
        raise BadInput("le texte de la note est vide")
    with library.transaction():
        note = library.add_note(None, text, title=title)
        library.add_to_session(session_id, note_id=note.id)
    return note


def _snapshot(item: SessionItem) -> dict[str, Any] | None:
    if not item.snapshot:
        return None
    try:
        data = json.loads(item.snapshot)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def session_rows(library: Library, session_id: int) -> list[SessionRow]:
    """The items of a session in order, resolved (see the module's docstring).
    Items whose note was deleted are left out."""
    items = library.session_items(session_id)
    keys = {(i.source_id, i.entry_id) for i in items if i.source_id and i.entry_id}
    entries = {(e.source_id, e.id): e for e in library.entries(keys=keys)} if keys else {}
    rows = []
    for item in items:
        comment = (item.comment or "").strip()
        if item.source_id and item.entry_id:
            entry = entries.get((item.source_id, item.entry_id))
            snap = _snapshot(item)
            title = entry.title if entry else str((snap or {}).get("title") or item.entry_id)
            changed = bool(entry and item.entry_sha256 and item.entry_sha256 != entry.sha256)
            rows.append(
                SessionRow(
                    item,
                    "entry",
                    item.entry_id,
                    title,
                    comment,
                    item.source_id,
                    entry,
                    snapshot=snap,
                    changed=changed,
                )  # fmt: skip
            )
        elif item.note_id is not None:
            try:
                note = library.note(item.note_id)
            except RtesError:
                continue
            title = note.title.strip() or _first_line(note.body) or "Note"
            rows.append(SessionRow(item, "note", note.id, title, comment, note=note))
    return rows


def _first_line(text: str, limit: int = 100) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


def changed_count(rows: list[SessionRow]) -> int:
    """How many entries of a session changed since they were added (for its header)."""
    return sum(1 for r in rows if r.changed)
