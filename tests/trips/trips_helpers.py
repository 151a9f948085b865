"""Builders the trips tests share: a settable clock, clients over a state file, refusals."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from connectors.base import RetryPolicy
from connectors.errors import ErrorCode, VendorError
from connectors.trips import TripsConnector
from sandbox.trips import create_app

BASE_URL = "http://trips.sandbox"
NO_WAIT = RetryPolicy(attempts=3, base_delay=0.0)
CHECK_IN, CHECK_OUT = date(2026, 12, 10), date(2026, 12, 12)
PARIS_STD = "HO-PAR02-STD-20261210-2"  # Lantern Hotel Paris: $149 + $171, free until 12-08 15:00
NYC_PARIS = "FO-BL106-20261210"  # departs 10:35Z, $574.99 a seat, 8 seats, free until 12-09
SMALL_FLIGHT = "FO-SK107-20261210"  # 4 seats


def moment(text: str) -> float:
    """'2026-12-09T20:00' (UTC) → epoch seconds."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


class Clock:
    """The vendor's clock, moved by the test."""

    def __init__(self, now: float = moment("2026-11-30T09:00")) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def trips_client(path: Path, clock: Clock) -> httpx.AsyncClient:
    app = create_app(path, clock=clock)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)


def connector(client: httpx.AsyncClient) -> TripsConnector:
    return TripsConnector(client, retry=NO_WAIT)


async def refused(call: Awaitable[Any], code: ErrorCode) -> VendorError:
    with pytest.raises(VendorError) as caught:
        await call
    assert caught.value.code is code, caught.value
    return caught.value
