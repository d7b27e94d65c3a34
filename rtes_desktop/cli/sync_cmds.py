"""sync, keys, publish, keygen: the command-line side of issue 3 (core does the work)."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from rtes_desktop.cli import Context
from rtes_desktop.core.errors import BadInput, NotFound
from rtes_desktop.core.formatting import size_fr
from rtes_desktop.core.sync.report import Phase, Progress, SyncReport

log = logging.getLogger(__name__)

LIST_LIMIT = 20


#: What the terminal says of each phase of a sync.
PHASE_LABELS = {
    Phase.MANIFEST: "Lecture du manifeste",
    Phase.DOWNLOAD: "Téléchargement des fiches",
    Phase.ATTACHMENTS: "Téléchargement des pièces jointes",
    Phase.ATTACHMENT: "Téléchargement de la pièce jointe",
    Phase.APPLY: "Application des changements",
    Phase.INDEX: "Mise à jour de l'index de recherche",
    Phase.DONE: "Terminé",
}


class ProgressPrinter:
    """A progress bar on a terminal; plain lines (each phase, each 10 %) otherwise."""

    def __init__(self, stream: TextIO, *, quiet: bool = False) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.quiet = quiet and not self.tty
        self._phase: Phase | None = None
        self._decile = -1
        self._last = 0.0
        self._drawn = False

    def __call__(self, p: Progress) -> None:
        if self.quiet:
            return
        frac = p.done / p.total if p.total else (1.0 if p.phase is Phase.DONE else 0.0)
        if p.bytes_total and p.total <= 1:
            frac = p.bytes_done / p.bytes_total
        if self.tty:
            now = time.monotonic()
            if p.phase == self._phase and now - self._last < 0.1 and frac < 1.0:
                return
            self._last, self._phase = now, p.phase
            width = 30
            filled = int(width * min(frac, 1.0))
            count = f" {p.done}/{p.total}" if p.total else ""
            size = f" ({size_fr(p.bytes_done)}/{size_fr(p.bytes_total)})" if p.bytes_total else ""
            line = f"{PHASE_LABELS[p.phase]} [{'#' * filled}{'.' * (width - filled)}] {int(frac * 100):3d} %{count}{size}"
            # The application's own text: the « \r » that redraws the bar is kept.
            write = getattr(self.stream, "write_trusted", self.stream.write)
            write("\r" + line[:118].ljust(118))
            self.stream.flush()
            self._drawn = True
            return
        decile = int(frac * 10)
        if p.phase != self._phase or decile > self._decile:
            if p.phase != self._phase:
                self._decile = -1
            self._phase, self._decile = p.phase, decile
            count = f" : {p.done}/{p.total}" if p.total else ""
            self.stream.write(f"{PHASE_LABELS[p.phase]}{count}\n")
            self.stream.flush()

    def finish(self) -> None:
        if self.tty and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def _location(library: Any, arg: str) -> str:
    """SOURCE as given: a URL, a folder, a .zip, or the id of a configured source."""
    try:
        if "://" in arg or Path(arg).expanduser().exists():
            return arg
    except OSError:  # a name too long…: the engine says why, naming it
        return arg
    src = library.source(arg)
    if src is not None:
        if not src.url:
            raise NotFound(f"la source « {arg} » n'a pas d'adresse de synchronisation")
        return str(src.url)
    return arg  # the engine says it is not found, naming it


def _print_report(report: SyncReport, out: TextIO) -> None:
    serial = f" (export n°{report.serial})" if report.serial is not None else ""
    out.write(f"{report.source_id} : {report.summary_fr()}{serial}\n")
    for sign, ids in (("+", report.new), ("~", report.updated), ("-", report.withdrawn)):
        for entry_id in ids[:LIST_LIMIT]:
            out.write(f"  {sign} {entry_id}\n")
        if len(ids) > LIST_LIMIT:
            out.write(f"  {sign} … et {len(ids) - LIST_LIMIT} autres\n")


def cmd_sync(ctx: Context) -> int:
    """rtes-desktop sync [SOURCE] [--allow-unsigned] [--json]"""
    from rtes_desktop.core.index_upkeep import catch_up_quietly
    from rtes_desktop.core.sync.engine import sync_all, sync_source

    lib = ctx.library
    args = ctx.args
    printer = ProgressPrinter(sys.stderr, quiet=ctx.json)
    try:
        if args.source:
            reports = [
                sync_source(
                    lib,
                    _location(lib, args.source),
                    allow_unsigned=args.allow_unsigned,
                    progress=printer,
                )
            ]
        else:
            reports = sync_all(lib, allow_unsigned=args.allow_unsigned, progress=printer)
    finally:
        printer.finish()
    if any(not r.unchanged and not r.error for r in reports):
        catch_up_quietly(lib)
    for report in reports:
        for warning in report.warnings:
            sys.stderr.write(f"rtes-desktop : avertissement : {warning}\n")
        if report.error:
            sys.stderr.write(f"rtes-desktop : {report.source_id} : {report.error}\n")
            if report.error_detail and getattr(ctx.args, "verbose", False):
                sys.stderr.write(f"Détails : {report.error_detail}\n")
    if ctx.json:
        data = [r.to_dict() for r in reports]
        ctx.print_json(data[0] if args.source else data)
    elif not reports:
        sys.stdout.write(
            "Aucune source à synchroniser : indiquez une adresse, un dossier ou un .zip "
            "(rtes-desktop sync SOURCE)\n"
        )
    else:
        for report in reports:
            _print_report(report, sys.stdout)
    return 1 if any(r.error for r in reports) else 0


def _scope(key: Any) -> str:
    return ", ".join(sorted(key.sources)) if key.sources else "toutes"


def cmd_keys(ctx: Context) -> int:
    """rtes-desktop keys add FILE.pem (--source ID [--replace] | --all-sources) | list | remove KEY_ID"""
    from rtes_desktop.core.sync.signing import (
        bundled_keys,
        load_public_key_file,
        trust_key,
        trusted_keys,
    )

    args = ctx.args
    lib = ctx.library
    if args.action == "add":
        key = load_public_key_file(args.file)
        source = args.source
        if any(k.key_id == key.key_id for k in bundled_keys()):
            sys.stdout.write(f"clé {key.key_id} : déjà livrée avec l'application\n")
            return 0
        scope = trust_key(
            lib,
            key,
            source_id=source,
            all_sources=args.all_sources,
            replace=args.replace,
        )
        if ctx.json:
            ctx.print_json({"key_id": key.key_id, "label": key.label, "source": source})
        else:
            sys.stdout.write(f"clé {key.key_id} ajoutée ({scope})\n")
        return 0
    if args.action == "list":
        keys = trusted_keys(lib)
        if ctx.json:
            ctx.print_json(
                [
                    {
                        "key_id": k.key_id,
                        "origin": k.origin,
                        "label": k.label,
                        "sources": sorted(k.sources) if k.sources else None,
                    }
                    for k in keys
                ]
            )
            return 0
        if not keys:
            sys.stdout.write("Aucune clé de confiance.\n")
        for k in keys:
            origin = "livrée" if k.origin == "bundled" else "ajoutée"
            sys.stdout.write(f"{k.key_id}  {origin:8}  sources : {_scope(k):12}  {k.label}\n")
        return 0
    # remove
    key_id = args.key_id.strip().lower()
    if any(k.key_id == key_id for k in bundled_keys()):
        raise BadInput(
            f"la clé {key_id} est livrée avec l'application : elle ne peut pas être retirée ici"
        )
    lib.remove_trusted_key(key_id)
    sys.stdout.write(f"clé {key_id} retirée\n")
    return 0


def cmd_publish(ctx: Context) -> int:
    """rtes-desktop publish SRC_DIR OUT [--key PRIVATE.pem] [--zip] [--also-zip FILE.zip]"""
    from rtes_desktop.core.sync.publish import publish

    args = ctx.args
    days = args.expires_days
    also_zip = getattr(args, "also_zip", None)
    if also_zip and args.zip:
        raise BadInput("--also-zip s'utilise quand OUT est un dossier (sans --zip)")
    options: dict[str, Any] = {
        "key": args.key,
        "expires_days": days if days and days > 0 else None,
    }
    results = [publish(args.src_dir, args.out, as_zip=args.zip, **options)]
    if also_zip:  # SRC_DIR remembers the publication: the zip gets the same serial
        results.append(publish(args.src_dir, also_zip, as_zip=True, **options))
    for warning in dict.fromkeys(w for r in results for w in r.warnings):
        sys.stderr.write(f"rtes-desktop : avertissement : {warning}\n")
    # one line per PDF shipped without (all its) text, once for both outputs
    for problem in dict.fromkeys(p for r in results for p in r.pdf_problems):
        sys.stderr.write(f"rtes-desktop : {problem}\n")
    if ctx.json:
        data = [
            {
                "path": str(r.path),
                "serial": r.serial,
                "entries": r.entries,
                "objects_written": r.objects_written,
                "objects_reused": r.objects_reused,
                "signed_by": r.signed_by,
                "warnings": r.warnings,
                "pdf_texts": r.pdf_texts,
                "pdf_problems": r.pdf_problems,
            }
            for r in results
        ]
        ctx.print_json({**data[0], "also": data[1:]} if also_zip else data[0])
    else:
        for r in results:
            sys.stdout.write(r.summary_fr() + "\n")
    return 0


def cmd_keygen(ctx: Context) -> int:
    """rtes-desktop keygen PREFIX"""
    from rtes_desktop.core.sync.signing import generate_keypair

    key_path, pem_path, key_id = generate_keypair(ctx.args.prefix)
    if ctx.json:
        ctx.print_json({"private": str(key_path), "public": str(pem_path), "key_id": key_id})
        return 0
    sys.stdout.write(
        f"clé privée : {key_path} (à garder secrète, ne la publiez jamais)\n"
        f"clé publique : {pem_path} (à distribuer aux clients : rtes-desktop keys add)\n"
        f"key_id : {key_id}\n"
    )
    return 0
