"""Fixtures for the trips vendor: a fresh state file, a clock it obeys, a connector."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from trips_helpers import Clock, connector, trips_client

from connectors.trips import TripsConnector
from sandbox.trips import init_db


@pytest.fixture
def trips_path(tmp_path: Path) -> Path:
    path = tmp_path / "trips.sqlite"
    init_db(path)
    return path


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def trips_http(trips_path: Path, clock: Clock) -> AsyncIterator[httpx.AsyncClient]:
    async with trips_client(trips_path, clock) as http:
        yield http


@pytest.fixture
def trips(trips_http: httpx.AsyncClient) -> TripsConnector:
    return connector(trips_http)
