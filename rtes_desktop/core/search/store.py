"""Index folders on disk: generations, the stamp, building and updating.

``<data>/index/`` holds one folder per index generation (``gen-…``) and a
``CURRENT`` file naming the one in use. A rebuild writes a new generation in a
``build-…`` folder, renames it, then switches ``CURRENT`` (an atomic file
replace): searches keep answering from the old generation meanwhile, and a
crash mid-build leaves the old one in place.

Each generation holds ``rtes-stamp.json``: the database it was built from
(``db_uuid``), the last search-journal ``seq`` it reflects, and the index
format. An index whose stamp disagrees with the database is rebuilt.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rtes_desktop.core.errors import Cancelled
from rtes_desktop.core.fs_retry import replace_with_retry
from rtes_desktop.core.search import pool
from rtes_desktop.core.search import whoosh_internals as wi
from rtes_desktop.core.search.indexing import add_document
from rtes_desktop.core.search.pacing import Pacer
from rtes_desktop.core.search.snapshot import (
    INDEX_FORMAT,
    document_fields,
    make_codec,
    make_schema,
)
from rtes_desktop.core.search.storage import open_index

log = logging.getLogger(__name__)

STAMP_FILE = "rtes-stamp.json"
CURRENT_FILE = "CURRENT"
STALE_FOLDER_SECONDS = 600  # an unused generation older than this is deleted
#: Postings held in memory by an index writer before it spills them to disk.
POOL_MB = 32

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


@dataclass
class Stamp:
    db_uuid: str
    seq: int
    format: int = INDEX_FORMAT
    doc_count: int = 0
    built_at: float = 0.0


def read_stamp(folder: Path) -> Stamp | None:
    """The stamp of a generation, or None when missing or unreadable."""
    try:
        data = json.loads((folder / STAMP_FILE).read_text(encoding="utf-8"))
        return Stamp(
            db_uuid=str(data["db_uuid"]),
            seq=int(data["seq"]),
            format=int(data.get("format", 0)),
            doc_count=int(data.get("doc_count", 0)),
            built_at=float(data.get("built_at", 0)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_stamp(folder: Path, stamp: Stamp) -> None:
    """Write the stamp atomically (a crash leaves the old one)."""
    tmp = folder / f".{STAMP_FILE}.{uuid.uuid4().hex}"
    tmp.write_text(json.dumps(stamp.__dict__), encoding="utf-8")
    replace_with_retry(tmp, folder / STAMP_FILE)


class IndexStore:
    """The generations under one index root."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def current(self) -> Path | None:
        """The generation in use, or None."""
        try:
            name = (self.root / CURRENT_FILE).read_text(encoding="utf-8").strip()
        except OSError:
            return None
        if not name.startswith("gen-") or "/" in name or "\\" in name:
            return None
        folder = self.root / name
        return folder if folder.is_dir() else None

    def switch_to(self, folder: Path) -> None:
        """Make `folder` the generation in use (atomic)."""
        tmp = self.root / f".{CURRENT_FILE}.{uuid.uuid4().hex}"
        tmp.write_text(folder.name, encoding="utf-8")
        replace_with_retry(tmp, self.root / CURRENT_FILE)

    def cleanup(self, keep: Iterable[Path] = ()) -> None:
        """Delete generations and builds no longer used (old enough that no other
        process can still be switching to them)."""
        keep_names = {p.name for p in keep}
        current = self.current()
        if current is not None:
            keep_names.add(current.name)
        now = time.time()
        try:
            children = list(self.root.iterdir())
        except OSError:
            return
        for child in children:
            if not child.is_dir() or child.name in keep_names:
                continue
            if not child.name.startswith(("gen-", "build-")):
                continue
            try:
                age = now - child.stat().st_mtime
            except OSError:
                continue
            limit = STALE_FOLDER_SECONDS if child.name.startswith("gen-") else 86_400
            if age > limit:
                shutil.rmtree(child, ignore_errors=True)

    def remove(self, folder: Path) -> None:
        """Delete a generation now (after its searcher is closed)."""
        shutil.rmtree(folder, ignore_errors=True)

    # -- building ----------------------------------------------------------

    def build(
        self,
        documents: Iterable[dict[str, Any]],
        total: int,
        stamp: Stamp,
        *,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> Path:
        """Write a complete new generation from `documents`; return its folder
        (not yet current). Cancelled leaves nothing behind."""
        self.root.mkdir(parents=True, exist_ok=True)
        token = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
        build = self.root / f"build-{token}"
        build.mkdir()
        try:
            ix = open_index(build, make_schema())
            # One process (the fused analyzer makes multiprocessing
            # unnecessary, and forking a GUI process is unsafe). Our pool: no
            # commit-time sort that holds the GIL, and past POOL_MB of
            # postings it spills to disk, so memory stays flat however large
            # the library (see pool.py).
            writer = pool.install(ix.writer(limitmb=POOL_MB, codec=make_codec()))
            done = 0
            pace = Pacer()  # the GUI thread gets the GIL (see pacing.py)
            try:
                for doc in documents:
                    add_document(writer, document_fields(doc))
                    done += 1
                    pace()
                    if done % 200 == 0:
                        if cancel is not None and cancel():
                            raise Cancelled("reconstruction de l'index annulée")
                        if progress is not None:
                            progress(done, max(total, done))
                if cancel is not None and cancel():
                    raise Cancelled("reconstruction de l'index annulée")
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            ix.close()
            stamp.doc_count = done
            stamp.built_at = time.time()
            write_stamp(build, stamp)
            if progress is not None:
                progress(done, max(total, done))
        except BaseException:
            shutil.rmtree(build, ignore_errors=True)
            raise
        final = self.root / f"gen-{token}"
        replace_with_retry(build, final)
        return final


def tail_merge(writer: Any, segments: list[Any]) -> list[Any]:
    """whoosh merge policy for catch-ups: merges only the newest segments,
    like a binary counter (the last segment joins the new one when it holds
    at most twice as many live documents as what is being merged), so the
    older segments keep their place and their document numbers (what lets a
    snapshot be patched, see Snapshot.advance), there are O(log n) segments,
    and each document is rewritten O(log n) times. whoosh's MERGE_SMALL sorts
    the segments by size, which renumbers documents."""
    keep = list(segments)
    size = max(1, writer.docnum)  # documents added by this writer
    merged = []
    while keep and keep[-1].doc_count() <= 2 * size:
        seg = keep.pop()
        size += seg.doc_count()
        merged.append(seg)
    for seg in reversed(merged):  # oldest first: documents keep their order
        if seg.doc_count() == 0:
            continue  # every document replaced since (a note saved again): dropped
        wi.merge_segment(writer, seg)
    return keep


def apply_changes(
    folder: Path,
    documents: Iterable[dict[str, Any]],
    removed: Iterable[str],
    stamp: Stamp,
    lock_timeout: float = 3.0,
    *,
    replacing: tuple[int, list[int]] | None = None,
) -> int:
    """Update changed documents and delete removed keys in a generation, then
    move its stamp forward. Returns the number of documents touched. Raises
    whoosh's LockError if another process holds the index for longer than
    `lock_timeout` seconds. `documents` is read once, as it comes (a
    generator need not hold them all); `removed` is read after it.

    `replacing` = (generation, docnums): the documents of every changed key
    in that generation, read from a snapshot. When the index is still at that
    generation they are deleted by number, which spares whoosh's writer
    opening a reader on every segment (term tables included: O(library)) to
    find each key; otherwise keys are looked up as whoosh does."""
    ix = open_index(folder)
    try:
        writer = pool.install(
            ix.writer(timeout=lock_timeout, delay=0.05, limitmb=POOL_MB, codec=make_codec())
        )
        n = 0
        pace = Pacer()
        try:
            by_number = replacing is not None and wi.writer_generation(writer) == replacing[0]
            if by_number:
                for docnum in replacing[1]:  # type: ignore[index]
                    writer.delete_document(docnum)
            for doc in documents:
                if by_number:
                    add_document(writer, document_fields(doc))
                else:
                    writer.update_document(**document_fields(doc))
                n += 1
                pace()
            for key in removed:
                if not by_number:
                    writer.delete_by_term("key", key)
                n += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=tail_merge)
    finally:
        ix.close()
    write_stamp(folder, stamp)
    return n
