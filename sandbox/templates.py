"""Pristine sandbox worlds kept on disk, keyed by the code and data that build them.

Building the shop's pristine state from the bundled τ² db.json costs ~0.2 s of CPU; reading a
kept copy costs a few milliseconds. A kept world lives in `<cache>/pristine-<key>/`, where the
key is a SHA-256 over every file of the `sandbox` package (the vendors' schema and init
code, their data files), the vendor names, and the Python and SQLite versions: change any of
them and the key changes, so a stale world is never used. A world is built in a temporary
directory beside it and renamed into place when complete, so another process sees either no
world or a whole one.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from sandbox.world import VENDORS, SandboxWorld

PACKAGE = Path(__file__).resolve().parent
"""The `sandbox` package: every file under it is part of the key."""

FORMAT = "1"
KEPT = 3
"""How many kept worlds (each a few MB) survive a new one; the least recently used go first."""


def template_key(vendors: Sequence[str] = tuple(VENDORS), package: Path = PACKAGE) -> str:
    """The hex digest naming the pristine world that today's code and data build."""
    digest = hashlib.sha256()
    for part in (
        FORMAT,
        ".".join(map(str, sys.version_info[:2])),
        sqlite3.sqlite_version,
        ",".join(vendors),
    ):
        digest.update(part.encode() + b"\0")
    for path in sorted(_files(package)):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def pristine_template(cache: Path, vendors: Sequence[str] = tuple(VENDORS)) -> Path:
    """A directory holding every vendor's pristine state file, built once per key.

    Treat it as read-only: copy its files into a world, never open them for writing.
    """
    cache = Path(cache)
    target = cache / f"pristine-{template_key(vendors)}"
    if _complete(target, vendors):
        with contextlib.suppress(OSError):
            os.utime(target)  # most recently used: kept longest
        return target
    cache.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=cache))
    try:
        world = SandboxWorld(building)
        for vendor in vendors:
            world.module(vendor).init_db(world.path_of(vendor))
        for path in building.iterdir():
            if path.name.endswith(("-wal", "-shm", "-journal")):
                path.unlink()
            else:
                path.chmod(0o444)
        if target.exists():  # incomplete (a file removed by hand): set it aside
            shutil.rmtree(target, ignore_errors=True)
        try:
            building.rename(target)
        except OSError:
            if not _complete(target, vendors):  # not another process finishing first
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    _prune(cache, keep=target)
    return target


def _complete(target: Path, vendors: Sequence[str]) -> bool:
    return all((target / f"{vendor}.sqlite").is_file() for vendor in vendors)


def _files(package: Path) -> list[Path]:
    found = []
    for folder, dirs, names in os.walk(package):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
        found += [
            Path(folder, name)
            for name in names
            if not name.startswith(".") and not name.endswith((".pyc", ".pyo"))
        ]
    return found


def _prune(cache: Path, keep: Path) -> None:
    """Remove all but the `KEPT` most recently used worlds (and builds abandoned an hour ago)."""
    with contextlib.suppress(OSError):
        worlds = sorted(cache.glob("pristine-*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [w for w in worlds if w != keep][KEPT - 1 :]:
            shutil.rmtree(old, ignore_errors=True)
        for stale in cache.glob(".building-*"):
            if stale.stat().st_mtime < time.time() - 3600:
                shutil.rmtree(stale, ignore_errors=True)
