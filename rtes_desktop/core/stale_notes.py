"""Notes that ask to be re-read: which notes concern an entry that changed since they
were written, what changed, and marking one re-read.

A note remembers the content hash of the entry it was written against
(`notes.entry_sha256`). When a sync replaces an entry whose current version some
note or session item refers to, `keep_noted_version()` saves that version's text in
`entry_versions` first; only then, so entries nobody annotated keep no old text.
The diff of a stale note compares that saved text with the entry as it is now, word
by word inside the lines that changed (`text_changes()`), for a person to read, not
a patch to apply.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rtes_desktop.core.errors import NotFound

if TYPE_CHECKING:
    from rtes_desktop.core.library import Library
    from rtes_desktop.core.models import Note

#: Segment kinds of a diff: unchanged text, removed, added, and a cut in unchanged text.
SAME, REMOVED, ADDED, GAP = "=", "-", "+", "…"
#: Unchanged lines kept around each change, for context.
CONTEXT_LINES = 1
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class StaleNote:
    """A note whose entry changed since the note was written (or last re-read)."""

    note: Note
    entry_title: str
    entry_updated_at: str  # the publisher's date of the current version
    changes: list[tuple[str, str]] | None = field(default=None)  # None: old text not kept


def keep_noted_version(library: Library, source_id: str, entry_id: str, new_sha: str) -> bool:
    """Before entry (source_id, entry_id) is replaced by version `new_sha`: keep the
    text of its current version when a note or a session item refers to that version.

    Runs in the caller's transaction (the sync's). Returns True when a version was kept."""
    conn = library.conn
    row = conn.execute(
        "SELECT sha256, title, summary, body, updated_at FROM entries WHERE source_id=? AND id=?",
        (source_id, entry_id),
    ).fetchone()
    if row is None or row["sha256"] == new_sha:
        return False
    referenced = conn.execute(
        "SELECT 1 FROM notes WHERE source_id=? AND entry_id=? AND entry_sha256=? "
        "UNION ALL SELECT 1 FROM collection_items WHERE source_id=? AND entry_id=? "
        "AND entry_sha256=? LIMIT 1",
        (source_id, entry_id, row["sha256"]) * 2,
    ).fetchone()
    if referenced is None:
        return False
    from rtes_desktop.core.library import now_iso

    conn.execute(
        "INSERT OR IGNORE INTO entry_versions(source_id, entry_id, sha256, title, summary, "
        "body, updated_at, saved_at) VALUES (?,?,?,?,?,?,?,?)",
        (
            source_id,
            entry_id,
            row["sha256"],
            row["title"],
            row["summary"],
            row["body"],
            row["updated_at"],
            now_iso(),
        ),
    )
    return True


def entry_text(title: str, summary: str | None, body: str) -> str:
    """What a reader reads of an entry, as one text: title, summary, body."""
    parts = [title.strip()]
    if (summary or "").strip():
        parts.append((summary or "").strip())
    parts.append(body.strip())
    return "\n\n".join(parts)


def stale_notes(library: Library, *, with_changes: bool = True) -> list[StaleNote]:
    """The notes whose entry's content changed since they were written or re-read,
    most recently updated entry first. Notes on entries absent from the library, or
    with no recorded version, are not stale (nothing to compare with)."""
    from rtes_desktop.core.models import Note

    rows = library.conn.execute(
        "SELECT n.*, e.title AS e_title, e.summary AS e_summary, e.body AS e_body, "
        "e.updated_at AS e_updated, v.title AS v_title, v.summary AS v_summary, "
        "v.body AS v_body FROM notes n "
        "JOIN entries e ON e.source_id = n.source_id AND e.id = n.entry_id "
        "LEFT JOIN entry_versions v ON v.source_id = n.source_id AND v.entry_id = n.entry_id "
        "AND v.sha256 = n.entry_sha256 "
        "WHERE n.entry_sha256 IS NOT NULL AND n.entry_sha256 != e.sha256 "
        "ORDER BY e.updated_at DESC, n.id"
    ).fetchall()
    out = []
    for r in rows:
        note = Note(**{k: r[k] for k in Note.__dataclass_fields__})
        changes = None
        if with_changes and r["v_body"] is not None:
            changes = text_changes(
                entry_text(r["v_title"], r["v_summary"], r["v_body"]),
                entry_text(r["e_title"], r["e_summary"], r["e_body"]),
            )
        out.append(StaleNote(note, r["e_title"], r["e_updated"], changes))
    return out


def stale_count(
    library: Library, source_id: str | None = None, entry_ids: list[str] | None = None
) -> int:
    """How many notes are stale (for the sidebar's « À revérifier (N) »), or, given a
    source and entry ids (a sync's updated entries), how many of those entries' notes."""
    sql = (
        "SELECT count(*) FROM notes n JOIN entries e ON e.source_id = n.source_id "
        "AND e.id = n.entry_id WHERE n.entry_sha256 IS NOT NULL AND n.entry_sha256 != e.sha256"
    )
    params: list[str] = []
    if source_id is not None:
        ids = list(entry_ids or [])
        if not ids:
            return 0
        sql += " AND n.source_id=? AND n.entry_id IN (" + ",".join("?" for _ in ids) + ")"
        params = [source_id, *ids]
    return int(library.conn.execute(sql, params).fetchone()[0])


def stale_note(library: Library, note_id: int) -> StaleNote | None:
    """One note as a StaleNote with its changes, or None when it is not stale."""
    library.note(note_id)  # NotFound for an unknown id
    for s in stale_notes(library):
        if s.note.id == note_id:
            return s
    return None


def verify_note(library: Library, note_id: int) -> Note:
    """Mark a note re-read: it now refers to its entry's current version. Old texts
    no note or session item refers to any more are forgotten."""
    note = library.note(note_id)
    if not note.entry_id:
        raise NotFound(f"la note n°{note_id} n'est liée à aucune fiche")
    with library.transaction() as conn:
        row = conn.execute(
            "SELECT sha256 FROM entries WHERE source_id=? AND id=?",
            (note.source_id, note.entry_id),
        ).fetchone()
        if row is None:
            raise NotFound(
                f"la fiche de la note n°{note_id} ({note.entry_key}) est absente de la bibliothèque"
            )
        conn.execute("UPDATE notes SET entry_sha256=? WHERE id=?", (row[0], note_id))
        forget_unreferenced_versions(library, note.source_id, note.entry_id)
    return library.note(note_id)


def forget_unreferenced_versions(
    library: Library, source_id: str | None = None, entry_id: str | None = None
) -> int:
    """Delete kept versions no note or session item refers to (of one entry, or all)."""
    where = ""
    params: tuple[str | None, ...] = ()
    if source_id is not None:
        where, params = " AND v.source_id=? AND v.entry_id=?", (source_id, entry_id)
    with library.transaction() as conn:
        cur = conn.execute(
            "DELETE FROM entry_versions AS v WHERE NOT EXISTS (SELECT 1 FROM notes n "
            "WHERE n.source_id=v.source_id AND n.entry_id=v.entry_id AND n.entry_sha256=v.sha256) "
            "AND NOT EXISTS (SELECT 1 FROM collection_items i WHERE i.source_id=v.source_id "
            "AND i.entry_id=v.entry_id AND i.entry_sha256=v.sha256)" + where,
            params,
        )
    return int(cur.rowcount)


# -- the diff ----------------------------------------------------------------------


def _word_changes(old: str, new: str) -> list[tuple[str, str]]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append((SAME, "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append((REMOVED, "".join(a[i1:i2])))
            if j2 > j1:
                out.append((ADDED, "".join(b[j1:j2])))
    return out


def _merge(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for op, text in segments:
        if not text:
            continue
        if out and out[-1][0] == op and op != GAP:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


def text_changes(old: str, new: str, context: int = CONTEXT_LINES) -> list[tuple[str, str]]:
    """What changed from `old` to `new`, for a person: a list of (kind, text)
    segments, kind SAME, REMOVED, ADDED or GAP (unchanged lines left out). Lines are
    compared first, then words inside the lines that changed, so a reworded sentence
    shows as a few words struck and added, not as two whole paragraphs."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out: list[tuple[str, str]] = []
    opcodes = difflib.SequenceMatcher(None, a, b).get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            lines = a[i1:i2]
            head = lines[:context] if n > 0 else []
            tail = lines[-context:] if n < len(opcodes) - 1 and context else []
            if len(head) + len(tail) >= len(lines):
                out.append((SAME, "".join(lines)))
            else:
                out.append((SAME, "".join(head)))
                out.append((GAP, "…\n"))
                out.append((SAME, "".join(tail)))
        elif op == "replace":
            out.extend(_word_changes("".join(a[i1:i2]), "".join(b[j1:j2])))
        elif op == "delete":
            out.append((REMOVED, "".join(a[i1:i2])))
        else:
            out.append((ADDED, "".join(b[j1:j2])))
    if out and out[0][0] == GAP:
        out.pop(0)
    return _merge(out)


def changes_as_text(changes: list[tuple[str, str]]) -> str:
    """The changes as plain text, removed words in [-…-] and added ones in {+…+}
    (the convention of `git diff --word-diff`)."""
    parts = []
    for op, text in changes:
        if op == REMOVED:
            parts.append(f"[-{text}-]")
        elif op == ADDED:
            parts.append(f"{{+{text}+}}")
        else:
            parts.append(text)
    return "".join(parts).rstrip() + "\n"


def changes_as_html(changes: list[tuple[str, str]]) -> str:
    """The changes as an HTML fragment: <del> struck in red, <ins> in green, lines kept."""
    style = {
        REMOVED: '<del style="color:#a01c1c;background:#fbe4e4">{}</del>',
        ADDED: '<ins style="color:#1b6b2a;background:#e2f5e6;text-decoration:none">{}</ins>',
        GAP: '<span style="color:#777">{}</span>',
        SAME: "{}",
    }
    parts = []
    for i, (op, text) in enumerate(changes):
        parts.append(style[op].format(html.escape(text)))
        if op == REMOVED and i + 1 < len(changes) and changes[i + 1][0] == ADDED:
            parts.append("\u200a")  # a hair space: « mandat » struck, then its replacement
    body = "".join(parts)
    return f'<div style="white-space:pre-wrap">{body.replace(chr(10), "<br>")}</div>'
