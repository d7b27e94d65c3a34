"""Sync from a published export, and publishing one.

`export_format` (the format's rules), `signing` (Ed25519), `http_client` and
`export_reader` (folder, zip, HTTP), `engine` (verify, stage, apply in one
transaction), `report` (progress and results), `attachments` (fetched on demand),
`publish` (the publisher's side). Format and guarantees: docs/export-format.md.
"""
