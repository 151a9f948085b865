"""A cart is all-or-nothing unless the policy allows partial fulfilment."""

from __future__ import annotations

import asyncio
from pathlib import Path

from agentcli.orchestrator.services import sandbox_services
from sandbox.shop.races import stock_race
from sandbox.world import SandboxWorld
from tests.e2e.helpers import HARPER, HARPER_ID, chat, shop_order, shop_user

NOTEBOOK = "9799386954"
BOTTLE = "5758737025"


def _cart_with_a_sold_out_bottle(home: Path) -> None:
    world = SandboxWorld(home / "sandbox")

    async def fill() -> None:
        services = sandbox_services(world)
        try:
            await services.shop.add_to_cart(HARPER_ID, NOTEBOOK, 1)
            await services.shop.add_to_cart(HARPER_ID, BOTTLE, 1)
        finally:
            await services.aclose()

    asyncio.run(fill())
    stock_race(world.path_of("shop"), {"items": [{"item_id": BOTTLE}]})


async def _cart(home: Path) -> list[str]:
    services = sandbox_services(SandboxWorld(home / "sandbox"))
    try:
        return [i["item_id"] for i in (await services.shop.get_cart(HARPER_ID))["items"]]
    finally:
        await services.aclose()


def test_by_default_a_sold_out_item_stops_the_whole_checkout(agentcli_home: Path) -> None:
    _cart_with_a_sold_out_bottle(agentcli_home)
    orders = shop_user(agentcli_home, HARPER_ID)["orders"]
    result = chat(f"I'm {HARPER}", "checkout with my gift card", "yes")
    assert result.exit_code == 0, result.output
    assert "is out of stock; a cart is ordered all-or-nothing" in result.stdout
    assert "Shall I go ahead?" not in result.stdout
    assert shop_user(agentcli_home, HARPER_ID)["orders"] == orders


def test_the_policy_can_allow_ordering_what_is_in_stock(
    agentcli_home: Path,
    tmp_path: Path,
) -> None:
    _cart_with_a_sold_out_bottle(agentcli_home)
    policy = tmp_path / "policy.toml"
    policy.write_text("[fulfilment]\nallow_partial = true\n")
    result = chat(
        f"I'm {HARPER}", "checkout with my gift card", "yes", args=("--policy", str(policy))
    )
    assert result.exit_code == 0, result.output
    assert "is out of stock and stays in your cart" in result.stdout
    assert "Total $28.59" in result.stdout
    order = shop_order(agentcli_home, shop_user(agentcli_home, HARPER_ID)["orders"][-1])
    assert [i["item_id"] for i in order["items"]] == [NOTEBOOK]
    assert asyncio.run(_cart(agentcli_home)) == [BOTTLE]
