"""Fixtures for the ACP merchant: a sandbox world on disk and an in-process client for it."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.world import SandboxWorld


class Merchant:
    """An httpx client for the world's `acp` app, adding the headers every ACP call carries."""

    def __init__(self, http: httpx.AsyncClient, world: SandboxWorld) -> None:
        self.http = http
        self.world = world
        self.version = "2026-04-17"
        self._keys = itertools.count(1)

    def headers(self, key: str | None = None, **extra: str) -> dict[str, str]:
        headers = {
            "Authorization": f"Bearer {self.world.api_key('acp')}",
            "API-Version": self.version,
            "Idempotency-Key": key or f"key-{next(self._keys)}",
        }
        return {**headers, **extra}

    async def post(self, path: str, body: Any = None, **headers: Any) -> httpx.Response:
        return await self.http.post(path, json=body, headers=self.headers(**headers))

    async def get(self, path: str) -> httpx.Response:
        return await self.http.get(path, headers=self.headers())


@pytest.fixture
def world(tmp_path: Path) -> SandboxWorld:
    return SandboxWorld(tmp_path / "sandbox")


@pytest.fixture
async def merchant(world: SandboxWorld) -> AsyncIterator[Merchant]:
    app = world.apps()["acp"]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://acp.sandbox"
    ) as http:
        yield Merchant(http, world)


@pytest.fixture
def intents(world: SandboxWorld) -> Callable[[], list[dict[str, Any]]]:
    """The pay vendor's payment intents, read from its state file."""
    from sandbox.vendor_state import pay_document

    return lambda: list(pay_document(world.path_of("pay"))["payment_intents"].values())
