"""Builders the pay tests share: clients over the state file, valid requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from connectors.base import RetryPolicy
from connectors.pay import PayConnector
from sandbox.pay import create_app

BASE_URL = "http://pay.sandbox"
NO_WAIT = RetryPolicy(attempts=3, base_delay=0.0)


def pay_client(path: Path) -> httpx.AsyncClient:
    """A client over a new app instance on the state file at `path`."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(path)), base_url=BASE_URL)


def connector(client: httpx.AsyncClient) -> PayConnector:
    return PayConnector(client, retry=NO_WAIT)


def card(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments of a valid `PayConnector.authorize`, with `overrides` applied."""
    return {
        "amount_cents": 2599,
        "currency": "usd",
        "payment_method": "credit_card_4421",
        "customer": "sofia_rossi_8776",
        **overrides,
    }


def intent_body(**overrides: Any) -> dict[str, Any]:
    """A valid `POST /v1/payment_intents` body, with `overrides` applied."""
    return {
        "amount": 2599,
        "currency": "usd",
        "payment_method": "credit_card_4421",
        "customer": "sofia_rossi_8776",
        **overrides,
    }
