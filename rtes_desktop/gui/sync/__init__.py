"""Synchronising: where from (sources, a URL, a .zip), the sync dialog and its progress."""
