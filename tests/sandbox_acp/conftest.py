"""Fixtures for the ACP merchant: a sandbox world on disk and an in-process client for it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from acp_helpers import Merchant

from sandbox.world import SandboxWorld


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
