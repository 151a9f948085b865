"""Fixtures for the bazaar vendor: a fresh state file, a clock, a connector."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from bazaar_helpers import Clock, bazaar_client, connector

from connectors.bazaar import BazaarConnector
from sandbox.bazaar import init_db


@pytest.fixture
def bazaar_path(tmp_path: Path) -> Path:
    path = tmp_path / "bazaar.sqlite"
    init_db(path)
    return path


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def bazaar_http(bazaar_path: Path, clock: Clock) -> AsyncIterator[httpx.AsyncClient]:
    async with bazaar_client(bazaar_path, clock) as http:
        yield http


@pytest.fixture
def bazaar(bazaar_http: httpx.AsyncClient) -> BazaarConnector:
    return connector(bazaar_http)
