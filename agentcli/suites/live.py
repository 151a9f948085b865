"""Suites against served vendors (`agentcli test --connectors live`): reset, run, read back.

Live cases cannot each get a private world, so they run one after another in this process:
before every case each vendor of the connectors config is put back to pristine data through
its admin `POST /_state/reset` (only `agentcli sandbox serve` has one), and the case's state
and invariant checks read the vendors over their HTTP APIs. A case with its own fault plan is
skipped: faults in live mode are the server's (`agentcli sandbox serve --faults FILE`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from agentcli.audit.books import Books
from agentcli.audit.live import read_live_books
from agentcli.suites.loader import ResolvedCase
from agentcli.suites.vendor_state import VendorState
from connectors.config import ConnectorsConfig
from errortree import UserError

FAULTS_SKIPPED = (
    "live: the case's fault plan needs in-process vendors (in live mode faults "
    "come from `agentcli sandbox serve --faults FILE`)"
)


class LiveVendorError(UserError):
    """A served vendor could not be reset or read."""


class LiveVendors(VendorState):
    """The vendors of a live connectors config: reset before each case, read over HTTP.

    The same reads as `VendorState`, through the vendors' own endpoints instead of their files.
    """

    def __init__(self, config: ConnectorsConfig) -> None:
        config.require(("shop", "pay"), "connectors config")
        self.config = config
        self._clients: dict[str, httpx.Client] = {}

    def refusal(self, case: ResolvedCase) -> str | None:
        """Why the case cannot run against the served vendors (None: it can)."""
        return FAULTS_SKIPPED if case.faults is not None and case.faults.rules else None

    def reset(self) -> None:
        """Every vendor of the config back to pristine data."""
        for vendor in self.config.vendors:
            response = self._call(vendor, "POST", "/_state/reset")
            if response.status_code in (404, 405):
                raise LiveVendorError(
                    f"{vendor} at {self.config.vendors[vendor].base_url} has no POST "
                    "/_state/reset: live suites need vendors served by `agentcli sandbox serve`"
                )
            self._ok(vendor, response)

    def books(self) -> Books:
        return read_live_books(self.config)

    def pay_document(self) -> dict[str, Any]:
        document: dict[str, Any] = self._json("pay", "/_state")
        return document

    def pay_hash(self) -> str:
        return str(self._json("pay", "/_state/hash")["hash"])

    def order(self, order_id: str) -> dict[str, Any] | None:
        return self._record(f"/orders/{quote(order_id, safe='')}")

    def user(self, user_id: str) -> dict[str, Any] | None:
        return self._record(f"/users/{quote(user_id, safe='')}")

    def shop_hash(self) -> str:
        return str(self._json("shop", "/_state/hash")["hash"])

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    def _record(self, path: str) -> dict[str, Any] | None:
        response = self._call("shop", "GET", path)
        if response.status_code == 404:
            return None
        record: dict[str, Any] = self._ok("shop", response).json()
        return record

    def _json(self, vendor: str, path: str) -> Any:
        return self._ok(vendor, self._call(vendor, "GET", path)).json()

    def _call(self, vendor: str, method: str, path: str) -> httpx.Response:
        if vendor not in self._clients:
            self._clients[vendor] = self.config.sync_client(vendor)
        try:
            return self._clients[vendor].request(method, path)
        except httpx.HTTPError as exc:
            raise LiveVendorError(
                f"{vendor} at {self.config.vendors[vendor].base_url}: {type(exc).__name__}: {exc}"
            ) from None

    @staticmethod
    def _ok(vendor: str, response: httpx.Response) -> httpx.Response:
        if response.is_error:
            raise LiveVendorError(
                f"{vendor}: {response.request.method} {response.request.url.path}"
                f" answered {response.status_code}: {response.text[:200]}"
            )
        return response
