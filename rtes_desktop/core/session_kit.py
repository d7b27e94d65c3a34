"""The shareable session kit (`.rtes-session`): one trainer's session, for a colleague.

The kit is one UTF-8 JSON file (format in docs/session-kit.md): the session's name and
description, its items in order (entries by (source, id) with the content hash of
the version used and a snapshot of the entry: title, kind, summary, URL, source
name), the trainer's comments when they chose to share them, and the free notes of
the session. It never holds an entry's text: the colleague's library gets that from
the publisher, and shows a placeholder from the snapshot until then.

Import is checked whole before anything is written, in one transaction, and
idempotent: the kit's fingerprint (a hash of what it says, not of when it was
written) is kept on the imported session, so importing the same kit again changes
nothing. A malformed, truncated, oversized or foreign file is refused with one
sentence naming it, and nothing changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rtes_desktop import __version__
from rtes_desktop.core.errors import BadInput, RtesError
from rtes_desktop.core.files import read_json_file
from rtes_desktop.core.fs_retry import replace_with_retry
from rtes_desktop.core.i18n import _
from rtes_desktop.core.session_view import session_rows

if TYPE_CHECKING:
    from rtes_desktop.core.library import Library

FORMAT = "rtes-session"
VERSION = 1
SUFFIX = ".rtes-session"
#: A session of 500 items with long notes stays far below this.
MAX_KIT_BYTES = 16 * 1024 * 1024
MAX_ITEMS = 5000
MAX_NOTE_CHARS = 1_000_000
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[^\x00-\x1f/\\]{1,200}$")


@dataclass
class KitImport:
    """What importing a kit did."""

    session_id: int
    name: str
    added: bool  # False: the same kit was imported before, nothing changed
    items: int = 0
    missing: int = 0  # entries this library does not have (yet)
    notes: int = 0


# -- writing -----------------------------------------------------------------------


def kit_data(library: Library, session_id: int, *, with_comments: bool = True) -> dict[str, Any]:
    """What the kit of a session holds (see the module's docstring)."""
    from rtes_desktop.core.library import now_iso

    session = library.session(session_id)
    sources = {s.id: s.name for s in library.sources()}
    notes: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for row in session_rows(library, session_id):
        item: dict[str, Any]
        if row.type == "entry":
            entry = row.entry
            snap = dict(row.snapshot or {})
            if entry is not None:
                url = entry.source_url or ""
                snap = {
                    "title": entry.title,
                    "kind": entry.kind,
                    "summary": entry.summary or "",
                    "url": url if url.lower().startswith(("https://", "http://")) else "",
                    "source_name": sources.get(entry.source_id, entry.source_id),
                }
            sha = entry.sha256 if entry is not None else row.item.entry_sha256
            item = {"type": "entry", "source": row.source_id, "entry": row.id, "sha256": sha}
            item["snapshot"] = snap
        else:
            note = row.note
            assert note is not None
            item = {"type": "note", "note": len(notes)}
            notes.append(
                {
                    "source": note.source_id,
                    "entry": note.entry_id,
                    "title": note.title,
                    "body": note.body,
                    "created_at": note.created_at,
                    "updated_at": note.updated_at,
                    "entry_sha256": note.entry_sha256,
                }
            )
        if with_comments and row.comment:
            item["comment"] = row.comment
        items.append(item)
    return {
        "format": FORMAT,
        "version": VERSION,
        "app": f"rtes-desktop {__version__}",
        "created_at": now_iso(),
        "session": {"name": session.name, "description": session.description},
        "items": items,
        "notes": notes,
    }


def share_session(
    library: Library, session_id: int, path: Path | str, *, with_comments: bool = True
) -> Path:
    """Write the kit of a session to `path` (atomically). The trainer's comments
    travel with it (the kit is for a colleague), unless `with_comments` is False."""
    path = Path(path)
    data = kit_data(library, session_id, with_comments=with_comments)
    raw = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    write_atomic(path, raw)
    return path


def write_atomic(path: Path, raw: bytes) -> None:
    """Replace `path` by `raw` in one step; RtesError naming the file on failure."""
    if not path.parent.is_dir():
        raise RtesError(_("le dossier n'existe pas"), path=str(path))
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".rtes-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        replace_with_retry(tmp, path)  # an antivirus may hold the previous file a moment
    except RtesError:
        Path(tmp).unlink(missing_ok=True)  # the lock lasted: leave no temporary file
        raise
    except OSError as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        raise RtesError(
            _("impossible d'écrire le fichier ({strerror})").format(strerror=exc.strerror or exc),
            path=str(path),
        ) from exc


# -- reading and checking ------------------------------------------------------------


class _Invalid(Exception):
    pass


def _text(obj: dict[str, Any], key: str, where: str, limit: int, *, optional: bool = False) -> Any:
    value = obj.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise _Invalid(_("{where}.{key} manquant ou invalide").format(where=where, key=key))
    return value


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(_("{where} : objet attendu").format(where=where))
    return value


def _ref(obj: dict[str, Any], where: str, *, optional: bool) -> tuple[str | None, str | None]:
    source, entry = obj.get("source"), obj.get("entry")
    if optional and source is None and entry is None:
        return None, None
    for value in (source, entry):
        if not isinstance(value, str) or not _ID.match(value):
            raise _Invalid(_("{where} : référence de fiche invalide").format(where=where))
    return source, entry


def _sha(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is not None and (not isinstance(value, str) or not _SHA.match(value)):
        raise _Invalid(_("{where}.{key} : empreinte invalide").format(where=where, key=key))
    return value


def check_kit(data: Any) -> dict[str, Any]:
    """Check a decoded kit whole; return it normalised (only the fields we know)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Invalid(_("ce n'est pas une session partagée de rtes-desktop"))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Invalid(_("version de format invalide"))
    if version > VERSION:
        raise _Invalid(
            _(
                "session partagée au format {version}, plus récent que celui de cette "
                "application ({VERSION}) ; mettez l'application à jour"
            ).format(version=version, VERSION=VERSION)
        )
    session = _obj(data.get("session"), "session")
    name = " ".join(_text(session, "name", "session", 200).split())
    if not name:
        raise _Invalid(_("session.name : nom vide"))
    description = _text(session, "description", "session", 10_000, optional=True) or ""
    raw_notes = data.get("notes")
    raw_items = data.get("items")
    if not isinstance(raw_notes, list) or not isinstance(raw_items, list):
        raise _Invalid(_("items et notes : listes attendues"))
    if len(raw_items) > MAX_ITEMS or len(raw_notes) > MAX_ITEMS:
        raise _Invalid(_("plus de {MAX_ITEMS} éléments").format(MAX_ITEMS=MAX_ITEMS))
    notes = []
    for i, n in enumerate(raw_notes):
        w = f"notes[{i}]"
        n = _obj(n, w)
        source, entry = _ref(n, w, optional=True)
        stamps = [_text(n, k, w, 40) for k in ("created_at", "updated_at")]
        if not all(_STAMP.match(s) for s in stamps):
            raise _Invalid(_("{w} : date invalide").format(w=w))
        body = _text(n, "body", w, MAX_NOTE_CHARS)
        if not body.strip():
            raise _Invalid(_("{w}.body : note vide").format(w=w))
        notes.append(
            {
                "source": source,
                "entry": entry,
                "title": _text(n, "title", w, 500, optional=True) or "",
                "body": body,
                "created_at": stamps[0],
                "updated_at": stamps[1],
                "entry_sha256": _sha(n, "entry_sha256", w) if source else None,
            }
        )
    items = []
    used_notes: set[int] = set()
    for i, it in enumerate(raw_items):
        w = f"items[{i}]"
        it = _obj(it, w)
        comment = (_text(it, "comment", w, 10_000, optional=True) or "").strip()
        kind = it.get("type")
        if kind == "entry":
            source, entry = _ref(it, w, optional=False)
            snap = _obj(it.get("snapshot", {}), f"{w}.snapshot")
            snapshot = {
                key: _text(snap, key, f"{w}.snapshot", limit, optional=True) or ""
                for key, limit in (
                    ("title", 1000),
                    ("kind", 200),
                    ("summary", 20_000),
                    ("url", 2000),
                    ("source_name", 500),
                )  # fmt: skip
            }
            if snapshot["url"] and not snapshot["url"].lower().startswith(("https://", "http://")):
                raise _Invalid(_("{w}.snapshot.url : adresse web attendue").format(w=w))
            items.append(
                {
                    "type": "entry",
                    "source": source,
                    "entry": entry,
                    "sha256": _sha(it, "sha256", w),
                    "snapshot": snapshot,
                    "comment": comment,
                }  # fmt: skip
            )
        elif kind == "note":
            index = it.get("note")
            if not isinstance(index, int) or isinstance(index, bool):
                raise _Invalid(_("{w}.note : numéro de note attendu").format(w=w))
            if not 0 <= index < len(notes) or index in used_notes:
                raise _Invalid(_("{w}.note : note inconnue").format(w=w))
            used_notes.add(index)
            items.append({"type": "note", "note": index, "comment": comment})
        else:
            raise _Invalid(_("{w}.type : « entry » ou « note » attendu").format(w=w))
    return {"name": name, "description": description, "items": items, "notes": notes}


def read_kit(path: Path | str) -> dict[str, Any]:
    """Read and check a kit file; BadInput (one sentence naming it) when refused."""
    where = str(path)
    data = read_json_file(
        path,
        MAX_KIT_BYTES,
        _("une session partagée"),
        _("ce n'est pas une session partagée lisible (fichier tronqué, altéré ou d'un autre type)"),
    )
    try:
        return check_kit(data)
    except _Invalid as exc:
        raise BadInput(_("session partagée refusée : {exc}").format(exc=exc), path=where) from None
    except RecursionError:
        raise BadInput(
            _("session partagée refusée : structure trop profonde"), path=where
        ) from None


def fingerprint(kit: dict[str, Any]) -> str:
    """A hash of what a checked kit says (not of when it was written)."""
    canonical = json.dumps(kit, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "kit:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# -- importing -----------------------------------------------------------------------


def import_kit(library: Library, path: Path | str) -> KitImport:
    """Add the session of a kit to the library (see the module's docstring)."""
    from rtes_desktop.core.library import now_iso

    kit = read_kit(path)
    origin = fingerprint(kit)
    with library.transaction() as conn:
        row = conn.execute(
            "SELECT id, name FROM collections WHERE origin=? ORDER BY id LIMIT 1", (origin,)
        ).fetchone()
        if row is not None:
            return KitImport(int(row["id"]), row["name"], added=False)
        name = kit["name"]
        taken = {r[0] for r in conn.execute("SELECT name FROM collections")}
        if name in taken:  # one's own session of that name stays distinct
            base = f"{name} (reçue)"
            name, n = base, 2
            while name in taken:
                name, n = f"{base} {n}", n + 1
        stamp = now_iso()
        sid = int(
            conn.execute(
                "INSERT INTO collections(name, description, created_at, updated_at, origin) "
                "VALUES (?,?,?,?,?)",
                (name, kit["description"], stamp, stamp, origin),
            ).lastrowid  # type: ignore[arg-type]
        )
        report = KitImport(sid, name, added=True)
        note_ids = [_insert_note(conn, n, report) for n in kit["notes"]]
        touched = set()
        for pos, it in enumerate(kit["items"]):
            if it["type"] == "entry":
                values: tuple[Any, ...] = (
                    it["source"], it["entry"], None, it["sha256"],
                    json.dumps(it["snapshot"], ensure_ascii=False),
                )  # fmt: skip
                present = conn.execute(
                    "SELECT 1 FROM entries WHERE source_id=? AND id=?", (it["source"], it["entry"])
                ).fetchone()
                report.missing += present is None
            else:
                values = (None, None, note_ids[it["note"]], None, None)
            conn.execute(
                "INSERT INTO collection_items(collection_id, position, source_id, entry_id, "
                "note_id, entry_sha256, snapshot, comment) VALUES (?,?,?,?,?,?,?,?)",
                (sid, pos, *values, it["comment"]),
            )
            report.items += 1
        for n in kit["notes"]:
            if n["source"]:
                touched.add((n["source"], n["entry"]))
        # The search index holds notes: re-index the entries they are on.
        conn.executemany(
            "INSERT INTO search_journal(source_id, entry_id) VALUES (?, ?)", sorted(touched)
        )
    return report


def _insert_note(conn: Any, n: dict[str, Any], report: KitImport) -> int:
    row = conn.execute(
        "SELECT id FROM notes WHERE source_id IS ? AND entry_id IS ? AND title=? AND body=? "
        "ORDER BY id LIMIT 1",
        (n["source"], n["entry"], n["title"], n["body"]),
    ).fetchone()
    if row is not None:
        return int(row[0])  # the same note is already here (one's own, or imported before)
    report.notes += 1
    return int(
        conn.execute(
            "INSERT INTO notes(source_id, entry_id, title, body, created_at, updated_at, "
            "entry_sha256) VALUES (?,?,?,?,?,?,?)",
            (
                n["source"],
                n["entry"],
                n["title"],
                n["body"],
                n["created_at"],
                n["updated_at"],
                n["entry_sha256"],
            ),  # fmt: skip
        ).lastrowid
    )
