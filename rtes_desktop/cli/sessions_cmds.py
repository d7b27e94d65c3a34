"""sessions (a trainer's sessions: handout, kit) and the stale-notes half of notes.

Only `sessions export … --format pdf` loads Qt (rtes_desktop/printing/pdf.py), and
only then: every other command stays headless and fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rtes_desktop.cli import Actions, Context


def add_parsers(actions: Actions) -> None:
    """The `sessions` sub-commands (spec: shared/spec/cli.md v2)."""
    action = actions("sessions", "sessions de formation : programme, support à distribuer, partage")
    q = action("new", "crée une session et affiche son numéro")
    q.add_argument("name", metavar="NOM")
    q.add_argument("--description", default="", help="description de la session")
    q = action("add", "ajoute une fiche à la fin d'une session")
    q.add_argument("session", metavar="SESSION", help="numéro ou nom exact de la session")
    q.add_argument("id", metavar="ID", help="identifiant de la fiche (ou SOURCE:ID)")
    q.add_argument("--comment", default="", metavar="TEXTE", help="commentaire du formateur")
    q = action("note", "ajoute une note libre à la fin d'une session")
    q.add_argument("session", metavar="SESSION")
    q.add_argument("text", metavar="TEXTE")
    action("list", "liste les sessions")
    q = action("show", "affiche les éléments d'une session, dans l'ordre")
    q.add_argument("session", metavar="SESSION")
    q = action("export", "écrit le support de la session (PDF, HTML ou Markdown)")
    q.add_argument("session", metavar="SESSION")
    q.add_argument("out", metavar="OUT")
    q.add_argument(
        "--format", choices=("pdf", "html", "markdown"), help="format (sinon : l'extension de OUT)"
    )
    q.add_argument(
        "--with-comments", action="store_true", help="inclut les commentaires du formateur"
    )
    q.add_argument(
        "--summary-only", action="store_true", help="le résumé de chaque fiche, pas son texte"
    )
    q.add_argument("--without-notes", action="store_true", help="sans les notes libres")
    q.add_argument("--trainer", default="", metavar="NOM", help="formateur (page de titre)")
    q.add_argument("--organisation", default="", metavar="NOM", help="organisme (page de titre)")
    q = action("share", "écrit le fichier .rtes-session à transmettre à un collègue")
    q.add_argument("session", metavar="SESSION")
    q.add_argument("out", metavar="OUT.rtes-session")
    q.add_argument(
        "--without-comments",
        action="store_true",
        help="garde vos commentaires sur les fiches pour vous (ils sont partagés sinon)",
    )
    q = action("import", "ajoute à « Mes sessions » une session reçue (.rtes-session)")
    q.add_argument("file", metavar="FICHIER")


# -- sessions ------------------------------------------------------------------------


def _row_dict(row: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"type": row.type, "id": row.id, "title": row.title}
    data["comment"] = row.comment
    if row.type == "entry":
        data["source"] = row.source_id
        data["missing"] = row.missing
        data["changed"] = row.changed
    return data


def cmd_sessions(ctx: Context) -> int:
    from rtes_desktop.core import session_view as sv

    lib = ctx.library
    args = ctx.args
    act = args.action
    if act == "new":
        session = lib.create_session(args.name, args.description)
        if ctx.json:
            ctx.print_json({"id": session.id})
        else:
            print(session.id)
        return 0
    if act == "list":
        sizes = lib.session_sizes()
        sessions = lib.sessions()
        if ctx.json:
            ctx.print_json(
                [{"id": s.id, "name": s.name, "items": sizes.get(s.id, 0)} for s in sessions]
            )
        else:
            for s in sessions:
                print(f"{s.id}\t{s.name}\t{sizes.get(s.id, 0)}")
        return 0
    if act == "import":
        return _import(ctx)
    session = sv.find_session(lib, args.session)
    if act == "add":
        item = sv.add_entry(lib, session.id, args.id, args.comment)
        if ctx.json:
            ctx.print_json({"session": session.id, "item": item.id, "entry": item.entry_id})
        else:
            print(f"{item.source_id}:{item.entry_id} ajoutée à la session « {session.name} »")
        return 0
    if act == "note":
        note = sv.add_free_note(lib, session.id, args.text)
        if ctx.json:
            ctx.print_json({"session": session.id, "note": note.id})
        else:
            print(f"Note n°{note.id} ajoutée à la session « {session.name} »")
        return 0
    if act == "show":
        rows = sv.session_rows(lib, session.id)
        if ctx.json:
            ctx.print_json(
                {
                    "id": session.id,
                    "name": session.name,
                    "description": session.description,
                    "changed": sv.changed_count(rows),
                    "items": [_row_dict(r) for r in rows],
                }
            )
            return 0
        print(session.name)
        if session.description:
            print(session.description)
        changed = sv.changed_count(rows)
        if changed:
            print(f"⚠ {changed} fiche(s) mise(s) à jour depuis leur ajout")
        for n, r in enumerate(rows, 1):
            what = f"{r.source_id}:{r.id}" if r.type == "entry" else f"note n°{r.id}"
            line = f"{n}. {r.title} ({what})"
            if r.missing:
                line += f" — {r.placeholder}"
            elif r.changed:
                line += " — mise à jour depuis son ajout"
            print(line)
            if r.comment:
                print(f"   Commentaire : {r.comment}")
        return 0
    if act == "export":
        return _export(ctx, session)
    # share
    from rtes_desktop.core.session_kit import share_session

    out = share_session(lib, session.id, args.out, with_comments=not args.without_comments)
    if ctx.json:
        ctx.print_json({"session": session.id, "file": str(out)})
    else:
        print(f"Session « {session.name} » partagée dans {out}")
    return 0


def _export(ctx: Context, session: Any) -> int:
    from rtes_desktop.core import handout

    args = ctx.args
    fmt = handout.format_for(args.out, args.format)
    options = handout.HandoutOptions(
        full_text=not args.summary_only,
        with_comments=args.with_comments,
        with_notes=not args.without_notes,
        trainer=args.trainer,
        organisation=args.organisation,
    )
    doc = handout.handout_document(ctx.library, session.id, options)
    pages = None
    if fmt == "pdf":
        from rtes_desktop.printing.pdf import write_pdf  # Qt: loaded for PDF only

        result = write_pdf(doc, args.out)
        out, pages = result.path, result.pages
    else:
        out = handout.export_text_handout(doc, args.out, fmt)
    if ctx.json:
        data = {"session": session.id, "file": str(out), "format": fmt}
        data.update(handout.handout_stats(doc))
        if pages is not None:
            data["pages"] = pages
        ctx.print_json(data)
    else:
        extra = f", {pages} pages" if pages is not None else ""
        print(f"Support de « {session.name} » écrit dans {out} ({fmt}{extra})")
    return 0


def _import(ctx: Context) -> int:
    from rtes_desktop.core.session_kit import import_kit

    report = import_kit(ctx.library, Path(ctx.args.file))
    if ctx.json:
        ctx.print_json(
            {
                "id": report.session_id,
                "name": report.name,
                "added": report.added,
                "items": report.items,
                "missing": report.missing,
                "notes": report.notes,
            }
        )
    elif not report.added:
        print(f"Session déjà importée : « {report.name} » (n°{report.session_id}), rien n'a changé")
    else:
        print(
            f"Session « {report.name} » importée (n°{report.session_id}) : {report.items} élément(s)"
        )
        if report.missing:
            print(
                f"{report.missing} fiche(s) absente(s) de votre bibliothèque : "
                "synchronisez leur source, elles s'y rattacheront"
            )
    return 0
