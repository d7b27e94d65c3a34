"""The user's own data: restore a backup, export and import it, the automatic
backup during a session, the recovery bar, the second backup folder setting."""
