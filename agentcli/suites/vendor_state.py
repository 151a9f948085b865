"""Reads the sandbox vendors' state straight from their SQLite files, for checks after a case.

Going to the files (through the vendors' own store code) rather than their HTTP APIs keeps
the checks out of the run's trace and costs a fraction of a request each.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentcli.audit.books import Books
from agentcli.audit.world import read_world_books
from sandbox.vendor_state import VendorFiles
from sandbox.world import SandboxWorld


class VendorState(VendorFiles):
    """The vendors' state files as a suite checks them, with the books the audit reads.

    Given `pristine` (whether a file is still its pristine image), a vendor's part of the
    books is read from its file once while pristine and reused for every case that leaves
    the file untouched: most cases write to one or two of the world's files.
    """

    def __init__(self, world: SandboxWorld, pristine: Callable[[Path], bool] | None = None) -> None:
        super().__init__(world)
        self._is_pristine = pristine
        self._pristine_parts: dict[tuple[str, Callable[[Path], Any]], Any] = {}

    def books(self) -> Books:
        """What `agentcli audit money` reads: every vendor's books."""
        if self._is_pristine is None:
            return read_world_books(self.world)
        return read_world_books(self.world, self._read)

    def _read(self, vendor: str, reader: Callable[[Path], Any]) -> Any:
        path = self.world.path_of(vendor)
        assert self._is_pristine is not None
        if not self._is_pristine(path):
            return reader(path)
        key = (vendor, reader)
        if key not in self._pristine_parts:
            self._pristine_parts[key] = reader(path)
        return self._pristine_parts[key]
