"""The window (PySide6): a thin layer over the core, one widget per feature.

`app.run_gui(args)` starts it; `main_window.MainWindow` assembles the parts.
"""
