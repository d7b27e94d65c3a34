"""Pieces every feature uses: the job runner, the look (palette, icons), the
language (i18n), confirmation boxes, elided labels, the library's vocabulary."""
