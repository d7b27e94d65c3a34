"""The settings dialog: sources, trusted keys, attachments, language, theme."""
