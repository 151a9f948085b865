"""A vendor's state export: its canonical JSON text and that text's SHA-256, checked."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import httpx

from connectors.base import Connector
from connectors.errors import ErrorCode, VendorError


@dataclass(frozen=True)
class StateExport:
    vendor: str
    text: str
    sha256: str


def state_reader(vendor: str, client: httpx.AsyncClient) -> Connector:
    """A plain connector for any vendor's `/_state` endpoints (they share one contract)."""
    reader_class = type(f"{vendor.title()}StateReader", (Connector,), {"vendor": vendor})
    reader: Connector = reader_class(client)
    return reader


async def export_state(connector: Connector) -> StateExport:
    """`GET /_state` as the vendor wrote it, hashed here and checked against `/_state/hash`."""
    body: bytes = await connector.request("GET", "/_state", raw=True)
    try:
        text = body.decode("utf-8")
        json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _protocol(connector, "/_state is not JSON text", body[:2000]) from None
    digest = hashlib.sha256(body).hexdigest()
    answer = await connector.request("GET", "/_state/hash")
    claimed = answer.get("hash") if isinstance(answer, dict) else None
    if claimed != digest:
        raise _protocol(
            connector, f"/_state/hash says {claimed!r}, the state hashes to {digest}", answer
        )
    return StateExport(connector.vendor, text, digest)


def _protocol(connector: Connector, message: str, raw: object) -> VendorError:
    return VendorError(
        ErrorCode.PROTOCOL, f"{connector.vendor}: {message}", vendor=connector.vendor, raw=raw
    )


async def reset_state(connector: Connector) -> None:
    """`POST /_state/reset`: the vendor back to pristine data (an `agentcli sandbox serve` admin
    endpoint; a vendor without one is refused with a clear message)."""
    try:
        await connector.request("POST", "/_state/reset")
    except VendorError as error:
        if error.status in (404, 405):
            raise VendorError(
                ErrorCode.NOT_FOUND,
                f"{connector.vendor} has no POST /_state/reset: live mode "
                "resets only vendors served by `agentcli sandbox serve`",
                vendor=connector.vendor,
                status=error.status,
                raw=error.raw,
            ) from None
        raise
