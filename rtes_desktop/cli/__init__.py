"""The headless command line (shared/spec/cli.md). Uses only the core: no Qt here."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from rtes_desktop import __version__
from rtes_desktop.core.errors import BadInput, RtesError, echo, storage_error

log = logging.getLogger("rtes_desktop.cli")

#: sub-command -> "module:function" (module under rtes_desktop.cli)
COMMANDS: dict[str, str] = {
    "show": "library_cmds:cmd_show",
    "notes": "library_cmds:cmd_notes",
    "tags": "library_cmds:cmd_tags",
    "search": "search_cmd:cmd_search",
    "sync": "sync_cmds:cmd_sync",
    "keys": "sync_cmds:cmd_keys",
    "publish": "sync_cmds:cmd_publish",
    "keygen": "sync_cmds:cmd_keygen",
    "backup": "personal_cmds:cmd_backup",
    "personal": "personal_cmds:cmd_personal",
    "sessions": "sessions_cmds:cmd_sessions",
}

GUI_FLAGS_WITH_VALUE = {"--data-dir", "--lang"}

#: adds one action (name, help text) to a command that has actions
AddAction = Callable[[str, str], argparse.ArgumentParser]
#: `actions(name, help_text)`: a command with actions, as the modules declare theirs
Actions = Callable[[str, str], AddAction]


def wants_gui(args: list[str]) -> bool:
    """True when no sub-command is given (the window opens)."""
    if "--self-test" in args:  # the build check opens the window offscreen (gui/shell/selftest.py)
        return True
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in GUI_FLAGS_WITH_VALUE:
            skip = True
            continue
        if arg in ("-h", "--help", "--version"):
            return False
        if arg.startswith("-"):
            continue
        if arg not in COMMANDS and _is_location(arg):
            return True  # « rtes-desktop cle.zip »: the window syncs it (a file association)
        return False  # a positional: a sub-command (or a mistake the CLI reports)
    return True


def _is_location(arg: str) -> bool:
    """An export the window can be opened on: a .zip file or an http(s) address."""
    low = arg.lower()
    return low.startswith(("http://", "https://")) or low.endswith(".zip")


class FrenchHelpFormatter(argparse.HelpFormatter):
    """French typography in --help: « options : » (a space before the colon)."""

    def start_section(self, heading: str | None) -> None:
        super().start_section(f"{heading} " if heading else heading)


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line on stderr, exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog} : erreur : {message} (voir --help)\n")
        sys.exit(2)


#: What a terminal may interpret rather than show: C0 controls but tab and newline,
#: DEL, C1 controls (ESC's 8-bit twins), bidi embeddings/overrides/isolates (text that
#: reads backwards), and lone surrogates (undecodable bytes). Titles, bodies and
#: snippets come from publishers: « ESC]0;…BEL » would retitle the window, « ESC[2J »
#: clear it.
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_safe(text: str) -> str:
    """`text` with every character a terminal would act on replaced by « � »."""
    return UNSAFE_CHARS.sub("\ufffd", text)


def json_safe(text: str) -> str:
    """JSON text with those characters written as \\uXXXX escapes (still valid JSON:
    outside strings, JSON text is ASCII). The data is kept, the terminal is safe."""
    return UNSAFE_CHARS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeOutput:
    """The one way CLI text reaches stdout or stderr: control characters replaced,
    and no crash when the stream is missing (the windowed Windows executable has
    no sys.stdout nor sys.stderr) or closed."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.write_trusted(terminal_safe(text))

    def write_trusted(self, text: str) -> int:
        """Write the application's own text as is (a progress bar's « \\r »)."""
        if self.stream is None:
            return len(text)
        try:
            self.stream.write(text)
        except BrokenPipeError:
            raise
        except (OSError, ValueError):  # closed, or a console that cannot take it
            pass
        return len(text)

    def flush(self) -> None:
        if self.stream is not None:
            try:
                self.stream.flush()
            except BrokenPipeError:
                raise
            except (OSError, ValueError):
                pass

    def isatty(self) -> bool:
        try:
            return self.stream is not None and bool(self.stream.isatty())
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        if self.stream is None:
            raise OSError("pas de sortie")
        return int(self.stream.fileno())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


#: Arguments that name files: bytes that are not UTF-8 are legal in a file name.
PATH_ARGS = {"data_dir", "file", "src_dir", "out", "dir", "key", "prefix", "also_zip"}


def _check_text_args(args: argparse.Namespace) -> None:
    """Refuse arguments holding bytes that are not UTF-8 (Python keeps them as lone
    surrogates): the library stores text, and SQLite would fail on them later."""
    for name, value in vars(args).items():
        if not isinstance(value, str):
            continue
        if "\x00" in value:  # only a caller of main() can pass one, never a shell
            raise BadInput(f"caractère nul dans l'argument « {echo(terminal_safe(value))} »")
        if name in PATH_ARGS:
            continue
        if re.search("[\ud800-\udfff]", value):
            shown = terminal_safe(value)
            raise BadInput(
                f"l'argument « {echo(shown)} » contient des octets qui ne sont pas du texte "
                "UTF-8 valide : vérifiez l'encodage du terminal ou du script"
            )


class Context:
    """What a command needs: the data folder, output mode, and the library on demand."""

    def __init__(self, args: argparse.Namespace) -> None:
        from rtes_desktop.core.paths import data_dir, setup_logging

        self.args = args
        self.json = bool(getattr(args, "json", False))
        self.data_dir: Path = data_dir(getattr(args, "data_dir", None))
        self.log_path = setup_logging(self.data_dir, kind="cli")
        self._library: Any = None

    @property
    def library(self) -> Any:
        """The library, opened on first use; a first start loads the demo."""
        if self._library is None:
            from rtes_desktop.core.demo import ensure_demo
            from rtes_desktop.core.recovery import open_or_recover

            # A damaged or missing library.db is rebuilt from the newest backup (issue 12).
            self._library, recovered = open_or_recover(self.data_dir)
            if recovered:
                sys.stderr.write(f"rtes-desktop : {recovered}\n")
            try:  # IT's machine configuration (docs/deploy.md), then demo or pre-seeded export
                from rtes_desktop.core.first_run import first_run

                first_run(self._library)
            except Exception:
                log.exception("machine configuration not applied; loading the demo")
                ensure_demo(self._library)
        return self._library

    def print_json(self, value: Any) -> None:
        """One JSON document on stdout; control characters stay, escaped."""
        text = json_safe(json.dumps(value, ensure_ascii=False, indent=None))
        write = getattr(sys.stdout, "write_trusted", None) or sys.stdout.write
        write(text + "\n")

    def close(self) -> None:
        if self._library is not None:
            from rtes_desktop.core.backup import maybe_backup

            maybe_backup(self._library)  # at most once a day, after a change; never raises
            self._library.close()


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="dossier de données (remplace celui de la plateforme ; aussi RTES_DESKTOP_DATA_DIR)",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="sortie JSON"
    )
    common.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="en cas de refus, ajoute les détails techniques (fichier, numéros, clés)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = OneLineParser(
        prog="rtes-desktop",
        description="Bibliothèque hors ligne des ressources du RTES. "
        "Sans sous-commande, ouvre la fenêtre.",
        parents=[common],
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"rtes-desktop {__version__}",
        help="affiche la version et quitte",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=OneLineParser)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, parents=[common], description=help_text)

    def actions(name: str, help_text: str) -> AddAction:
        """A command whose first argument is an ACTION; returns what adds each action
        (its text is both its line in the command's list and its own description)."""
        group = add(name, help_text).add_subparsers(
            dest="action", metavar="ACTION", parser_class=OneLineParser, required=True
        )

        def action(action_name: str, text: str) -> argparse.ArgumentParser:
            return group.add_parser(action_name, help=text, parents=[common], description=text)

        return action

    p = add("show", "affiche une entrée avec ses notes et ses tags")
    p.add_argument("id", metavar="ID", help="identifiant de l'entrée (ou SOURCE:ID)")

    action = actions("notes", "notes personnelles")
    q = action("add", "ajoute une note à une entrée")
    q.add_argument("id", metavar="ID")
    q.add_argument("text", metavar="TEXTE")
    q.add_argument("--title", default="", help="titre de la note")
    q = action("list", "liste les notes")
    q.add_argument("--stale", action="store_true", help="celles dont la fiche a changé depuis")
    q = action("verify", "marque une note comme revérifiée")
    q.add_argument("note_id", metavar="NOTE_ID", type=int)
    q = action("export", "exporte les notes en Markdown dans DIR")
    q.add_argument("dir", metavar="DIR")

    action = actions("tags", "tags personnels")
    for name, text in (("add", "ajoute un tag à une entrée"), ("remove", "retire un tag")):
        q = action(name, text)
        q.add_argument("id", metavar="ID")
        q.add_argument("tag", metavar="TAG")
    action("list", "liste les tags")

    p = add("search", "recherche plein texte")
    p.add_argument("query", metavar="REQUÊTE")
    p.add_argument("--kind", metavar="K", help="type (guide, fiche, faq…)")
    p.add_argument("--theme", metavar="T", help="thème")
    p.add_argument("--limit", metavar="N", type=int, default=20, help="nombre de résultats (20)")

    p = add("sync", "synchronise depuis une source (URL, dossier ou .zip) ou toutes les sources")
    p.add_argument("source", metavar="SOURCE", nargs="?")
    p.add_argument("--allow-unsigned", action="store_true", help="accepte un export non signé")

    action = actions("keys", "clés de publication de confiance")
    q = action("add", "fait confiance à une clé publique (.pem)")
    q.add_argument("file", metavar="FICHIER.pem")
    q.add_argument("--source", metavar="ID", help="n'accepte cette clé que pour cette source")
    q.add_argument(
        "--all-sources",
        action="store_true",
        help="accepte cette clé pour toutes les sources (choix explicite)",
    )
    q.add_argument(
        "--replace",
        action="store_true",
        help="avec --source : cette clé remplace celle à laquelle la source est liée",
    )
    action("list", "liste les clés de confiance")
    q = action("remove", "retire une clé ajoutée")
    q.add_argument("key_id", metavar="KEY_ID")

    p = add(
        "publish",
        "construit un export depuis un dossier de fichiers Markdown (et de PDF décrits "
        "par catalogue.csv)",
    )
    p.add_argument("src_dir", metavar="SRC_DIR", help="dossier des sources (source.yaml, *.md)")
    p.add_argument("out", metavar="OUT", help="dossier de l'export (ou fichier .zip avec --zip)")
    p.add_argument("--key", metavar="PRIVATE.pem", help="clé privée de signature")
    p.add_argument("--zip", action="store_true", help="produit un .zip")
    p.add_argument(
        "--also-zip",
        metavar="FICHIER.zip",
        help="écrit aussi la même publication (même numéro) dans ce .zip, pour une clé USB",
    )
    p.add_argument(
        "--expires-days", metavar="N", type=int, default=90, help="validité du manifeste (90 jours)"
    )

    p = add("keygen", "crée une paire de clés de signature")
    p.add_argument("prefix", metavar="PREFIX")

    from rtes_desktop.cli import personal_cmds, sessions_cmds

    personal_cmds.add_parsers(actions)
    sessions_cmds.add_parsers(actions)
    return parser


def _resolve(command: str) -> Callable[[Context], int]:
    # Imported on demand: `rtes-desktop show` need not load the sync or search code.
    module_name, func = COMMANDS[command].split(":")
    module = importlib.import_module(f"rtes_desktop.cli.{module_name}")
    return getattr(module, func)  # type: ignore[no-any-return]


def run_cli(argv: list[str]) -> int:
    """Run one sub-command; return the exit status. Never lets a traceback out."""
    saved = sys.stdout, sys.stderr
    for stream in saved:
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    sys.stdout, sys.stderr = SafeOutput(saved[0]), SafeOutput(saved[1])  # type: ignore[assignment]
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = saved


def _run(argv: list[str]) -> int:
    from rtes_desktop.cli.argparse_fr import french

    with french():  # --help and usage errors entirely in French
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # usage error (2), --help or --version (0): a status
            return exc.code if isinstance(exc.code, int) else 0
        if not args.command:
            parser.print_help()
            return 0
    ctx: Context | None = None
    try:
        _check_text_args(args)
        ctx = Context(args)
        return _resolve(args.command)(ctx)
    except RtesError as exc:
        log.info("%s refused: %s (%s)", args.command, exc, exc.detail or "")
        sys.stderr.write(f"rtes-desktop : {exc}\n")
        if exc.detail and getattr(args, "verbose", False):
            sys.stderr.write(f"Détails : {exc.detail}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("rtes-desktop : interrompu ; rien n'a été modifié\n")
        return 130
    except BrokenPipeError:
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError:
            pass
        return 1
    except Exception as exc:  # the last line of defence: log it, say it in one line
        log.exception("unexpected error in %s", args.command)
        disk = storage_error(exc, ctx.data_dir if ctx else None)
        if disk is not None:  # disk full, read-only, permissions: said as such
            sys.stderr.write(f"rtes-desktop : {disk}\n")
            return disk.exit_code
        from rtes_desktop.core.paths import log_problem

        where = f" (détails dans {ctx.log_path})" if ctx and not log_problem() else ""
        sys.stderr.write(f"rtes-desktop : erreur inattendue : {echo(exc, 300)}{where}\n")
        return 1
    finally:
        if ctx is not None:
            ctx.close()
