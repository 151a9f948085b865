"""Versioned prompt templates, shipped as package data: one directory per version (`v1`, `v2`, …).

Each version holds a `manifest.toml` and the Markdown files it lists; `agentcli.promptset` loads,
hashes, renders and compares them. A shipped version is never edited: copy it to a new one.
"""
