"""How index files are opened and written: no memory maps, and writes that
leave Python's GIL alone.

Reading. whoosh-reloaded reads a memory-mapped compound segment through
``BytesIO(memoryview)``, which copies each file whole: every open reader held
a private copy of the postings (the index's size, about 100 MB at 10,000
entries) on top of the mapped pages, both counted in the process's memory.
Plain files are read a block at a time; the OS's page cache keeps them warm
outside the process.

Writing. A thread that releases and retakes the GIL every fraction of a
millisecond (each system call does) keeps a waiting thread out for as long as
it goes on: the waiter only asks for the GIL when no switch happened during
its wait, and the writer's own quick retakes count as switches (the "convoy
effect"). whoosh's writers make such calls all along a commit: a buffered
write every 8 KB, and ``tell()``, which on a buffered file asks the OS for
the position (an ``lseek``) and is called for every term. The GUI thread was
kept out 25-50 ms while the term table was written. Files written here get a
1 MB buffer and a position counted in Python.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from whoosh.fields import Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.util import random_name

from rtes_desktop.core.search import whoosh_internals as wi
from rtes_desktop.core.search.whoosh_internals import StructFile

#: Write buffer of index files: a system call per megabyte, not per 8 KB.
WRITE_BUFFER = 1 << 20


class CountingWriter:
    """A binary file open for writing that knows its position without asking
    the OS (see the module docstring)."""

    def __init__(self, path: str, mode: str) -> None:
        self._file = open(path, mode, buffering=WRITE_BUFFER)  # noqa: SIM115 (closed by close())
        self._pos = 0

    def write(self, data: Any) -> int:
        """Write bytes (or any buffer); returns how many."""
        n: int = self._file.write(data)
        self._pos += n
        return n

    def tell(self) -> int:
        """The position, counted."""
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        """Move (whoosh seeks back to fill in headers)."""
        self._pos = self._file.seek(offset, whence)
        return self._pos

    def flush(self) -> None:
        """Flush the buffer to the OS."""
        self._file.flush()

    def close(self) -> None:
        """Flush and close."""
        self._file.close()

    def __enter__(self) -> CountingWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        """Whether the file is closed."""
        return bool(self._file.closed)


class IndexStorage(FileStorage):  # type: ignore[misc]
    """whoosh's folder storage without memory maps, writing through
    `CountingWriter` (temporary files included)."""

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False)

    def create_file(self, name: str, excl: bool = False, mode: str = "wb", **kwargs: Any) -> Any:
        """A new file, written through a `CountingWriter`."""
        if excl or mode != "wb" or self.readonly:
            return super().create_file(name, excl=excl, mode=mode, **kwargs)
        return StructFile(CountingWriter(wi.file_path(self, name), mode), name=name, **kwargs)

    def temp_storage(self, name: str | None = None) -> Any:
        """A sub-folder for temporary files (the posting pool's runs), of this class."""
        path = os.path.join(self.folder, name or f"{random_name()}.tmp")
        return IndexStorage(path).create()


def open_index(folder: Path, schema: Schema | None = None) -> Any:
    """Open (or with `schema`, create) the whoosh index of a generation folder
    through an `IndexStorage`."""
    storage = IndexStorage(str(folder))
    if schema is not None:
        return storage.create_index(schema)
    return storage.open_index()
