"""Rich rendering for the CLI (the only layer besides cli/ and tui/ that may import rich)."""
