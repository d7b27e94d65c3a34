"""The user's notes and tags beside the reader, and « Mes notes »."""
