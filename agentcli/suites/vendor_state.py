"""Reads the sandbox vendors' state straight from their SQLite files, for checks after a case.

Going to the files (through the vendors' own store code) rather than their HTTP APIs keeps
the checks out of the run's trace and costs a fraction of a request each.
"""

from __future__ import annotations

from agentcli.audit.books import Books
from agentcli.audit.world import read_world_books
from sandbox.vendor_state import VendorFiles


class VendorState(VendorFiles):
    """The vendors' state files as a suite checks them, with the books the audit reads."""

    def books(self) -> Books:
        """What `agentcli audit money` reads: every vendor's books."""
        return read_world_books(self.world)
