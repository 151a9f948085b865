"""The served vendors' admin `POST /_state/reset`: only when served, only with a token."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from connectors.auth import TokenAuth
from connectors.errors import ErrorCode, VendorError
from connectors.shop import ShopConnector
from connectors.state import reset_state, state_reader
from sandbox.transport import SandboxTransport
from sandbox.world import SandboxWorld


def _client(world: SandboxWorld, app: object, auth: bool = True) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=SandboxTransport(app),
        base_url="http://shop.sandbox",
        auth=TokenAuth(world.credentials()["shop"]) if auth else None,
    )


def test_a_served_vendor_resets_to_pristine_data(tmp_path: Path) -> None:
    world = SandboxWorld(tmp_path)

    async def scenario() -> tuple[str, str, str]:
        async with _client(world, world.served_apps()["shop"]) as client:
            shop = ShopConnector(client)
            pristine = await shop.state_hash()
            await shop.modify_user_address(
                "harper_khan_9597",
                address1="1 A St",
                address2="",
                city="Austin",
                state="TX",
                country="USA",
                zip="78701",
            )
            changed = await shop.state_hash()
            await reset_state(state_reader("shop", client))
            return pristine, changed, await shop.state_hash()

    pristine, changed, after = asyncio.run(scenario())
    assert changed != pristine and after == pristine


def test_without_a_token_or_unserved_there_is_no_reset(tmp_path: Path) -> None:
    world = SandboxWorld(tmp_path)

    async def scenario() -> tuple[int, VendorError]:
        async with _client(world, world.served_apps()["shop"], auth=False) as anonymous:
            status = (await anonymous.post("/_state/reset")).status_code
        async with _client(world, world.apps()["shop"]) as client:
            try:
                await reset_state(state_reader("shop", client))
            except VendorError as error:
                return status, error
        raise AssertionError("an in-process vendor has no admin endpoint")

    status, error = asyncio.run(scenario())
    assert status == 401
    assert error.code is ErrorCode.NOT_FOUND and "agentcli sandbox serve" in error.message
