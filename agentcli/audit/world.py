"""The books of a sandbox world, read straight from its vendors' SQLite files.

Reading the files (never the vendors' HTTP APIs) keeps the audit out of any run's trace and
costs a fraction of a request. Only the shop orders whose stored text is no longer the
pristine one are parsed: an untouched pristine order is the τ² data, paid before any saga.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentcli.audit.books import Books, BooksUnreadable, books_from
from agentcli.audit.journal import audit_with_journal
from agentcli.audit.money import Violation
from agentcli.trace.store import Store
from sandbox.vendor_state import (
    acp_orders,
    bazaar_orders,
    changed_shop_orders,
    pay_document,
    trips_bookings,
)
from sandbox.world import SandboxWorld

REQUIRED = ("pay", "shop")
OPTIONAL = ("bazaar", "trips")

VendorReader = Callable[[str, Callable[[Path], Any]], Any]
"""Reads one vendor's part of the books: (vendor, reader of its state file) → what it read."""


def read_world_books(world: SandboxWorld, read: VendorReader | None = None) -> Books:
    """The books of every vendor of the world that has a state file (pay and shop must).

    `read` may answer for a vendor without reading its file (a suite worker whose file is
    still byte for byte the pristine one it read before); by default every file is read.
    """

    def part(vendor: str, reader: Callable[[Path], Any]) -> Any:
        return read(vendor, reader) if read is not None else reader(world.path_of(vendor))

    missing = [v for v in REQUIRED if not world.path_of(v).is_file()]
    if missing:
        raise BooksUnreadable(
            f"no sandbox world at {world.root} (no {missing[0]} state file "
            f"{world.path_of(missing[0]).name})"
        )
    present = [v for v in OPTIONAL if v in world.names and world.path_of(v).is_file()]
    try:
        pay = part("pay", pay_document)
        shop = part("shop", changed_shop_orders)
        bazaar = part("bazaar", bazaar_orders) if "bazaar" in present else []
        trips = part("trips", trips_bookings) if "trips" in present else []
        has_acp = "acp" in world.names and world.path_of("acp").is_file()
        acp = part("acp", acp_orders) if has_acp else []
        return books_from(pay, shop, bazaar, trips, ("pay", "shop", *present), acp)
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as exc:
        raise BooksUnreadable(
            f"the sandbox world at {world.root} cannot be read: {type(exc).__name__}: {exc}"
        ) from None


def audit_world(
    world: SandboxWorld, store: Store | None, run_id: str | None = None
) -> list[Violation]:
    """`agentcli audit money --sandbox`: the world's books with the journal's sagas (those of
    one run when `run_id` is given)."""
    return audit_with_journal(read_world_books(world), store, run_id)
