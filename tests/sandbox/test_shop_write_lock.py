"""A write that finds another process holding the shop's write lock waits its turn, off the loop."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from connectors.shop import ShopConnector

USER = "yusuf_rossi_9620"
NOTEBOOK = "9799386954"


async def test_a_write_waits_for_a_lock_held_elsewhere_without_stalling_the_loop(
    shop: ShopConnector, shop_path: Path
) -> None:
    await shop.get_cart(USER)  # the state file exists and is in WAL mode
    other = sqlite3.connect(shop_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's write transaction
    try:
        adding = asyncio.ensure_future(shop.add_to_cart(USER, NOTEBOOK, 1))
        ticks = 0
        while ticks < 5:  # the loop keeps running while the write waits in a thread
            await asyncio.sleep(0.01)
            ticks += 1
        assert not adding.done()
    finally:
        other.execute("ROLLBACK")
        other.close()
    cart = await adding
    assert [(line["item_id"], line["quantity"]) for line in cart["items"]] == [(NOTEBOOK, 1)]
