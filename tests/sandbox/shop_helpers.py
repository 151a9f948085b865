"""Builders the shop tests share: clients over a state file, refusal checks, gold-action replay."""

from __future__ import annotations

import json
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import httpx
import pytest

from agentcli.suites.tau2_tools import run_tool
from connectors.base import RetryPolicy
from connectors.errors import ErrorCode, VendorError
from connectors.shop import ShopConnector
from sandbox import TAU2_RETAIL_DATA
from sandbox.shop import create_app
from sandbox.shop.errors import ShopError

BASE_URL = "http://shop.sandbox"
NO_WAIT = RetryPolicy(attempts=3, base_delay=0.0)
DATA = TAU2_RETAIL_DATA
INITIAL_HASH = "b25c9cb211f5efcaee5dd646054a73c4a9f43f4f5acc32c10713cd9f9ac20e9c"


def shop_client(path: Path, **app_options: Any) -> httpx.AsyncClient:
    """A client over a new app instance on the state file at `path`."""
    app = create_app(path, **app_options)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL)


def connector(client: httpx.AsyncClient) -> ShopConnector:
    return ShopConnector(client, retry=NO_WAIT)


async def refused(shop: ShopConnector, code: ErrorCode, call: Awaitable[Any]) -> VendorError:
    """Await `call`, expect a `code` error, and check the canonical state did not move."""
    before = await shop.state_hash()
    with pytest.raises(VendorError) as caught:
        await call
    assert caught.value.code == code, caught.value
    assert await shop.state_hash() == before
    return caught.value


def load_json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


async def run_gold_actions(shop: ShopConnector, actions: list[dict[str, Any]]) -> list[str]:
    """Run every gold action in order, failures ignored; the ids of those that failed."""
    failed = []
    for action in actions:
        try:
            await run_tool(shop, action["name"], action["arguments"])
        except (VendorError, ShopError):
            failed.append(action["action_id"])
    return failed
