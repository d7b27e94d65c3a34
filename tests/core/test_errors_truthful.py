"""Issue 9, item 6: a disk or permission failure is said as such. Only a database
SQLite itself finds damaged is called unreadable, with « restore a backup »:
that advice on a healthy file would replace good data with old."""

from __future__ import annotations

import errno
import logging
import sqlite3
from pathlib import Path

import pytest

from rtes_desktop.core import paths
from rtes_desktop.core.errors import RtesError, StorageError, echo, storage_error
from rtes_desktop.core.library import Library


def test_read_only_database_on_open_is_not_called_unreadable(tmp_path, sqlite_pragma):
    sqlite_pragma("PRAGMA query_only = ON")
    with pytest.raises(StorageError) as caught:
        Library.open(tmp_path / "data")
    message = str(caught.value)
    assert "lecture seule" in message
    assert "illisible" not in message and "restaurez" not in message
    assert message.startswith(str(tmp_path / "data" / "library.db"))


def test_full_disk_on_open_is_not_called_unreadable(tmp_path, sqlite_pragma):
    sqlite_pragma("PRAGMA max_page_count = 2")
    with pytest.raises(StorageError) as caught:
        Library.open(tmp_path / "data")
    assert "le disque est plein" in str(caught.value)
    assert "restaurez" not in str(caught.value)


def test_a_damaged_database_still_says_restore_a_backup(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "library.db").write_bytes(b"ceci n'est pas une base SQLite" * 200)
    with pytest.raises(RtesError) as caught:
        Library.open(folder)
    assert "endommagée" in str(caught.value) and "restaurez une sauvegarde" in str(caught.value)


def test_disk_full_inside_a_transaction_reports_the_disk_not_the_rollback(lib):
    """SQLite rolls back by itself on SQLITE_FULL; the second ROLLBACK used to
    replace the cause with « cannot rollback - no transaction is active »."""
    lib.conn.execute("CREATE TABLE filler (x BLOB)")
    pages = lib.conn.execute("PRAGMA page_count").fetchone()[0]
    lib.conn.execute(f"PRAGMA max_page_count = {pages + 5}")
    with pytest.raises(sqlite3.OperationalError) as caught, lib.transaction() as conn:
        for _ in range(50):
            conn.execute("INSERT INTO filler VALUES (zeroblob(8000))")
    assert "full" in str(caught.value)
    assert "rollback" not in str(caught.value)
    assert not lib.conn.in_transaction
    assert lib.conn.execute("SELECT count(*) FROM filler").fetchone()[0] == 0
    error = storage_error(caught.value, lib.path)
    assert error is not None and "le disque est plein" in str(error)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "le disque est plein"),
        (errno.EDQUOT, "le disque est plein"),
        (errno.EROFS, "lecture seule"),
        (errno.EACCES, "accès refusé"),
        (errno.EPERM, "accès refusé"),
    ],
)
def test_each_os_failure_has_its_own_sentence(code, words):
    error = storage_error(OSError(code, "message du système", "/données/x.part"))
    assert error is not None
    assert str(error).startswith("/données/x.part : ") and words in str(error)
    assert storage_error(OSError(errno.ENOENT, "absent")) is None  # not a disk problem
    assert storage_error(ValueError("x")) is None


def test_echo_caps_what_a_message_repeats():
    assert echo("court") == "court"
    long = echo("x" * 10_000)
    assert len(long) == 80 and long.endswith("…")
    assert len(echo(10**3999)) == 80


def test_a_log_that_cannot_be_opened_warns_once_and_logs_nothing(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / paths.LOG_FILE).mkdir()  # its place is taken: the OS refuses to open it
    assert paths.setup_logging(folder) == folder / paths.LOG_FILE
    logging.getLogger("rtes_desktop.test").warning("nothing should break")
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "journal impossible à écrire" in err
    assert paths.log_problem() is not None
    paths.setup_logging(tmp_path)  # a working folder again: the log works
    assert paths.log_problem() is None


def test_a_log_failing_while_writing_warns_once_and_stops(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    log_path = paths.setup_logging(folder)
    handler = paths._log_handler
    assert handler is not None
    handler.stream.close()  # as if the disk vanished under the open file
    log = logging.getLogger("rtes_desktop.test")
    log.warning("first")
    log.warning("second")
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "journal impossible à écrire" in err
    assert "Traceback" not in err and "Logging error" not in err
    assert Path(log_path).name == paths.LOG_FILE
    paths.setup_logging(tmp_path)
