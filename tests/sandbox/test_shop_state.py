"""The shop's state file: canonical hash, persistence across app instances, reset."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from shop_helpers import INITIAL_HASH, connector, load_json, shop_client

from connectors.shop import ShopConnector
from sandbox.shop import init_db
from sandbox.shop.store import ShopStore


async def test_initial_hash_matches_the_reference(shop: ShopConnector) -> None:
    assert await shop.state_hash() == INITIAL_HASH == load_json("gold_hashes_train.json")["initial"]


async def test_state_document_hashes_to_the_state_hash(shop: ShopConnector) -> None:
    await shop.cancel_order("#W8367380", "no longer needed")
    state = await shop.state()
    assert [len(state[key]) for key in ("products", "users", "orders")] == [50, 500, 1000]
    assert all(len(order) == 14 for order in state["orders"].values())
    text = json.dumps(state, sort_keys=True)
    assert hashlib.sha256(text.encode()).hexdigest() == await shop.state_hash()


async def test_canonical_text_matches_a_full_dump(shop_path: Path, shop: ShopConnector) -> None:
    await shop.modify_order_items("#W8367380", ["2444431651"], ["8068777068"], "gift_card_1994993")
    with ShopStore(shop_path).read() as tx:
        assert tx.canonical_text() == json.dumps(tx.canonical_state(), sort_keys=True)


async def test_state_persists_across_app_instances(shop_path: Path) -> None:
    async with shop_client(shop_path) as first:
        shop = connector(first)
        await shop.cancel_order("#W8367380", "ordered by mistake")
        await shop.add_to_cart("ava_nguyen_6646", "8733974883", 2)
        expected = await shop.state_hash()
    async with shop_client(shop_path) as second:
        shop = connector(second)
        assert await shop.state_hash() == expected
        assert (await shop.get_order("#W8367380"))["status"] == "cancelled"
        assert (await shop.get_cart("ava_nguyen_6646"))["items"][0]["quantity"] == 2


async def test_init_db_resets_a_running_app(shop_path: Path, shop: ShopConnector) -> None:
    await shop.cancel_order("#W8367380", "ordered by mistake")
    assert await shop.state_hash() != INITIAL_HASH
    init_db(shop_path)
    assert await shop.state_hash() == INITIAL_HASH
    assert (await shop.get_cart("ava_nguyen_6646"))["items"] == []


async def test_create_app_initialises_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "shop.sqlite"
    async with shop_client(path) as http:
        assert await connector(http).state_hash() == INITIAL_HASH
    assert path.exists()
