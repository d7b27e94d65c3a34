"""Pieces every feature uses: the job runner, confirmation boxes, elided labels,
the library's vocabulary."""
