"""Discovery and version negotiation: what a UCP merchant's `/.well-known/ucp` says it speaks.

The two published layouts are read: 2026-01-11 (services by transport key, capabilities and
payment handlers as lists) and 2026-04-08 (services, capabilities and payment handlers keyed
by name, each a list of entries). agentcli speaks the version the merchant advertises; a
version it does not know is refused with a clear `PROTOCOL` error, never guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connectors.ucp.shapes import protocol_error, without_nulls

KNOWN_VERSIONS = ("2026-01-11", "2026-04-08")
SHOPPING = "dev.ucp.shopping"
CATALOG = "dev.ucp.shopping.catalog"
CHECKOUT = "dev.ucp.shopping.checkout"
WELL_KNOWN = "/.well-known/ucp"


@dataclass(frozen=True)
class MerchantProfile:
    """The parts of a merchant's profile a purchase needs."""

    version: str
    #: the base URL of its REST shopping service (paths such as /checkout-sessions follow it)
    endpoint: str
    capabilities: frozenset[str]
    #: the ids of the payment handlers it advertises (an instrument names one of them)
    payment_handlers: frozenset[str]

    @property
    def has_catalog(self) -> bool:
        return any(c == CATALOG or c.startswith(f"{CATALOG}.") for c in self.capabilities)


def read_profile(body: Any, vendor: str) -> MerchantProfile:
    """The profile in a `/.well-known/ucp` answer; PROTOCOL when it is not one we can use."""
    clean = without_nulls(body)
    ucp = clean.get("ucp") if isinstance(clean, dict) else None
    if not isinstance(ucp, dict) or not isinstance(ucp.get("version"), str):
        raise protocol_error(vendor, f"{WELL_KNOWN} has no ucp.version", body)
    version = ucp["version"]
    if version not in KNOWN_VERSIONS:
        raise protocol_error(
            vendor,
            f"the merchant speaks UCP {version}; agentcli speaks {' and '.join(KNOWN_VERSIONS)}",
            body,
        )
    endpoint = _rest_endpoint(ucp.get("services"), vendor, body)
    capabilities = _names(ucp.get("capabilities"), vendor, "capabilities", body)
    if CHECKOUT not in capabilities:
        raise protocol_error(vendor, "the merchant does not offer the checkout capability", body)
    handlers = ucp.get("payment_handlers", clean.get("payment", {}).get("handlers", []))
    return MerchantProfile(
        version,
        endpoint.rstrip("/"),
        frozenset(capabilities),
        frozenset(_handler_ids(handlers, vendor, body)),
    )


def _rest_endpoint(services: Any, vendor: str, body: Any) -> str:
    shopping = services.get(SHOPPING) if isinstance(services, dict) else None
    entries = shopping if isinstance(shopping, list) else [shopping]
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        rest = entry.get("rest")
        if isinstance(rest, dict) and isinstance(rest.get("endpoint"), str):
            return str(rest["endpoint"])  # 2026-01-11
        if entry.get("transport") == "rest" and isinstance(entry.get("endpoint"), str):
            return str(entry["endpoint"])  # 2026-04-08
    raise protocol_error(vendor, f"{WELL_KNOWN} names no REST endpoint of {SHOPPING}", body)


def _names(value: Any, vendor: str, what: str, body: Any) -> list[str]:
    if isinstance(value, dict):  # 2026-04-08: keyed by name
        return [str(name) for name in value]
    if isinstance(value, list):  # 2026-01-11: entries with a name
        names = [entry.get("name") for entry in value if isinstance(entry, dict)]
        if all(isinstance(n, str) for n in names):
            return [str(n) for n in names]
    raise protocol_error(vendor, f"{WELL_KNOWN} has unreadable {what}", body)


def _handler_ids(value: Any, vendor: str, body: Any) -> list[str]:
    entries: list[Any] = []
    if isinstance(value, dict):
        for listed in value.values():
            entries += listed if isinstance(listed, list) else [listed]
    elif isinstance(value, list):
        entries = value
    else:
        raise protocol_error(vendor, f"{WELL_KNOWN} has unreadable payment handlers", body)
    return [str(e["id"]) for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)]
