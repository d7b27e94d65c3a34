"""The window's frame: start-up, the main window that assembles the features, its
actions, status bar, look (style, icons, palette), language and help."""
