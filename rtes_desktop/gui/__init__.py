"""The window (PySide6): a thin layer over the core, one package per feature.

`shell.app.run_gui(args)` starts it; `shell.main_window.MainWindow` assembles the
features (search, reader, notes, sessions, sync, settings); `common.jobs` runs
their background work.
"""
