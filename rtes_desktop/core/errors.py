"""Errors the core raises on purpose: each carries a message fit for the user."""

from __future__ import annotations


class RtesError(Exception):
    """A refusal or failure explained in one sentence (French), never a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path} : {message}" if path else message)


class NotFound(RtesError):
    """An id that names nothing in the library."""

    exit_code = 3


class BadInput(RtesError):
    """Input from the outside world (file, argument, export) that is refused."""

    exit_code = 2


class InstanceLocked(RtesError):
    """Another instance of the application already uses this data folder."""

    exit_code = 4


class Cancelled(RtesError):
    """The user cancelled a long operation; nothing was changed."""

    exit_code = 130
