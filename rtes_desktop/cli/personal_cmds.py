"""backup and personal: the user's own data, backed up, restored, moved to another PC."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # cli/__init__ imports this module to build its parser
    from rtes_desktop.cli import Actions, Context


def add_parsers(actions: Actions) -> None:
    """The `backup` and `personal` sub-commands (shared/spec/cli.md, version 2)."""
    action = actions(
        "backup", "sauvegardes des données personnelles (notes, tags, sessions, réglages)"
    )
    q = action("create", "prend une sauvegarde maintenant")
    q.add_argument(
        "dir", metavar="DIR", nargs="?", help="dossier où l'écrire (sinon, celui des sauvegardes)"
    )
    action("list", "liste les sauvegardes, la plus récente en dernier")
    q = action("restore", "restaure une sauvegarde (l'état actuel est d'abord sauvegardé)")
    q.add_argument("backup", metavar="BACKUP", help="identifiant (voir backup list) ou fichier")

    action = actions(
        "personal", "toutes les données personnelles dans un fichier, pour changer de PC"
    )
    q = action("export", "écrit le fichier")
    q.add_argument("file", metavar="FILE")
    q = action("import", "fusionne un fichier dans la bibliothèque")
    q.add_argument("file", metavar="FILE")
    q.add_argument(
        "--dry-run", action="store_true", help="dit ce qui serait ajouté, sans rien modifier"
    )


def _counts(notes: int, tags: int, sessions: int) -> str:
    return f"{notes} note(s), {tags} tag(s), {sessions} session(s)"


def cmd_backup(ctx: Context) -> int:
    from rtes_desktop.core.backup import backups_dir, create_backup, list_backups
    from rtes_desktop.core.recovery import restore_backup

    action = ctx.args.action
    if action == "list":
        backups = list_backups(backups_dir(ctx.data_dir))
        if ctx.json:
            ctx.print_json([b.as_json() for b in backups])
        elif not backups:
            sys.stdout.write("aucune sauvegarde\n")
        for b in [] if ctx.json else backups:
            sys.stdout.write(f"{b.id}  {_counts(b.notes, b.tags, b.sessions)}\n")
        return 0
    lib = ctx.library
    if action == "create":
        folder = Path(ctx.args.dir).expanduser() if ctx.args.dir else None
        result = create_backup(lib, "manual", folder=folder)
        info = result.info
        if ctx.json:
            ctx.print_json(info.as_json())
        else:
            sys.stdout.write(
                f"sauvegarde {info.id} : {_counts(info.notes, info.tags, info.sessions)} "
                f"({info.path})\n"
            )
        for warning in result.warnings:
            sys.stderr.write(f"rtes-desktop : attention : {warning}\n")
        return 0
    restored = restore_backup(lib, ctx.args.backup)
    info = restored.restored
    undo = restored.undo.info.id if restored.undo else None
    if ctx.json:
        ctx.print_json({**info.as_json(), "undo": undo})
    else:
        sys.stdout.write(
            f"sauvegarde {info.id} restaurée : {_counts(info.notes, info.tags, info.sessions)}"
            + (f" ; pour revenir en arrière : rtes-desktop backup restore {undo}" if undo else "")
            + "\n"
        )
    return 0


def cmd_personal(ctx: Context) -> int:
    from rtes_desktop.core.personal_data import export_personal, import_personal

    lib = ctx.library
    if ctx.args.action == "export":
        counts = export_personal(lib, ctx.args.file)
        if ctx.json:
            ctx.print_json(counts)
        else:
            sys.stdout.write(
                f"{ctx.args.file} : {_counts(counts['notes'], counts['tags'], counts['sessions'])}\n"
            )
        return 0
    report = import_personal(lib, ctx.args.file, dry_run=ctx.args.dry_run)
    if ctx.json:
        ctx.print_json(report.as_json())
    else:
        sys.stdout.write(f"{report.summary_fr(preview=ctx.args.dry_run)}\n")
    return 0
