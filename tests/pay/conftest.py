"""Fixtures for the pay vendor: a fresh state file, an in-process client, a connector."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from pay_helpers import connector, pay_client

from connectors.pay import PayConnector
from sandbox.pay import init_db


@pytest.fixture
def pay_path(tmp_path: Path) -> Path:
    path = tmp_path / "pay.sqlite"
    init_db(path)
    return path


@pytest.fixture
async def client(pay_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with pay_client(pay_path) as http:
        yield http


@pytest.fixture
def pay(client: httpx.AsyncClient) -> PayConnector:
    return connector(client)
