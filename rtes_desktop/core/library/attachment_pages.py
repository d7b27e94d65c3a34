"""The text of PDF attachments, page by page, as the library keeps it (issue 14).

Rows of `attachment_pages` (migration `_m_attachment_pages`): written by the sync in
its one transaction, right after the entry they belong to; dropped by SQLite
triggers when that entry is deleted, changes or is withdrawn. The search index
reads them through `Library.search_documents`; the reader shows them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class AttachmentPage:
    """One page of an attachment's text (pages count from 1)."""

    attachment: str  # the attachment's name, as the reader shows it
    attachment_sha: str
    page: int
    text: str


def replace_pages(
    conn: sqlite3.Connection,
    source_id: str,
    entry_id: str,
    texts: dict[str, list[str]],
) -> int:
    """Make `texts` (attachment SHA-256 -> page texts, page 1 first) the whole page text
    of one entry. Runs in the caller's transaction; returns the rows written."""
    conn.execute(
        "DELETE FROM attachment_pages WHERE source_id=? AND entry_id=?", (source_id, entry_id)
    )
    rows = [
        (source_id, entry_id, sha, n, text)
        for sha, pages in texts.items()
        for n, text in enumerate(pages, start=1)
        if text.strip()
    ]
    conn.executemany(
        "INSERT OR REPLACE INTO attachment_pages(source_id, entry_id, attachment_sha, page, text) "
        "VALUES (?,?,?,?,?)",
        rows,
    )
    return len(rows)


def pages_for(
    conn: sqlite3.Connection, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[AttachmentPage]]:
    """(source_id, entry_id) -> its pages with text, in attachment then page order."""
    keylist = list(keys)
    out: dict[tuple[str, str], list[AttachmentPage]] = {}
    for i in range(0, len(keylist), 400):
        part = keylist[i : i + 400]
        marks = ",".join("(?,?)" for _ in part)
        params = [v for k in part for v in k]
        for r in conn.execute(
            "SELECT p.source_id, p.entry_id, p.attachment_sha, p.page, p.text, "
            "(SELECT a.name FROM attachments a JOIN entries e ON e.pk = a.entry_pk "
            " WHERE e.source_id = p.source_id AND e.id = p.entry_id "
            " AND a.sha256 = p.attachment_sha ORDER BY a.position LIMIT 1), "
            "(SELECT min(a.position) FROM attachments a JOIN entries e ON e.pk = a.entry_pk "
            " WHERE e.source_id = p.source_id AND e.id = p.entry_id "
            " AND a.sha256 = p.attachment_sha) AS pos "
            f"FROM attachment_pages p WHERE (p.source_id, p.entry_id) IN (VALUES {marks}) "
            "ORDER BY p.source_id, p.entry_id, pos, p.page",
            params,
        ):
            out.setdefault((r[0], r[1]), []).append(
                AttachmentPage(attachment=r[5] or "", attachment_sha=r[2], page=r[3], text=r[4])
            )
    return out


def entry_pages(conn: sqlite3.Connection, source_id: str, entry_id: str) -> list[AttachmentPage]:
    """The pages with text of one entry's attachments."""
    return pages_for(conn, [(source_id, entry_id)]).get((source_id, entry_id), [])


def found_pages(
    conn: sqlite3.Connection, source_id: str, entry_id: str, found_in: list[dict[str, object]]
) -> list[AttachmentPage]:
    """The pages a search hit names in `found_in` ({"attachment", "page"}), in that order."""
    pages = {(p.attachment, p.page): p for p in entry_pages(conn, source_id, entry_id)}
    return [
        pages[(str(f["attachment"]), int(f["page"]))]  # type: ignore[call-overload]
        for f in found_in
        if (f.get("attachment"), f.get("page")) in pages
    ]
