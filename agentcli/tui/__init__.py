"""The Textual inspector: runs, one run's timeline and details, two runs side by side."""
