"""A pristine sandbox world per worker, put back before every case at almost no cost.

The vendors keep their state in SQLite files in WAL mode, where a write lands in the `-wal`
side file and reaches the main file only when a checkpoint copies it over — which SQLite does
when the last connection closes. So while a case runs, a read-only "sentinel" connection stays
open on each file: it is always the last to close, and a read-only connection never
checkpoints. Every change of the case stays in the `-wal`; deleting it afterwards puts the
file back exactly as it was. Should a checkpoint have happened anyway (the WAL-index says so),
or a vendor file not be in WAL mode, the file is rewritten in place from the pristine image
kept in memory, which is still much cheaper than copying it to a new directory.

The vendor apps keep their connections to these files open between requests
(`sandbox.kit.kept`): a reset closes them first, while the sentinel still holds the
file, so they are never the last connection to close, and the next request opens new ones.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import struct
import tempfile
import weakref
from pathlib import Path

from sandbox.asgi import ASGIApp
from sandbox.faults import FaultPlan
from sandbox.kit import kept
from sandbox.world import SandboxWorld

SIDE_FILES = ("-wal", "-shm", "-journal")
WAL_MODE = 2  # database header byte 18: file format read version, 2 = WAL
NBACKFILL_OFFSET = 96  # WAL-index: WalCkptInfo.nBackfill (frames copied into the main file)
CKPT_SEQ_OFFSET = 12  # WAL header: checkpoint sequence number (grows when the WAL restarts)


def scratch_root() -> Path:
    """RAM-backed /dev/shm when there is one, else the system's temporary directory."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())


def _head(path: str, size: int) -> bytes:
    """The first `size` bytes of a file (fewer if it is shorter)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        return os.pread(fd, size, 0)
    finally:
        os.close(fd)


class _VendorFile:
    """One vendor's state file: its pristine bytes and the sentinel that keeps it pristine."""

    def __init__(self, path: Path, image: bytes) -> None:
        self.path = path
        self.image = image
        self.wal = len(image) > 18 and image[18] == WAL_MODE
        self.sentinel: sqlite3.Connection | None = None
        self.rewrites = 0
        self._uri = f"{path.as_uri()}?mode=ro"
        self._wal_path, self._shm_path = f"{path}-wal", f"{path}-shm"
        self._side_paths = [f"{path}{suffix}" for suffix in SIDE_FILES]
        kept.keep(path)

    def reset(self) -> None:
        if self.sentinel is not None and self._untouched():
            return  # nothing was written since the sentinel opened: still pristine
        # the vendors' kept connections close first, while the sentinel still holds the file
        kept.drop(self.path)
        clean = self.sentinel is not None and not self._checkpointed()
        if self.sentinel is not None:
            self.sentinel.close()
            self.sentinel = None
        for side in self._side_paths:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(side)
        if not clean:
            self._rewrite()
        if self.wal:
            self.sentinel = sqlite3.connect(self._uri, uri=True)
            # a read, so the sentinel holds its lock on the file; this one needs no schema
            self.sentinel.execute("PRAGMA schema_version").fetchall()

    def _untouched(self) -> bool:
        """No frame in the WAL (every write appends one), and so no write at all."""
        try:
            return os.stat(self._wal_path).st_size == 0
        except FileNotFoundError:
            return False

    def _checkpointed(self) -> bool:
        """Whether any change may have reached the main file since the sentinel opened."""
        try:
            index = _head(self._shm_path, NBACKFILL_OFFSET + 4)
            header = _head(self._wal_path, CKPT_SEQ_OFFSET + 4)
        except FileNotFoundError:
            return True
        if len(index) < NBACKFILL_OFFSET + 4:
            return True
        backfilled = struct.unpack_from("=I", index, NBACKFILL_OFFSET)[0]
        restarted = (
            len(header) == CKPT_SEQ_OFFSET + 4
            and struct.unpack_from(">I", header, CKPT_SEQ_OFFSET)[0] != 0
        )
        return bool(backfilled) or restarted

    def _rewrite(self) -> None:
        self.rewrites += 1
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.pwrite(fd, self.image, 0)
            os.ftruncate(fd, len(self.image))
        finally:
            os.close(fd)

    def close(self) -> None:
        kept.forget(self.path)
        if self.sentinel is not None:
            self.sentinel.close()
            self.sentinel = None


class CachedAppsWorld(SandboxWorld):
    """A world whose vendor apps are made once and serve every case.

    The apps keep all their state in the files that `PristineWorlds.fresh` resets, so only
    the fault middleware needs resetting per case: each call of `apps` swaps the case's plan
    in (which also re-arms its counters). Making four Starlette apps and fetching tokens per
    case would cost more than a short case itself.
    """

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self._apps: dict[str, ASGIApp] | None = None
        self._ensured = False

    def ensure(self) -> None:
        """Every file exists from the first `PristineWorlds.fresh` on, so look only once."""
        if not self._ensured:
            super().ensure()
            self._ensured = True

    def apps(self, faults: FaultPlan | None = None) -> dict[str, ASGIApp]:
        if self._apps is None:
            self._apps = super().apps()
        plan = faults or FaultPlan()
        for injector in self.injectors.values():
            injector.use(plan)
        return self._apps


def _discard(base: Path) -> None:
    """Close what vendors kept open on the files under `base`, then remove it."""
    kept.forget_under(base)
    shutil.rmtree(base, ignore_errors=True)


class PristineWorlds:
    """Owns a scratch directory holding one sandbox world that `fresh()` makes pristine."""

    def __init__(self, template: Path | None = None, root: Path | None = None) -> None:
        """`template` is a pristine world directory to copy from; one is built when None."""
        self.base = Path(tempfile.mkdtemp(prefix="agentcli-suites-", dir=root or scratch_root()))
        # removed at interpreter exit even when nobody calls close()
        self._cleanup = weakref.finalize(self, _discard, self.base)
        if template is None:
            template = self.base / "pristine"
            SandboxWorld(template).ensure()
        self.root = self.base / "world"
        self.root.mkdir()
        self.files = [
            _VendorFile(self.root / path.name, path.read_bytes())
            for path in sorted(template.iterdir())
            if path.is_file() and not path.name.endswith(SIDE_FILES)
        ]
        self.world = CachedAppsWorld(self.root)
        self._by_path = {vendor_file.path: vendor_file for vendor_file in self.files}

    def fresh(self) -> SandboxWorld:
        """The world, every vendor file exactly pristine again."""
        for vendor_file in self.files:
            vendor_file.reset()
        return self.world

    def untouched(self) -> bool:
        """Whether no vendor file was written since `fresh()`: the world is still pristine,
        and pristine data holds every money invariant (no payment exists yet)."""
        return all(f.sentinel is not None and f._untouched() for f in self.files)

    def pristine(self, path: Path) -> bool:
        """Whether the vendor file at `path` was not written since `fresh()` (so it is byte
        for byte its pristine image); False for a file this world does not reset."""
        vendor_file = self._by_path.get(path)
        return (
            vendor_file is not None
            and vendor_file.sentinel is not None
            and vendor_file._untouched()
        )

    @property
    def rewrites(self) -> int:
        """How many times a file had to be rewritten from its image (for the benchmark)."""
        return sum(f.rewrites for f in self.files)

    def close(self) -> None:
        for vendor_file in self.files:
            vendor_file.close()
        self._cleanup()
