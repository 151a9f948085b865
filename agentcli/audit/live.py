"""The books of served vendors, read over HTTP through their `GET /_state` admin endpoints.

Each vendor's state document is the one its files hold (`agentcli sandbox serve` serves it);
the shop's is the τ² canonical document, so the payment reference of each order the shop
created is read from `GET /orders/{id}`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from agentcli.audit.books import Books, BooksUnreadable, books_from
from connectors.config import ConnectorsConfig
from sandbox.vendor_state import pristine_shop_orders

OPTIONAL = ("bazaar", "trips")


class _Reader:
    def __init__(self, config: ConnectorsConfig) -> None:
        self.config = config
        self.clients: dict[str, httpx.Client] = {}

    def get(self, vendor: str, path: str, *, optional: bool = False) -> Any:
        """The vendor's JSON at `path`; with `optional`, None when it has no `/_state`."""
        if vendor not in self.clients:
            self.clients[vendor] = self.config.sync_client(vendor)
        where = f"{vendor} at {self.config.vendors[vendor].base_url}"
        try:
            response = self.clients[vendor].get(path)
        except httpx.HTTPError as exc:
            raise BooksUnreadable(f"{where}: {type(exc).__name__}: {exc}") from None
        if response.status_code in (404, 405) and path == "/_state":
            if optional:
                return None
            raise BooksUnreadable(
                f"{where} has no GET /_state: auditing its books needs "
                "vendors that expose them (`agentcli sandbox serve` does)"
            )
        if response.is_error:
            raise BooksUnreadable(f"{where}: GET {path} answered {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise BooksUnreadable(f"{where}: GET {path} did not answer JSON") from None

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


def read_live_books(config: ConnectorsConfig) -> Books:
    """The books of the config's pay and shop, and of its bazaar and trips when it has them.

    A config of protocol merchants only has no such books (their purchases are audited
    against the merchants themselves: `agentcli.audit.merchant_checkouts`)."""
    missing = [v for v in ("pay", "shop") if v not in config.vendors]
    if missing and all(endpoint.kind != "native" for endpoint in config.vendors.values()):
        return Books((), (), ())
    if missing:
        raise BooksUnreadable(
            f"the connectors config has no {missing[0]}: the audit needs pay and the shop"
        )
    present = tuple(v for v in OPTIONAL if v in config.vendors)
    reader = _Reader(config)
    try:
        pay = reader.get("pay", "/_state")
        pristine = pristine_shop_orders()
        orders = []
        for order_id, order in reader.get("shop", "/_state")["orders"].items():
            if order_id not in pristine:
                order = reader.get("shop", f"/orders/{quote(order_id, safe='')}")
            orders.append((order, order_id in pristine))
        bazaar = reader.get("bazaar", "/_state")["orders"].values() if "bazaar" in present else []
        trips = reader.get("trips", "/_state")["bookings"].values() if "trips" in present else []
        # an ACP merchant's orders claim pay's intents; one with no state export (a real
        # merchant, charging through its own processor) has no claim on this pay
        exports = [reader.get(name, "/_state", optional=True) for name in config.merchants("acp")]
        acp = [order for export in exports if export for order in export["orders"].values()]
        return books_from(pay, orders, bazaar, trips, ("pay", "shop", *present), acp)
    except (KeyError, TypeError, AttributeError) as exc:
        raise BooksUnreadable(
            f"a vendor's state document is not what the audit reads: {type(exc).__name__}: {exc}"
        ) from None
    finally:
        reader.close()
