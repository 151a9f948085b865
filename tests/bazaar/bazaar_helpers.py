"""Builders the bazaar tests share: clients over a state file, a clock, refusal checks."""

from __future__ import annotations

from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import httpx
import pytest

from connectors.base import RetryPolicy
from connectors.bazaar import BazaarConnector
from connectors.errors import ErrorCode, VendorError
from sandbox.bazaar import RateLimit, create_app

BASE_URL = "http://bazaar.sandbox"
NO_WAIT = RetryPolicy(attempts=3, base_delay=0.0)
NOW = 1_796_000_000.0  # 2026-11-30, inside every promotion's window but SUMMER25's

NOTEBOOK = "BZ-NTBK-0023-WLC"  # Brightside Notebook A4 soft cover, $28.49, 16 in stock
KETTLE = "BZ-EKTL-0059-8TE"  # Evergreen Electric Kettle 1 L glass, $144.99, 52 in stock
SOLD_OUT = "BZ-CNDL-0118-S89"  # a scented candle, $14.49, 1 in stock; tests sell it out
TRAIL_HELMET = "BZ-CHLM-0077-5HE"  # Trailhead Supply (S06), $215.49, outdoor
OTHER_HELMET = "BZ-CHLM-0076-7E9"  # Summit Sports (S10), $184.49, outdoor


class Clock:
    """A settable clock for the vendor (epoch seconds)."""

    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def bazaar_client(
    path: Path, clock: Clock | None = None, rate_limit: RateLimit | None = None
) -> httpx.AsyncClient:
    app = create_app(path, clock=clock or Clock(), rate_limit=rate_limit)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)


def connector(client: httpx.AsyncClient) -> BazaarConnector:
    return BazaarConnector(client, retry=NO_WAIT)


async def refused(call: Awaitable[Any], code: ErrorCode) -> VendorError:
    """Await a call that must fail with `code`; return the error."""
    with pytest.raises(VendorError) as caught:
        await call
    assert caught.value.code is code, caught.value
    return caught.value
