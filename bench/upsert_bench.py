"""Bulk upserts: sqlite-utils' upsert_all against the plain executemany the sync uses.

    .venv/bin/python bench/upsert_bench.py

Issue 15 item 8 asked whether sqlite-utils should do the sync's bulk writes: measured
here it takes about twice as long for the same rows (type detection and per-batch SQL),
so the runtime does not depend on it; the tests keep it (test extra) to read tables.
"""

from __future__ import annotations

import sqlite3
import time

import sqlite_utils

N = 20_000
ROWS = [
    {
        "id": f"src:e{i}",
        "source_id": "src",
        "title": f"Titre {i}",
        "body": "x" * 800,
        "kind": "fiche",
        "updated_at": "2025-01-02T10:00:00Z",
        "sha256": f"{i:064x}",
    }
    for i in range(N)
]
UPSERT = (
    "INSERT INTO entries(id, source_id, title, body, kind, updated_at, sha256) "
    "VALUES(:id, :source_id, :title, :body, :kind, :updated_at, :sha256) "
    "ON CONFLICT(id) DO UPDATE SET title=excluded.title, body=excluded.body, "
    "updated_at=excluded.updated_at, sha256=excluded.sha256"
)


def fresh() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE entries(id TEXT PRIMARY KEY, source_id TEXT, title TEXT, body TEXT, "
        "kind TEXT, updated_at TEXT, sha256 TEXT)"
    )
    return conn


def main() -> None:
    times: dict[str, list[float]] = {"executemany": [], "sqlite-utils upsert_all": []}
    for _ in range(3):
        conn = fresh()
        start = time.perf_counter()
        with conn:
            conn.executemany(UPSERT, ROWS)
        times["executemany"].append(time.perf_counter() - start)
        conn = fresh()
        db = sqlite_utils.Database(conn)
        start = time.perf_counter()
        with conn:
            db["entries"].upsert_all(ROWS, pk="id")
        times["sqlite-utils upsert_all"].append(time.perf_counter() - start)
    for name, values in times.items():
        print(f"{name:26} best of 3: {min(values) * 1000:.0f} ms for {N} rows")


if __name__ == "__main__":
    main()
