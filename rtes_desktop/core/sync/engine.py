"""Sync a library from a published export: signed, incremental, resumable, all-or-nothing.

The steps, and why they are in this order:

1. read manifest.json (a conditional GET over HTTP: unchanged means nothing fetched)
   and manifest.json.sig, and verify the signature against the trusted keys
   before believing anything the manifest says;
2. refuse a signer the source is not pinned to (the key that first signed it), the
   public demo key anywhere but the bundled demo export, a rollback (lower serial)
   or a replay with other bytes (same serial, different manifest hash);
3. fetch only the objects whose hash the library does not hold, into
   `<data>/staging/`, each verified (size and SHA-256) before it is kept; verified
   objects stay there, so a sync interrupted at any point resumes without fetching
   them again;
4. fetch the attachments those entries name (up to a size set by the user; bigger
   ones wait for `attachments.fetch_attachment`), verified, into `<data>/objects/`;
5. apply everything in ONE SQLite transaction (source row, vocabularies, entries,
   withdrawals, serial, sync time, ETag). Cancelled, killed, refused or failed: the
   library is exactly as it was.
6. collect leftovers (unreferenced attachments, earlier syncs' staging, old viewer
   copies: `cleanup.py`).

Nothing is ever held whole in memory but the manifest: objects are streamed to
disk, then read back one at a time while applying.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rtes_desktop.core import settings
from rtes_desktop.core.backup import backup_before_withdrawal
from rtes_desktop.core.errors import (
    BadInput,
    Cancelled,
    InstanceLocked,
    RtesError,
    echo,
    storage_error,
)
from rtes_desktop.core.fs_retry import replace_with_retry
from rtes_desktop.core.i18n import _, ngettext
from rtes_desktop.core.library import Library, now_iso
from rtes_desktop.core.library.attachment_pages import replace_pages
from rtes_desktop.core.library.demo_source import (
    DEMO_SOURCE_ID,
    demo_export_dir,
    demo_kept,
    demo_present,
    remove_demo,
)
from rtes_desktop.core.machine_config import proxy_config
from rtes_desktop.core.models import Entry
from rtes_desktop.core.paths import InstanceLock
from rtes_desktop.core.stale_notes import keep_noted_version, stale_count
from rtes_desktop.core.sync.cleanup import collect_after_sync
from rtes_desktop.core.sync.export_format import (
    DEFAULT_LIMITS,
    MANIFEST,
    SIGNATURE,
    Limits,
    Manifest,
    ManifestEntry,
    object_path,
    parse_entry,
    parse_manifest,
    parse_page_text,
    parse_rfc3339,
    parse_signature,
)
from rtes_desktop.core.sync.export_reader import ExportReader, copy_object, fetch_many, open_export
from rtes_desktop.core.sync.http_client import HttpClient
from rtes_desktop.core.sync.refusals import plain_refusal, replay, rollback
from rtes_desktop.core.sync.report import CancelFn, Phase, Progress, ProgressFn, SyncReport
from rtes_desktop.core.sync.signing import (
    TrustedKey,
    check_owner,
    trusted_keys,
    verify,
    without_demo_key,
)
from rtes_desktop.core.update_notice import record_app_versions

log = logging.getLogger(__name__)

STAGING = "staging"
OBJECTS = "objects"
STALE_STAGING_SECONDS = 30 * 24 * 3600
#: parallel downloads over HTTP: a sync of thousands of small objects is bound by
#: round trips, not bandwidth
FETCH_WORKERS = 4


def staging_dir(library: Library) -> Path:
    """Where verified objects wait until a sync applies them."""
    return library.folder / STAGING


def objects_dir(library: Library) -> Path:
    """Where verified attachments are kept: `<data>/objects/<h[:2]>/<h>`."""
    return library.folder / OBJECTS


def _store_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def normalize_location(location: str) -> str:
    """A URL with a final slash, or an absolute path: what a source row stores."""
    loc = str(location).strip()
    if not loc:
        raise BadInput("aucune source indiquée (adresse http(s), dossier ou .zip)")
    if "\x00" in loc:  # typed or pasted; no file name or address holds one
        raise BadInput("caractère nul dans l'adresse ou le chemin de la source")
    if loc.lower().startswith(("http://", "https://")):
        _check_url(loc)
        return loc if loc.endswith("/") else loc + "/"
    if "://" in loc:
        return loc
    return str(Path(loc).expanduser().resolve())


def _check_url(url: str) -> None:
    """Refuse an address no request could be sent to, before any attempt: without
    this, « http://[::1 » was an unexpected error and « http:// » four retries."""
    import urllib.parse

    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port  # raises ValueError when out of range or not a number
        host = parts.hostname
    except ValueError as exc:
        raise BadInput(
            f"adresse invalide ({exc}) : attendu http(s)://serveur/chemin/", path=echo(url)
        ) from None
    if not host:
        raise BadInput("adresse invalide : il manque le nom du serveur", path=echo(url))
    if port == 0:
        raise BadInput("adresse invalide : le port 0 n'existe pas", path=echo(url))


def _same_place(url: str, location: str) -> bool:
    try:
        return normalize_location(url) == location
    except (BadInput, OSError, ValueError):
        return False


def fetched_as_entries(
    fetched: Iterator[tuple[str, bytes | None]], todo: list[tuple[ManifestEntry, Path, bool]]
) -> Iterator[tuple[ManifestEntry, Path, bytes | None]]:
    """Map `fetch_many`'s (sha256, bytes) back to manifest entries (same hash, same doc)."""
    by_sha = {e.sha256: (e, dest) for e, dest, need in todo if need}
    for sha, data in fetched:
        e, dest = by_sha[sha]
        yield e, dest, data


def _sweep_staging(root: Path) -> None:
    """Drop partial downloads (a killed sync) and objects nobody applied for a month."""
    if not root.is_dir():
        return
    cutoff = time.time() - STALE_STAGING_SECONDS
    for path in root.glob("*/*"):
        try:
            if path.name.endswith(".part") or path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


class _Sync:
    """One sync of one export location; `run()` does it."""

    def __init__(
        self,
        library: Library,
        location: str,
        *,
        allow_unsigned: bool,
        progress: ProgressFn | None,
        cancel: CancelFn | None,
        token: str | None,
        limits: Limits,
        client: HttpClient | None,
        keys: list[TrustedKey] | None,
    ) -> None:
        self.lib = library
        self.location = normalize_location(location)
        self.allow_unsigned = allow_unsigned
        self._progress = progress
        self._cancel = cancel
        self.limits = limits
        self.keys = keys
        self.known = [s for s in library.sources() if s.url and _same_place(s.url, self.location)]
        accounts = [s.id for s in self.known] + [self.location]
        self._own_client = client is None
        self.client = client or HttpClient(
            token=token, token_accounts=accounts, cancel=cancel, proxy=proxy_config()
        )
        if self.client.cancel is None:
            # A blocked read must see the cancel too, not only the checks between steps.
            self.client.cancel = cancel
        self.staging = staging_dir(library)
        self.objects = objects_dir(library)
        self.warnings: list[str] = []
        self.signer: TrustedKey | None = None
        self.started = time.time()
        # The demo key's private half is public: it proves something only about the
        # export the application itself ships, read from its own resources.
        self.bundled_demo = self.location == str(demo_export_dir().resolve())

    # -- helpers ---------------------------------------------------------------

    def progress(
        self, phase: Phase, done: int = 0, total: int = 0, bd: int = 0, bt: int = 0
    ) -> None:
        if self._progress is not None:
            self._progress(Progress(phase, done, total, bd, bt))

    def check_cancel(self) -> None:
        if self._cancel is not None and self._cancel():
            raise Cancelled(_("synchronisation annulée ; la bibliothèque n'a pas été modifiée"))

    def cancelled(self) -> bool:
        return self._cancel is not None and self._cancel()

    # -- the steps -------------------------------------------------------------

    def run(self) -> SyncReport:
        self.progress(Phase.MANIFEST)
        self.check_cancel()
        reader = open_export(self.location, client=self.client, limits=self.limits)
        try:
            return self._run(reader)
        except BadInput as exc:  # the technical account becomes the detail
            plain = plain_refusal(exc, reader.kind)
            if plain is None:
                raise
            raise plain from exc
        finally:
            reader.close()
            if self._own_client:
                self.client.close()

    def _run(self, reader: ExportReader) -> SyncReport:
        prior = self.known[0] if self.known else None
        conditional = reader.kind == "http" and prior is not None and prior.last_serial is not None
        fetched = reader.read_manifest(
            prior.etag if conditional and prior else None,
            prior.last_modified if conditional and prior else None,
        )
        if fetched is None:  # HTTP 304: the manifest has not changed since the last sync
            if not conditional or prior is None:
                raise BadInput(
                    "le serveur répond « non modifié » (HTTP 304) à une première demande, "
                    "sans rien avoir à comparer : réponse invalide, synchronisation impossible",
                    path=MANIFEST,
                )
            self.lib.save_source(prior.id, prior.name, last_sync=now_iso())
            report = SyncReport(prior.id, prior.last_serial, unchanged=True, location=self.location)
            self._warn_expired(prior.id, prior.expires_at, report.warnings)
            return report
        raw = fetched.body
        manifest_sha = hashlib.sha256(raw).hexdigest()
        # Parsed before the signature is checked (nothing is acted on until both pass):
        # a newer format then says "update the application", not "bad signature",
        # even if that format signs differently.
        manifest = parse_manifest(raw, self.limits)
        signer = self.signer = self._verify_signature(raw, reader, manifest.serial)
        sid = manifest.source.id
        if sid == DEMO_SOURCE_ID and not self.bundled_demo:
            raise BadInput(
                f"l'identifiant de source « {DEMO_SOURCE_ID} » est réservé à la bibliothèque de "
                "démonstration livrée avec l'application : export refusé",
                path="manifest.json",
                code="reserved_demo",
            )
        if signer is not None:
            signer.require(sid)
        current = self.lib.source(sid)
        if not self.bundled_demo:  # a new release may re-sign its own demo with a new key
            check_owner(sid, signer, current.key_id if current else None)
        report = SyncReport(sid, manifest.serial, location=self.location, warnings=self.warnings)
        if current is not None and current.last_serial is not None:
            if manifest.serial < current.last_serial:
                raise rollback(reader.kind, manifest.serial, current.last_serial)
            if manifest.serial == current.last_serial:
                if manifest_sha != current.manifest_sha256:
                    raise replay(reader.kind, manifest.serial)
                self.lib.save_source(
                    sid,
                    current.name,
                    last_sync=now_iso(),
                    etag=fetched.etag,
                    last_modified=fetched.last_modified,
                    **self._url_field(current.url, sid),
                )
                report.unchanged = True
                self._warn_expired(sid, manifest.expires_at, self.warnings)
                self.progress(Phase.DONE, 0, 0)
                return report
        self._warn_expired(sid, manifest.expires_at, self.warnings)
        return self._sync(reader, manifest, manifest_sha, fetched, current, report)

    @staticmethod
    def _warn_expired(sid: str, expires_at: str | None, warnings: list[str]) -> None:
        # A mirror (or an attacker) replaying an old export, or answering 304 forever,
        # cannot hide updates past the date the publisher set.
        when = parse_rfc3339(expires_at) if expires_at else None
        if expires_at and when is not None and when < datetime.now(UTC):
            warnings.append(
                _(
                    "la version de « {source} » a expiré le {date} : des mises à jour vous "
                    "sont peut-être retenues ; vérifiez l'adresse de la source"
                ).format(source=sid, date=expires_at[:10])
            )

    def _url_field(self, current_url: str | None, sid: str) -> dict[str, Any]:
        # The demo ships inside the application: its path changes with each install.
        if sid == DEMO_SOURCE_ID:
            return {"url": None}
        if current_url and _same_place(current_url, self.location):
            return {}  # keep it as configured (machine configuration, user)
        # A USB key's path does not replace the network address the source had.
        if current_url and current_url.startswith("http") and not self.location.startswith("http"):
            return {}
        return {"url": self.location}

    def _verify_signature(self, raw: bytes, reader: ExportReader, serial: int) -> TrustedKey | None:
        sig_raw = reader.read_signature()
        if sig_raw is None:
            if not self.allow_unsigned:
                raise BadInput(
                    "signature manquante : export refusé (--allow-unsigned pour accepter un "
                    "export non signé en préparation)",
                    path=SIGNATURE,
                    code="no_signature",
                )
            self.warnings.append(_("export non signé, accepté à votre demande"))
            return None
        sig = parse_signature(sig_raw, self.limits)
        keys = self.keys if self.keys is not None else trusted_keys(self.lib)
        if not self.bundled_demo:
            keys = without_demo_key(keys, sig.key_id, self.location)
        if self.allow_unsigned and not any(k.key_id == sig.key_id for k in keys):
            self.warnings.append(
                _(
                    "export signé par une clé inconnue ({key_id}), accepté comme non signé à "
                    "votre demande"
                ).format(key_id=sig.key_id)
            )
            return None
        return verify(raw, sig, keys, serial=serial)

    def _sync(
        self,
        reader: ExportReader,
        manifest: Manifest,
        manifest_sha: str,
        fetched: Any,
        current: Any,
        report: SyncReport,
    ) -> SyncReport:
        sid = manifest.source.id
        held = {
            r[0]: (r[1], r[2] is not None)
            for r in self.lib.conn.execute(
                "SELECT id, sha256, withdrawn_at FROM entries WHERE source_id=?", (sid,)
            )
        }
        # A withdrawn entry listed again is fetched again like a changed one: its page
        # text was dropped at withdrawal and comes back with its documents.
        changed = [e for e in manifest.entries if held.get(e.id) != (e.sha256, False)]
        kinds = {k["id"] for k in manifest.kinds} or None
        themes = {t["id"] for t in manifest.themes}
        texts: dict[str, int] = {}
        attachments = self._fetch_entries(reader, changed, sid, kinds, themes, report, texts)
        self._fetch_attachments(reader, attachments, report, texts)
        self.check_cancel()
        self._apply(manifest, manifest_sha, fetched, current, changed, held, kinds, themes, report)
        folders = set()
        staged_shas = [e.sha256 for e in changed] + list(texts)
        for sha in staged_shas:  # applied: the library holds them now
            staged = _store_path(self.staging, sha)
            staged.unlink(missing_ok=True)
            folders.add(staged.parent)
        for folder in folders:
            try:
                folder.rmdir()
            except OSError:
                pass  # not empty: other objects wait there
        try:
            collect_after_sync(self.lib, self.staging, self.objects, self.started)
        except OSError as exc:  # the sync itself succeeded: cleaning waits for the next one
            log.warning("cleanup after sync of %s failed: %s", sid, exc)
        self.progress(Phase.DONE, 1, 1)
        log.info("sync %s serial %s: %s", sid, manifest.serial, report.summary_fr())
        return report

    def _fetch_entries(
        self,
        reader: ExportReader,
        changed: list[ManifestEntry],
        sid: str,
        kinds: set[str] | None,
        themes: set[str],
        report: SyncReport,
        texts: dict[str, int],
    ) -> dict[str, int]:
        """Stage (verified) every changed entry document; return attachments to fetch
        and fill `texts` with the page-text objects they name (SHA-256 -> size)."""
        _sweep_staging(self.staging)
        total_bytes = sum(e.size for e in changed)
        max_auto = self.lib.get_setting(settings.ATTACHMENTS_MAX_AUTO)
        wanted: dict[str, int] = {}
        deferred: set[str] = set()
        self.progress(Phase.DOWNLOAD, 0, len(changed), 0, total_bytes)

        todo = []
        for e in changed:
            dest = _store_path(self.staging, e.sha256)
            if dest.is_file() and dest.stat().st_size == e.size:
                todo.append((e, dest, False))  # verified by an interrupted sync
            else:
                todo.append((e, dest, True))
        # One download per hash (a hostile manifest may list a hash twice).
        needed = {e.sha256: (e.sha256, e.size, dest) for e, dest, need in todo if need}
        fetched = fetch_many(
            reader,
            list(needed.values()),
            cancel=self.cancelled,
            workers=FETCH_WORKERS if reader.kind == "http" else 1,
        )
        staged = ((e, dest, None) for e, dest, need in todo if not need)
        with contextlib.closing(fetched):  # stops the downloads if anything below fails
            self._check_entries(
                itertools.chain(staged, fetched_as_entries(fetched, todo)),
                len(changed),
                total_bytes,
                sid,
                kinds,
                themes,
                report,
                wanted,
                deferred,
                max_auto,
                texts,
            )
        report.deferred_attachments = len(deferred)
        if deferred:
            self.warnings.append(
                ngettext(
                    "{n} pièce jointe volumineuse sera téléchargée à la demande",
                    "{n} pièces jointes volumineuses seront téléchargées à la demande",
                    len(deferred),
                ).format(n=len(deferred))
            )
        return wanted

    def _check_entries(
        self,
        items: Iterator[tuple[ManifestEntry, Path, bytes | None]],
        count: int,
        total_bytes: int,
        sid: str,
        kinds: set[str] | None,
        themes: set[str],
        report: SyncReport,
        wanted: dict[str, int],
        deferred: set[str],
        max_auto: int | None,
        texts: dict[str, int],
    ) -> None:
        """Parse each staged entry as it arrives, and list the attachments it needs."""
        done_bytes = 0
        for i, (e, dest, data) in enumerate(items):
            self.check_cancel()
            done_bytes += e.size
            if data is None:
                report.reused_objects += 1
            else:
                report.fetched_objects += 1
                report.fetched_bytes += e.size
            # Parse now, so a bad document stops the sync before anything else is fetched.
            entry = parse_entry(
                data if data is not None else dest.read_bytes(),
                source_id=sid,
                sha256=e.sha256,
                expected_id=e.id,
                kinds=kinds,
                themes=themes,
                limits=self.limits,
            )
            for att in entry.attachments:
                if att.text_sha256 and att.text_size:
                    # Always fetched, even for a PDF deferred for its size: the text is
                    # small, and it makes the PDF findable before it is downloaded.
                    texts[att.text_sha256] = att.text_size
                if (self.objects / att.sha256[:2] / att.sha256).is_file():
                    continue
                if max_auto is not None and att.size > max_auto:
                    deferred.add(att.sha256)
                else:
                    wanted[att.sha256] = att.size
            self.progress(Phase.DOWNLOAD, i + 1, count, done_bytes, total_bytes)

    def _fetch_attachments(
        self,
        reader: ExportReader,
        wanted: dict[str, int],
        report: SyncReport,
        texts: dict[str, int],
    ) -> None:
        total = sum(wanted.values()) + sum(texts.values())
        if total > self.limits.total_bytes:
            raise BadInput(
                f"pièces jointes trop volumineuses ({total} octets, "
                f"{self.limits.total_bytes} au plus)",
                path="manifest.json",
            )
        done_bytes = 0
        count = len(wanted) + len(texts)
        self.progress(Phase.ATTACHMENTS, 0, count, 0, total)

        def on_bytes(n: int) -> None:
            nonlocal done_bytes
            done_bytes += n
            self.progress(Phase.ATTACHMENTS, done, count, done_bytes, total)

        # Page texts stay in staging until applied (like entry documents); attachments
        # go to the objects store.
        todo = [(sha, size, True) for sha, size in sorted(wanted.items())]
        todo += [(sha, size, False) for sha, size in sorted(texts.items())]
        for done, (sha, size, is_attachment) in enumerate(todo):
            self.check_cancel()
            staged = _store_path(self.staging, sha)
            if not (staged.is_file() and staged.stat().st_size == size):
                copy_object(reader, sha, size, staged, on_bytes=on_bytes, cancel=self.cancelled)
                report.fetched_objects += 1
                report.fetched_bytes += size
            else:
                report.reused_objects += 1
                done_bytes += size
            if is_attachment:
                # The objects store is content-addressed: a verified file there is
                # harmless even if this sync is then refused, and found by the next one.
                final = _store_path(self.objects, sha)
                final.parent.mkdir(parents=True, exist_ok=True)
                replace_with_retry(staged, final)
            self.progress(Phase.ATTACHMENTS, done + 1, count, done_bytes, total)

    def _apply(
        self,
        manifest: Manifest,
        manifest_sha: str,
        fetched: Any,
        current: Any,
        changed: list[ManifestEntry],
        held: dict[str, tuple[str, bool]],
        kinds: set[str] | None,
        themes: set[str],
        report: SyncReport,
    ) -> None:
        sid = manifest.source.id
        lib = self.lib
        first_sync = current is None or current.last_serial is None
        total = len(changed)
        self.progress(Phase.APPLY, 0, total)
        # Withdrawing annotated entries keeps them, but back the user's data up first.
        backup_before_withdrawal(lib, sid, {e.id for e in manifest.entries})
        with lib.transaction():
            lib.save_source(
                sid,
                manifest.source.name,
                homepage=manifest.source.homepage,
                is_demo=sid == DEMO_SOURCE_ID,
                key_id=self.signer.key_id if self.signer else (current and current.key_id),
                last_serial=manifest.serial,
                manifest_sha256=manifest_sha,
                generated_at=manifest.generated_at,
                expires_at=manifest.expires_at,
                last_sync=now_iso(),
                etag=fetched.etag,
                last_modified=fetched.last_modified,
                **self._url_field(current.url if current else None, sid),
            )
            record_app_versions(lib.conn, sid, manifest.app)
            # Replacing the vocabulary re-indexes every entry of the source: only when it changed.
            old_kinds = [{"id": k.id, "label": k.label} for k in lib.kinds(sid)]
            old_themes = [
                {"id": t.id, "label": t.label, "description": t.description}
                for t in lib.themes(sid)
            ]
            if old_kinds != manifest.kinds or old_themes != manifest.themes:
                lib.replace_vocabulary(sid, manifest.kinds, manifest.themes)
            for i, e in enumerate(changed):
                if i % 200 == 0:
                    self.check_cancel()
                    self.progress(Phase.APPLY, i, total)
                data = self._staged(e.sha256)
                entry = parse_entry(
                    data,
                    source_id=sid,
                    sha256=e.sha256,
                    expected_id=e.id,
                    kinds=kinds,
                    themes=themes,
                    limits=self.limits,
                    path=object_path(e.sha256),
                )
                keep_noted_version(lib, sid, e.id, e.sha256)  # so a stale note can show its diff
                lib.write_entry(entry)
                replace_pages(lib.conn, sid, entry.id, self._page_texts(entry))
                (report.updated if e.id in held else report.new).append(e.id)
            report.notes_to_recheck = stale_count(lib, sid, report.updated)
            self.check_cancel()
            report.withdrawn = lib.withdraw_missing(sid, {e.id for e in manifest.entries})
            if sid != DEMO_SOURCE_ID:  # « Nouveautés » (core/news.py); the demo is not news
                lib.record_sync(sid, manifest.serial, report.new, report.updated)
            if sid != DEMO_SOURCE_ID and first_sync and demo_present(lib) and not demo_kept(lib):
                # Synced content does not mix with the demo unless the user chose to
                # keep it (the window asks first); annotated demo entries stay.
                remove_demo(lib)
                report.warnings.append(_("la bibliothèque de démonstration a été retirée"))
            self.progress(Phase.APPLY, total, total)

    def _staged(self, sha: str) -> bytes:
        path = _store_path(self.staging, sha)
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha:  # changed on disk since verified
            raise BadInput(
                "fichier de l'espace de préparation altéré ; relancez la synchronisation",
                path=str(path),
            )
        return data

    def _page_texts(self, entry: Entry) -> dict[str, list[str]]:
        """attachment SHA-256 -> its pages' text, from the staged (verified) objects."""
        texts = {}
        for att in entry.attachments:
            if att.text_sha256:
                raw = self._staged(att.text_sha256)
                texts[att.sha256] = parse_page_text(raw, sha256=att.text_sha256, limits=self.limits)
        return texts


def sync_source(
    library: Library,
    location: str,
    *,
    allow_unsigned: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    token: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    client: HttpClient | None = None,
    keys: list[TrustedKey] | None = None,
) -> SyncReport:
    """Sync the library from the export at `location` (http(s) URL, folder or .zip).

    All or nothing: on any refusal (BadInput), failure, or cancel (Cancelled) the
    library is left exactly as it was. `token` overrides the credential store;
    `keys` overrides the trusted keys (default: shipped + user-added).
    """
    lock = InstanceLock(library.folder, "sync.lock")
    try:
        lock.acquire()
    except OSError as exc:  # the lock file cannot even be created: read-only, no rights
        raise storage_error(exc) or RtesError(
            f"verrou de synchronisation impossible à créer ({exc.strerror})",
            path=str(lock.path),
        ) from exc
    except InstanceLocked:
        raise InstanceLocked(
            "une synchronisation est déjà en cours sur ce dossier de données ; "
            "attendez qu'elle se termine",
            path=str(library.folder),
        ) from None
    try:
        return _Sync(
            library,
            location,
            allow_unsigned=allow_unsigned,
            progress=progress,
            cancel=cancel,
            token=token,
            limits=limits,
            client=client,
            keys=keys,
        ).run()
    except (OSError, sqlite3.Error) as exc:
        # The data folder's disk, not the export: full, read-only, no permission.
        disk = storage_error(exc, library.path if isinstance(exc, sqlite3.Error) else None)
        if disk is None:
            raise
        log.warning("sync of %s stopped by the disk: %s", location, exc)
        raise disk from exc
    finally:
        lock.release()


def sync_all(
    library: Library,
    *,
    allow_unsigned: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[SyncReport]:
    """Sync every configured source (each with its own address, keys and token).

    A source that fails does not stop the others: its report carries `error`.
    Cancelling stops everything.
    """
    reports = []
    for src in library.sources():
        if src.is_demo or not src.url:
            continue
        try:
            reports.append(
                sync_source(
                    library,
                    src.url,
                    allow_unsigned=allow_unsigned,
                    progress=progress,
                    cancel=cancel,
                    limits=limits,
                )
            )
        except Cancelled:
            raise
        except RtesError as exc:
            log.warning("sync of %s failed: %s (%s)", src.id, exc, exc.detail or "")
            reports.append(
                SyncReport(
                    src.id,
                    src.last_serial,
                    location=src.url,
                    error=str(exc),
                    error_detail=exc.detail,
                )
            )
    return reports
