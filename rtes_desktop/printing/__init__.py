"""Printing and PDF output through Qt (outside the core: the core never imports Qt)."""
