"""All of the user's own work in one portable file, and merging it into any library.

The file is JSON (UTF-8), versioned (`format`, `version`), and refers to entries by
(source, id) only, so it merges into a library on another computer that synced the
same export, or not yet (personal data waits for its entries). It holds notes, tags
and their links, sessions (collections) and their items, the settings worth moving,
the user's sources (where to sync from) and trusted public keys; never a token, a
password or a machine's own path.

Import is a merge, idempotent: what is already there is not added again. A note
edited on both sides (same entry, same creation time, different text) is kept twice,
the newer version first. The preview runs the very same merge in a transaction that
is rolled back, so it says exactly what the import will add.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rtes_desktop import __version__
from rtes_desktop.core.errors import BadInput, RtesError
from rtes_desktop.core.files import read_json_file
from rtes_desktop.core.fs_retry import replace_with_retry
from rtes_desktop.core.i18n import _

if TYPE_CHECKING:
    from rtes_desktop.core.library import Library

FORMAT = "rtes-desktop-personal"
VERSION = 1
#: Checked before reading: 1,000 notes weigh ~1 MB; this leaves room for large notes.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
MAX_NOTE_CHARS = 1_000_000
MAX_TAG_CHARS = 80
#: Settings that never leave this computer: secrets, and what belongs to the machine.
_PRIVATE_SETTING = re.compile(
    r"token|password|passwd|secret|credential|cookie|auth|geometry|window|backup_second_dir",
    re.IGNORECASE,
)
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_DEMO = "demo"


@dataclass
class ImportReport:
    """What an import added (or, for a preview, would add)."""

    notes: int = 0
    conflicts: int = 0  # notes edited on both sides, now kept twice
    tags: int = 0
    tag_links: int = 0
    sessions: int = 0
    session_items: int = 0
    settings: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(asdict(self).values())

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    def summary_fr(self, *, preview: bool = False) -> str:
        """One French sentence."""
        if self.empty:
            return _("rien à ajouter : tout est déjà dans la bibliothèque")
        parts = [
            _("{n} note(s)").format(n=self.notes)
            + (_(" dont {n} en double version").format(n=self.conflicts) if self.conflicts else ""),
            _("{n} tag(s) ({links} étiquetage(s))").format(n=self.tags, links=self.tag_links),
            _("{n} session(s) ({items} élément(s))").format(
                n=self.sessions, items=self.session_items
            ),
            _("{n} réglage(s)").format(n=len(self.settings)),
            _("{n} source(s)").format(n=len(self.sources)),
            _("{n} clé(s)").format(n=len(self.keys)),
        ]
        return (_("serait ajouté : ") if preview else _("ajouté : ")) + ", ".join(parts)


# -- export ----------------------------------------------------------------------


def _note_ref(row: Any) -> list[Any]:
    return [row["source_id"], row["entry_id"], row["created_at"]]


def collect_personal(library: Library) -> dict[str, Any]:
    """Everything personal as the export file's JSON object."""
    conn = library.conn
    conn.execute("BEGIN")  # one read snapshot
    try:
        notes = conn.execute("SELECT * FROM notes ORDER BY id").fetchall()
        note_index = {r["id"]: i for i, r in enumerate(notes)}
        tags = []
        for t in conn.execute("SELECT id, name, created_at FROM tags ORDER BY name").fetchall():
            links = conn.execute(
                "SELECT source_id, entry_id FROM entry_tags WHERE tag_id=? "
                "ORDER BY source_id, entry_id",
                (t["id"],),
            ).fetchall()
            tags.append(
                {
                    "name": t["name"],
                    "created_at": t["created_at"],
                    "entries": [list(r) for r in links],
                }
            )
        sessions = []
        for c in conn.execute("SELECT * FROM collections ORDER BY created_at, id").fetchall():
            items = []
            for it in conn.execute(
                "SELECT * FROM collection_items WHERE collection_id=? ORDER BY position", (c["id"],)
            ).fetchall():
                if it["entry_id"] is not None:
                    items.append(
                        {
                            "type": "entry",
                            "source": it["source_id"],
                            "entry": it["entry_id"],
                            "comment": it["comment"],
                        }  # fmt: skip
                    )
                elif it["note_id"] in note_index:
                    items.append(
                        {
                            "type": "note",
                            "note": note_index[it["note_id"]],
                            "comment": it["comment"],
                        }
                    )
            sessions.append(
                {
                    "name": c["name"],
                    "description": c["description"],
                    "created_at": c["created_at"],
                    "updated_at": c["updated_at"],
                    "items": items,
                }  # fmt: skip
            )
        settings = {
            r[0]: json.loads(r[1])
            for r in conn.execute("SELECT key, value FROM settings ORDER BY key")
            if not _PRIVATE_SETTING.search(r[0])
        }
        sources = [
            dict(r)
            for r in conn.execute(
                "SELECT id, name, homepage, url FROM sources WHERE is_demo = 0 ORDER BY id"
            )
        ]
        keys = [
            dict(r)
            for r in conn.execute(
                "SELECT key_id, pem, label, source_id FROM trusted_keys ORDER BY key_id"
            )
        ]
    finally:
        conn.execute("COMMIT")
    return {
        "format": FORMAT,
        "version": VERSION,
        "app_version": __version__,
        "notes": [
            {
                "source": r["source_id"],
                "entry": r["entry_id"],
                "title": r["title"],
                "body": r["body"],
                "created_at": r["created_at"],
                "updated_at": r["updated_at"],
                "entry_sha256": r["entry_sha256"],
            }  # fmt: skip
            for r in notes
        ],
        "tags": tags,
        "sessions": sessions,
        "settings": settings,
        "sources": sources,
        "keys": keys,
    }


def export_personal(library: Library, path: Path | str) -> dict[str, int]:
    """Write the personal data to `path` (atomically); return the counts written."""
    path = Path(path)
    data = collect_personal(library)
    raw = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        replace_with_retry(tmp, path)
    except RtesError:  # the file stayed locked (antivirus, sync client): said in French
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BadInput(
            _("écriture impossible ({strerror})").format(strerror=exc.strerror or exc),
            path=str(path),
        ) from None
    return {
        "notes": len(data["notes"]),
        "tags": len(data["tags"]),
        "sessions": len(data["sessions"]),
    }


# -- reading and checking a file ---------------------------------------------------


class _Invalid(Exception):
    pass


def _get(
    obj: Any, key: str, kind: type | tuple[type, ...], where: str, *, optional: bool = False
) -> Any:
    if not isinstance(obj, dict):
        raise _Invalid(_("{where} : objet attendu").format(where=where))
    value = obj.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise _Invalid(_("{where}.{key} manquant ou invalide").format(where=where, key=key))
    return value


def _text(obj: Any, key: str, where: str, limit: int, *, optional: bool = False) -> Any:
    value = _get(obj, key, str, where, optional=optional)
    if value is not None and (len(value) > limit or "\x00" in value):
        raise _Invalid(_("{where}.{key} trop long ou invalide").format(where=where, key=key))
    return value


def _stamp(obj: Any, key: str, where: str) -> str:
    value = _get(obj, key, str, where)
    if not _STAMP.match(value):
        raise _Invalid(_("{where}.{key} : date invalide").format(where=where, key=key))
    return str(value)


def _tag_name(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _Invalid(_("{where} : texte attendu").format(where=where))
    name = " ".join(value.split())
    if not name or len(name) > MAX_TAG_CHARS or any(ord(ch) < 32 for ch in name):
        raise _Invalid(_("{where} : tag invalide").format(where=where))
    return name


def _ref(source: Any, entry: Any, where: str) -> tuple[str | None, str | None]:
    if (source is None) != (entry is None):
        raise _Invalid(_("{where} : source et entrée vont ensemble").format(where=where))
    for value in (source, entry):
        if value is not None and (not isinstance(value, str) or not value or len(value) > 200):
            raise _Invalid(_("{where} : référence d'entrée invalide").format(where=where))
    return source, entry


def _check(data: Any) -> dict[str, Any]:
    """Check the whole file before anything is written; return it normalised."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Invalid(_("ce n'est pas un export de données personnelles de rtes-desktop"))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Invalid(_("version de format invalide"))
    if version > VERSION:
        raise _Invalid(
            _(
                "format de version {version}, plus récent que celui de cette "
                "application ({VERSION}) ; mettez l'application à jour"
            ).format(version=version, VERSION=VERSION)
        )
    notes = []
    for i, n in enumerate(_get(data, "notes", list, "fichier")):
        w = f"notes[{i}]"
        source, entry = _ref(
            _get(n, "source", str, w, optional=True), _get(n, "entry", str, w, optional=True), w
        )
        notes.append(
            {
                "source": source,
                "entry": entry,
                "title": _text(n, "title", w, 500),
                "body": _text(n, "body", w, MAX_NOTE_CHARS),
                "created_at": _stamp(n, "created_at", w),
                "updated_at": _stamp(n, "updated_at", w),
                "entry_sha256": _text(n, "entry_sha256", w, 64, optional=True),
            }  # fmt: skip
        )
    tags = []
    for i, t in enumerate(_get(data, "tags", list, "fichier")):
        w = f"tags[{i}]"
        links = []
        for j, link in enumerate(_get(t, "entries", list, w)):
            if not isinstance(link, list) or len(link) != 2:
                raise _Invalid(_("{w}.entries[{j}] : [source, entrée] attendu").format(w=w, j=j))
            s, e = _ref(link[0], link[1], f"{w}.entries[{j}]")
            if s is None:
                raise _Invalid(_("{w}.entries[{j}] : référence d'entrée invalide").format(w=w, j=j))
            links.append((s, e))
        tags.append(
            {
                "name": _tag_name(t.get("name"), f"{w}.name"),
                "created_at": _stamp(t, "created_at", w),
                "entries": links,
            }
        )
    sessions = []
    for i, s in enumerate(_get(data, "sessions", list, "fichier")):
        w = f"sessions[{i}]"
        items = []
        for j, it in enumerate(_get(s, "items", list, w)):
            wi = f"{w}.items[{j}]"
            kind = _get(it, "type", str, wi)
            comment = _text(it, "comment", wi, 100_000, optional=True) or ""
            if kind == "entry":
                ref = _ref(_get(it, "source", str, wi), _get(it, "entry", str, wi), wi)
                items.append({"type": "entry", "ref": ref, "comment": comment})
            elif kind == "note":
                index = _get(it, "note", int, wi)
                if not 0 <= index < len(notes):
                    raise _Invalid(_("{wi}.note : note inconnue").format(wi=wi))
                items.append({"type": "note", "note": index, "comment": comment})
            else:
                raise _Invalid(_("{wi}.type : « entry » ou « note » attendu").format(wi=wi))
        name = _text(s, "name", w, 200).strip()
        if not name:
            raise _Invalid(_("{w}.name : nom vide").format(w=w))
        sessions.append(
            {
                "name": name,
                "description": _text(s, "description", w, 10_000, optional=True) or "",
                "created_at": _stamp(s, "created_at", w),
                "updated_at": _stamp(s, "updated_at", w),
                "items": items,
            }  # fmt: skip
        )
    settings = _get(data, "settings", dict, "fichier")
    for key in settings:
        if not isinstance(key, str) or len(key) > 200:
            raise _Invalid(_("settings : clé invalide"))
    sources = []
    for i, src in enumerate(_get(data, "sources", list, "fichier")):
        w = f"sources[{i}]"
        sources.append(
            {
                "id": _text(src, "id", w, 128),
                "name": _text(src, "name", w, 500),
                "homepage": _text(src, "homepage", w, 2000, optional=True),
                "url": _text(src, "url", w, 2000, optional=True),
            }  # fmt: skip
        )
    keys = []
    for i, k in enumerate(_get(data, "keys", list, "fichier")):
        w = f"keys[{i}]"
        keys.append(
            {
                "key_id": _text(k, "key_id", w, 200),
                "pem": _text(k, "pem", w, 20_000),
                "label": _text(k, "label", w, 500, optional=True) or "",
                "source_id": _text(k, "source_id", w, 128, optional=True),
            }  # fmt: skip
        )
    return {"notes": notes, "tags": tags, "sessions": sessions, "settings": settings,
            "sources": sources, "keys": keys}  # fmt: skip


def read_personal_file(path: Path | str) -> dict[str, Any]:
    """Read and check an export file; raises BadInput (one sentence naming it)."""
    where = str(path)
    data = read_json_file(
        path,
        MAX_IMPORT_BYTES,
        _("un export de données personnelles"),
        _("ce n'est pas un export de données personnelles lisible (JSON tronqué ou altéré)"),
    )
    try:
        return _check(data)
    except _Invalid as exc:
        raise BadInput(str(exc), path=where) from None


# -- merging -------------------------------------------------------------------


class _Rollback(Exception):
    pass


def import_personal(library: Library, path: Path | str, *, dry_run: bool = False) -> ImportReport:
    """Merge an export file into the library; with `dry_run`, only say what it would add.

    The file is checked whole before anything is written; one transaction; a backup
    of the current state is taken first when something will be added."""
    data = read_personal_file(path)
    preview = _merge_in_transaction(library, data, apply=False)
    if dry_run or preview.empty:
        return preview
    from rtes_desktop.core.backup import backup_before

    backup_before(library, "import")
    return _merge_in_transaction(library, data, apply=True)


def _merge_in_transaction(library: Library, data: dict[str, Any], *, apply: bool) -> ImportReport:
    report = ImportReport()
    try:
        with library.transaction() as conn:
            _merge(conn, data, report)
            if not apply:
                raise _Rollback
    except _Rollback:
        pass
    return report


def _merge(conn: Any, data: dict[str, Any], report: ImportReport) -> None:
    from rtes_desktop.core.library import now_iso

    stamp = now_iso()
    touched: set[tuple[str, str]] = set()
    note_ids: list[int | None] = []
    # Notes this import adds are never "the other side" of an edit: two notes of one
    # file written in the same second (same entry, same created_at) are two notes.
    last_local = conn.execute("SELECT COALESCE(max(id), 0) FROM notes").fetchone()[0]
    for n in data["notes"]:
        note_ids.append(_merge_note(conn, n, report, last_local))
        if n["source"] is not None:
            touched.add((n["source"], n["entry"]))
    for t in data["tags"]:
        row = conn.execute("SELECT id FROM tags WHERE name = ?", (t["name"],)).fetchone()
        if row is None:
            tag_id = conn.execute(
                "INSERT INTO tags(name, created_at) VALUES (?, ?)", (t["name"], t["created_at"])
            ).lastrowid
            report.tags += 1
        else:
            tag_id = row[0]
        for source, entry in t["entries"]:
            cur = conn.execute(
                "INSERT OR IGNORE INTO entry_tags(tag_id, source_id, entry_id, created_at) "
                "VALUES (?, ?, ?, ?)",
                (tag_id, source, entry, stamp),
            )
            if cur.rowcount:
                report.tag_links += 1
                touched.add((source, entry))
    for s in data["sessions"]:
        _merge_session(conn, s, note_ids, report)
    for key, value in data["settings"].items():
        if _PRIVATE_SETTING.search(key):
            continue  # never taken from a file, whatever it says
        cur = conn.execute(
            "INSERT OR IGNORE INTO settings(key, value) VALUES (?, ?)",
            (key, json.dumps(value, ensure_ascii=False)),
        )
        if cur.rowcount:
            report.settings.append(key)
    for src in data["sources"]:
        if src["id"] == _DEMO:
            continue
        cur = conn.execute(
            "INSERT OR IGNORE INTO sources(id, name, homepage, url, added_at) VALUES (?,?,?,?,?)",
            (src["id"], src["name"], src["homepage"], src["url"], stamp),
        )
        if cur.rowcount:
            report.sources.append(src["id"])
    for k in data["keys"]:
        cur = conn.execute(
            "INSERT OR IGNORE INTO trusted_keys(key_id, pem, label, source_id, added_at) "
            "VALUES (?,?,?,?,?)",
            (k["key_id"], k["pem"], k["label"], k["source_id"], stamp),
        )
        if cur.rowcount:
            report.keys.append(k["key_id"])
    # The search index holds notes and tags: re-index the entries they touch.
    conn.executemany(
        "INSERT INTO search_journal(source_id, entry_id) VALUES (?, ?)", sorted(touched)
    )


def _merge_note(conn: Any, n: dict[str, Any], report: ImportReport, last_local: int) -> int:
    """The local id of note `n`, inserting it unless the same note is already there."""
    same_entry = "source_id IS ? AND entry_id IS ?"
    ref = (n["source"], n["entry"])
    row = conn.execute(
        f"SELECT id FROM notes WHERE {same_entry} AND title = ? AND body = ? ORDER BY id LIMIT 1",
        (*ref, n["title"], n["body"]),
    ).fetchone()
    if row is not None:
        return int(row[0])  # already there (imported before, or the same note)
    values = (*ref, n["title"], n["body"], n["created_at"], n["updated_at"], n["entry_sha256"])
    insert = (
        "INSERT INTO notes(source_id, entry_id, title, body, created_at, updated_at, entry_sha256) "
        "VALUES (?,?,?,?,?,?,?)"
    )
    local = conn.execute(
        f"SELECT * FROM notes WHERE {same_entry} AND created_at = ? AND id <= ? "
        "ORDER BY updated_at DESC LIMIT 1",
        (*ref, n["created_at"], last_local),
    ).fetchone()
    report.notes += 1
    if local is None:
        return int(conn.execute(insert, values).lastrowid)
    # Edited on both sides: keep both. The entry's notes list in (created_at, id)
    # order, so the newer text takes the older row (and its place in sessions) and
    # the older text moves to a new row just after it: nothing is overwritten.
    report.conflicts += 1
    if n["updated_at"] <= local["updated_at"]:
        conn.execute(insert, values)
        return int(local["id"])
    conn.execute(
        insert,
        (
            *ref,
            local["title"],
            local["body"],
            local["created_at"],
            local["updated_at"],
            local["entry_sha256"],
        ),  # fmt: skip
    )
    conn.execute(
        "UPDATE notes SET title=?, body=?, updated_at=?, entry_sha256=? WHERE id=?",
        (n["title"], n["body"], n["updated_at"], n["entry_sha256"], local["id"]),
    )
    return int(local["id"])


def _merge_session(
    conn: Any, s: dict[str, Any], note_ids: list[int | None], report: ImportReport
) -> None:
    row = conn.execute(
        "SELECT id FROM collections WHERE name = ? AND created_at = ?", (s["name"], s["created_at"])
    ).fetchone()
    if row is None:
        cid = conn.execute(
            "INSERT INTO collections(name, description, created_at, updated_at) VALUES (?,?,?,?)",
            (s["name"], s["description"], s["created_at"], s["updated_at"]),
        ).lastrowid
        report.sessions += 1
    else:
        cid = row[0]
    existing = conn.execute(
        "SELECT source_id, entry_id, note_id FROM collection_items WHERE collection_id=?", (cid,)
    ).fetchall()
    have_entries = {(r[0], r[1]) for r in existing if r[1] is not None}
    have_notes = {r[2] for r in existing if r[2] is not None}
    for it in s["items"]:
        if it["type"] == "entry":
            if it["ref"] in have_entries:
                continue
            source, entry, note_id = it["ref"][0], it["ref"][1], None
            have_entries.add(it["ref"])
        else:
            note_id = note_ids[it["note"]]
            if note_id in have_notes:
                continue
            source = entry = None
            have_notes.add(note_id)
        pos = conn.execute(
            "SELECT COALESCE(max(position), -1) + 1 FROM collection_items WHERE collection_id=?",
            (cid,),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO collection_items(collection_id, position, source_id, entry_id, note_id, "
            "comment) VALUES (?,?,?,?,?,?)",
            (cid, pos, source, entry, note_id, it["comment"]),
        )
        report.session_items += 1
