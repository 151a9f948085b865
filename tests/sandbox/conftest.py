"""Fixtures for the shop vendor: a fresh state file, an in-process client, a connector."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from shop_helpers import connector, shop_client

from connectors.shop import ShopConnector
from sandbox.shop import init_db


@pytest.fixture
def shop_path(tmp_path: Path) -> Path:
    path = tmp_path / "shop.sqlite"
    init_db(path)
    return path


@pytest.fixture
async def shop_http(shop_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with shop_client(shop_path) as http:
        yield http


@pytest.fixture
def shop(shop_http: httpx.AsyncClient) -> ShopConnector:
    return connector(shop_http)
