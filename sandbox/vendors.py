"""The sandbox's vendors: the one list a new simulated vendor is added to."""

from __future__ import annotations

VENDORS: dict[str, str] = {
    "shop": "sandbox.shop",
    "pay": "sandbox.pay",
    "bazaar": "sandbox.bazaar",
    "trips": "sandbox.trips",
    "ucp": "sandbox.ucp",
    "acp": "sandbox.acp",
}
"""Vendor name → the module that implements it, imported only when first needed."""
