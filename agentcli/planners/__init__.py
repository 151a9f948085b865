"""Planners: `rules` (offline, the default), `script` (for tests and suites)."""
