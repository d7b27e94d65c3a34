"""rtes-desktop: the offline library of the RTES resources."""

import logging as _logging

__version__ = "0.1.0"
APP_NAME = "rtes-desktop"
APP_AUTHOR = "RTES"

# Until setup_logging() points it at the rotating file, the package logs nowhere:
# never to the user's terminal (Python's last-resort handler would print tracebacks).
_logging.getLogger(__name__).addHandler(_logging.NullHandler())
