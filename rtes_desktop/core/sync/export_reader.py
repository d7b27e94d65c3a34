"""One way to read an export, wherever it is: a folder, a `.zip`, or an http(s) root.

A reader hands out the exact bytes of `manifest.json` and `manifest.json.sig`, and
streams objects. It trusts nothing: `copy_object` hashes what it streams and keeps a
file only when its size and SHA-256 are those the (signed) manifest announced.

Zips are checked before anything is read (no member outside the root, no links,
no encrypted member, declared sizes and ratios within limits) and again while
inflating, because a zip's headers can lie: inflation stops as soon as a member
grows past what it may be, so a zip bomb is refused in seconds without filling
the disk.
"""

from __future__ import annotations

import concurrent.futures
import errno
import hashlib
import http.client
import itertools
import os
import stat
import struct
import threading
import urllib.parse
import zipfile
import zlib
from collections.abc import Callable, Generator
from pathlib import Path
from typing import IO, Any, Protocol, cast

from rtes_desktop.core.errors import BadInput, Cancelled
from rtes_desktop.core.files import open_regular, read_small_file
from rtes_desktop.core.fs_retry import replace_with_retry
from rtes_desktop.core.i18n import _
from rtes_desktop.core.sync.export_format import (
    DEFAULT_LIMITS,
    MANIFEST,
    SIGNATURE,
    Limits,
    object_path,
)
from rtes_desktop.core.sync.http_client import Fetched, HttpClient, HttpError, check_url

CHUNK = 256 * 1024


class ExportReader(Protocol):
    """What the sync engine needs from an export, wherever it is."""

    location: str
    kind: str  # "folder", "zip" or "http"

    def read_manifest(
        self, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched | None:
        """manifest.json's bytes (None: unchanged since etag/last_modified, HTTP only)."""

    def read_signature(self) -> bytes | None:
        """manifest.json.sig's bytes, None when the export has none."""

    def open_object(self, sha256: str, size: int) -> IO[bytes]:
        """A binary stream of one object; BadInput when it is missing."""

    def close(self) -> None: ...


class FolderReader:
    """An export unpacked in a folder (a USB key, a publisher's output)."""

    kind = "folder"

    def __init__(self, root: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.root = root
        self.location = str(root)
        self.limits = limits
        if not os.path.lexists(root / MANIFEST):
            raise BadInput(
                _("fichier manquant : ce dossier n'est pas un export (manifest.json absent)"),
                path=str(root / MANIFEST),
            )

    def read_manifest(
        self, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched | None:
        # Regular files only, opened without blocking: a FIFO would wait for ever.
        return Fetched(read_small_file(self.root / MANIFEST, self.limits.manifest_bytes, MANIFEST))

    def read_signature(self) -> bytes | None:
        path = self.root / SIGNATURE
        if not os.path.lexists(path):
            return None
        # Something there that is not a file is refused, not taken for "unsigned".
        return read_small_file(path, self.limits.signature_bytes, SIGNATURE)

    def open_object(self, sha256: str, size: int) -> IO[bytes]:
        path = self.root / object_path(sha256)
        if not os.path.lexists(path):
            raise BadInput(_("objet manquant dans l'export"), path=object_path(sha256))
        return open_regular(path, "objet")

    def close(self) -> None:
        pass


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    if "\\" in name or "\x00" in name:
        return _("nom de membre invalide")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return _("chemin absolu : le membre sort de la racine de l'export")
    if ".." in name.split("/"):
        return _("le membre sort de la racine de l'export (« .. »)")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return _("lien symbolique interdit dans un export")
    if info.flag_bits & 0x1:
        return _("membre chiffré : non pris en charge")
    return None


class _InflateGuard:
    """Reads a zip member while counting what it inflates to; stops a bomb early."""

    def __init__(self, fh: IO[bytes], info: zipfile.ZipInfo, cap: int, limits: Limits, what: str):
        self._fh = fh
        self._info = info
        self._cap = cap
        self._limits = limits
        self._what = what
        self.inflated = 0

    def read(self, n: int = -1) -> bytes:
        data = self._fh.read(CHUNK if n is None or n < 0 else n)
        self.inflated += len(data)
        if self.inflated > self._cap:
            raise BadInput(
                _(
                    "trop gros une fois décompressé (plus de {_cap} octets, plus que ce "
                    "qui était annoncé) : archive refusée"
                ).format(_cap=self._cap),
                path=self._what,
            )
        floor = self._limits.zip_ratio_floor
        if self.inflated > floor and self.inflated > self._limits.zip_ratio * max(
            self._info.compress_size, 1
        ):
            raise BadInput(
                _(
                    "taux de compression anormal (plus de {zip_ratio} pour 1) : bombe de "
                    "décompression probable, archive refusée"
                ).format(zip_ratio=self._limits.zip_ratio),
                path=self._what,
            )
        return data

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> _InflateGuard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_EOCD = struct.Struct("<4s4H2LH")  # end of central directory, 22 bytes
_ZIP64_LOCATOR = struct.Struct("<4sLQL")  # 20 bytes, just before the EOCD
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")  # 56 bytes


def zip_directory(path: Path) -> tuple[int, int]:
    """(member count, central directory size) as the zip at `path` declares them in
    its end-of-central-directory record (zip64 included), read from the file's last
    64 KiB only. BadInput when there is no such record: the zip is incomplete."""
    with open_regular(path, "archive") as fh:
        size = os.fstat(fh.fileno()).st_size
        tail_len = min(size, _EOCD.size + 0xFFFF)  # the record and its longest comment
        fh.seek(size - tail_len)
        tail = fh.read(tail_len)
        pos = len(tail)
        while (pos := tail.rfind(b"PK\x05\x06", 0, pos)) >= 0:
            if pos + _EOCD.size > len(tail):
                continue
            fields = _EOCD.unpack_from(tail, pos)
            if pos + _EOCD.size + fields[7] == len(tail):  # its comment ends the file
                break
        else:
            raise BadInput(
                _(
                    "archive .zip incomplète (tronquée ?) : sa fin, qui en donne le "
                    "sommaire, manque ; copiez ou téléchargez-la de nouveau"
                ),
                path=str(path),
            )
        count, cd_size = fields[4], fields[5]
        if count == 0xFFFF or cd_size == 0xFFFFFFFF or fields[6] == 0xFFFFFFFF:
            # Where zipfile looks for the zip64 record: just before its locator.
            start = size - tail_len + pos - _ZIP64_LOCATOR.size - _ZIP64_EOCD.size
            loc = pos - _ZIP64_LOCATOR.size
            if start >= 0 and loc >= 0 and tail[loc : loc + 4] == b"PK\x06\x07":
                fh.seek(start)
                record = fh.read(_ZIP64_EOCD.size)
                if record[:4] == b"PK\x06\x06" and len(record) == _ZIP64_EOCD.size:
                    z = _ZIP64_EOCD.unpack(record)
                    count, cd_size = z[7], z[8]
    return count, cd_size


class ZipReader:
    """An export handed over as one zip file (same tree, manifest.json at its root)."""

    kind = "zip"

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.location = str(path)
        self.limits = limits
        self.name = path.name
        # zipfile reads the whole central directory into Python objects: a million
        # empty members cost 25 s and 600 MB before the count could be checked.
        count, cd_size = zip_directory(path)
        if count > limits.zip_members:
            raise BadInput(
                _(
                    "trop de fichiers dans l'archive ({count} annoncés, {zip_members} au "
                    "plus) : archive refusée"
                ).format(count=count, zip_members=limits.zip_members),
                path=str(path),
            )
        if cd_size > limits.zip_directory_bytes:
            raise BadInput(
                _(
                    "sommaire de l'archive trop gros ({cd_size} octets, "
                    "{zip_directory_bytes} au plus) : archive refusée"
                ).format(cd_size=cd_size, zip_directory_bytes=limits.zip_directory_bytes),
                path=str(path),
            )
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise BadInput(
                _("archive zip illisible ({exc})").format(exc=exc), path=str(path)
            ) from None
        try:
            self._members = self._check()
        except BaseException:
            self._zip.close()
            raise
        self.prefix = self._find_root()

    def _check(self) -> dict[str, zipfile.ZipInfo]:
        infos = self._zip.infolist()
        lim = self.limits
        if len(infos) > lim.zip_members:
            raise BadInput(
                _("trop de fichiers dans l'archive ({count})").format(count=len(infos)),
                path=self.name,
            )
        members: dict[str, zipfile.ZipInfo] = {}
        declared = 0
        biggest = max(lim.attachment_bytes, lim.entry_bytes, lim.manifest_bytes)
        for info in infos:
            problem = _member_problem(info)
            if problem:
                raise BadInput(
                    _("{problem} (« {filename} »)").format(
                        problem=problem, filename=info.filename[:200]
                    ),
                    path=self.name,
                )
            if info.filename in members:
                raise BadInput(
                    _("membre en double (« {filename} »)").format(filename=info.filename[:200]),
                    path=self.name,
                )
            members[info.filename] = info
            if info.is_dir():
                continue
            if info.file_size > biggest:
                raise BadInput(
                    _(
                        "le membre « {filename} » ferait {file_size} octets une fois "
                        "décompressé : archive refusée"
                    ).format(filename=info.filename[:200], file_size=info.file_size),
                    path=self.name,
                )
            if info.file_size > lim.zip_ratio_floor and info.file_size > lim.zip_ratio * max(
                info.compress_size, 1
            ):
                raise BadInput(
                    _(
                        "taux de compression anormal pour « {filename} » : bombe de "
                        "décompression probable, archive refusée"
                    ).format(filename=info.filename[:200]),
                    path=self.name,
                )
            declared += info.file_size
        if declared > lim.total_bytes + lim.manifest_bytes:
            raise BadInput(
                _("archive trop volumineuse une fois décompressée ({declared} octets)").format(
                    declared=declared
                ),
                path=self.name,
            )
        return members

    def _find_root(self) -> str:
        if MANIFEST in self._members:
            return ""
        # A zip of the export's folder (export/manifest.json) is accepted too.
        tops = {n.split("/", 1)[0] for n in self._members}
        if len(tops) == 1:
            prefix = next(iter(tops)) + "/"
            if prefix + MANIFEST in self._members:
                return prefix
        raise BadInput(
            _("manifest.json absent de la racine de l'archive : ce n'est pas un export"),
            path=self.name,
        )

    def _open(self, name: str, cap: int, what: str) -> _InflateGuard | None:
        info = self._members.get(self.prefix + name)
        if info is None or info.is_dir():
            return None
        try:
            fh = self._zip.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
            raise BadInput(_("membre illisible ({exc})").format(exc=exc), path=what) from None
        return _InflateGuard(fh, info, cap, self.limits, what)

    def _read_small(self, name: str, cap: int) -> bytes | None:
        guard = self._open(name, cap, name)
        if guard is None:
            return None
        with guard:
            try:
                return _read_all(guard)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise BadInput(_("membre corrompu ({exc})").format(exc=exc), path=name) from None

    def read_manifest(
        self, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched | None:
        data = self._read_small(MANIFEST, self.limits.manifest_bytes)
        assert data is not None  # checked by _find_root
        return Fetched(data)

    def read_signature(self) -> bytes | None:
        return self._read_small(SIGNATURE, self.limits.signature_bytes)

    def open_object(self, sha256: str, size: int) -> IO[bytes]:
        what = object_path(sha256)
        # One byte past the announced size is enough to know the member is wrong.
        guard = self._open(what, size + 1, what)
        if guard is None:
            raise BadInput(_("objet manquant dans l'export"), path=what)
        # The guard reads like a binary file (read, close, context manager): what callers use.
        return guard  # type: ignore[return-value]

    def close(self) -> None:
        self._zip.close()


def _read_all(stream: Any) -> bytes:
    parts: list[bytes] = []
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)


class HttpReader:
    """An export served by any web server, CDN or object store."""

    kind = "http"

    def __init__(self, url: str, client: HttpClient, limits: Limits = DEFAULT_LIMITS) -> None:
        self.location = url if url.endswith("/") else url + "/"
        self.client = client
        self.limits = limits

    def _url(self, name: str) -> str:
        return urllib.parse.urljoin(self.location, name)

    def read_manifest(
        self, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched | None:
        try:
            return self.client.get_bytes(
                self._url(MANIFEST),
                what=MANIFEST,
                max_bytes=self.limits.manifest_bytes,
                etag=etag,
                last_modified=last_modified,
            )
        except HttpError as exc:
            if exc.status == 404:
                raise HttpError(
                    _("introuvable (HTTP 404) : cette adresse n'est pas la racine d'un export"),
                    status=404,
                    path=self._url(MANIFEST),
                ) from None
            raise

    def read_signature(self) -> bytes | None:
        try:
            fetched = self.client.get_bytes(
                self._url(SIGNATURE), what=SIGNATURE, max_bytes=self.limits.signature_bytes
            )
        except HttpError as exc:
            if exc.status == 404:
                return None
            raise
        return fetched.body if fetched else None

    def open_object(self, sha256: str, size: int) -> IO[bytes]:
        what = object_path(sha256)
        try:
            # urllib3's response is a binary io.IOBase reader, typed as its own class.
            return cast(IO[bytes], self.client.open(self._url(what), what=what, size=size))
        except HttpError as exc:
            if exc.status == 404:
                raise BadInput(_("objet manquant dans l'export (HTTP 404)"), path=what) from None
            raise

    def close(self) -> None:
        pass


def _starts_like_zip(path: Path) -> bool:
    try:
        with open_regular(path, "archive") as fh:
            return fh.read(4) in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
    except BadInput:
        return False


def open_export(
    location: str,
    *,
    client: HttpClient | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ExportReader:
    """A reader for `location`: an http(s):// URL, a folder, or a .zip file."""
    low = location.strip().lower()
    if low.startswith(("http://", "https://")):
        check_url(location.strip())
        if client is None:
            from rtes_desktop.core.machine_config import proxy_config

            client = HttpClient(proxy=proxy_config())
        return HttpReader(location.strip(), client, limits)
    if "://" in low:
        raise BadInput(
            _("adresse non prise en charge (http://, https://, un dossier ou un .zip)"),
            path=location,
        )
    path = Path(location).expanduser()
    try:
        is_dir, is_file = path.is_dir(), path.is_file()
    except OSError as exc:  # a name too long, a loop of links…: not "unexpected"
        raise BadInput(
            _("chemin inaccessible ({strerror})").format(strerror=exc.strerror), path=location
        ) from None
    if is_dir:
        return FolderReader(path.resolve(), limits)
    if is_file:
        if zipfile.is_zipfile(path) or _starts_like_zip(path):
            # One that starts like a zip but is not one is incomplete: ZipReader says so.
            return ZipReader(path.resolve(), limits)
        raise BadInput(
            _("ce fichier n'est ni un dossier d'export ni une archive .zip"), path=location
        )
    raise BadInput(
        _("introuvable (ni adresse http(s), ni dossier, ni fichier .zip)"), path=location
    )


def copy_object(
    reader: ExportReader,
    sha256: str,
    size: int,
    dest: Path,
    *,
    on_bytes: Callable[[int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    attempts: int = 3,
    keep: bool = False,
) -> bytes | None:
    """Stream one object into `dest`, keeping it only if its size and hash match.

    The bytes go to `dest` + ".part" first; `dest` appears (atomically) only once
    verified, so a file at `dest` is always a verified object, even after a kill.
    With `keep` (small objects only: entry documents), also returns the bytes, so
    the caller need not read the file back.
    """
    what = object_path(sha256)
    part = dest.with_name(dest.name + ".part")
    if not dest.parent.is_dir():
        dest.parent.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, attempts + 1):
        digest = hashlib.sha256()
        got = 0
        kept: list[bytes] = []
        try:
            with reader.open_object(sha256, size) as src, open(part, "wb") as out:
                while True:
                    if cancel is not None and cancel():
                        raise Cancelled(_("synchronisation annulée ; rien n'a été modifié"))
                    chunk = src.read(CHUNK)
                    if not chunk:
                        break
                    got += len(chunk)
                    if got > size:
                        raise BadInput(
                            _(
                                "plus gros que la taille annoncée par le manifeste ({size} octets)"
                            ).format(size=size),
                            path=what,
                        )
                    digest.update(chunk)
                    out.write(chunk)
                    if keep:
                        kept.append(chunk)
                    if on_bytes is not None:
                        on_bytes(len(chunk))
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            part.unlink(missing_ok=True)
            raise BadInput(
                _("membre de l'archive corrompu ({exc})").format(exc=exc), path=what
            ) from None
        except (OSError, http.client.HTTPException) as exc:
            part.unlink(missing_ok=True)
            if _local_write_failure(exc, part):  # our disk, not the export's object
                raise exc
            if reader.kind != "http":
                raise BadInput(_("lecture impossible ({exc})").format(exc=exc), path=what) from None
            if attempt == attempts:
                raise HttpError(
                    _("transfert interrompu ({exc})").format(exc=exc), path=what
                ) from None
            continue
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        if got != size:
            part.unlink(missing_ok=True)
            raise BadInput(
                _("taille {got} octets au lieu des {size} annoncés par le manifeste").format(
                    got=got, size=size
                ),
                path=what,
            )
        if digest.hexdigest() != sha256:
            part.unlink(missing_ok=True)
            raise BadInput(
                _("contenu altéré : son empreinte SHA-256 ne correspond pas au manifeste"),
                path=what,
            )
        replace_with_retry(part, dest)
        return b"".join(kept) if keep else None
    return None


def _local_write_failure(exc: BaseException, part: Path) -> bool:
    """True when an OSError comes from writing `part` (a full disk, a read-only or
    forbidden data folder), not from reading the export."""
    if not isinstance(exc, OSError):
        return False
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EROFS):
        return True  # reading never fills a disk
    return exc.filename is not None and os.fsdecode(exc.filename) == str(part)


def fetch_many(
    reader: ExportReader,
    items: list[tuple[str, int, Path]],
    *,
    cancel: Callable[[], bool] | None = None,
    workers: int = 1,
) -> Generator[tuple[str, bytes], None, None]:
    """`copy_object` for each (sha256, size, dest), yielding (sha256, bytes) as each
    is verified, in completion order. With `workers` > 1 (HTTP), several downloads
    run at once; the first failure stops the others and is raised."""
    if workers <= 1 or len(items) <= 1:
        for sha, size, dest in items:
            data = copy_object(reader, sha, size, dest, cancel=cancel, keep=True)
            assert data is not None
            yield sha, data
        return
    stop = threading.Event()

    def stopped() -> bool:
        return stop.is_set() or (cancel is not None and cancel())

    def one(sha: str, size: int, dest: Path) -> tuple[str, bytes]:
        data = copy_object(reader, sha, size, dest, cancel=stopped, keep=True)
        assert data is not None
        return sha, data

    pool = concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="fetch")
    pending = set()
    queue = iter(items)
    try:
        # Submitted a few at a time: a finished download's bytes are not kept
        # waiting behind thousands of others (memory stays flat).
        for sha, size, dest in itertools.islice(queue, workers * 2):
            pending.add(pool.submit(one, sha, size, dest))
        while pending:
            done, pending = concurrent.futures.wait(
                pending, return_when=concurrent.futures.FIRST_COMPLETED
            )
            for fut in done:
                result = fut.result()  # raises the download's error
                for sha, size, dest in itertools.islice(queue, 1):
                    pending.add(pool.submit(one, sha, size, dest))
                yield result
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
