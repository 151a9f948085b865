"""Helpers for end-to-end tests: run the CLI, read the sandbox vendors' state afterwards."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from agentcli.cli.app import app
from connectors.harness import sandbox_clients
from connectors.pay import PayConnector
from connectors.shop import ShopConnector
from sandbox.world import SandboxWorld

RUNNER = CliRunner()

HARPER = "harper.khan1177@example.com"  # gift card $99; pending #W8073958 paid by gift card
HARPER_ID = "harper_khan_9597"
HARPER_GIFT = "gift_card_6445682"
HARPER_PENDING = "#W8073958"
HARPER_DELIVERED = "#W3134391"
SOFIA = "sofia.rossi2645@example.com"
SOFIA_ID = "sofia_rossi_8776"


def chat(*lines: str, args: tuple[str, ...] = ()) -> Any:
    """Pipe lines into `agentcli chat` through Typer's runner; return the result."""
    return RUNNER.invoke(app, ["chat", *args], input="\n".join(lines) + "\n")


def cli(*args: str) -> Any:
    return RUNNER.invoke(app, list(args))


def latest_run_json() -> dict[str, Any]:
    result = cli("runs", "show", "latest", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _world(home: Path) -> SandboxWorld:
    return SandboxWorld(home / "sandbox")


async def _with(home: Path, fn: Any) -> Any:
    clients = sandbox_clients(_world(home))
    try:
        return await fn(ShopConnector(clients["shop"]), PayConnector(clients["pay"]))
    finally:
        for client in clients.values():
            await client.aclose()


def shop_user(home: Path, user_id: str) -> dict[str, Any]:
    return asyncio.run(_with(home, lambda shop, pay: shop.get_user(user_id)))


def shop_order(home: Path, order_id: str) -> dict[str, Any]:
    return asyncio.run(_with(home, lambda shop, pay: shop.get_order(order_id)))


def shop_cart_items(home: Path, customer: str) -> list[dict[str, Any]]:
    """The items of the customer's cart as the shop holds it."""
    cart = asyncio.run(_with(home, lambda shop, pay: shop.get_cart(customer)))
    return list(cart.get("items", []))


def shop_hash(home: Path) -> str:
    return asyncio.run(_with(home, lambda shop, pay: shop.state_hash()))


def pay_intents(home: Path, customer: str) -> list[dict[str, Any]]:
    return asyncio.run(_with(home, lambda shop, pay: pay.list_intents(customer)))


def ensure_world(home: Path) -> None:
    _world(home).ensure()
