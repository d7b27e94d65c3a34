"""show, notes and tags: reading the library and the user's own data."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path
from typing import Any

from rtes_desktop.cli import Context
from rtes_desktop.core.errors import BadInput
from rtes_desktop.core.models import Entry, Note
from rtes_desktop.core.text import fold


def entry_dict(entry: Entry) -> dict[str, Any]:
    data = dataclasses.asdict(entry)
    data["key"] = entry.key
    data["withdrawn"] = entry.withdrawn_at is not None
    return data


def note_dict(note: Note) -> dict[str, Any]:
    data = dataclasses.asdict(note)
    data["entry"] = note.entry_key
    return data


def cmd_show(ctx: Context) -> int:
    lib = ctx.library
    entry = lib.get_entry(ctx.args.id)
    notes = lib.notes(entry.key)
    tags = lib.entry_tags(entry.key)
    if ctx.json:
        data = entry_dict(entry)
        data["notes"] = [note_dict(n) for n in notes]
        data["tags"] = tags
        ctx.print_json(data)
        return 0
    themes = {t.id: t.label for t in lib.themes(entry.source_id)}
    kinds = {k.id: k.label for k in lib.kinds(entry.source_id)}
    out = sys.stdout
    out.write(f"{entry.title}\n{'=' * min(len(entry.title), 78)}\n")
    out.write(
        f"{kinds.get(entry.kind, entry.kind)} · {entry.key} · publié le {entry.published_at}\n"
    )
    if entry.withdrawn_at:
        out.write(f"RETIRÉ par l'éditeur le {entry.withdrawn_at[:10]}\n")
    if entry.themes:
        out.write("Thèmes : " + ", ".join(themes.get(t, t) for t in entry.themes) + "\n")
    if tags:
        out.write("Mes tags : " + ", ".join(tags) + "\n")
    if entry.summary:
        out.write(f"\n{entry.summary}\n")
    out.write(f"\n{entry.body.rstrip()}\n")
    if entry.source_url:
        out.write(f"\nSource : {entry.source_url}\n")
    for note in notes:
        out.write(f"\n--- Note n°{note.id} ({note.updated_at[:10]}) ---\n{note.body.rstrip()}\n")
    return 0


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:50] or "note"


def cmd_notes(ctx: Context) -> int:
    lib = ctx.library
    action = ctx.args.action
    if action == "add":
        if not ctx.args.text.strip():
            raise BadInput("le texte de la note est vide")
        note = lib.add_note(ctx.args.id, ctx.args.text, title=ctx.args.title)
        if ctx.json:
            ctx.print_json(note_dict(note))
        else:
            print(f"Note n°{note.id} ajoutée à {note.entry_key}")
        return 0
    if action == "verify":
        return notes_verify(ctx)
    if action == "list" and ctx.args.stale:
        return notes_stale(ctx)
    notes = lib.notes()
    if action == "list":
        if ctx.json:
            ctx.print_json([note_dict(n) for n in notes])
        else:
            for n in notes:
                first = (
                    (n.title or n.body).strip().splitlines()[0]
                    if (n.title or n.body).strip()
                    else ""
                )
                print(f"{n.id}\t{n.entry_key or '(libre)'}\t{n.updated_at[:10]}\t{first[:70]}")
        return 0
    # export
    target = Path(ctx.args.dir)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(
            f"création du dossier impossible ({exc.strerror})", path=str(target)
        ) from None
    written = 0
    for n in notes:
        name = f"note-{n.id:04d}-{_slug(n.title or n.body[:40])}.md"
        front = [
            "---",
            f"note: {n.id}",
            f"entry: {n.entry_key or ''}",
            f"title: {json_str(n.title)}",
            f"created_at: {n.created_at}",
            f"updated_at: {n.updated_at}",
            "---",
            "",
        ]
        try:
            (target / name).write_text("\n".join(front) + n.body.rstrip() + "\n", encoding="utf-8")
        except OSError as exc:
            raise BadInput(
                f"écriture impossible ({exc.strerror})", path=str(target / name)
            ) from None
        written += 1
    if ctx.json:
        ctx.print_json({"exported": written, "dir": str(target)})
    else:
        print(f"{written} note(s) exportée(s) dans {target}")
    return 0


def json_str(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)


def cmd_tags(ctx: Context) -> int:
    lib = ctx.library
    action = ctx.args.action
    if action == "add":
        entry = lib.get_entry(ctx.args.id)
        added = lib.add_tag(entry.key, ctx.args.tag)
        if not ctx.json:
            print(f"Tag ajouté à {entry.key}" if added else f"{entry.key} avait déjà ce tag")
        else:
            ctx.print_json({"entry": entry.key, "tags": lib.entry_tags(entry.key), "added": added})
        return 0
    if action == "remove":
        entry = lib.get_entry(ctx.args.id)
        lib.remove_tag(entry.key, ctx.args.tag)
        if ctx.json:
            ctx.print_json({"entry": entry.key, "tags": lib.entry_tags(entry.key)})
        else:
            print(f"Tag retiré de {entry.key}")
        return 0
    tags = lib.tags()
    if ctx.json:
        ctx.print_json([{"name": t.name, "count": t.count} for t in tags])
    else:
        for t in tags:
            print(f"{t.name}\t{t.count}")
    return 0


# -- notes: stale, verify ---------------------------------------------------------------


def notes_stale(ctx: Context) -> int:
    """`notes list --stale`: the notes whose entry changed since they were written."""
    from rtes_desktop.core.stale_notes import changes_as_text, stale_notes

    stale = stale_notes(ctx.library, with_changes=not ctx.json)
    if ctx.json:
        ctx.print_json([note_dict(s.note) for s in stale])
        return 0
    if not stale:
        print("Aucune note à revérifier")
        return 0
    out = sys.stdout
    for s in stale:
        out.write(
            f"Note n°{s.note.id} sur « {s.entry_title} » ({s.note.entry_key}), "
            f"fiche mise à jour le {s.entry_updated_at[:10]}\n"
        )
        if s.changes is None:
            out.write("  (l'ancienne version de la fiche n'a pas été conservée)\n")
        else:
            for line in changes_as_text(s.changes).splitlines():
                out.write(f"  {line}\n")
        out.write("\n")
    return 0


def notes_verify(ctx: Context) -> int:
    """`notes verify NOTE_ID`: the note was re-read against the entry as it is now."""
    from rtes_desktop.core.stale_notes import verify_note

    note = verify_note(ctx.library, ctx.args.note_id)
    if ctx.json:
        ctx.print_json(note_dict(note))
    else:
        print(f"Note n°{note.id} marquée comme revérifiée")
    return 0
