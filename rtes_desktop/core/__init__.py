"""The core of rtes-desktop: store, search, sync, render. Never imports Qt."""
