"""The window's frame: start-up, the main window that assembles the features, its
actions, sidebar, status bar, state, welcome and help."""
