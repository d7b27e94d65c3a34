"""rtes-desktop: the offline library of the RTES resources."""

__version__ = "0.1.0"
APP_NAME = "rtes-desktop"
APP_AUTHOR = "RTES"

import logging as _logging

# Until setup_logging() points it at the rotating file, the package logs nowhere:
# never to the user's terminal (Python's last-resort handler would print tracebacks).
_logging.getLogger(__name__).addHandler(_logging.NullHandler())
