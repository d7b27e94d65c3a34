"""rtes-desktop: the offline library of the RTES resources."""

__version__ = "0.1.0"
APP_NAME = "rtes-desktop"
APP_AUTHOR = "RTES"
